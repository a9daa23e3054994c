/**
 * The project benchmark (`npm run bench`): messages per second and latency through gate + engine + store for
 * 1, 100 and 1,000 concurrent users on the embedded store and on Redis (a redis-server of its own on a free
 * port, AOF `everysec` as in compose.yaml), plus FAQ search and agency lookup per query, content load time
 * and the memory one user's session takes in Redis; and the embedded store at 100,000 users (embedded-scale.ts).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import { semiSpaceMb } from '../ops/young-generation.ts'
import { join } from 'node:path'
import { Redis } from 'ioredis'
import { parse } from 'yaml'
import type { Bundle } from '../content/bundle.ts'
import { loadBundle, type LoadOptions } from '../content/load.ts'
import { EnginePool } from '../gate/engine-pool.ts'
import { Gate } from '../gate/gate.ts'
import { benchAgencyLookup } from './agency-bench.ts'
import { measureHostile, withFictionalRegistry } from './hostile-input.ts'
import { benchRouting, type RoutingBench } from './routing.ts'
import { benchFaqSearch } from './faq-bench.ts'
import { createLogger } from '../logger.ts'
import { startRedis } from '../ops/redis-process.ts'
import { EmbeddedStore } from '../store/embedded.ts'
import { benchEmbeddedScale, type EmbeddedScaleResult } from './embedded-scale.ts'
import { RedisStore } from '../store/redis.ts'
import type { Store } from '../store/types.ts'
import { benchWebChat, type WebBenchResult } from './web.ts'
import { benchDashboard, type DashboardBenchResult } from './dashboard.ts'
import { MIXED_SCRIPT, NAVIGATION_SCRIPT, percentile, runLoad, scriptText, type LoadOptions as RunLoadOptions } from './load.ts'

export interface ScenarioResult {
  name: string
  store: 'embedded' | 'redis'
  users: number
  /** `closed`: as fast as replies come back; `paced`: a fixed total rate. */
  mode: 'closed' | 'paced'
  script: 'mixed' | 'navigation'
  /** Worker threads running the engine (ENGINE_WORKERS); 0: the engine in the main thread. */
  engine_workers: number
  messages: number
  messages_per_second: number
  mean_ms: number
  /** This process's CPU per message (µs), over the whole run: independent of other work on the machine. */
  cpu_us_per_message: number
  p50_ms: number
  p99_ms: number
  max_ms: number
  failures: number
  /** Event-loop delay p99: high values with light load mean the process waited for the CPU (a busy machine). */
  loop_delay_p99_ms: number | null
  /** The machine's load average (1 min) at the end of the scenario: above the core count, others took CPU too. */
  load_1m: number
}

export interface BenchReport {
  machine: {
    cpu: string
    cores: number
    memory_gib: number
    node: string
    redis: string
    platform: string
    /** V8's semi-space size (MB) this run had (`--max-semi-space-size`; null: Node's default, 16). */
    semi_space_mb: number | null
    /** Load average (1 min) when the benchmark began: other work on the machine skews the numbers. */
    load_before: number
    load_after: number
  }
  started_at: string
  duration_s: number
  results: ScenarioResult[]
  faq_search: { queries: number; calls: number; per_query_us: number; long_message_us: number }
  agency_lookup: { rows: number; build_ms: number; per_query_us: number }
  /** Free-text routing (intents and entities) per message, and for one 1,000-character message. */
  routing: RoutingBench
  /** The slowest 1,000-character hostile message at any ask step, against a normal answer at that step (medians). */
  hostile_input: { steps: number; worst_step: string; worst_input: string; normal_us: number; worst_us: number; ratio: number }
  /**
   * Content load: `cold_ms` the first load with an empty DATA_DIR/model-cache (the classifiers are trained), then
   * `runs` warm loads that read the trained weights (`median_ms`, `max_ms`); `faq_training_ms` the FAQ matcher's
   * build in the cold load (with its training).
   */
  content_load: { runs: number; cold_ms: number; median_ms: number; max_ms: number; faq_training_ms: number }
  session_memory: { users: number; session_key_bytes: number; per_user_bytes: number; used_memory_per_user_bytes: number }
  /** The embedded store with 100,000 users (2,000 in a quick run): stalls, deletion, reopen, memory. */
  embedded_scale: EmbeddedScaleResult
  /** Open web chat pages (WebSockets) at a human pace: reply time and memory per connection (src/bench/web.ts). */
  web_chat: WebBenchResult
  /** The officer dashboard's query over a year of counters with 10,000 leads and 100,000 messages (src/bench/dashboard.ts). */
  dashboard: DashboardBenchResult
}

export interface BenchOptions {
  contentOptions: LoadOptions
  /** Seconds measured per scenario (after a warm-up). Default 3. */
  seconds?: number
  /** Only 1 and 100 users, 1 s each: a smoke run for tests. */
  quick?: boolean
  onProgress?: (line: string) => void
}

interface Target {
  kind: 'embedded' | 'redis'
  open(): Promise<Store>
}

export async function runBenchmark(options: BenchOptions): Promise<BenchReport> {
  const t0 = performance.now()
  const progress = options.onProgress ?? (() => undefined)
  const seconds = options.quick ? 0.5 : (options.seconds ?? 3)
  const loadBefore = os.loadavg()[0]!

  progress('content load: cold (training), then warm (trained weights from the cache folder)')
  const loads: number[] = []
  let bundle: Bundle | undefined
  let coldMs = 0
  let faqTrainingMs = 0
  const modelCacheDir = mkdtempSync(join(os.tmpdir(), 'ma-bench-models-'))
  {
    for (let i = 0; i < (options.quick ? 2 : 5); i++) {
      const started = performance.now()
      const result = loadBundle({ ...options.contentOptions, modelCacheDir })
      const ms = performance.now() - started
      if (!result.bundle) throw new Error('content has errors; run `npm run validate` first')
      if (i === 0) {
        coldMs = ms
        faqTrainingMs = result.bundle.faq.index.trainMs
      } else loads.push(ms)
      bundle = result.bundle
    }
  }
  const content = bundle!
  loads.sort((a, b) => a - b)

  progress('FAQ search')
  const queries = evalQueries(content)
  const faq = benchFaqSearch(content.faq.index, queries, options.quick ? 1 : 5)
  // A 1,000-character message (chatty, several sentences): the matcher's cost is bounded by its length.
  const long = benchFaqSearch(content.faq.index, [queries.join('. ').slice(0, 1_000)], options.quick ? 20 : 200)
  progress('routing')
  const routing = benchRouting(content, options.quick ? 1 : 5)
  progress('agency lookup')
  const agency = benchAgencyLookup(options.quick ? 2_000 : 20_000)
  progress('hostile input per ask step')
  const hostile = measureHostile(withFictionalRegistry(content, options.quick ? 2_000 : 20_000), options.quick ? 1 : 9)
  const worstHostile = hostile.reduce((a, b) => (b.worst_us > a.worst_us ? b : a))

  // ENGINE_WORKERS=2 for the "engine workers" rows: they load the content as a process does (weights from the cache).
  const engineWorkers = options.quick ? 0 : 2
  progress(engineWorkers ? `starting ${engineWorkers} engine worker threads` : 'no engine workers in a quick run')
  const pool = engineWorkers ? await EnginePool.start({ workers: engineWorkers, loadOptions: () => ({ ...options.contentOptions, modelCacheDir }) }, content) : undefined
  const redis = await startRedis({ appendonly: true, appendfsync: 'everysec' })
  const dataDir = mkdtempSync(join(os.tmpdir(), 'ma-bench-'))
  const admin = new Redis(redis.url)
  try {
    const redisVersion = /redis_version:(\S+)/.exec(await admin.info('server'))?.[1] ?? '?'
    const targets: Target[] = [
      { kind: 'embedded', open: async () => new EmbeddedStore({ dataDir, onWarning: () => undefined }) },
      {
        kind: 'redis',
        open: async () => {
          const store = new RedisStore({ url: redis.url, onWarning: () => undefined })
          await store.ready()
          return store
        },
      },
    ]
    const results: ScenarioResult[] = []
    let run = 0
    for (const target of targets) {
      const store = await target.open()
      const gate = new Gate({ store, bundle: () => content, logger: createLogger('silent'), rateLimit: false })
      const pooledGate = pool ? new Gate({ store, bundle: () => content, logger: createLogger('silent'), rateLimit: false, engine: pool }) : undefined
      const scenario = async (
        users: number,
        mode: RunLoadOptions['mode'],
        script: 'mixed' | 'navigation',
        workers = 0,
      ): Promise<void> => {
        const label = `${mode.kind === 'paced' ? `paced ${mode.rate}/s` : 'closed'}, ${script}, ${users} user${users === 1 ? '' : 's'}${workers ? `, ${workers} engine workers` : ''}`
        progress(`${target.kind}: ${label}`)
        const result = await runLoad({
          gate: workers && pooledGate ? pooledGate : gate,
          users,
          script: script === 'mixed' ? MIXED_SCRIPT : NAVIGATION_SCRIPT,
          durationMs: seconds * 1_000,
          mode,
          userPrefix: `r${++run}-`,
        })
        results.push({
          name: `${target.kind}: ${label}`,
          store: target.kind,
          users,
          mode: mode.kind,
          script,
          engine_workers: workers,
          messages: result.messages,
          messages_per_second: Math.round(result.messagesPerSecond),
          mean_ms: round2(result.meanMs),
          cpu_us_per_message: Math.round(result.cpuMicrosPerMessage),
          p50_ms: round2(result.p50Ms),
          p99_ms: round2(result.p99Ms),
          max_ms: round2(result.maxMs),
          failures: result.failures,
          loop_delay_p99_ms: result.loopDelayP99Ms === null ? null : round2(result.loopDelayP99Ms),
          load_1m: round2(os.loadavg()[0]!),
        })
      }
      for (const users of options.quick ? [1, 100] : [1, 100, 1_000]) await scenario(users, { kind: 'closed' }, 'mixed')
      if (!options.quick) {
        await scenario(1_000, { kind: 'closed' }, 'navigation')
        // 1,000 people in conversation at once, each sending a message a second: a human pace, a busy day.
        await scenario(1_000, { kind: 'paced', rate: 1_000 }, 'mixed')
        if (pool) await scenario(1_000, { kind: 'closed' }, 'mixed', engineWorkers)
      }
      await pooledGate?.drain()
      await store.close()
    }

    progress('officer dashboard: 10,000 leads and 100,000 messages of counters')
    const dashboardStore = new RedisStore({ url: redis.url, keyPrefix: 'bench-dashboard:', onWarning: () => undefined })
    await dashboardStore.ready()
    const memoryStore = new EmbeddedStore({ onWarning: () => undefined })
    const dashboard = await benchDashboard(content, [{ name: 'embedded', store: memoryStore }, { name: 'redis', store: dashboardStore }], { runs: options.quick ? 2 : 7 })
    await Promise.all([dashboardStore.close(), memoryStore.close()])

    progress('session memory in Redis')
    const memory = await sessionMemory(redis.url, admin, content, options.quick ? 100 : 1_000)
    const scale = await benchEmbeddedScale(content, options.quick ? 2_000 : 100_000, progress)
    const pages = options.quick ? 100 : 1_000
    progress(`web chat: ${pages} open WebSockets, a message every 5 s each`)
    const web = await benchWebChat(content, { connections: pages, seconds: options.quick ? 1 : 10, intervalMs: options.quick ? 500 : 5_000 })
    return {
      machine: {
        cpu: os.cpus()[0]?.model ?? '?',
        cores: os.cpus().length,
        memory_gib: Math.round(os.totalmem() / 2 ** 30),
        node: process.version,
        redis: redisVersion,
        platform: `${os.platform()} ${os.release()}`,
        semi_space_mb: semiSpaceMb() ?? null,
        load_before: round2(loadBefore),
        load_after: round2(os.loadavg()[0]!),
      },
      started_at: new Date(Date.now() - (performance.now() - t0)).toISOString(),
      duration_s: Math.round((performance.now() - t0) / 100) / 10,
      results,
      faq_search: { queries: queries.length, calls: faq.calls, per_query_us: round2(faq.perQueryMicros), long_message_us: round2(long.perQueryMicros) },
      agency_lookup: { rows: options.quick ? 2_000 : 20_000, build_ms: agency.buildMs, per_query_us: agency.perLookupMicros },
      routing,
      hostile_input: {
        steps: hostile.length,
        worst_step: worstHostile.site,
        worst_input: worstHostile.worst_input,
        normal_us: Math.round(worstHostile.normal_us),
        worst_us: Math.round(worstHostile.worst_us),
        ratio: round2(Math.max(...hostile.map((h) => h.ratio))),
      },
      content_load: { runs: loads.length, cold_ms: round2(coldMs), median_ms: round2(percentile(loads, 0.5)), max_ms: round2(loads.at(-1)!), faq_training_ms: round2(faqTrainingMs) },
      session_memory: memory,
      embedded_scale: scale,
      web_chat: web,
      dashboard,
    }
  } finally {
    await pool?.close()
    await admin.quit().catch(() => undefined)
    await redis.stop()
    rmSync(dataDir, { recursive: true, force: true })
    rmSync(modelCacheDir, { recursive: true, force: true })
  }
}

/**
 * `users` users each in the middle of the training flow (7 answers given), then: the bytes Redis reports for
 * one session key (`MEMORY USAGE`), for all of one user's keys (session and handled ids), and the growth of
 * `used_memory` per user (which includes Redis's own bookkeeping).
 */
async function sessionMemory(url: string, admin: Redis, content: Bundle, users: number): Promise<BenchReport['session_memory']> {
  await admin.flushall()
  const before = usedMemory(await admin.info('memory'))
  const store = new RedisStore({ url, onWarning: () => undefined })
  await store.ready()
  const gate = new Gate({ store, bundle: () => content, logger: createLogger('silent'), rateLimit: false })
  for (let round = 0; round < 9; round++) {
    await Promise.all(
      Array.from({ length: users }, (_, u) =>
        gate.handle({ channel: 'bench', userId: `mem-${u}`, messageId: `mem-${round}`, text: scriptText(MIXED_SCRIPT[round]!, u), now: Date.now() }),
      ),
    )
  }
  await store.close()
  const after = usedMemory(await admin.info('memory'))
  let sessionBytes = 0
  let userBytes = 0
  const sample = Math.min(users, 200)
  for (let u = 0; u < sample; u++) {
    const tag = `ma:{user:bench:mem-${u}}`
    const [session, handled] = await Promise.all([
      admin.memory('USAGE', `${tag}:session`, 'SAMPLES', 0),
      admin.memory('USAGE', `${tag}:handled`, 'SAMPLES', 0),
    ])
    sessionBytes += Number(session ?? 0)
    userBytes += Number(session ?? 0) + Number(handled ?? 0)
  }
  return {
    users,
    session_key_bytes: Math.round(sessionBytes / sample),
    per_user_bytes: Math.round(userBytes / sample),
    used_memory_per_user_bytes: Math.round((after - before) / users),
  }
}

function usedMemory(info: string): number {
  return Number(/used_memory:(\d+)/.exec(info)?.[1] ?? 0)
}

/** The labelled questions of `npm run eval` when present (a source checkout), else the FAQ's own question variants. */
function evalQueries(content: Bundle): string[] {
  try {
    const items = parse(readFileSync(join('test', 'eval', 'queries.yaml'), 'utf8')) as Array<{ q?: unknown }>
    const queries = items.map((item) => item.q).filter((q): q is string => typeof q === 'string')
    if (queries.length > 0) return queries
  } catch {
    // not a source checkout: fall through
  }
  return content.faq.entries.flatMap((entry) => Object.values(entry.q).flat()).slice(0, 300)
}

function round2(value: number): number {
  return Math.round(value * 100) / 100
}
