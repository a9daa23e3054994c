/**
 * Multinomial logistic regression (softmax) over sparse features, trained by stochastic gradient descent
 * with L2 regularization. Written here because the npm packages that offer it (ml-logistic-regression,
 * natural's classifier, TensorFlow.js) work on dense matrices: with tens of thousands of n-gram features and a
 * hundred classes that is hundreds of megabytes and seconds of training, where the sparse form takes
 * milliseconds (see README, dependency notes).
 *
 * Weights are stored feature-major (`w[feature * classes + class]`), so scoring a question touches only the
 * rows of its own features: cost = (features of the question) × (classes). L2 uses the usual scale trick
 * (all weights = `scale` × stored weights), so a step updates only the touched rows.
 */
import { createHash } from 'node:crypto'
import { Worker } from 'node:worker_threads'
import { seededRandom } from './seeded-random.ts'
import type { SparseVector } from './text-features.ts'

/**
 * Trained weights kept between loads (`src/content/model-cache.ts`: files under DATA_DIR), looked up by a hash of
 * everything training reads: the examples (features, classes, weights), the sizes, the options and the training
 * code itself. Same inputs, same weights: a hit gives exactly the weights training would compute here, and any
 * change to the content, the features or this file makes a new key (and training runs again, in this process).
 */
export interface WeightCache {
  get(key: string, weights: number, classes: number): { w: Float32Array; bias: Float32Array } | undefined
  set(key: string, w: Float32Array, bias: Float32Array): void
  /**
   * Derived data kept next to the weights (a classifier's feature vocabulary, its stemmer's words), looked up by a
   * hash of the raw inputs and the code that derives it (`derivedKey`); optional.
   */
  getData?(key: string): Uint8Array | undefined
  setData?(key: string, data: Uint8Array): void
}

export interface TrainingExample {
  x: SparseVector
  /** Class index. */
  y: number
  /** How much this example counts (default 1). */
  weight?: number
  /**
   * A hash of what the example says (its text and its class's name, `exampleKey`), independent of its position and
   * of the feature ids. With a key on every example, each epoch visits them in an order drawn from the keys, so
   * adding or editing one example leaves the order of all others as it was: training moves only by what changed,
   * instead of a new shuffle of everything (which moved about 2% of the dev questions' outcomes per added variant).
   */
  key?: number
}

/** The order key of an example (`TrainingExample.key`): FNV-1a of its class's name and its text. */
export function exampleKey(label: string, text: string): number {
  let h = 0x811c9dc5
  const s = `${label}\u0000${text}`
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return h >>> 0
}

export interface SoftmaxOptions {
  epochs: number
  /** Initial learning rate; it decays as 1 / (1 + decay × step / examples). */
  learningRate: number
  decay: number
  /** L2 strength per example. */
  l2: number
  /** Seed of the shuffling, so that training is reproducible. */
  seed: number
}

export const DEFAULT_SOFTMAX: Readonly<SoftmaxOptions> = { epochs: 5, learningRate: 1, decay: 0.3, l2: 1e-5, seed: 7 }

/** Gradients smaller than this do not update a class's weights (keeps late epochs sparse and fast; 4e-3 trains
 * the FAQ classifier about 15% faster than 1e-3 with the same accuracy on dev and cross-validation, 2026-12-03). */
const MIN_GRADIENT = 4e-3
/** The bias learns slower than the weights: the classes are balanced, the bias only evens out small skews. */
const BIAS_RATE = 0.1

/** How to train: `background` trains in a worker thread (the weights are ready after `settle()`, or on first use). */
export interface TrainHow {
  background?: boolean
}

export class SoftmaxClassifier {
  private constructor(
    readonly classes: number,
    readonly features: number,
    private readonly w: Float32Array,
    private readonly bias: Float32Array,
    private pending?: BackgroundTraining,
    /** The cache key of its weights (trained with a cache, or read from one). */
    readonly key?: string,
  ) {}

  /**
   * The classifier whose weights `cache` keeps under `key` (a `key` of an earlier `train` with a cache), or undefined
   * when they are not there: for a load that knows the key from derived data stored with the same inputs.
   */
  static cached(cache: WeightCache, key: string, features: number, classes: number): SoftmaxClassifier | undefined {
    const stored = cache.get(key, Math.max(features, 1) * classes, classes)
    return stored ? new SoftmaxClassifier(classes, features, stored.w, stored.bias, undefined, key) : undefined
  }

  /**
   * Trains on `examples` over `features` feature ids and `classes` classes; with `cache`, takes the weights of an
   * earlier training on exactly the same inputs instead (and stores what it trains).
   */
  static train(
    examples: readonly TrainingExample[],
    features: number,
    classes: number,
    options: Partial<SoftmaxOptions> = {},
    cache?: WeightCache,
    how: TrainHow = {},
  ): SoftmaxClassifier {
    const o = { ...DEFAULT_SOFTMAX, ...options }
    const size = Math.max(features, 1) * classes
    const key = cache ? trainingKey(examples, features, classes, o) : ''
    const cached = cache?.get(key, size, classes)
    const keyed = cache ? key : undefined
    if (cached) return new SoftmaxClassifier(classes, features, cached.w, cached.bias, undefined, keyed)
    const store = (w: Float32Array, bias: Float32Array): void => cache?.set(key, w, bias)
    const background = how.background ? BackgroundTraining.start(examples, size, classes, o, store) : undefined
    if (background) return new SoftmaxClassifier(classes, features, background.w, background.bias, background, keyed)
    const w = new Float32Array(size)
    const bias = new Float32Array(classes)
    trainWeights(examples, w, bias, classes, o, seededRandom(o.seed))
    store(w, bias)
    return new SoftmaxClassifier(classes, features, w, bias, undefined, keyed)
  }

  /** Waits until training in the background has finished (blocking); at once when it has or when there was none. */
  settle(): this {
    if (this.pending) {
      this.pending.wait()
      this.pending = undefined
    }
    return this
  }

  /** Class probabilities for `x` (fills and returns `out`). */
  predict(x: SparseVector, out: Float64Array = new Float64Array(this.classes)): Float64Array {
    if (this.pending) this.settle()
    score(this.w, this.bias, this.classes, x, 1, out)
    return softmaxInPlace(out)
  }

  /** Raw scores (logits) for `x`. */
  logits(x: SparseVector, out: Float64Array = new Float64Array(this.classes)): Float64Array {
    if (this.pending) this.settle()
    return score(this.w, this.bias, this.classes, x, 1, out)
  }
}

/**
 * Training in a worker thread, so that loading content can go on with other work on the main thread (the FAQ
 * classifier takes about half a second; the machine has two cores). The examples go over in shared memory, the worker
 * runs exactly the training code of this file (`trainWeights`, as text: the same arithmetic, the same weights, bit
 * for bit; a test checks it) and writes into shared weight arrays. `wait()` blocks with `Atomics.wait` until the
 * worker says it is done; if it failed or never started, the main thread trains itself (same result, just later).
 *
 * Trainings started while another still runs (the crisis classifiers while the FAQ one trains) go to the same worker
 * and run one after the other, not side by side: training takes one core and the main thread keeps the other (two
 * trainings at once only competed with the main thread), and the worker's compiled training code serves them all.
 * When the main thread has to wait (its own work is done) while trainings are still queued, it takes them over,
 * the last queued first, instead of idling while the worker works through the queue (the crisis classifiers train
 * on the main thread while the worker finishes the FAQ one). The gain is not measured yet: in four loads at load
 * average 17-23 the main thread never had to wait. A training is claimed with a compare-and-swap on its state, so
 * each runs exactly once, by the worker or by the main thread, with the same code and the same result. The worker
 * ends once every training given to it is done and waited for.
 */
class BackgroundTraining {
  private constructor(
    readonly w: Float32Array,
    readonly bias: Float32Array,
    private readonly state: Int32Array,
    private readonly worker: Worker,
    private readonly signal: Int32Array,
    private readonly retrain: () => void,
    private readonly done: (w: Float32Array, bias: Float32Array) => void,
  ) {}

  static start(
    examples: readonly TrainingExample[],
    size: number,
    classes: number,
    o: SoftmaxOptions,
    done: (w: Float32Array, bias: Float32Array) => void,
  ): BackgroundTraining | undefined {
    let total = 0
    for (const e of examples) total += e.x.ids.length
    const shared = <T>(make: new (buffer: SharedArrayBuffer) => T, bytes: number): T => new make(new SharedArrayBuffer(Math.max(bytes, 8)))
    const offsets = shared(Int32Array, 4 * (examples.length + 1))
    const ids = shared(Int32Array, 4 * total)
    const values = shared(Float32Array, 4 * total)
    const labels = shared(Int32Array, 4 * examples.length)
    const weights = shared(Float64Array, 8 * examples.length)
    // Order keys (`TrainingExample.key`), -1 where an example has none.
    const keys = shared(Float64Array, 8 * examples.length)
    let at = 0
    examples.forEach((e, i) => {
      offsets[i] = at
      ids.set(e.x.ids, at)
      values.set(e.x.values, at)
      at += e.x.ids.length
      labels[i] = e.y
      weights[i] = e.weight ?? 1
      keys[i] = e.key ?? -1
    })
    offsets[examples.length] = at
    const w = new Float32Array(new SharedArrayBuffer(4 * size))
    const bias = new Float32Array(new SharedArrayBuffer(4 * Math.max(classes, 2)), 0, classes)
    const state = shared(Int32Array, 4)
    const signal = trainer?.signal ?? shared(Int32Array, 8)
    const job = { offsets, ids, values, labels, weights, keys, w, bias, state, signal, classes, o }
    try {
      if (trainer) trainer.worker.postMessage(job)
      else {
        const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: job })
        worker.unref()
        worker.on('error', () => undefined)
        trainer = { worker, signal, jobs: [] }
      }
    } catch {
      return undefined
    }
    const worker = trainer.worker
    const retrain = (): void => {
      w.fill(0)
      bias.fill(0)
      trainWeights(examples, w, bias, classes, o, seededRandom(o.seed))
    }
    trainer.jobs.push({ state, retrain })
    return new BackgroundTraining(w, bias, state, worker, signal, retrain, done)
  }

  wait(): void {
    // QUEUED → RUNNING (the worker took it) or MAIN (the main thread took it) → DONE, or FAILED. A worker that never
    // starts leaves QUEUED: give up after a generous while and train here.
    const deadline = Date.now() + WORKER_PATIENCE_MS
    for (;;) {
      // The worker counts up SIGNAL_CHANGES (and notifies) whenever it takes or finishes a training.
      const changes = Atomics.load(this.signal, SIGNAL_CHANGES)
      if (isFinished(Atomics.load(this.state, 0)) || Date.now() >= deadline) break
      if (this.trainQueuedHere()) continue
      Atomics.wait(this.signal, SIGNAL_CHANGES, changes, 1_000)
    }
    if (Atomics.load(this.state, 0) === DONE) {
      if (!takenByMain.delete(this.state)) backgroundStats.inWorker++
    } else {
      // The worker failed or never answered: the trainings still queued on it fall back too, at once.
      if (trainer?.worker === this.worker) {
        for (const queued of trainer.jobs) if (Atomics.compareExchange(queued.state, QUEUED, QUEUED, FAILED) === QUEUED) Atomics.notify(queued.state, 0)
        trainer = undefined
      }
      void this.worker.terminate()
      this.retrain()
      backgroundStats.fellBack++
    }
    // A worker with nothing left to train is let go (a training never waited for keeps it until the next wait).
    if (trainer?.worker === this.worker && trainer.jobs.every((job) => isFinished(Atomics.load(job.state, 0)))) {
      void this.worker.terminate()
      trainer = undefined
    }
    this.done(this.w, this.bias)
  }

  /**
   * Takes over a training still queued on this one's worker (this one, or else the last queued) and runs it here;
   * false when none is queued.
   * The other trainings' weights stay where their own `wait()` finds them (DONE, taken by the main thread).
   */
  private trainQueuedHere(): boolean {
    // Not before the worker has started: while it boots, the first training is still better left to it.
    if (trainer?.worker !== this.worker || Atomics.load(this.signal, SIGNAL_STARTED) === 0) return false
    const jobs = trainer.jobs
    // This one first, when it is still queued; else the last queued (the worker takes them from the front).
    const own = jobs.findIndex((job) => job.state === this.state)
    for (let i = jobs.length; i >= 0; i--) {
      const job = jobs[i === jobs.length ? own : i]
      if (!job || Atomics.compareExchange(job.state, QUEUED, QUEUED, MAIN) !== QUEUED) continue
      job.retrain()
      takenByMain.add(job.state)
      backgroundStats.onMain++
      Atomics.store(job.state, 0, DONE)
      return true
    }
    return false
  }
}

/** A training's state (`Int32Array` shared with the worker, index 0). */
const QUEUED = 0
const DONE = 1
const FAILED = 2
/** The worker is training it. */
const RUNNING = 3
/** The main thread took it over while it was queued (and is training it, or has). */
const MAIN = 4
/** The worker's signal (`Int32Array`, one per worker): how often it took or finished a training, and 1 once it started one. */
const SIGNAL_CHANGES = 0
const SIGNAL_STARTED = 1

function isFinished(state: number): boolean {
  return state === DONE || state === FAILED
}

/** The worker thread that trains in the background, with every training given to it (with how to train it here). */
let trainer: { worker: Worker; signal: Int32Array; jobs: { state: Int32Array; retrain: () => void }[] } | undefined

/** Trainings the main thread took over from the queue (their state is DONE, as the worker's own). */
const takenByMain = new WeakSet<Int32Array>()

/**
 * Trainings done in a worker, taken over by the main thread while queued (`onMain`), and done on the main thread
 * after a worker failed (for tests and the benchmark).
 */
export const backgroundStats = { inWorker: 0, onMain: 0, fellBack: 0 }

/** How long `wait()` waits for a worker before training on the main thread instead. */
const WORKER_PATIENCE_MS = 60_000

/**
 * Stochastic gradient descent over the examples (see the file's comment), into `w` (feature-major) and `bias`
 * (both zero at the start). Self-contained apart from `score`, `softmaxInPlace`, `shuffle` and the two constants:
 * the worker thread runs this same text.
 */
function trainWeights(
  examples: readonly TrainingExample[],
  w: Float32Array,
  bias: Float32Array,
  classes: number,
  o: SoftmaxOptions,
  random: () => number,
): void {
  const scores = new Float64Array(classes)
  const active = new Int32Array(classes)
  const delta = new Float64Array(classes)
  let scale = 1
  const order = examples.map((_, i) => i)
  const keyed = examples.length > 0 && examples.every((e) => e.key !== undefined)
  let step = 0
  for (let epoch = 0; epoch < o.epochs; epoch++) {
    if (keyed) keyedOrder(order, examples, o.seed * 1_000_003 + epoch)
    else shuffle(order, random)
    for (const index of order) {
      const { x, y, weight = 1 } = examples[index]!
      const lr = o.learningRate / (1 + (o.decay * step) / Math.max(examples.length, 1))
      step++
      score(w, bias, classes, x, scale, scores)
      softmaxInPlace(scores)
      // Shrink all weights (lazily, through the scale), then step along the gradient of the log loss.
      scale *= 1 - lr * o.l2
      if (scale < 1e-6) {
        for (let i = 0; i < w.length; i++) w[i]! *= scale
        scale = 1
      }
      // The gradient per class, kept only where it matters; then one pass over each touched row.
      let touched = 0
      for (let c = 0; c < classes; c++) {
        const g = (scores[c]! - (c === y ? 1 : 0)) * weight
        if (Math.abs(g) < MIN_GRADIENT) continue
        bias[c]! -= lr * g * BIAS_RATE
        active[touched] = c
        delta[touched] = (lr * g) / scale
        touched++
      }
      // Each weight is updated once, whatever the order: two features per pass over the touched classes.
      const ids = x.ids
      const values = x.values
      let k = 0
      for (; k + 2 <= ids.length; k += 2) {
        const r0 = ids[k]! * classes
        const r1 = ids[k + 1]! * classes
        const v0 = values[k]!
        const v1 = values[k + 1]!
        for (let j = 0; j < touched; j++) {
          const c = active[j]!
          const d = delta[j]!
          w[r0 + c]! -= d * v0
          w[r1 + c]! -= d * v1
        }
      }
      if (k < ids.length) {
        const row = ids[k]! * classes
        const v = values[k]!
        for (let j = 0; j < touched; j++) w[row + active[j]!]! -= delta[j]! * v
      }
    }
  }
  if (scale !== 1) for (let i = 0; i < w.length; i++) w[i]! *= scale
}

/** What training reads, hashed: the code that trains, its settings, the sizes and every example. */
function trainingKey(examples: readonly TrainingExample[], features: number, classes: number, o: SoftmaxOptions): string {
  const hash = createHash('sha256')
  hash.update(TRAINING_CODE)
  hash.update(JSON.stringify([o.epochs, o.learningRate, o.decay, o.l2, o.seed, features, classes, examples.length]))
  for (const { x, y, weight = 1, key = -1 } of examples) {
    hash.update(new Float64Array([x.ids.length, y, weight, key]))
    hash.update(x.ids)
    hash.update(x.values)
  }
  return hash.digest('hex').slice(0, 40)
}

function score(w: Float32Array, bias: Float32Array, classes: number, x: SparseVector, scale: number, out: Float64Array): Float64Array {
  for (let c = 0; c < classes; c++) out[c] = bias[c]!
  const ids = x.ids
  const values = x.values
  const n = ids.length
  let k = 0
  // Eight features per pass over the classes: the same additions in the same order for each class (so the same
  // sums, bit for bit), with an eighth of the reads and writes of \`out\`.
  for (; k + 8 <= n; k += 8) {
    const r0 = ids[k]! * classes
    const r1 = ids[k + 1]! * classes
    const r2 = ids[k + 2]! * classes
    const r3 = ids[k + 3]! * classes
    const r4 = ids[k + 4]! * classes
    const r5 = ids[k + 5]! * classes
    const r6 = ids[k + 6]! * classes
    const r7 = ids[k + 7]! * classes
    const v0 = values[k]! * scale
    const v1 = values[k + 1]! * scale
    const v2 = values[k + 2]! * scale
    const v3 = values[k + 3]! * scale
    const v4 = values[k + 4]! * scale
    const v5 = values[k + 5]! * scale
    const v6 = values[k + 6]! * scale
    const v7 = values[k + 7]! * scale
    for (let c = 0; c < classes; c++) {
      out[c] = out[c]! + v0 * w[r0 + c]! + v1 * w[r1 + c]! + v2 * w[r2 + c]! + v3 * w[r3 + c]! + v4 * w[r4 + c]! + v5 * w[r5 + c]! + v6 * w[r6 + c]! + v7 * w[r7 + c]!
    }
  }
  for (; k < n; k++) {
    const row = ids[k]! * classes
    const v = values[k]! * scale
    for (let c = 0; c < classes; c++) out[c]! += v * w[row + c]!
  }
  return out
}

function softmaxInPlace(v: Float64Array): Float64Array {
  let max = -Infinity
  for (let i = 0; i < v.length; i++) if (v[i]! > max) max = v[i]!
  let sum = 0
  for (let i = 0; i < v.length; i++) {
    v[i] = Math.exp(v[i]! - max)
    sum += v[i]!
  }
  for (let i = 0; i < v.length; i++) v[i]! /= sum
  return v
}

/** The indexes sorted by a mix of each example's key and `salt` (ties by index): an order per epoch that depends only on the keys. */
function keyedOrder(order: number[], examples: readonly { key?: number }[], salt: number): void {
  const mixed = new Float64Array(examples.length)
  for (let i = 0; i < examples.length; i++) {
    let h = (examples[i]!.key! ^ Math.imul(salt | 0, 0x9e3779b1)) >>> 0
    h = Math.imul(h ^ (h >>> 16), 0x85ebca6b)
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35)
    mixed[i] = ((h ^ (h >>> 16)) >>> 0) * 4_294_967_296 + i
  }
  for (let i = 0; i < order.length; i++) order[i] = i
  order.sort((a, b) => mixed[a]! - mixed[b]!)
}

function shuffle(items: number[], random: () => number): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    const t = items[i]!
    items[i] = items[j]!
    items[j] = t
  }
}

/** The training code, as text: a change to it (or to its constants) changes every cache key. */
const TRAINING_CODE = [trainWeights, score, softmaxInPlace, keyedOrder, shuffle, seededRandom].map(String).join('\n') + `${MIN_GRADIENT} ${BIAS_RATE}`

/**
 * The worker's program (CommonJS, evaluated): the training code above as text, then reading the shared examples of
 * the first training (its `workerData`) and of each one sent after it.
 * `__name` is defined for transpilers that keep function names that way.
 */
const WORKER_SOURCE = `'use strict'
const { workerData, parentPort } = require('node:worker_threads')
const __name = (f) => f
const MIN_GRADIENT = ${MIN_GRADIENT}
const BIAS_RATE = ${BIAS_RATE}
${[trainWeights, score, softmaxInPlace, keyedOrder, shuffle, seededRandom].map(String).join('\n')}
function changed(d) {
  Atomics.add(d.signal, ${SIGNAL_CHANGES}, 1)
  Atomics.notify(d.signal, ${SIGNAL_CHANGES})
}
function run(d) {
// Taken over by the main thread while queued (${MAIN}): not trained again here.
if (Atomics.compareExchange(d.state, 0, ${QUEUED}, ${RUNNING}) !== ${QUEUED}) return
Atomics.store(d.signal, ${SIGNAL_STARTED}, 1)
changed(d)
try {
  const examples = []
  for (let i = 0; i + 1 < d.offsets.length; i++) {
    const from = d.offsets[i], to = d.offsets[i + 1]
    const example = { x: { ids: d.ids.subarray(from, to), values: d.values.subarray(from, to) }, y: d.labels[i], weight: d.weights[i] }
    if (d.keys[i] >= 0) example.key = d.keys[i]
    examples.push(example)
  }
  trainWeights(examples, d.w, d.bias, d.classes, d.o, seededRandom(d.o.seed))
  Atomics.store(d.state, 0, ${DONE})
} catch {
  Atomics.store(d.state, 0, ${FAILED})
}
Atomics.notify(d.state, 0)
changed(d)
}
run(workerData)
parentPort.on('message', run)
`
