/**
 * The crisis detector's cold build in a worker thread (content load): what the rules alone say of every example and
 * calm question, the classifier's features and its two trainings are about two fifths of the main thread's work in a
 * load that trains, and need nothing but the crisis inputs. The worker builds the same detector from the same inputs
 * (`crisis-build-worker.ts`) and hands back everything the build keeps in a model cache (the rules' readings, the
 * feature vocabulary, the trained weights); the main thread, which meanwhile builds the FAQ matcher, checks and
 * routing, then builds its detector from that, as a load with a warm model cache does: the same detector, bit for bit
 * (the cache's keys hash every input and the code). The worker also writes them to the model cache folder.
 *
 * A load whose crisis inputs an earlier load with the same model cache built already (a marker under a hash of the
 * inputs and the code) builds on the main thread from the cache, as before. If the worker has not started by the
 * time the main thread needs the detector, or fails, the main thread builds it itself (same result, later).
 */
import { readdirSync } from 'node:fs'
import type { MessagePort, Worker } from 'node:worker_threads'
import { MessageChannel, receiveMessageOnPort } from 'node:worker_threads'
import type { CrisisContent } from '../content/crisis-schema.ts'
import type { Lexicon } from '../content/types.ts'
import { tsWorker } from '../ts-worker.ts'
import type { CrisisBuildOptions } from './crisis.ts'
import { derivedKey } from './derived-cache.ts'
import type { WeightCache } from './linear-model.ts'

/** The job's state (`Int32Array` shared with the worker, index 0). */
export const QUEUED = 0
export const DONE = 1
export const FAILED = 2
/** The worker is building. */
export const RUNNING = 3
/** The main thread took the build over before the worker started it. */
const MAIN = 4

/** How long the main thread waits for a build the worker is running before building itself. */
const WORKER_PATIENCE_MS = 60_000

/** What the worker is given (`workerData`). */
export interface CrisisBuildThread {
  cacheDir: string | undefined
  state: Int32Array
  /** The inputs come in on it (`CrisisBuildInputs`), the built entries go back on it (`BuiltEntry[]`). */
  port: MessagePort
}

/** What the detector is built from: `CrisisDetector.build(content, lexicon, options)`. */
export interface CrisisBuildInputs {
  content: CrisisContent
  lexicon: Lexicon | undefined
  options: CrisisBuildOptions & { knownWords?: string[] }
}

/** One thing the worker's build put in its cache: trained weights, or derived data. */
export type BuiltEntry = { key: string; w: Float32Array; bias: Float32Array } | { key: string; data: Uint8Array }

/** Builds done in the worker and taken over by the main thread (for tests and the benchmark). */
export const crisisBuildStats = { inWorker: 0, onMain: 0 }

/** Marks the state failed and wakes the main thread: run in the worker when its module cannot be loaded. */
const ON_FAILURE = `const { workerData } = require('node:worker_threads'); Atomics.compareExchange(workerData.state, 0, ${QUEUED}, ${FAILED}); Atomics.notify(workerData.state, 0)`

export class CrisisBuildInBackground {
  private posted = false

  private constructor(
    private readonly worker: Worker,
    private readonly state: Int32Array,
    private readonly port: MessagePort,
  ) {}

  /**
   * Starts the worker thread (it loads its modules while the content is read; `build` gives it the inputs), or
   * undefined when none can be started. `cacheDir`: the model cache folder, where the worker stores what it builds.
   */
  static spawn(cacheDir: string | undefined): CrisisBuildInBackground | undefined {
    const state = new Int32Array(new SharedArrayBuffer(4))
    const { port1, port2 } = new MessageChannel()
    const data: CrisisBuildThread = { cacheDir, state, port: port2 }
    try {
      const worker = tsWorker(new URL('./crisis-build-worker.ts', import.meta.url), { workerData: data, transferList: [port2] }, ON_FAILURE)
      worker.unref()
      worker.on('error', () => undefined)
      return new CrisisBuildInBackground(worker, state, port1)
    } catch {
      port1.close()
      return undefined
    }
  }

  /**
   * Whether a worker thread should build the detector of `inputs`: not when `cache` holds the marker of an earlier
   * build of the same inputs (it is built from the cache on the main thread then).
   */
  static wanted(inputs: CrisisBuildInputs, cache: WeightCache | undefined): boolean {
    return !cache?.getData?.(builtKey(inputs))
  }

  /** Gives the worker the inputs to build from. */
  build(inputs: CrisisBuildInputs): void {
    this.port.postMessage(inputs)
    this.posted = true
  }

  /** Ends the worker without a build (or after it). */
  cancel(): void {
    void this.worker.terminate()
    this.port.close()
  }

  /**
   * Waits for the worker's build (blocking): a cache holding everything it trained and derived, in front of `file`
   * (the model cache, if any); undefined when the worker did not build it (build here then, without it).
   */
  cache(file: WeightCache | undefined): WeightCache | undefined {
    let entries: BuiltEntry[] | undefined
    if (this.posted && Atomics.compareExchange(this.state, 0, QUEUED, MAIN) !== QUEUED) {
      const deadline = Date.now() + WORKER_PATIENCE_MS
      while (Atomics.load(this.state, 0) === RUNNING && Date.now() < deadline) Atomics.wait(this.state, 0, RUNNING, 1_000)
      if (Atomics.load(this.state, 0) === DONE) entries = (receiveMessageOnPort(this.port)?.message as BuiltEntry[] | undefined) ?? undefined
    }
    this.cancel()
    if (!entries) {
      crisisBuildStats.onMain++
      return undefined
    }
    crisisBuildStats.inWorker++
    const built = new Map(entries.map((e) => [e.key, e]))
    return {
      get: (key, weights, classes) => {
        const e = built.get(key)
        if (e && 'w' in e && e.w.length === weights && e.bias.length === classes) return { w: e.w, bias: e.bias }
        return file?.get(key, weights, classes)
      },
      set: (key, w, bias) => file?.set(key, w, bias),
      getData: (key) => {
        const e = built.get(key)
        return e && 'data' in e ? e.data : file?.getData?.(key)
      },
      setData: (key, data) => file?.setData?.(key, data),
    }
  }
}

/** Marks in `cache` that the crisis inputs were built with it (a later load builds from the cache on the main thread). */
export function markCrisisBuilt(inputs: CrisisBuildInputs, cache: WeightCache | undefined): void {
  cache?.setData?.(builtKey(inputs), new Uint8Array([1]))
}

/** Whether the model cache folder `dir` holds no crisis build's marker at all (a first load: surely one to build). */
export function noCrisisBuilt(dir: string | undefined): boolean {
  if (!dir) return true
  try {
    return !readdirSync(dir).some((name) => name.startsWith(`${MARKER}-`))
  } catch {
    return true
  }
}

const MARKER = 'crisis-built'

function builtKey({ content, lexicon, options }: CrisisBuildInputs): string {
  return derivedKey(MARKER, [content, [...(lexicon ?? [])], options])
}
