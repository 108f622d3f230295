import { describe, expect, it } from 'vitest'
import { HistoryMemory, mixScores } from './memory'
import { analyse } from './text'
import { TextModel, trainTextModel } from './text-model'

const vec = (pairs: [number, number][]) => ({
  idx: Int32Array.from(pairs.map((p) => p[0])),
  val: Float32Array.from(pairs.map((p) => p[1])),
})

describe('the city memory', () => {
  it('votes by cosine similarity of the nearest remembered appeals', () => {
    const memory = HistoryMemory.build([
      { v: vec([[1, 1]]), sector: 'roads', topic: 'pothole' },
      {
        v: vec([
          [1, 1],
          [2, 1],
        ]),
        sector: 'roads',
        topic: 'pothole',
      },
      { v: vec([[3, 2]]), sector: 'housing', topic: 'heating' },
      { v: vec([[9, 1]]), sector: 'waste', topic: null },
    ])
    const vote = memory.vote(vec([[1, 2]]), 2)
    expect(vote?.sector.get('roads')).toBeCloseTo(1)
    expect(vote?.topic.get('pothole')).toBeCloseTo(1)
    const mixed = memory.vote(
      vec([
        [1, 1],
        [3, 1],
      ]),
      3,
    )
    expect(mixed?.sector.get('housing')).toBeGreaterThan(0)
    expect([...(mixed?.sector.values() ?? [])].reduce((a, b) => a + b, 0)).toBeCloseTo(1)
    // Nothing in common: no vote, not a guess.
    expect(memory.vote(vec([[5, 1]]))).toBeNull()
    expect(HistoryMemory.build([]).vote(vec([[1, 1]]))).toBeNull()
  })

  it('mixes the vote into the linear scores and re-ranks', () => {
    const out = mixScores(
      [
        { label: 'a', p: 0.6 },
        { label: 'b', p: 0.4 },
      ],
      new Map([['b', 1]]),
      0.5,
    )
    expect(out).toEqual([
      { label: 'b', p: 0.7 },
      { label: 'a', p: 0.3 },
    ])
  })

  it('a model trained with remembered history keeps it through the file and uses it', () => {
    const docs = [
      ...Array.from({ length: 30 }, (_, i) => ({
        text: `яма на дороге номер ${i}, асфальт разбит`,
        sector: 'roads',
        topic: 'roads_pothole',
        request: true,
      })),
      ...Array.from({ length: 30 }, (_, i) => ({
        text: `нет отопления в квартире ${i}, батареи холодные`,
        sector: 'housing',
        topic: 'housing_heating',
        request: true,
      })),
      // The city's own wording for a topic the corpus does not know.
      {
        text: 'гребёнка на грунтовке у гаражей',
        sector: 'roads',
        topic: 'roads_grader',
        request: true,
        remember: true,
      },
      {
        text: 'гребёнка на грунтовке у дач',
        sector: 'roads',
        topic: 'roads_grader',
        request: true,
        remember: true,
      },
    ]
    const model = trainTextModel(docs, { calibrationShare: 0, epochs: 3 })
    expect(model.memory?.size).toBe(2)
    const again = TextModel.fromBuffer(model.toBuffer())
    expect(again.memory?.size).toBe(2)
    const p = again.predict(analyse('опять гребёнка на грунтовке, не проехать'))
    expect(p.topic[0].label).toBe('roads_grader')
    expect(p.sector[0].label).toBe('roads')
    // The memory's vote lifts the city's own topic above what the linear head alone gives it.
    const plain = new TextModel(model.info, model.bits, model.features, model.idf, model.heads)
    const alone = plain.predict(analyse('опять гребёнка на грунтовке, не проехать'), 10)
    const pAlone = alone.topic.find((t) => t.label === 'roads_grader')?.p ?? 0
    expect(p.topic[0].p).toBeGreaterThan(pAlone)
  })
})
