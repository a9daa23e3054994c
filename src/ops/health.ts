/**
 * Operations endpoints. On the operations listener (METRICS_HOST:METRICS_PORT, 127.0.0.1:9464 by default),
 * `registerOpsRoutes`:
 *
 *   GET /healthz   liveness: 200 while the process answers (restart it when this fails)
 *   GET /readyz    readiness: 200 when the store answers, content is loaded, every channel is ready and the
 *                  assistant is not shutting down; 503 otherwise. The JSON body says which part is not.
 *   GET /metrics   Prometheus text format (see metrics.ts)
 *
 * On the public listener (PORT, next to the webhooks), `registerPublicProbes`: /healthz, and /readyz saying
 * only `{ "ready": true|false }` (store addresses and error texts stay on the operations listener).
 */
import type { RunningChannel } from '../channels/types.ts'
import type { Bundle } from '../content/bundle.ts'
import type { ContentStatus } from '../content/reloader.ts'
import type { HttpServer } from '../http/server.ts'
import type { Store } from '../store/types.ts'
import type { Metrics } from './metrics.ts'

export interface OpsRoutesOptions {
  store: Pick<Store, 'ping' | 'kind'>
  content: { readonly current: Bundle; readonly status?: ContentStatus }
  /** True while shutting down (the gate's `draining`). */
  draining: () => boolean
  channels: () => readonly RunningChannel[]
  metrics: Metrics
  /** How long /readyz waits for the store's answer. Default 1 000 ms. */
  storeTimeoutMs?: number
}

export interface Readiness {
  ready: boolean
  draining: boolean
  store: { ok: boolean; kind: string; error?: string; latencyMs?: number }
  /**
   * `source`: the working files or a published version (`published`: its number, date and author). `refused`: the
   * newest published version that failed to load (the content in use stays; see the log for its problems).
   */
  content: { ok: boolean; version?: string; loadedAt?: string } & Partial<ContentStatus>
  channels: Array<{ name: string; ready: boolean; detail: string }>
}

/** What /readyz answers. */
export async function readiness(options: OpsRoutesOptions): Promise<Readiness> {
  const store = await pingWithin(options.store, options.storeTimeoutMs ?? 1_000)
  let content: Readiness['content']
  try {
    const bundle = options.content.current
    content = { ok: true, version: bundle.version, loadedAt: new Date(bundle.loadedAt).toISOString(), ...options.content.status }
  } catch {
    content = { ok: false }
  }
  const channels = options.channels().map((channel) => {
    try {
      return { name: channel.name, ...channel.state() }
    } catch (error) {
      return { name: channel.name, ready: false, detail: `state unknown: ${error instanceof Error ? error.message : String(error)}` }
    }
  })
  const draining = options.draining()
  const ready = store.ok && content.ok && !draining && channels.every((c) => c.ready)
  return { ready, draining, store, content, channels }
}

export function registerOpsRoutes(app: HttpServer, options: OpsRoutesOptions): void {
  app.get('/healthz', async () => ({ status: 'ok' }))
  app.get('/readyz', async (_request, reply) => {
    const state = await readiness(options)
    return reply.code(state.ready ? 200 : 503).send(state)
  })
  app.get('/metrics', async (_request, reply) => {
    const { body, contentType } = await options.metrics.exposition()
    return reply.header('content-type', contentType).send(body)
  })
}

/** /healthz and a /readyz without detail, for the public listener. */
export function registerPublicProbes(app: HttpServer, options: OpsRoutesOptions): void {
  app.get('/healthz', async () => ({ status: 'ok' }))
  app.get('/readyz', async (_request, reply) => {
    const { ready } = await readiness(options)
    return reply.code(ready ? 200 : 503).send({ ready })
  })
}

async function pingWithin(store: OpsRoutesOptions['store'], ms: number): Promise<Readiness['store']> {
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms)
  })
  const started = performance.now()
  try {
    await Promise.race([store.ping(), late])
    return { ok: true, kind: store.kind, latencyMs: Math.round((performance.now() - started) * 1000) / 1000 }
  } catch (error) {
    return { ok: false, kind: store.kind, error: error instanceof Error ? error.message : String(error) }
  } finally {
    clearTimeout(timer)
  }
}
