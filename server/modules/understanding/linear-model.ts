/**
 * Multinomial logistic regression over hashed sparse features: AdaGrad SGD training with balanced class
 * weights, temperature calibration, int8 quantised weights for a small model file and fast scoring.
 */
import { seededRandom } from '../../../common/random'
import type { SparseVector } from './features'

export interface TrainOptions {
  epochs?: number
  learningRate?: number
  /** L2 penalty applied to the weights a document touches. */
  l2?: number
  /** Weight classes inversely to their frequency (what macro-F1 rewards). */
  balanced?: boolean
  /**
   * Expected share of each class in real traffic (by class name): classes are weighted so the training
   * data looks like that mix. Overrides `balanced` for the classes it names.
   */
  prior?: Record<string, number>
  seed?: number
  /** Skip updating a class whose gradient is below this (most of a big softmax, most of the time). */
  gradientFloor?: number
}

export interface Scored {
  label: string
  p: number
}

/** Softmax in place over `scores` divided by the temperature. */
function softmax(scores: Float64Array, temperature: number): Float64Array {
  let max = Number.NEGATIVE_INFINITY
  for (let k = 0; k < scores.length; k++) if (scores[k] > max) max = scores[k]
  let sum = 0
  for (let k = 0; k < scores.length; k++) {
    scores[k] = Math.exp((scores[k] - max) / temperature)
    sum += scores[k]
  }
  for (let k = 0; k < scores.length; k++) scores[k] /= sum
  return scores
}

export class SoftmaxModel {
  constructor(
    readonly classes: string[],
    readonly dim: number,
    /** Quantised weights, feature-major: q[f * K + k]. */
    readonly q: Int8Array,
    /** Per-class scale of the quantised weights. */
    readonly scale: Float32Array,
    readonly bias: Float32Array,
    public temperature = 1,
  ) {}

  /** Raw class scores for one vector. */
  scores(v: SparseVector): Float64Array {
    const K = this.classes.length
    const acc = new Float64Array(K)
    const { q, dim } = this
    for (let j = 0; j < v.idx.length; j++) {
      const f = v.idx[j]
      if (f >= dim) continue
      const x = v.val[j]
      const base = f * K
      for (let k = 0; k < K; k++) acc[k] += x * q[base + k]
    }
    for (let k = 0; k < K; k++) acc[k] = acc[k] * this.scale[k] + this.bias[k]
    return acc
  }

  /** Calibrated class probabilities, best first (at most `top`). */
  predict(v: SparseVector, top = 3): Scored[] {
    const p = softmax(this.scores(v), this.temperature)
    const order = [...p.keys()].sort((a, b) => p[b] - p[a]).slice(0, top)
    return order.map((k) => ({ label: this.classes[k], p: p[k] }))
  }

  /** Probabilities for every class, in class order. */
  probabilities(v: SparseVector): Float64Array {
    return softmax(this.scores(v), this.temperature)
  }

  /**
   * Trains on vectors with class indices. Weights are float during training and quantised to int8
   * per class at the end (the error is far below the noise of the data).
   */
  static train(
    X: SparseVector[],
    y: number[],
    classes: string[],
    dim: number,
    options: TrainOptions = {},
    sampleWeight?: number[],
  ): SoftmaxModel {
    const {
      epochs = 6,
      learningRate = 0.5,
      l2 = 1e-6,
      balanced = true,
      seed = 1,
      gradientFloor = 1e-4,
      prior,
    } = options
    const K = classes.length
    const w = new Float32Array(dim * K)
    // AdaGrad with one accumulator per feature (shared by the classes): one square root per feature per
    // document instead of one per weight, and the class loop runs over contiguous memory.
    const g2 = new Float32Array(dim)
    const b = new Float64Array(K)
    const bg2 = new Float64Array(K)
    const count = new Float64Array(K)
    y.forEach((c, i) => {
      count[c] += sampleWeight ? sampleWeight[i] : 1
    })
    const total = count.reduce((s, c) => s + c, 0)
    const present = count.filter((c) => c > 0).length
    const priorSum = prior ? classes.reduce((s, c) => s + (prior[c] ?? 0), 0) : 0
    const classWeight = [...count].map((c, k) => {
      if (c === 0) return 1
      const want = prior && priorSum > 0 ? (prior[classes[k]] ?? 0) / priorSum : 0
      if (want > 0) return (want * total) / c
      return balanced ? total / (present * c) : 1
    })
    const order = [...X.keys()]
    const rand = seededRandom(seed)
    const scores = new Float64Array(K)
    const grad = new Float64Array(K)
    const active = new Int32Array(K)
    for (let epoch = 0; epoch < epochs; epoch++) {
      for (let i = order.length - 1; i > 0; i--) {
        const j = Math.floor(rand() * (i + 1))
        ;[order[i], order[j]] = [order[j], order[i]]
      }
      for (const i of order) {
        const v = X[i]
        const yi = y[i]
        scores.fill(0)
        for (let j = 0; j < v.idx.length; j++) {
          const base = v.idx[j] * K
          const x = v.val[j]
          for (let k = 0; k < K; k++) scores[k] += x * w[base + k]
        }
        for (let k = 0; k < K; k++) scores[k] += b[k]
        softmax(scores, 1)
        const cw = classWeight[yi] * (sampleWeight ? sampleWeight[i] : 1)
        let nActive = 0
        let gsq = 0
        for (let k = 0; k < K; k++) {
          const g = (scores[k] - (k === yi ? 1 : 0)) * cw
          if (g > -gradientFloor && g < gradientFloor) continue
          grad[k] = g
          active[nActive++] = k
          gsq += g * g
          bg2[k] += g * g
          b[k] -= (learningRate * g) / Math.sqrt(bg2[k] + 1e-8)
        }
        if (nActive === 0) continue
        for (let j = 0; j < v.idx.length; j++) {
          const f = v.idx[j]
          const x = v.val[j]
          g2[f] += gsq * x * x
          const rate = learningRate / Math.sqrt(g2[f] + 1e-8)
          const base = f * K
          for (let a = 0; a < nActive; a++) {
            const at = base + active[a]
            w[at] -= rate * (grad[active[a]] * x + l2 * w[at])
          }
        }
      }
    }
    return SoftmaxModel.quantise(classes, dim, w, Float32Array.from(b))
  }

  /** A head with one class (a sector with one topic): always that class. */
  static constant(label: string, dim: number): SoftmaxModel {
    return new SoftmaxModel([label], dim, new Int8Array(dim), new Float32Array([1]), new Float32Array([0]))
  }

  static quantise(classes: string[], dim: number, w: Float32Array, bias: Float32Array): SoftmaxModel {
    const K = classes.length
    const scale = new Float32Array(K)
    for (let i = 0; i < w.length; i++) {
      const a = Math.abs(w[i])
      if (a > scale[i % K]) scale[i % K] = a
    }
    for (let k = 0; k < K; k++) scale[k] = scale[k] > 0 ? scale[k] / 127 : 1
    const q = new Int8Array(w.length)
    for (let i = 0; i < w.length; i++) q[i] = Math.round(w[i] / scale[i % K])
    return new SoftmaxModel(classes, dim, q, scale, bias)
  }

  /**
   * Fits the temperature that minimises the log-loss on held-out vectors (golden-section search):
   * the confidence then means what it says on data like the held-out set.
   */
  calibrate(X: SparseVector[], y: number[]): number {
    const raw = X.map((v) => this.scores(v))
    const nll = (t: number) => {
      let s = 0
      raw.forEach((r, i) => {
        const p = softmax(Float64Array.from(r), t)
        s -= Math.log(Math.max(p[y[i]], 1e-12))
      })
      return s
    }
    let lo = 0.05
    let hi = 20
    const phi = (Math.sqrt(5) - 1) / 2
    for (let it = 0; it < 40; it++) {
      const a = hi - phi * (hi - lo)
      const c = lo + phi * (hi - lo)
      if (nll(a) < nll(c)) hi = c
      else lo = a
    }
    this.temperature = (lo + hi) / 2
    return this.temperature
  }
}
