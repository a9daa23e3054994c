/**
 * The web chat under many open pages (`npm run bench`): `connections` WebSockets to a real listener with the web
 * channel (gate, engine, embedded store in memory), each saying hello and then sending a message every
 * `intervalMs` on average (a person reading and typing), for `seconds`. Reports the reply time (send → the batch
 * with that message id back) and the memory each open connection costs. Clients and server share this process,
 * so the memory per connection is an upper bound for the server's part.
 */
import type { AddressInfo } from 'node:net'
import WebSocket from 'ws'
import { startWeb } from '../channels/web/index.ts'
import { loadConfig } from '../config.ts'
import type { Bundle } from '../content/bundle.ts'
import { Gate } from '../gate/gate.ts'
import { createHttpServer } from '../http/server.ts'
import { createLogger } from '../logger.ts'
import { EmbeddedStore } from '../store/embedded.ts'
import { percentile } from './load.ts'

export interface WebBenchResult {
  connections: number
  interval_ms: number
  messages: number
  p50_ms: number
  p99_ms: number
  max_ms: number
  failures: number
  /** Growth of the process's heap and of its resident memory per open connection (both ends in this process). */
  heap_per_connection_bytes: number
  rss_per_connection_bytes: number
}

const SCRIPT = ['halo', '1', 'menu', 'berapa biaya jadi PMI?', '2', 'menu', '5', 'menu'] as const
const ORIGIN = 'https://bench.example.go.id'

export async function benchWebChat(bundle: Bundle, options: { connections: number; seconds: number; intervalMs: number }): Promise<WebBenchResult> {
  const logger = createLogger('silent')
  const store = new EmbeddedStore({})
  const gate = new Gate({ store, bundle: () => bundle, logger, rateLimit: false })
  const http = createHttpServer(logger, { perIpPerMinute: 1_000_000 })
  // Every page of the bench comes from 127.0.0.1: lift the per-IP limits that would stand for many visitors.
  const channel = await startWeb({
    runtime: { config: loadConfig({}), logger, gate, content: { current: bundle } },
    http,
    origins: ORIGIN,
    socketsPerIp: Number.MAX_SAFE_INTEGER,
    limits: { perIp: { perMinute: 1_000_000, burst: 1_000_000 } },
  })
  await http.listen({ port: 0, host: '127.0.0.1' })
  const url = `ws://127.0.0.1:${(http.server.address() as AddressInfo).port}/webchat/ws`
  const sockets: WebSocket[] = []
  const latencies: number[] = []
  let failures = 0
  try {
    globalThis.gc?.()
    const before = process.memoryUsage()
    const sent = new Map<string, number>()
    for (let i = 0; i < options.connections; i++) {
      const ws = new WebSocket(url, { headers: { origin: ORIGIN } })
      await new Promise<void>((resolve, reject) => {
        ws.once('open', () => resolve())
        ws.once('error', reject)
      })
      ws.on('message', (data) => {
        const batch = JSON.parse(String(data)) as { id?: string; welcome?: unknown }
        const at = batch.id ? sent.get(batch.id) : undefined
        if (at === undefined) return
        sent.delete(batch.id!)
        latencies.push(performance.now() - at)
      })
      ws.send(JSON.stringify({ hello: { user: `bench-user-${i.toString().padStart(6, '0')}` } }))
      sockets.push(ws)
    }
    await new Promise((resolve) => setTimeout(resolve, 200))
    globalThis.gc?.()
    const after = process.memoryUsage()

    const end = performance.now() + options.seconds * 1_000
    const timers: NodeJS.Timeout[] = []
    sockets.forEach((ws, i) => {
      let n = 0
      const next = (): void => {
        if (performance.now() >= end) return
        const id = `b${i}-${n}`
        sent.set(id, performance.now())
        ws.send(JSON.stringify({ id, text: SCRIPT[n++ % SCRIPT.length] }))
        timers.push(setTimeout(next, options.intervalMs * (0.5 + Math.random())))
      }
      timers.push(setTimeout(next, Math.random() * options.intervalMs))
    })
    await new Promise((resolve) => setTimeout(resolve, options.seconds * 1_000 + 2_000))
    for (const timer of timers) clearTimeout(timer)
    failures = sent.size
    latencies.sort((a, b) => a - b)
    const round2 = (n: number): number => Math.round(n * 100) / 100
    return {
      connections: options.connections,
      interval_ms: options.intervalMs,
      messages: latencies.length,
      p50_ms: round2(percentile(latencies, 0.5)),
      p99_ms: round2(percentile(latencies, 0.99)),
      max_ms: round2(latencies.at(-1) ?? 0),
      failures,
      heap_per_connection_bytes: Math.round((after.heapUsed - before.heapUsed) / options.connections),
      rss_per_connection_bytes: Math.round((after.rss - before.rss) / options.connections),
    }
  } finally {
    for (const ws of sockets) ws.terminate()
    await channel.stop()
    await http.close()
    await gate.drain()
    await store.close()
  }
}
