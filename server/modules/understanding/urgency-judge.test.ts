import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { trainCityModel } from './learning'
import { shippedModel } from './shipped-model'
import { analyse } from './text'
import type { TrainingDoc } from './text-model'
import { MIN_URGENCY_DECISIONS, urgencyAgreement } from './training.service'
import type { UrgencyVerdict } from './urgency'
import { RULE_LABEL_WEIGHT, urgencyCorpusDocs, withRuleLabels } from './urgency-corpus'
import { judgeUrgency, URGENT_MODEL_THRESHOLD } from './urgency-judge'

const calm: UrgencyVerdict = { urgent: false, score: 0.2, categories: [], reasons: [] }
const byRule: UrgencyVerdict = {
  urgent: true,
  score: 0.9,
  categories: ['gas'],
  reasons: ['Запах газа: «пахнет газом»'],
}

describe('judgeUrgency: the rules first, the model where no rule names the danger', () => {
  it('keeps the rules’ verdict when they flag the text', () => {
    const j = judgeUrgency(byRule, 0.1)
    expect(j).toMatchObject({ urgent: true, by: 'rules', categories: ['gas'], model: 0.1 })
    expect(j.reasons).toEqual(byRule.reasons)
  })

  it('flags a text the rules missed when the model is confident, and says it was the model', () => {
    const j = judgeUrgency(calm, URGENT_MODEL_THRESHOLD + 0.05)
    expect(j.urgent).toBe(true)
    expect(j.by).toBe('model')
    expect(j.score).toBeCloseTo(URGENT_MODEL_THRESHOLD + 0.05)
    expect(j.reasons.at(-1)).toMatch(/^Похоже на срочное по модели \(\d+ %\).*проверьте$/)
  })

  it('leaves a text calm below the threshold or without an urgency head', () => {
    expect(judgeUrgency(calm, URGENT_MODEL_THRESHOLD - 0.01)).toMatchObject({ urgent: false, by: null })
    expect(judgeUrgency(calm, null)).toMatchObject({ urgent: false, by: null, model: null })
  })
})

describe('the urgency head of the shipped model', () => {
  const p = (text: string) => shippedModel().predict(analyse(text)).urgent
  it('is there and tells a danger from an everyday complaint', () => {
    for (const text of [
      'в подъезде сильно пахнет газом, соседи не открывают',
      'во дворе оборвался провод и лежит прямо на тропинке, искрит',
      'ребёнок провалился под лёд на пруду за школой',
    ])
      expect(p(text), text).toBeGreaterThan(0.5)
    for (const text of [
      'прошу покрасить скамейки у подъезда к весне',
      'когда наконец заасфальтируют парковку у дома',
      'спасибо коммунальщикам за быстрый ремонт освещения',
    ])
      expect(p(text), text).toBeLessThan(0.5)
  })
})

describe('what the urgency head learns from', () => {
  it('reads the labelled messages and names the file and line of a broken one', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'veche-urgency-'))
    fs.writeFileSync(
      path.join(dir, 'a.jsonl'),
      '{"id":"1","text":"пахнет газом в подъезде","urgent":true}\n\n{"id":"2","text":"покрасьте забор","urgent":false}\n',
    )
    const docs = urgencyCorpusDocs(dir)
    expect(docs.map((d) => d.urgent)).toEqual([true, false])
    expect(docs.every((d) => d.sector === null && d.request === null)).toBe(true)
    fs.writeFileSync(path.join(dir, 'b.jsonl'), '{"id":"3","text":"обрыв провода"}\n{oops\n')
    expect(() => urgencyCorpusDocs(dir)).toThrow(
      'Корпус срочности: b.jsonl, строка 1: нужны поля id, text, urgent',
    )
    fs.writeFileSync(path.join(dir, 'b.jsonl'), '{oops\n')
    expect(() => urgencyCorpusDocs(dir)).toThrow('b.jsonl, строка 1: не JSON')
    expect(urgencyCorpusDocs(path.join(dir, 'missing'))).toEqual([])
  })

  it('labels one message of every corpus template by the rules, with a smaller weight', () => {
    const doc = (text: string, group: string): TrainingDoc => ({
      text,
      sector: 'housing',
      topic: null,
      request: true,
      group,
    })
    const out = withRuleLabels([
      doc('сильный запах газа в подъезде, срочно', 't1'),
      doc('запах газа на лестнице', 't1'),
      doc('прошу отремонтировать лавочку', 't2'),
    ])
    expect(out.map((d) => d.urgent)).toEqual([true, undefined, false])
    expect(out[0].urgencyWeight).toBe(RULE_LABEL_WEIGHT)
    expect(out[1].urgencyWeight).toBeUndefined()
  })
})

describe('the city teaches the urgency head', () => {
  it('learns from the flags its operators set or cleared on the card', () => {
    // A city convention the shipped head cannot know: here a dark board at this stop is treated as urgent.
    const local = 'не работает табло на остановке у рынка'
    const history = Array.from({ length: 30 }, (_, i) => ({
      id: `u${i}`,
      text: `${i % 2 ? 'опять' : 'снова'} ${local}, ${i + 1}-й раз`,
      sector: null,
      topic: null,
      urgent: true,
    }))
    const calmHistory = Array.from({ length: 30 }, (_, i) => ({
      id: `c${i}`,
      text: `прошу заменить лампочку на площадке ${i + 1} этажа`,
      sector: null,
      topic: null,
      urgent: false,
    }))
    const before = shippedModel().predict(analyse(local)).urgent ?? 0
    expect(before).toBeLessThan(0.5)
    const city = trainCityModel([...history, ...calmHistory], { seed: 3 })
    expect(city.predict(analyse(local)).urgent ?? 0).toBeGreaterThan(0.5)
    expect(city.predict(analyse('прошу заменить лампочку на площадке')).urgent ?? 1).toBeLessThan(0.5)
  }, 60_000)
})

describe('veche train compares urgency too', () => {
  it('measures how often the verdict agrees with people’s decisions, and stays silent on too few', () => {
    const model = shippedModel()
    const texts = [
      'в подъезде сильно пахнет газом',
      'во дворе оборвался провод и искрит',
      'прошу покрасить скамейки у подъезда',
      'когда заасфальтируют парковку у дома',
    ]
    const said = texts.map(
      (t) =>
        judgeUrgency(
          { urgent: false, score: 0, categories: [], reasons: [] },
          model.predict(analyse(t)).urgent,
        ).urgent,
    )
    const docs = (flip: boolean) =>
      Array.from({ length: MIN_URGENCY_DECISIONS }, (_, i) => ({
        id: String(i),
        text: texts[i % texts.length],
        sector: null,
        topic: null,
        urgent: flip !== said[i % texts.length],
      }))
    expect(said).toEqual([true, true, false, false])
    expect(urgencyAgreement(model, docs(false))).toBe(1)
    expect(urgencyAgreement(model, docs(true))).toBe(0)
    expect(urgencyAgreement(model, docs(false).slice(1))).toBeNull()
    // Appeals without a decision do not count.
    expect(
      urgencyAgreement(model, [
        ...docs(false),
        { id: 'x', text: texts[0], sector: 'housing', topic: null, urgent: null },
      ]),
    ).toBe(1)
  })
})
