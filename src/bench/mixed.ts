/**
 * `npm run bench -- --mixed [--store embedded|redis] [--seconds N] [--profile DIR]`: only the headline scenario
 * of the benchmark (the mixed script, 1,000 users, as fast as replies come) on the embedded store and on Redis,
 * the same gate and load generator as the full run (scenarios.ts), in about ten seconds. For before/after
 * measurements of one change; `--profile DIR` writes a V8 CPU profile of each measured run (not of the content
 * load) to DIR/<store>.cpuprofile, for `tsx scripts/cpuprofile-top.ts FILE`.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { Session } from 'node:inspector/promises'
import os from 'node:os'
import { join } from 'node:path'
import { loadBundle, type LoadOptions } from '../content/load.ts'
import { Gate } from '../gate/gate.ts'
import { createLogger } from '../logger.ts'
import { startRedis } from '../ops/redis-process.ts'
import { semiSpaceMb } from '../ops/young-generation.ts'
import { EmbeddedStore } from '../store/embedded.ts'
import { RedisStore } from '../store/redis.ts'
import type { Store } from '../store/types.ts'
import { MIXED_SCRIPT, runLoad } from './load.ts'

export interface MixedOptions {
  contentOptions: LoadOptions
  stores: ReadonlyArray<'embedded' | 'redis'>
  seconds: number
  users?: number
  profileDir?: string
  onProgress?: (line: string) => void
}

export interface MixedResult {
  store: 'embedded' | 'redis'
  users: number
  messages_per_second: number
  cpu_us_per_message: number
  mean_ms: number
  p99_ms: number
  p99_over_mean: number
  failures: number
  load_1m: number
  /** V8's semi-space size (MB) of the run (`--max-semi-space-size`; null: Node's default, 16). */
  semi_space_mb: number | null
}

export async function runMixedOnly(options: MixedOptions): Promise<MixedResult[]> {
  const progress = options.onProgress ?? (() => undefined)
  const users = options.users ?? 1_000
  const loaded = loadBundle(options.contentOptions)
  if (!loaded.bundle) throw new Error('content has errors; run `npm run validate` first')
  const content = loaded.bundle
  const results: MixedResult[] = []
  const session = options.profileDir ? new Session() : undefined
  session?.connect()
  for (const kind of options.stores) {
    const redis = kind === 'redis' ? await startRedis({ appendonly: true, appendfsync: 'everysec' }) : undefined
    const dataDir = mkdtempSync(join(os.tmpdir(), 'ma-bench-mixed-'))
    try {
      let store: Store
      if (redis) {
        const redisStore = new RedisStore({ url: redis.url, onWarning: () => undefined })
        await redisStore.ready()
        store = redisStore
      } else store = new EmbeddedStore({ dataDir, onWarning: () => undefined })
      const gate = new Gate({ store, bundle: () => content, logger: createLogger('silent'), rateLimit: false })
      progress(`${kind}: closed, mixed, ${users} users, ${options.seconds} s`)
      if (session) {
        await session.post('Profiler.enable')
        await session.post('Profiler.setSamplingInterval', { interval: 100 })
        await session.post('Profiler.start')
      }
      const result = await runLoad({ gate, users, script: MIXED_SCRIPT, durationMs: options.seconds * 1_000, mode: { kind: 'closed' }, userPrefix: `m-${kind}-` })
      if (session && options.profileDir) {
        const { profile } = await session.post('Profiler.stop')
        const file = join(options.profileDir, `${kind}.cpuprofile`)
        writeFileSync(file, JSON.stringify(profile))
        progress(`profile: ${file}`)
      }
      await store.close()
      results.push({
        store: kind,
        users,
        messages_per_second: Math.round(result.messagesPerSecond),
        cpu_us_per_message: Math.round(result.cpuMicrosPerMessage),
        mean_ms: Math.round(result.meanMs * 100) / 100,
        p99_ms: Math.round(result.p99Ms * 100) / 100,
        p99_over_mean: result.meanMs ? Math.round((result.p99Ms / result.meanMs) * 100) / 100 : 0,
        failures: result.failures,
        load_1m: Math.round(os.loadavg()[0]! * 100) / 100,
        semi_space_mb: semiSpaceMb() ?? null,
      })
    } finally {
      await redis?.stop()
      rmSync(dataDir, { recursive: true, force: true })
    }
  }
  session?.disconnect()
  return results
}
