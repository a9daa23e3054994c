import { Redis } from 'ioredis'
import { afterEach, describe, expect, it } from 'vitest'
import { readiness, type OpsRoutesOptions } from '../../src/ops/health.ts'
import { createStore } from '../../src/store/index.ts'
import { evictionProblem } from '../../src/store/redis-policy.ts'
import { failFastRedisOptions, RedisStore } from '../../src/store/redis.ts'
import { StoreUnavailableError } from '../../src/store/types.ts'
import { realBundle } from '../helpers/bundle.ts'
import { startRedis, type RedisServer } from '../helpers/redis-server.ts'

const servers: RedisServer[] = []
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.stop()))
})
async function redisWith(...extraArgs: string[]): Promise<RedisServer> {
  const server = await startRedis({ extraArgs })
  servers.push(server)
  return server
}

function readyOptions(store: RedisStore): OpsRoutesOptions {
  return {
    store,
    content: { current: realBundle() },
    draining: () => false,
    channels: () => [],
    metrics: {} as OpsRoutesOptions['metrics'],
  }
}

describe('Redis maxmemory-policy check', () => {
  it('refuses to start on allkeys-lru, naming maxmemory-policy and the fix noeviction', async () => {
    const redis = await redisWith('--maxmemory-policy', 'allkeys-lru', '--maxmemory', '64mb')
    const failure = await createStore({ redisUrl: redis.url, dataDir: '/nonexistent' }).catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(StoreUnavailableError)
    expect((failure as Error).message).toMatch(/maxmemory-policy allkeys-lru/)
    expect((failure as Error).message).toMatch(/Set maxmemory-policy noeviction/)
    expect((failure as Error).message).toMatch(/leads/)
  })

  it('reads the policy from INFO memory when CONFIG is disabled (managed Redis), and refuses volatile-lru too', async () => {
    const redis = await redisWith('--maxmemory-policy', 'volatile-lru', '--rename-command', 'CONFIG', '')
    const failure = await createStore({ redisUrl: redis.url, dataDir: '/nonexistent' }).catch((error: unknown) => error)
    expect((failure as Error).message).toMatch(/maxmemory-policy volatile-lru: .*handled twice.*noeviction/)
  })

  it('/readyz reports not ready with the explanation when the policy is changed while running', async () => {
    const redis = await redisWith()
    const store = new RedisStore({ url: redis.url, policyCheckIntervalMs: 0 })
    const admin = new Redis(redis.url)
    try {
      await store.ready()
      expect((await readiness(readyOptions(store))).store).toEqual({ ok: true, kind: 'redis', latencyMs: expect.any(Number) })
      await admin.config('SET', 'maxmemory-policy', 'allkeys-lru')
      const state = await readiness(readyOptions(store))
      expect(state.ready).toBe(false)
      expect(state.store.error).toMatch(/maxmemory-policy allkeys-lru.*noeviction/)
      await admin.config('SET', 'maxmemory-policy', 'noeviction')
      expect((await readiness(readyOptions(store))).ready).toBe(true)
    } finally {
      admin.disconnect()
      await store.close()
    }
  })

  it('starts with a clear warning when neither CONFIG nor INFO tells the policy', async () => {
    const redis = await redisWith('--rename-command', 'CONFIG', '', '--rename-command', 'INFO', '')
    const warnings: string[] = []
    // ioredis itself needs INFO for its ready check; a client for such a server turns that off.
    const client = new Redis(redis.url, { ...failFastRedisOptions(), enableReadyCheck: false })
    const store = new RedisStore({ redis: client, ownsClient: true, onWarning: (w) => warnings.push(w) })
    await store.ready()
    await store.ping()
    await store.close()
    expect(warnings.join('\n')).toMatch(/Could not read the maxmemory-policy .*Make sure it is noeviction/)
  })

  it('accepts only noeviction', () => {
    expect(evictionProblem('noeviction', 'x')).toBeUndefined()
    for (const policy of ['allkeys-lru', 'allkeys-lfu', 'allkeys-random', 'volatile-lru', 'volatile-lfu', 'volatile-random', 'volatile-ttl']) {
      expect(evictionProblem(policy, 'x')).toMatch(new RegExp(`maxmemory-policy ${policy}:`))
    }
  })
})
