/**
 * Operations: /healthz, /readyz and /metrics on the shared listener, the metrics the gate feeds, and the
 * graceful shutdown order (stop intake → finish in-flight messages → close listener → flush the store).
 */
import net from 'node:net'
import { Writable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import type { RunningChannel } from '../../src/channels/types.ts'
import type { Inbound } from '../../src/engine/types.ts'
import { Gate } from '../../src/gate/gate.ts'
import { createHttpServer } from '../../src/http/server.ts'
import { createLogger } from '../../src/logger.ts'
import { registerOpsRoutes, type OpsRoutesOptions } from '../../src/ops/health.ts'
import { Metrics } from '../../src/ops/metrics.ts'
import { shutdown } from '../../src/ops/shutdown.ts'
import { EmbeddedStore } from '../../src/store/embedded.ts'
import { RedisStore } from '../../src/store/redis.ts'
import { StoreUnavailableError, type Store } from '../../src/store/types.ts'
import { realBundle } from '../helpers/bundle.ts'

const T0 = Date.parse('2026-11-22T03:00:00Z')
let n = 0
const msg = (text: string, userId = 'u1'): Inbound => ({ channel: 'telegram', userId, messageId: `m${++n}`, text, now: T0 + n * 1000 })
const TRAINING = ['halo', '4', 'ya', 'Ani Lestari', '081234567890', '25', 'jawa timur', 'surabaya', 'smk', '1', 'jepang', 'benar']

function channel(name: string, ready = true): RunningChannel & { stopped: boolean } {
  return {
    name,
    stopped: false,
    state: () => ({ ready, detail: ready ? 'polling' : 'needs-login' }),
    async stop() {
      this.stopped = true
    },
  }
}

function opsApp(overrides: Partial<OpsRoutesOptions> = {}) {
  const app = createHttpServer(createLogger('silent'))
  const options: OpsRoutesOptions = {
    store: new EmbeddedStore({}),
    content: { current: realBundle() },
    draining: () => false,
    channels: () => [channel('telegram')],
    metrics: new Metrics({ processMetrics: false }),
    ...overrides,
  }
  registerOpsRoutes(app, options)
  return app
}

describe('health endpoints', () => {
  it('/healthz answers 200; /readyz 200 with store, content and channel states', async () => {
    const app = opsApp()
    expect((await app.inject({ url: '/healthz' })).json()).toEqual({ status: 'ok' })
    const ready = await app.inject({ url: '/readyz' })
    expect(ready.statusCode).toBe(200)
    expect(ready.json()).toMatchObject({
      ready: true,
      draining: false,
      store: { ok: true, kind: 'embedded' },
      content: { ok: true, version: realBundle().version },
      channels: [{ name: 'telegram', ready: true, detail: 'polling' }],
    })
    await app.close()
  })

  it('/readyz is 503 when a channel is not ready, while draining, and when the store does not answer', async () => {
    const notLoggedIn = opsApp({ channels: () => [channel('telegram'), channel('whatsapp', false)] })
    const body = (await notLoggedIn.inject({ url: '/readyz' })).json()
    expect(body.ready).toBe(false)
    expect(body.channels[1]).toEqual({ name: 'whatsapp', ready: false, detail: 'needs-login' })
    expect((await opsApp({ draining: () => true }).inject({ url: '/readyz' })).statusCode).toBe(503)

    const hung: Pick<Store, 'ping' | 'kind'> = { kind: 'redis', ping: () => new Promise(() => undefined) }
    const slow = await opsApp({ store: hung, storeTimeoutMs: 30 }).inject({ url: '/readyz' })
    expect(slow.statusCode).toBe(503)
    expect(slow.json().store).toEqual({ ok: false, kind: 'redis', error: 'no answer within 30 ms' })
  })

  it('/readyz says which Redis is unreachable (without the password), and /healthz still says ok', async () => {
    const probe = net.createServer()
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve))
    const port = (probe.address() as net.AddressInfo).port
    await new Promise((resolve) => probe.close(resolve))
    const redis = new RedisStore({ url: `redis://:s3cret@127.0.0.1:${port}`, onWarning: () => undefined })
    const app = opsApp({ store: redis })
    const response = await app.inject({ url: '/readyz' })
    expect(response.statusCode).toBe(503)
    expect(response.json().store.error).toContain(`127.0.0.1:${port}`)
    expect(response.body).not.toContain('s3cret')
    expect((await app.inject({ url: '/healthz' })).statusCode).toBe(200)
    await redis.close()
  })
})

describe('metrics', () => {
  it('counts messages by channel, flows, drop-off by step, FAQ outcomes, leads and errors; no personal data', async () => {
    const metrics = new Metrics({ processMetrics: false, inFlight: () => 0, contentVersion: () => realBundle().version })
    const store = new EmbeddedStore({})
    const gate = new Gate({ store, bundle: realBundle, logger: createLogger('silent'), rateLimit: false, hooks: metrics.hooks })
    for (const text of TRAINING) await gate.handle(msg(text))
    await gate.handle(msg('syarat kerja ke korea', 'u2'))
    await gate.handle(msg('xqzv blorf wibble', 'u2'))
    for (const text of ['halo', '4', 'ya', 'stop']) await gate.handle(msg(text, 'u3'))
    const down = new Gate({
      store: Object.assign(Object.create(store) as EmbeddedStore, { runTurn: async () => Promise.reject(new StoreUnavailableError('down (test)')) }),
      bundle: realBundle,
      logger: createLogger('silent'),
      rateLimit: false,
      hooks: metrics.hooks,
    })
    await down.handle(msg('halo', 'u4'))

    const { body, contentType } = await metrics.exposition()
    expect(contentType).toMatch(/^text\/plain/)
    const value = (line: string): number => {
      const found = body.split('\n').find((l) => l.startsWith(`${line} `))
      expect(found, line).toBeDefined()
      return Number(found!.split(' ').at(-1))
    }
    expect(value('migrasi_messages_in_total{channel="telegram"}')).toBe(TRAINING.length + 2 + 4 + 1)
    expect(value('migrasi_messages_out_total{channel="telegram"}')).toBeGreaterThan(TRAINING.length)
    expect(value('migrasi_messages_handled_total{channel="telegram",outcome="store_unavailable"}')).toBe(1)
    expect(value('migrasi_errors_total{kind="store_unavailable"}')).toBe(1)
    expect(value('migrasi_flow_started_total{flow="training"}')).toBe(2)
    expect(value('migrasi_flow_completed_total{flow="training"}')).toBe(1)
    expect(value('migrasi_flow_step_shown_total{flow="training",step="ask_name"}')).toBe(2)
    expect(value('migrasi_flow_dropoff_total{flow="training",step="ask_name"}')).toBe(1)
    expect(value('migrasi_leads_total')).toBe(1)
    expect(value('migrasi_faq_total{outcome="answered"}')).toBeGreaterThanOrEqual(1)
    expect(value('migrasi_faq_total{outcome="fallback"}')).toBe(1)
    expect(value('migrasi_message_duration_seconds_count{channel="telegram"}')).toBe(TRAINING.length + 7)
    expect(value(`migrasi_content_info{version="${realBundle().version}"}`)).toBe(1)
    expect(value('migrasi_messages_in_flight')).toBe(0)
    for (const personal of ['Ani', 'Lestari', '81234567890', 'u1', 'korea']) expect(body).not.toContain(personal)
  })

  it('includes the process metrics by default, under their standard names (stock Node.js dashboards work)', async () => {
    const { body } = await new Metrics().exposition()
    expect(body).toMatch(/^process_resident_memory_bytes /m)
    expect(body).toMatch(/^nodejs_eventloop_lag_seconds /m)
    expect(body).not.toContain('migrasi_process_')
    expect(body).not.toContain('migrasi_nodejs_')
  })
})

describe('graceful shutdown', () => {
  function deferred(): { promise: Promise<void>; resolve: () => void } {
    let resolve!: () => void
    const promise = new Promise<void>((r) => (resolve = r))
    return { promise, resolve }
  }

  it('stops intake, finishes the message in flight (a late one gets "busy"), then closes the listener and the store', async () => {
    const order: string[] = []
    const store = new EmbeddedStore({})
    const entered = deferred()
    const mayFinish = deferred()
    const slowStore = Object.assign(Object.create(store) as EmbeddedStore, {
      runTurn: async (...args: Parameters<EmbeddedStore['runTurn']>) => {
        entered.resolve()
        await mayFinish.promise
        return store.runTurn(...args)
      },
    })
    const gate = new Gate({ store: slowStore, bundle: realBundle, logger: createLogger('silent'), rateLimit: false })
    const telegram = channel('telegram')
    const inFlight = gate.handle(msg('halo', 'inflight')).then((replies) => {
      order.push('in-flight answered')
      return replies
    })
    await entered.promise
    const done = shutdown(
      {
        channels: [{ ...telegram, stop: async () => void order.push('channels stopped') }],
        gate,
        http: { close: async () => order.push('listener closed') },
        runtime: { close: async () => { order.push('store closed'); await store.close() } },
        logger: createLogger('silent'),
      },
      'SIGTERM',
    )
    await new Promise((resolve) => setImmediate(resolve))
    expect(gate.draining).toBe(true)
    expect((await gate.handle(msg('late', 'other'))).map((r) => r.key)).toEqual(['error.busy'])
    expect(order).toEqual(['channels stopped'])
    mayFinish.resolve()
    expect(await done).toBe(0)
    expect((await inFlight).map((r) => r.key)).toContain('menu.prompt')
    expect(order).toEqual(['channels stopped', 'in-flight answered', 'listener closed', 'store closed'])
  })

  it('exits with 1 when a message in flight does not finish within the timeout', async () => {
    const gate = new Gate({
      store: Object.assign(Object.create(new EmbeddedStore({})) as EmbeddedStore, { runTurn: () => new Promise(() => undefined) }),
      bundle: realBundle,
      logger: createLogger('silent'),
      rateLimit: false,
    })
    void gate.handle(msg('halo', 'stuck'))
    const lines: string[] = []
    const logger = createLogger('info', new Writable({ write: (chunk, _e, cb) => { lines.push(String(chunk)); cb() } }))
    const code = await shutdown({ channels: [], gate, runtime: { close: async () => undefined }, logger, timeoutMs: 30 }, 'SIGTERM')
    expect(code).toBe(1)
    expect(lines.map((l) => JSON.parse(l).msg)).toContain('shutdown took too long; exiting anyway')
  })
})
