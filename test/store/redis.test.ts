import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { createStore } from '../../src/store/index.ts'
import { RedisStore } from '../../src/store/redis.ts'
import { StoreUnavailableError, UserLockTimeoutError } from '../../src/store/types.ts'
import { type RedisServer, startRedis } from '../helpers/redis-server.ts'
import { makeLead, makeReport, makeSession, runStoreContract } from './contract.ts'

let server: RedisServer
let admin: Redis

beforeAll(async () => {
  server = await startRedis()
  admin = new Redis(server.url)
})
afterAll(async () => {
  await admin?.quit()
  await server?.stop()
})

const keyOf = {
  session: (userKey: string) => `ma:{user:${userKey}}:session`,
  seen: (key: string) => `ma:seen:${key}`,
  lease: (name: string) => `ma:lease:${name}`,
}

runStoreContract('RedisStore', async () => {
  await admin.flushall()
  const now = Date.parse('2025-03-10T00:00:00.000Z')
  const store = new RedisStore({ url: server.url, now: () => now })
  await store.ready()
  return {
    store,
    now: () => now,
    time: { kind: 'pttl', pttl: (what, key) => admin.pttl(keyOf[what](key)) },
    close: () => store.close(),
  }
})

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void
  const promise = new Promise<void>((r) => {
    resolve = r
  })
  return { promise, resolve }
}

/** Settles like `promise`, or rejects with a different error when it is still pending after 2 s. */
function within2s<T>(promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('still pending after 2 s')), 2_000)
  })
  return Promise.race([promise, late]).finally(() => clearTimeout(timer))
}

/** A port on which nothing listens. */
async function closedPort(): Promise<number> {
  const probe = net.createServer()
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve))
  const port = (probe.address() as net.AddressInfo).port
  await new Promise((resolve) => probe.close(resolve))
  return port
}

describe('RedisStore', () => {
  it('keeps a user\'s keys in one hash slot ({user:…}) and leads in one hash', async () => {
    await admin.flushall()
    const store = new RedisStore({ url: server.url })
    await store.ready()
    await store.setSession('telegram:1001', makeSession(), 60)
    await store.upsertLead(makeLead())
    await store.addReport(makeReport())
    await store.recordUnanswered('q', 'id', new Date().toISOString(), 'telegram:1001')
    await store.kvSet('wa:creds', '{}')
    expect((await admin.keys('*')).sort()).toEqual([
      'ma:kv:wa:creds',
      'ma:leads',
      'ma:reports',
      'ma:{unanswered}:meta',
      'ma:{unanswered}:rank',
      'ma:{unanswered}:users',
      'ma:{user:telegram:1001}:leads',
      'ma:{user:telegram:1001}:reports',
      'ma:{user:telegram:1001}:session',
      'ma:{user:telegram:1001}:unanswered',
    ])
    await store.close()

    const prefixed = new RedisStore({ url: server.url, keyPrefix: 'test:' })
    await prefixed.ready()
    await prefixed.kvSet('k', 'v')
    expect(await admin.get('test:kv:k')).toBe('v')
    await prefixed.close()
    expect(() => new RedisStore({ url: server.url, keyPrefix: '{ma}:' })).toThrow(RangeError)
  })

  it('lets two stores on two connections take turns on one user\'s lock', async () => {
    await admin.flushall()
    const a = new RedisStore({ url: server.url })
    const b = new RedisStore({ url: server.url })
    await Promise.all([a.ready(), b.ready()])
    let active = 0
    let maxActive = 0
    const increment = (store: RedisStore): Promise<void> =>
      store.withUserLock('telegram:shared', async () => {
        active++
        maxActive = Math.max(maxActive, active)
        const value = Number((await admin.get('test:counter')) ?? 0)
        await new Promise((resolve) => setTimeout(resolve, 2))
        await admin.set('test:counter', String(value + 1))
        active--
      })
    await Promise.all(Array.from({ length: 20 }, (_, i) => increment(i % 2 === 0 ? a : b)))
    expect(maxActive).toBe(1)
    expect(await admin.get('test:counter')).toBe('20')
    expect(await admin.exists('ma:{user:telegram:shared}:lock')).toBe(0)
    await Promise.all([a.close(), b.close()])
  })

  it('renews the lock while fn runs longer than the lock TTL', async () => {
    await admin.flushall()
    const a = new RedisStore({ url: server.url, lockTtlMs: 150 })
    const b = new RedisStore({ url: server.url, lockTtlMs: 150 })
    await Promise.all([a.ready(), b.ready()])
    const started = deferred()
    const mayFinish = deferred()
    const slow = a.withUserLock('telegram:1', async () => {
      started.resolve()
      await mayFinish.promise
    })
    await started.promise
    // Three lock lifetimes pass while `a` holds it; without renewal `b` would get it.
    await expect(b.withUserLock('telegram:1', async () => 'b', 450)).rejects.toBeInstanceOf(UserLockTimeoutError)
    expect(await admin.pttl('ma:{user:telegram:1}:lock')).toBeGreaterThan(0)
    mayFinish.resolve()
    await slow
    expect(await b.withUserLock('telegram:1', async () => 'b', 1_000)).toBe('b')
    await Promise.all([a.close(), b.close()])
  })

  it('never deletes a lock that another holder took over', async () => {
    await admin.flushall()
    const store = new RedisStore({ url: server.url })
    await store.ready()
    await store.withUserLock('telegram:1', async () => {
      await admin.set('ma:{user:telegram:1}:lock', 'someone-else')
    })
    expect(await admin.get('ma:{user:telegram:1}:lock')).toBe('someone-else')
    await store.close()
  })

  it('fails fast with StoreUnavailableError while Redis is down, and the same store recovers when it is back', async () => {
    const own = await startRedis({ appendonly: true })
    const warnings: string[] = []
    const store = new RedisStore({ url: own.url, onWarning: (message) => warnings.push(message) })
    try {
      await store.ready()
      await store.upsertLead(makeLead())
      await own.stop()

      const calls: Array<() => Promise<unknown>> = [
        () => store.getSession('telegram:1'),
        () => store.setSession('telegram:1', makeSession(), 60),
        () => store.markSeen('m', 60),
        () => store.upsertLead(makeLead({ id: 'lead-2' })),
        () => store.withUserLock('telegram:1', async () => 'never'),
        () => store.kvSet('k', 'v'),
        () => store.ping(),
      ]
      for (const call of calls) {
        const error = await within2s(call()).catch((e: unknown) => e)
        expect(error).toBeInstanceOf(StoreUnavailableError)
        expect((error as Error).message).toMatch(
          new RegExp(`^Redis at 127\\.0\\.0\\.1:${own.port} is unreachable: .+\\. Check that redis-server runs and REDIS_URL is right\\.$`),
        )
      }
      // The socket's close event may reach the client a moment after the calls have already failed fast.
      await vi.waitFor(() => expect(warnings.join('\n')).toMatch(/Lost the connection to Redis/), { timeout: 5_000, interval: 20 })

      await own.restart()
      await vi.waitFor(() => store.ping(), { timeout: 10_000, interval: 50 })
      expect(await store.listLeads()).toEqual([makeLead()])
      await store.upsertLead(makeLead({ id: 'lead-2' }))
      expect((await store.listLeads()).map((lead) => lead.id)).toEqual(['lead-1', 'lead-2'])
      expect(warnings.join('\n')).toMatch(/Connected to Redis at 127\.0\.0\.1:\d+ again/)
    } finally {
      await store.close()
      await own.stop()
    }
  })
})

describe('createStore', () => {
  it('opens Redis for a URL and the embedded store without one', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ma-create-'))
    try {
      const redis = await createStore({ redisUrl: server.url, dataDir })
      expect(redis.kind).toBe('redis')
      await redis.close()
      const embedded = await createStore({ redisUrl: '', dataDir })
      expect(embedded.kind).toBe('embedded')
      await embedded.close()
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true })
    }
  })

  it('stops the start with a clear error, without the password, when Redis is unreachable', async () => {
    const port = await closedPort()
    const error = await createStore({ redisUrl: `redis://:s3cret-pw@127.0.0.1:${port}`, dataDir: os.tmpdir() }).catch(
      (e: unknown) => e,
    )
    expect(error).toBeInstanceOf(StoreUnavailableError)
    expect((error as Error).message).toMatch(new RegExp(`^Redis at 127\\.0\\.0\\.1:${port} is unreachable: .*ECONNREFUSED`))
    expect((error as Error).message).not.toContain('s3cret-pw')
  })

  it('refuses a URL that is not a Redis URL', async () => {
    await expect(createStore({ redisUrl: 'http://example.test', dataDir: os.tmpdir() })).rejects.toThrow(/redis:\/\//)
  })
})
