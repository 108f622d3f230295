import { describe, expect, it } from 'vitest'
import { loadTopics } from './demo-city'
import { generateDemoAppeals } from './generate-appeals'
import { TOPIC_ANSWERS, TOPIC_TEXTS } from './texts'

const NOW = new Date('2026-11-27T09:00:00Z')
/** The generator fills {date} with a ru-RU date; turning it back gives the template the answer came from. */
const template = (answer: string) => answer.replace(/\d{2}\.\d{2}\.\d{4}/g, '{date}')

describe('the demo answers', () => {
  it('exist for every topic of the demo texts and of the demo topics, at least two each', () => {
    const topicCodes = [...new Set([...Object.keys(TOPIC_TEXTS), ...loadTopics().map((t) => t.code)])]
    for (const code of topicCodes) expect(TOPIC_ANSWERS[code]?.length ?? 0, code).toBeGreaterThanOrEqual(2)
    for (const code of Object.keys(TOPIC_ANSWERS)) expect(TOPIC_TEXTS, code).toHaveProperty(code)
  })

  it('keep the {date} placeholder and no other slot', () => {
    for (const [code, answers] of Object.entries(TOPIC_ANSWERS))
      for (const a of answers) {
        expect(a, code).toContain('{date}')
        expect(a.replaceAll('{date}', ''), code).not.toMatch(/[{}]/)
      }
  })

  it('are given to generated appeals from their own topic', () => {
    const items = generateDemoAppeals({ seed: 7, count: 6000, now: NOW }).filter((a) => a.answerText !== null)
    for (const a of items) expect(TOPIC_ANSWERS[a.topicCode], a.topicCode).toContain(template(a.answerText!))
    for (const code of ['roads_snow', 'housing_heating', 'edu_kindergarten_queue', 'other_gratitude']) {
      const own = items.filter((a) => a.topicCode === code)
      expect(own.length, code).toBeGreaterThan(0)
      for (const a of own) expect(TOPIC_ANSWERS[code]).toContain(template(a.answerText!))
    }
  })
  it('never report work done before the appeal was registered', () => {
    const items = generateDemoAppeals({ seed: 7, count: 6000, now: NOW }).filter((a) => a.answerText !== null)
    const moscowDay = (d: Date) =>
      d.toLocaleDateString('ru-RU', { timeZone: 'Europe/Moscow' }).split('.').reverse().join('')
    for (const a of items) {
      const said = a.answerText!.match(/(\d{2})\.(\d{2})\.(\d{4})/)!
      expect(`${said[3]}${said[2]}${said[1]}` >= moscowDay(a.registeredAt), a.answerText!).toBe(true)
    }
  })
})

describe('the demo thank-you messages', () => {
  it('carry no complaint around them', () => {
    const thanks = generateDemoAppeals({ seed: 7, count: 6000, now: NOW }).filter(
      (a) => a.topicCode === 'other_gratitude',
    )
    expect(thanks.length).toBeGreaterThan(5)
    for (const a of thanks)
      expect(a.text).not.toMatch(
        /Сколько можно ждать|без толку|не первый раз|Прошу разобраться|Прошу принять меры/,
      )
  })
})
