/**
 * The engine on more cores (`ENGINE_WORKERS=N`): N worker threads, each with its own copy of the content, run the
 * engine's turns while the main thread keeps everything else (channels, the gate, the store and its one writer,
 * effects). The gate still takes the user's lock, loads the session, runs the critical effects and commits; only
 * `handleMessage` (pure: session, message, content → session, replies, effects) moves, which is most of a
 * message's CPU (understanding free text). Users are sharded by id: the same user always goes to the same worker.
 *
 * A worker answers only with the content the main thread serves: each turn carries the bundle's version, and a
 * worker that has another one (a reload or a newly published version it is still loading, or a worker that died)
 * hands the turn back and the main thread runs it itself. So replies are the same as without workers, also
 * during a reload; the worker catches up in the background (it reads the same folders, and the trained weights
 * from DATA_DIR/model-cache that the main thread's load just wrote).
 */
import { createRequire } from 'node:module'
import { pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'
import type { Bundle } from '../content/bundle.ts'
import type { LoadOptions } from '../content/load.ts'
import { handleMessage, userKeyOf, type EngineOptions } from '../engine/engine.ts'
import type { EngineResult, Inbound, Session } from '../engine/types.ts'

/** tsx's ESM API (a dependency: it runs the sources everywhere), to load the worker's TypeScript. */
const TSX_API = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href

/** Runs one engine turn: in this thread (`handleMessage`) or in a worker. */
export interface EngineRunner {
  run(previous: Session | undefined, inbound: Inbound, bundle: Bundle, options: EngineOptions): EngineResult | Promise<EngineResult>
}

/** The content options a worker loads (the engine's actions are its own import: functions do not cross threads). */
export type WorkerLoadOptions = Omit<LoadOptions, 'actions'>

/** One turn asked of a worker. */
export interface TurnRequest {
  id: number
  version: string
  previous: Session | undefined
  inbound: Inbound
  options: EngineOptions
}

/** What a worker did with it: the result, a hand-back (other content), or the error the engine threw. */
export type TurnAnswer = { id: number; result: EngineResult } | { id: number; stale: true } | { id: number; error: string }

/** Main thread → worker. Turns go in batches: those asked during one event-loop turn, one message per worker. */
export type ToWorker = { type: 'load'; options: WorkerLoadOptions } | { type: 'turns'; turns: TurnRequest[] }

/** Worker → main thread. */
export type FromWorker = { type: 'loaded'; version: string | undefined; error?: string } | { type: 'turns'; answers: TurnAnswer[] }

interface Pending {
  resolve(result: EngineResult): void
  reject(error: Error): void
  fallback(): void
}

class EngineWorker {
  /** The content version this worker serves; undefined while it loads or after it died. */
  version: string | undefined
  /** The content version it was asked to load last. */
  loading: string | undefined
  alive = true
  readonly pending = new Map<number, Pending>()
  /** Resolves the wait for the load in progress. */
  onLoaded: (() => void) | undefined
  /** Turns asked since the last batch was sent (sent on the next event-loop turn: one message, one wake-up). */
  batch: TurnRequest[] = []

  constructor(readonly thread: Worker) {}
}

export interface EnginePoolOptions {
  workers: number
  /** The options the content in use was loaded with (asked again whenever the served version changes). */
  loadOptions: () => LoadOptions
  /** Told when a worker fails to load or dies (the main thread then runs its users' turns). */
  onWarning?: (message: string) => void
}

export class EnginePool implements EngineRunner {
  readonly #workers: EngineWorker[]
  readonly #options: EnginePoolOptions
  #next = 0
  #closed = false
  /** Turns run by a worker, and turns the main thread ran because the worker's content was not (yet) the same. */
  readonly counts = { worker: 0, main: 0 }

  private constructor(options: EnginePoolOptions) {
    this.#options = options
    this.#workers = Array.from({ length: options.workers }, () => this.#spawn())
  }

  /** Starts `workers` threads and resolves once each has loaded `bundle`'s content (or failed to: see onWarning). */
  static async start(options: EnginePoolOptions, bundle: Bundle): Promise<EnginePool> {
    const pool = new EnginePool(options)
    await Promise.all(pool.#workers.map((worker) => pool.#load(worker, bundle.version)))
    return pool
  }

  run(previous: Session | undefined, inbound: Inbound, bundle: Bundle, options: EngineOptions): EngineResult | Promise<EngineResult> {
    const worker = this.#workers[shardOf(userKeyOf(inbound), this.#workers.length)]
    if (!worker || this.#closed || !worker.alive || worker.version !== bundle.version) {
      if (worker?.alive && !this.#closed && worker.loading !== bundle.version) void this.#load(worker, bundle.version)
      this.counts.main++
      return handleMessage(previous, inbound, bundle, options)
    }
    const id = ++this.#next
    return new Promise<EngineResult>((resolve, reject) => {
      worker.pending.set(id, {
        resolve: (result) => {
          this.counts.worker++
          resolve(result)
        },
        reject,
        // The worker has other content (it is loading a newer version): this thread answers, as it would alone.
        fallback: () => {
          this.counts.main++
          try {
            resolve(handleMessage(previous, inbound, bundle, options))
          } catch (error) {
            reject(error instanceof Error ? error : new Error(String(error)))
          }
        },
      })
      if (worker.batch.length === 0) setImmediate(() => this.#send(worker))
      worker.batch.push({ id, version: bundle.version, previous, inbound, options })
    })
  }

  /** Workers that serve `version` now (for tests and the benchmark). */
  ready(version: string): number {
    return this.#workers.filter((w) => w.alive && w.version === version).length
  }

  async close(): Promise<void> {
    this.#closed = true
    await Promise.all(this.#workers.map((w) => w.thread.terminate()))
  }

  #spawn(): EngineWorker {
    // The worker is TypeScript like the rest: a small bootstrap registers tsx's loader in the thread, then imports it.
    const thread = new Worker(
      `import(${JSON.stringify(TSX_API)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(new URL('./engine-worker.ts', import.meta.url).href)}) })`,
      { eval: true },
    )
    thread.unref()
    const worker = new EngineWorker(thread)
    thread.on('message', (message: FromWorker) => this.#onMessage(worker, message))
    const died = (why: string): void => {
      if (!worker.alive) return
      worker.alive = false
      worker.version = undefined
      if (!this.#closed) this.#options.onWarning?.(`engine worker stopped (${why}); its users' turns run in the main thread`)
      // Turns it had not answered: the main thread runs them (nothing was committed for them yet).
      for (const pending of worker.pending.values()) pending.fallback()
      worker.pending.clear()
      worker.onLoaded?.()
    }
    thread.on('error', (error) => died(error.message))
    thread.on('exit', (code) => died(`exit ${code}`))
    return worker
  }

  #send(worker: EngineWorker): void {
    const turns = worker.batch
    worker.batch = []
    if (!worker.alive) {
      for (const turn of turns) worker.pending.get(turn.id)?.fallback()
      for (const turn of turns) worker.pending.delete(turn.id)
      return
    }
    worker.thread.postMessage({ type: 'turns', turns } satisfies ToWorker)
  }

  #load(worker: EngineWorker, version: string): Promise<void> {
    worker.loading = version
    worker.version = undefined
    const { actions: _actions, ...options } = this.#options.loadOptions()
    worker.thread.postMessage({ type: 'load', options } satisfies ToWorker)
    return new Promise((resolve) => {
      worker.onLoaded = resolve
    })
  }

  #onMessage(worker: EngineWorker, message: FromWorker): void {
    if (message.type === 'loaded') {
      // Only the version asked for last counts (an older load that finished late does not).
      if (message.error) this.#options.onWarning?.(`engine worker could not load the content: ${message.error}`)
      else if (message.version === worker.loading) worker.version = message.version
      // The files changed again meanwhile: load again at the next turn that finds it behind.
      else worker.loading = undefined
      const done = worker.onLoaded
      worker.onLoaded = undefined
      done?.()
      return
    }
    for (const answer of message.answers) {
      const pending = worker.pending.get(answer.id)
      if (!pending) continue
      worker.pending.delete(answer.id)
      if ('result' in answer) pending.resolve(answer.result)
      else if ('stale' in answer) pending.fallback()
      else pending.reject(new Error(answer.error))
    }
  }
}

/** The worker of a user: FNV-1a of the user key, modulo the number of workers. */
export function shardOf(userKey: string, workers: number): number {
  let hash = 0x811c9dc5
  for (let i = 0; i < userKey.length; i++) {
    hash ^= userKey.charCodeAt(i)
    hash = Math.imul(hash, 0x01000193)
  }
  return (hash >>> 0) % Math.max(workers, 1)
}
