/**
 * The Redis turn (`RedisStore.runTurn`) across processes: each store here has its own connection, as a process
 * would. Order among waiting turns, a waiter whose process died, a process that stalled past its lock.
 */
import { Redis } from 'ioredis'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { Session } from '../../src/engine/types.ts'
import { RedisStore } from '../../src/store/redis.ts'
import { StoreUnavailableError, type TurnOutcome } from '../../src/store/types.ts'
import { type RedisServer, startRedis } from '../helpers/redis-server.ts'
import { makeSession } from '../store/contract.ts'

let server: RedisServer
let admin: Redis
const stores: RedisStore[] = []

beforeAll(async () => {
  server = await startRedis()
  admin = new Redis(server.url)
})
afterAll(async () => {
  await Promise.all(stores.map((s) => s.close()))
  await admin?.quit()
  await server?.stop()
})
beforeEach(async () => {
  await admin.flushall()
})

async function openStore(options: { lockTtlMs?: number; waiterTtlMs?: number } = {}): Promise<RedisStore> {
  const store = new RedisStore({ url: server.url, onWarning: () => undefined, ...options })
  await store.ready()
  stores.push(store)
  return store
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void
  const promise = new Promise<void>((r) => {
    resolve = r
  })
  return { promise, resolve }
}

const TTL = { sessionTtlSeconds: 600, handledTtlSeconds: 900 }
const USER = 'telegram:77'
const key = (part: string) => `ma:{user:${USER}}:${part}`

/** Resolves once `count` turns of USER wait in the Redis queue. */
async function waitForQueue(count: number): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if ((await admin.zcard(key('queue'))) >= count) return
    await new Promise((resolve) => setImmediate(resolve))
  }
  throw new Error(`fewer than ${count} waiters queued`)
}

describe('RedisStore.runTurn across processes', () => {
  it('serves turns waiting in different processes oldest message first, and each sees the session before it', async () => {
    const [a, b, c, d] = await Promise.all([openStore(), openStore(), openStore(), openStore()])
    const started = deferred()
    const mayFinish = deferred()
    const ran: string[] = []
    const step = (name: string) => async (session: Session | undefined): Promise<TurnOutcome<string>> => {
      ran.push(`${name}<-${session?.pos?.step ?? 'none'}`)
      return { value: name, commit: { session: makeSession({ pos: { flow: 'f', step: name, answers: {}, tries: 0, history: [] } }) } }
    }
    const holder = a.runTurn(USER, 'm1', async (session) => {
      started.resolve()
      await mayFinish.promise
      return step('m1')(session)
    }, { ...TTL, order: 1_000 })
    await started.promise
    // Arrive in the order m4, m2, m3 while m1 runs; their message times say m2, m3, m4.
    const m4 = b.runTurn(USER, 'm4', step('m4'), { ...TTL, order: 4_000 })
    await waitForQueue(1)
    const m2 = c.runTurn(USER, 'm2', step('m2'), { ...TTL, order: 2_000 })
    await waitForQueue(2)
    const m3 = d.runTurn(USER, 'm3', step('m3'), { ...TTL, order: 3_000 })
    await waitForQueue(3)
    mayFinish.resolve()
    await Promise.all([holder, m2, m3, m4])
    expect(ran).toEqual(['m1<-none', 'm2<-m1', 'm3<-m2', 'm4<-m3'])
    expect(await admin.exists(key('lock'), key('queue'), key('waiting'))).toBe(0)
  })

  it('skips a waiter whose process died (it stopped polling) after its deadline', async () => {
    const store = await openStore({ waiterTtlMs: 50 })
    // A dead process left an older turn in the queue; its deadline has passed.
    await admin.zadd(key('queue'), 1, 'dead-token')
    await admin.zadd(key('waiting'), 1, 'dead-token')
    const result = await store.runTurn(USER, 'm9', async () => ({ value: 'ran', commit: { session: makeSession() } }), { ...TTL, order: 5_000, waitMs: 2_000 })
    expect(result).toEqual({ duplicate: false, value: 'ran' })
    expect(await admin.zcard(key('queue'))).toBe(0)
  })

  it('renews the locks of turns that outlive the lock (several at once, one user and another), so they all commit', async () => {
    const store = await openStore({ lockTtlMs: 90 })
    const other = await openStore({ lockTtlMs: 90 })
    const slow = (value: string) => async (): Promise<TurnOutcome<string>> => {
      // Four lock lives long: without renewal the lock would expire and the commit be refused.
      await new Promise((resolve) => setTimeout(resolve, 360))
      return { value, commit: { session: makeSession({ lang: 'en' }) } }
    }
    const turns = await Promise.all([
      store.runTurn(USER, 'r1', slow('a'), TTL),
      store.runTurn('telegram:78', 'r2', slow('b'), TTL),
      // Waits behind r1 (same user), in another process: it gets the lock only once r1 has committed.
      other.runTurn(USER, 'r3', async (session) => ({ value: session?.lang ?? 'none', commit: { session: makeSession() } }), TTL),
    ])
    expect(turns).toEqual([{ duplicate: false, value: 'a' }, { duplicate: false, value: 'b' }, { duplicate: false, value: 'en' }])
  })

  it('a process that stalled past its lock commits nothing; the redelivery elsewhere is handled exactly once', async () => {
    const slow = await openStore({ lockTtlMs: 60 })
    const other = await openStore({ lockTtlMs: 60 })
    await admin.set(key('session'), JSON.stringify(makeSession()))
    const stalled = deferred()
    const mayWake = deferred()
    const late = slow.runTurn(USER, 'm1', async () => {
      stalled.resolve()
      await mayWake.promise
      return { value: 'late', commit: { session: makeSession({ lang: 'en' }) } }
    }, TTL)
    await stalled.promise
    // The stall: the lock is gone (as when renewals stop) and the redelivered message runs in the other process.
    await admin.del(key('lock'))
    const redelivered = await other.runTurn(USER, 'm1', async (session) => ({ value: session?.lang ?? '', commit: { session: makeSession({ lang: 'id', updatedAt: 42 }) } }), TTL)
    expect(redelivered).toEqual({ duplicate: false, value: 'id' })
    mayWake.resolve()
    await expect(late).rejects.toBeInstanceOf(StoreUnavailableError)
    expect(JSON.parse((await admin.get(key('session')))!)).toMatchObject({ lang: 'id', updatedAt: 42 })
    expect(await other.runTurn(USER, 'm1', async () => ({ value: 'x' }), TTL)).toEqual({ duplicate: true })
  })

  it('keeps handled ids and the session for their time to live, and the per-user keys in one hash slot', async () => {
    const store = await openStore()
    await store.runTurn(USER, 'm1', async () => ({ value: '', commit: { session: makeSession() } }), TTL)
    expect(await admin.ttl(key('handled'))).toBeGreaterThan(890)
    expect(await admin.ttl(key('session'))).toBeGreaterThan(590)
    expect((await admin.keys('*')).sort()).toEqual([key('handled'), key('session')])
    const slots = await Promise.all(['lock', 'queue', 'waiting', 'session', 'handled'].map((p) => admin.call('CLUSTER', 'KEYSLOT', key(p)).catch(() => null)))
    // CLUSTER KEYSLOT answers on a non-cluster server too (Redis 7); all five keys share the user's slot.
    if (slots[0] !== null) expect(new Set(slots).size).toBe(1)
  })

  it('"delete my data" leaves no key of the user: session, handled ids and lock go together', async () => {
    const store = await openStore()
    await store.runTurn(USER, 'm1', async () => ({ value: '', commit: { session: makeSession() } }), TTL)
    expect(await admin.exists(key('session'), key('handled'))).toBe(2)
    await store.runTurn(USER, 'm2', async () => ({ value: '', commit: { session: null } }), TTL)
    expect((await admin.keys('*')).filter((k) => k.includes(USER))).toEqual([])
  })

  it('answers "unavailable" at once while Redis is down and works again when it is back', async () => {
    const store = await openStore()
    await store.runTurn(USER, 'm1', async () => ({ value: '', commit: { session: makeSession() } }), TTL)
    await server.stop()
    try {
      const started = Date.now()
      await expect(store.runTurn(USER, 'm2', async () => ({ value: '' }), TTL)).rejects.toBeInstanceOf(StoreUnavailableError)
      expect(Date.now() - started).toBeLessThan(1_000)
    } finally {
      await server.restart()
    }
    await waitUntilUp(store)
    // No AOF here: the restarted server is empty, the store reconnected by itself.
    expect(await store.runTurn(USER, 'm2', async () => ({ value: 'ok' }), TTL)).toEqual({ duplicate: false, value: 'ok' })
  })
})

async function waitUntilUp(store: RedisStore): Promise<void> {
  for (let i = 0; i < 200; i++) {
    try {
      await store.ping()
      return
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 25))
    }
  }
  throw new Error('the store did not reconnect within 5 s')
}
