/**
 * The per-user rate limit with several instances (issue 17): on Redis the budget is the store's, so a user's burst
 * split between two instances behind a load balancer is limited once (one notice, in the user's language), and a
 * crisis message still gets through. The embedded store keeps its limit in the process (one process per folder).
 * The window is long (4 messages per 4 minutes) so that no part of the test depends on how fast it runs.
 */
import { Redis } from 'ioredis'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { Reply } from '../../src/engine/types.ts'
import { Gate } from '../../src/gate/gate.ts'
import { createLogger } from '../../src/logger.ts'
import { EmbeddedStore } from '../../src/store/embedded.ts'
import { RedisStore } from '../../src/store/redis.ts'
import type { Store } from '../../src/store/types.ts'
import { realBundle } from '../helpers/bundle.ts'
import { type RedisServer, startRedis } from '../helpers/redis-server.ts'

const LIMIT = { perMinute: 1, burst: 4 }

let redis: RedisServer
let admin: Redis
const stores: Store[] = []

beforeAll(async () => {
  redis = await startRedis()
  admin = new Redis(redis.url)
})
afterAll(async () => {
  await Promise.all(stores.map((store) => store.close()))
  await admin?.quit()
  await redis?.stop()
})
beforeEach(async () => {
  await admin.flushall()
})

async function instance(store: Store): Promise<Gate> {
  stores.push(store)
  if (store instanceof RedisStore) await store.ready()
  return new Gate({ store, bundle: realBundle, logger: createLogger('silent'), rateLimit: LIMIT })
}

let sequence = 0
/** One user's messages, alternately to each instance (a load balancer's round robin). */
async function burst(gates: Gate[], userId: string, texts: string[]): Promise<Reply[][]> {
  const answers: Reply[][] = []
  for (const [i, text] of texts.entries()) {
    answers.push(await gates[i % gates.length]!.handle({ channel: 'telegram', userId, messageId: `m${++sequence}`, text, now: Date.now() }))
  }
  return answers
}

const keys = (answers: Reply[][]): string[][] => answers.map((replies) => replies.map((reply) => reply.key ?? 'text'))
const answered = (answers: Reply[][]): number => answers.filter((replies) => replies.length > 0 && !replies.some((r) => r.key === 'error.rate_limited')).length

describe('shared rate limit', () => {
  it('on one Redis, a burst split between two instances is limited once: one budget, one notice, then silence', async () => {
    const gates = [await instance(new RedisStore({ url: redis.url })), await instance(new RedisStore({ url: redis.url }))]
    const answers = await burst(gates, 'flood', ['halo', '1', 'menu', '2', 'menu', '3', 'menu', '4', 'menu', '5'])
    expect(answered(answers)).toBe(LIMIT.burst)
    expect(keys(answers).slice(LIMIT.burst)).toEqual([['error.rate_limited'], [], [], [], [], []])
    // The budget lives in Redis, in the user's hash slot.
    expect(await admin.get('ma:{user:telegram:flood}:rate')).toBe('10')
    // Another user has a budget of their own.
    expect(answered(await burst(gates, 'calm', ['halo', 'menu']))).toBe(2)
  })

  it('lets a crisis message through over the shared limit, and the notice is in the user\'s language', async () => {
    const gates = [await instance(new RedisStore({ url: redis.url })), await instance(new RedisStore({ url: redis.url }))]
    const answers = await burst(gates, 'en1', ['hello, what are the requirements to work in japan?', 'ok', 'ok', 'ok', 'ok', 'ok'])
    const notice = answers.flat().find((reply) => reply.key === 'error.rate_limited')
    expect(notice?.text).toMatch(/too fast/)
    const crisis = await burst(gates, 'en1', ['sy dipukul majikan'])
    expect(crisis[0]!.map((reply) => reply.key)).toContain('crisis.intro.violence')
    expect(await burst(gates, 'en1', ['ok'])).toEqual([[]])
  })

  it('the embedded store keeps the limit in its process (two separate processes would each allow the burst)', async () => {
    const gates = [await instance(new EmbeddedStore({})), await instance(new EmbeddedStore({}))]
    const answers = await burst(gates, 'flood', ['halo', 'menu', 'menu', 'menu', 'menu', 'menu', 'menu', 'menu', 'menu', 'menu', 'menu', 'menu'])
    expect(answered(answers)).toBe(2 * LIMIT.burst)
  })
})
