/**
 * The public listener under hostile traffic, all on 127.0.0.1 with bounded loops:
 * - 16 clients each POST 1 MB of nested JSON brackets to the WhatsApp webhook (unsigned: refused after the
 *   signature check over the raw bytes, never parsed) while /healthz is timed: p99 stays under 200 ms;
 * - 500 connections that send their body a byte at a time are closed by the request timeout;
 * - a per-IP limit answers 429 before reading bodies, and /healthz is exempt;
 * - the Telegram webhook checks its secret before parsing; the public /readyz says only ready or not.
 */
import { spawn } from 'node:child_process'
import net, { type AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { acceptUpdateBody } from '../../src/channels/telegram/webhook-body.ts'
import { startCloud, WEBHOOK_PATH, type CloudChannel } from '../../src/channels/whatsapp/cloud.ts'
import { createHttpServer, type HttpLimits, type HttpServer } from '../../src/http/server.ts'
import { registerPublicProbes } from '../../src/ops/health.ts'
import { Metrics } from '../../src/ops/metrics.ts'
import { startFakeGraph, type FakeGraph } from '../helpers/fake-graph.ts'
import { testRuntime } from '../helpers/whatsapp-runtime.ts'
import type { Store } from '../../src/store/types.ts'

interface Server {
  base: string
  port: number
  http: HttpServer
  channel: CloudChannel
  graph: FakeGraph
}

const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

async function server(limits: Partial<HttpLimits> = {}, store?: Pick<Store, 'ping' | 'kind'>): Promise<Server> {
  const graph = await startFakeGraph()
  const runtime = testRuntime({
    WHATSAPP_MODE: 'cloud',
    WHATSAPP_ACCESS_TOKEN: 'token',
    WHATSAPP_PHONE_NUMBER_ID: '1000000001',
    WHATSAPP_APP_SECRET: 'app-secret',
    WHATSAPP_VERIFY_TOKEN: 'verify',
    WHATSAPP_API_ROOT: graph.url,
  })
  const http = createHttpServer(runtime.logger, limits)
  registerPublicProbes(http, {
    store: store ?? runtime.store,
    content: runtime.content,
    draining: () => false,
    channels: () => [],
    metrics: new Metrics({ processMetrics: false }),
  })
  const channel = await startCloud({ runtime, http })
  await http.listen({ port: 0, host: '127.0.0.1' })
  const { port } = http.server.address() as AddressInfo
  // Run in reverse: the channel stops first, the runtime closes last.
  cleanups.push(() => runtime.close(), () => graph.close(), async () => void (await http.close()), () => channel.stop())
  return { base: `http://127.0.0.1:${port}`, port, http, channel, graph }
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0
}

/** Times `count` sequential GET /healthz (or until `until` resolves, at most `count`). */
async function timeHealthz(base: string, count: number, until?: Promise<unknown>): Promise<number[]> {
  let done = false
  void until?.then(() => (done = true))
  const times: number[] = []
  for (let i = 0; i < count && !done; i++) {
    const start = performance.now()
    const response = await fetch(`${base}/healthz`)
    await response.text()
    expect(response.status).toBe(200)
    times.push(performance.now() - start)
  }
  return times
}

/**
 * 16 clients in a child process (so their work does not run on this event loop), each POSTing `rounds`
 * bodies of 1 MB of nested brackets with a wrong signature. Resolves with the status codes seen.
 */
function bracketFlood(port: number, rounds: number): Promise<Record<string, number>> {
  const script = `
    const http = require('node:http')
    const body = Buffer.from('['.repeat(500000) + ']'.repeat(500000))
    const agent = new http.Agent({ keepAlive: true, maxSockets: 16 })
    const codes = {}
    const one = () => new Promise((resolve) => {
      const req = http.request({ host: '127.0.0.1', port: ${port}, path: '${WEBHOOK_PATH}', method: 'POST', agent,
        headers: { 'content-type': 'application/json', 'content-length': body.length, 'x-hub-signature-256': 'sha256=' + '0'.repeat(64) } },
        (res) => { codes[res.statusCode] = (codes[res.statusCode] || 0) + 1; res.resume(); res.on('end', resolve) })
      req.on('error', (e) => { codes[e.code] = (codes[e.code] || 0) + 1; resolve() })
      req.end(body)
    })
    const client = async () => { for (let i = 0; i < ${rounds}; i++) await one() }
    Promise.all(Array.from({ length: 16 }, client)).then(() => { process.stdout.write(JSON.stringify(codes)); agent.destroy() })
  `
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] })
    let out = ''
    child.stdout.on('data', (d: Buffer) => (out += d.toString()))
    child.on('error', reject)
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out) as Record<string, number>) : reject(new Error(`flood exited ${code}`))))
  })
}

describe('public HTTP listener under hostile traffic', () => {
  it('16 clients POSTing 1 MB of nested brackets: refused unparsed (401), /healthz p99 under 200 ms meanwhile', async () => {
    const s = await server()
    await timeHealthz(s.base, 20) // warm up: connection, JIT
    // Wall-clock timing on a shared machine: one more try when the first is over the bound.
    let result = { p99: Infinity, bound: 0 }
    for (let attempt = 0; attempt < 2 && result.p99 >= result.bound; attempt++) {
      const baseline = await timeHealthz(s.base, 200)
      const flood = bracketFlood(s.port, 8)
      const during = await timeHealthz(s.base, 5_000, flood)
      const codes = await flood
      expect(codes).toEqual({ 401: 16 * 8 })
      expect(during.length).toBeGreaterThan(20)
      // The bound is 200 ms (before: 3 s). On a machine so busy that /healthz is already slow at rest
      // (other work competing for the CPU: tens of ms instead of ~1 ms), allow 10× its own p99 at rest instead.
      result = { p99: percentile(during, 0.99), bound: Math.max(200, 10 * percentile(baseline, 0.99)) }
      console.info(`/healthz p99 ${result.p99.toFixed(1)} ms during the flood (${during.length} probes; at rest ${percentile(baseline, 0.99).toFixed(1)} ms)`)
    }
    expect(result.p99).toBeLessThan(result.bound)
    expect(s.graph.sends).toEqual([])
  }, 120_000)

  it('500 connections sending a body a byte at a time are closed by the request timeout', async () => {
    const s = await server({ requestTimeoutMs: 1_000, headersTimeoutMs: 500, connectionTimeoutMs: 60_000, perIpPerMinute: 100_000 })
    const sockets: net.Socket[] = []
    const closed: Promise<number>[] = []
    for (let i = 0; i < 500; i++) {
      const opened = performance.now()
      const socket = net.connect(s.port, '127.0.0.1')
      socket.on('error', () => undefined)
      socket.setNoDelay(true)
      socket.write(`POST ${WEBHOOK_PATH} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n[`)
      closed.push(new Promise((resolve) => socket.on('close', () => resolve(performance.now() - opened))))
      sockets.push(socket)
    }
    // One byte every 100 ms each: never idle, and the body would take almost 3 hours to arrive.
    const drip = setInterval(() => {
      for (const socket of sockets) if (!socket.destroyed) socket.write('[')
    }, 100)
    const deadline = new Promise<'late'>((resolve) => setTimeout(() => resolve('late'), 30_000))
    try {
      const all = await Promise.race([Promise.all(closed), deadline])
      expect(all).not.toBe('late')
      const times = all as number[]
      expect(times).toHaveLength(500)
      // Closed by the 1 s request timeout (checked every 250 ms): a second or two, more on a busy machine;
      // without it they would stay open for hours (the 60 s idle timeout never fires while bytes trickle in).
      expect(Math.max(...times)).toBeLessThan(20_000)
      console.info(`500 slow-body connections closed after ${Math.round(Math.min(...times))}–${Math.round(Math.max(...times))} ms`)
      expect((await fetch(`${s.base}/healthz`)).status).toBe(200)
    } finally {
      clearInterval(drip)
      for (const socket of sockets) socket.destroy()
    }
  }, 60_000)

  it('a per-IP limit answers 429 before reading the body; /healthz and /readyz are exempt', async () => {
    const s = await server({ perIpPerMinute: 5 })
    const statuses: number[] = []
    for (let i = 0; i < 8; i++) {
      const response = await fetch(`${s.base}${WEBHOOK_PATH}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': 'sha256=00' }, body: '{}' })
      statuses.push(response.status)
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429, 429])
    for (let i = 0; i < 20; i++) expect((await fetch(`${s.base}/healthz`)).status).toBe(200)
    expect((await fetch(`${s.base}/readyz`)).status).toBe(200)
  })

  it('the public /readyz says only whether the assistant is ready: no store address, no error text', async () => {
    const down: Pick<Store, 'ping' | 'kind'> = { kind: 'redis', ping: () => Promise.reject(new Error('connect ECONNREFUSED 10.1.2.3:6379')) }
    const s = await server({}, down)
    const response = await fetch(`${s.base}/readyz`)
    expect(response.status).toBe(503)
    expect(await response.json()).toEqual({ ready: false })
  })

  it('the Telegram webhook checks its secret before parsing the body', async () => {
    const http = createHttpServer(testRuntime().logger)
    const parsed: unknown[] = []
    http.post('/tg', async (request, reply) => {
      const refused = acceptUpdateBody(request, 'the_secret')
      if (refused) return reply.code(refused.status).send(refused)
      parsed.push(request.body)
      return reply.send({ ok: true })
    })
    const post = (secret: string | undefined, body: string, type = 'application/json') =>
      http.inject({ method: 'POST', url: '/tg', headers: { 'content-type': type, ...(secret ? { 'x-telegram-bot-api-secret-token': secret } : {}) }, payload: body })
    expect((await post(undefined, '[[[[')).statusCode).toBe(401)
    expect((await post('wrong', '{"update_id":1}')).statusCode).toBe(401)
    expect((await post('the_secret', '[[[[')).statusCode).toBe(400)
    expect((await post('the_secret', '{"update_id":1}', 'text/plain')).statusCode).toBe(415)
    expect((await post('the_secret', '{"update_id":1}')).statusCode).toBe(200)
    expect(parsed).toEqual([{ update_id: 1 }])
    await http.close()
  })
})
