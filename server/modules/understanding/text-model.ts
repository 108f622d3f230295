/**
 * The text model of the understanding step: one featurisation, four heads — sector, topic,
 * request-vs-noise and urgency — each a calibrated softmax. Trained from the project's corpus plus, when learning,
 * the city's confirmed history; stored as one gzip'd binary (header JSON + typed arrays).
 */
import { createHash } from 'node:crypto'
import zlib from 'node:zlib'
import {
  computeIdf,
  DEFAULT_FEATURES,
  type FeatureOptions,
  Featurizer,
  type SparseVector,
  weigh,
} from './features'
import { type Scored, SoftmaxModel, type TrainOptions } from './linear-model'
import { HistoryMemory, mixScores } from './memory'
import { type Analysed, analyse } from './text'

/** Bumped when features or the file layout change: older cached models are rebuilt. */
export const MODEL_FORMAT = 2
const MAGIC = 'VECHE-TEXT-MODEL'

export interface TrainingDoc {
  text: string
  sector: string | null
  topic: string | null
  /** Is it a request/complaint (true) or noise (false)? Null when unknown. */
  request: boolean | null
  /** Does it report a danger that needs action now? Null when unknown (the urgency head skips it). */
  urgent?: boolean | null
  /** Sample weight (the city's confirmed history counts more than the corpus). */
  weight?: number
  /** Its weight in the urgency head, when not `weight` (corpus messages labelled by the rules weigh less). */
  urgencyWeight?: number
  /** Documents of one group (variants of one corpus template) stay on one side of the calibration split. */
  group?: string
  /** Kept in the model's memory of the city (its confirmed history), asked for nearest neighbours. */
  remember?: boolean
}

export interface TextPrediction {
  sector: Scored[]
  topic: Scored[]
  /** Probability that the text is a real request, not noise. */
  request: number
  /** Probability that it reports a danger needing action now (null: the model has no urgency head). */
  urgent: number | null
}

export interface ModelInfo {
  version: string
  trainedAt: string
  docs: { corpus: number; history: number }
  metrics?: Record<string, number>
}

/**
 * Heads by name: 'sector', 'request', 'urgency', and one 'topic:<sector>' per sector — the topic is learnt inside its
 * sector (a dozen classes each instead of a hundred at once: faster to train and to score).
 */
type Heads = Record<string, SoftmaxModel | null>
const TOPIC_PREFIX = 'topic:'

export class TextModel {
  private readonly featurizer: Featurizer

  constructor(
    readonly info: ModelInfo,
    readonly bits: number,
    readonly features: FeatureOptions,
    readonly idf: Float32Array,
    readonly heads: Heads,
    /** The city's confirmed history (models trained by `veche train`); null in the shipped model. */
    readonly memory: HistoryMemory | null = null,
  ) {
    this.featurizer = new Featurizer(bits, features)
  }

  get version() {
    return this.info.version
  }

  vector(a: Analysed): SparseVector {
    return this.featurizer.vector(a, this.idf)
  }

  predict(a: Analysed, top = 3): TextPrediction {
    const v = this.vector(a)
    const req = this.heads.request?.probabilities(v)
    const requestIndex = this.heads.request?.classes.indexOf('request') ?? -1
    const urgency = this.heads.urgency
    const urgentIndex = urgency?.classes.indexOf('urgent') ?? -1
    const vote = this.memory?.vote(v) ?? null
    const sectorHead = this.heads.sector
    let sector = sectorHead?.predict(v, vote ? sectorHead.classes.length : top) ?? []
    if (vote) sector = mixScores(sector, vote.sector)
    // P(topic) = P(sector) × P(topic | sector), over the three likeliest sectors.
    let topic: Scored[] = []
    for (const [i, s] of sector.slice(0, 3).entries()) {
      // A sector below 2 % cannot put a topic into the top three: skip scoring its head.
      if (i > 0 && s.p < 0.02) break
      const head = this.heads[`${TOPIC_PREFIX}${s.label}`]
      if (head)
        for (const t of head.predict(v, vote ? Math.max(top, 10) : top))
          topic.push({ label: t.label, p: t.p * s.p })
    }
    topic.sort((a, b) => b.p - a.p)
    if (vote) topic = mixScores(topic, vote.topic)
    return {
      sector: sector.slice(0, top),
      topic: topic.slice(0, top),
      request: req && requestIndex >= 0 ? req[requestIndex] : 1,
      urgent: urgency && urgentIndex >= 0 ? urgency.probabilities(v)[urgentIndex] : null,
    }
  }

  /** Serialises to a gzip'd buffer: magic, header length, JSON header, then the arrays. */
  toBuffer(): Buffer {
    const arrays: Buffer[] = []
    let offset = 0
    const put = (a: ArrayBufferView) => {
      const buf = Buffer.from(a.buffer, a.byteOffset, a.byteLength)
      const at = offset
      arrays.push(buf)
      offset += buf.length
      const pad = (4 - (offset % 4)) % 4
      if (pad) {
        arrays.push(Buffer.alloc(pad))
        offset += pad
      }
      return at
    }
    const header = {
      format: MODEL_FORMAT,
      info: this.info,
      bits: this.bits,
      features: this.features,
      idf: put(this.idf),
      heads: Object.fromEntries(
        Object.keys(this.heads).map((h) => {
          const m = this.heads[h]
          if (!m) return [h, null]
          return [
            h,
            {
              classes: m.classes,
              dim: m.dim,
              temperature: m.temperature,
              q: put(m.q),
              scale: put(m.scale),
              bias: put(m.bias),
            },
          ]
        }),
      ),
    }
    const m = this.memory
    const memory = m && {
      labels: m.labels,
      rows: m.size,
      nnz: m.idx.length,
      rowPtr: put(m.rowPtr),
      idx: put(m.idx),
      val: put(m.val),
      sector: put(m.sector),
      topic: put(m.topic),
    }
    const json = Buffer.from(JSON.stringify({ ...header, memory }))
    const head = Buffer.alloc(MAGIC.length + 4)
    head.write(MAGIC, 0, 'latin1')
    head.writeUInt32LE(json.length, MAGIC.length)
    return zlib.gzipSync(Buffer.concat([head, json, ...arrays]), { level: 6 })
  }

  static fromBuffer(gz: Buffer): TextModel {
    const raw = zlib.gunzipSync(gz)
    if (raw.toString('latin1', 0, MAGIC.length) !== MAGIC) throw new Error('Файл не является моделью Вече')
    const len = raw.readUInt32LE(MAGIC.length)
    const header = JSON.parse(raw.toString('utf8', MAGIC.length + 4, MAGIC.length + 4 + len))
    if (header.format !== MODEL_FORMAT)
      throw new Error(`Модель формата ${header.format}, нужен ${MODEL_FORMAT}`)
    // Copy the body to an aligned buffer so typed arrays can view it directly.
    const body = new Uint8Array(raw.length - (MAGIC.length + 4 + len))
    body.set(raw.subarray(MAGIC.length + 4 + len))
    const ab = body.buffer
    const dim = 1 << header.bits
    const idf = new Float32Array(ab, header.idf, dim)
    const heads = Object.fromEntries(
      Object.keys(header.heads).map((h) => {
        const x = header.heads[h]
        if (!x) return [h, null]
        const K = x.classes.length
        return [
          h,
          new SoftmaxModel(
            x.classes,
            x.dim,
            new Int8Array(ab, x.q, x.dim * K),
            new Float32Array(ab, x.scale, K),
            new Float32Array(ab, x.bias, K),
            x.temperature,
          ),
        ]
      }),
    ) as Heads
    const m = header.memory
    const memory = m
      ? new HistoryMemory(
          new Int32Array(ab, m.rowPtr, m.rows + 1),
          new Int32Array(ab, m.idx, m.nnz),
          new Float32Array(ab, m.val, m.nnz),
          m.labels,
          new Int32Array(ab, m.sector, m.rows),
          new Int32Array(ab, m.topic, m.rows),
        )
      : null
    return new TextModel(header.info, header.bits, header.features ?? DEFAULT_FEATURES, idf, heads, memory)
  }
}

export interface TrainTextOptions extends Omit<TrainOptions, 'prior'> {
  /** Expected share of each sector in the city's traffic (reference/sectors.json). */
  sectorPrior?: Record<string, number>
  bits?: number
  features?: FeatureOptions
  /** Share of the documents held out to calibrate the confidences (0 to skip). */
  calibrationShare?: number
  version?: string
  info?: Partial<ModelInfo>
  onProgress?: (stage: string) => void
}

/** Trains the three heads. Documents without a label for a head do not take part in that head. */
export function trainTextModel(docs: TrainingDoc[], options: TrainTextOptions = {}): TextModel {
  const { bits = 18, calibrationShare = 0.1, seed = 1, onProgress } = options
  const features = options.features ?? DEFAULT_FEATURES
  const featurizer = new Featurizer(bits, features)
  onProgress?.('признаки')
  const counts = docs.map((d) => featurizer.counts(analyse(d.text)))
  const weights = docs.map((d) => d.weight ?? 1)
  const idf = computeIdf(featurizer.dim, counts, weights)
  const X = counts.map((c) => weigh(c, idf))
  // A fixed calibration split by group: variants of one template never sit on both sides.
  const held = docs.map((d, i) => {
    const h = Number.parseInt(contentHash(`${seed}:${d.group ?? i}`).slice(0, 8), 16) / 0x100000000
    return h < calibrationShare
  })

  const head = (
    name: string,
    labelOf: (d: TrainingDoc) => string | null,
    prior?: Record<string, number>,
  ): SoftmaxModel | null => {
    const classes = [...new Set(docs.map(labelOf).filter((l): l is string => l !== null))].sort()
    if (classes.length === 0) return null
    if (classes.length === 1) return SoftmaxModel.constant(classes[0], featurizer.dim)
    onProgress?.(name)
    const index = new Map(classes.map((c, i) => [c, i]))
    const pick = (wantHeld: boolean) => {
      const xs: SparseVector[] = []
      const ys: number[] = []
      const ws: number[] = []
      docs.forEach((d, i) => {
        const l = labelOf(d)
        if (l === null || held[i] !== wantHeld) return
        xs.push(X[i])
        ys.push(index.get(l) as number)
        ws.push(name === 'urgency' ? (d.urgencyWeight ?? weights[i]) : weights[i])
      })
      return { xs, ys, ws }
    }
    const train = pick(false)
    const model = SoftmaxModel.train(
      train.xs,
      train.ys,
      classes,
      featurizer.dim,
      { ...options, prior },
      train.ws,
    )
    const cal = pick(true)
    if (cal.xs.length >= 20) model.calibrate(cal.xs, cal.ys)
    return model
  }

  const heads: Heads = {
    sector: head('sector', (d) => d.sector, options.sectorPrior),
    request: head('request', (d) => (d.request === null ? null : d.request ? 'request' : 'noise')),
    urgency: head('urgency', (d) => (d.urgent == null ? null : d.urgent ? 'urgent' : 'calm')),
  }
  const sectors = [...new Set(docs.map((d) => d.sector).filter((s): s is string => s !== null))].sort()
  for (const sector of sectors) {
    heads[`${TOPIC_PREFIX}${sector}`] = head(`тема: ${sector}`, (d) => (d.sector === sector ? d.topic : null))
  }
  const history = docs.filter((d) => (d.weight ?? 1) !== 1).length
  const info: ModelInfo = {
    version: options.version ?? `model-${contentHash(docs.map((d) => d.text).join('\n')).slice(0, 10)}`,
    trainedAt: new Date().toISOString(),
    docs: { corpus: docs.length - history, history },
    ...options.info,
  }
  const remembered = docs.map((d, i) => ({ d, v: X[i] })).filter(({ d }) => d.remember && d.sector !== null)
  const memory = remembered.length
    ? HistoryMemory.build(remembered.map(({ d, v }) => ({ v, sector: d.sector as string, topic: d.topic })))
    : null
  return new TextModel(info, bits, features, idf, heads, memory)
}

export function contentHash(s: string): string {
  return createHash('sha256').update(s).digest('hex')
}
