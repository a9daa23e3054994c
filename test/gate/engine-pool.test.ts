/**
 * The engine in worker threads (ENGINE_WORKERS, src/gate/engine-pool.ts): users sharded by id, each user's turns in
 * order, and the same replies and stored leads as the engine in the main thread; a worker whose content
 * is not the served version hands its turns back to the main thread.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MIXED_SCRIPT, scriptText } from '../../src/bench/load.ts'
import type { Bundle } from '../../src/content/bundle.ts'
import { loadBundle, type LoadOptions } from '../../src/content/load.ts'
import { ACTION_SPECS } from '../../src/engine/actions.ts'
import type { Reply } from '../../src/engine/types.ts'
import { EnginePool, shardOf } from '../../src/gate/engine-pool.ts'
import { Gate } from '../../src/gate/gate.ts'
import { createLogger } from '../../src/logger.ts'
import { EmbeddedStore } from '../../src/store/embedded.ts'

const T0 = Date.UTC(2026, 11, 3, 3, 0, 0)
let dir: string
let options: LoadOptions
let bundle: Bundle
let pool: EnginePool

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ma-engine-pool-'))
  options = { flowsDir: resolve('flows'), contentDir: resolve('content'), actions: ACTION_SPECS, modelCacheDir: join(dir, 'model-cache') }
  const loaded = loadBundle(options)
  if (!loaded.bundle) throw new Error('content does not load')
  bundle = loaded.bundle
  pool = await EnginePool.start({ workers: 2, loadOptions: () => options }, bundle)
}, 240_000) // content loads in three threads at once on a shared 2-core machine: a cap, not a timing
afterAll(async () => {
  await pool?.close()
  rmSync(dir, { recursive: true, force: true })
})

/** Every user says the mixed script (16 messages, a lead stored) twice, all users at once; replies per user. */
async function converse(gate: Gate, users: number): Promise<string[][]> {
  return Promise.all(
    Array.from({ length: users }, async (_, u) => {
      const said: string[] = []
      for (let i = 0; i < MIXED_SCRIPT.length * 2; i++) {
        const text = scriptText(MIXED_SCRIPT[i % MIXED_SCRIPT.length]!, u)
        const replies: Reply[] = await gate.handle({ channel: 'test', userId: `u${u}`, messageId: `m${u}-${i}`, text, now: T0 + i * 60_000 })
        said.push(replies.map((r) => `${r.key ?? ''}|${r.text}|${(r.choices ?? []).map((c) => c.label).join(',')}`).join(' / '))
      }
      return said
    }),
  )
}

describe('engine worker threads', () => {
  it('shard a user always to the same worker, and users over all workers', () => {
    expect(shardOf('telegram:42', 3)).toBe(shardOf('telegram:42', 3))
    const used = new Set(Array.from({ length: 100 }, (_, i) => shardOf(`telegram:${i}`, 3)))
    expect([...used].sort()).toEqual([0, 1, 2])
  })

  it('answer every user in order with the same replies, sessions and leads as the main thread', async () => {
    expect(pool.ready(bundle.version)).toBe(2)
    const alone = new EmbeddedStore({})
    const pooled = new EmbeddedStore({})
    const expected = await converse(new Gate({ store: alone, bundle: () => bundle, logger: createLogger('silent'), rateLimit: false, stats: false }), 20)
    const before = pool.counts.worker
    const got = await converse(new Gate({ store: pooled, bundle: () => bundle, logger: createLogger('silent'), rateLimit: false, stats: false, engine: pool }), 20)
    expect(got).toEqual(expected)
    // Every turn ran in a worker (none fell back to the main thread).
    expect(pool.counts.worker - before).toBe(20 * MIXED_SCRIPT.length * 2)
    const leads = async (store: EmbeddedStore) => (await store.listLeads()).map(({ createdAt: _c, updatedAt: _u, ...lead }) => lead).sort((a, b) => a.userKey.localeCompare(b.userKey))
    expect(await leads(pooled)).toEqual(await leads(alone))
    expect((await leads(pooled)).length).toBe(20)
    await Promise.all([alone.close(), pooled.close()])
  }, 240_000)

  it('a worker with other content hands the turn back: the main thread answers with the served content', async () => {
    // The served content is "newer" than the workers' (as during a reload): the main thread answers, and the
    // workers are asked to load the served content's folders again.
    const newer: Bundle = { ...bundle, version: `${bundle.version}-newer` }
    const store = new EmbeddedStore({})
    const before = { ...pool.counts }
    const replies = await new Gate({ store, bundle: () => newer, logger: createLogger('silent'), rateLimit: false, stats: false, engine: pool }).handle({
      channel: 'test',
      userId: 'reload',
      messageId: 'r1',
      text: 'halo',
      now: T0,
    })
    expect(replies.map((r) => r.key)).toEqual(['menu.greeting', 'menu.prompt'])
    expect(pool.counts.main - before.main).toBe(1)
    expect(pool.counts.worker - before.worker).toBe(0)
    await store.close()
  }, 60_000)
})
