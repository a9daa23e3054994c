import { describe, expect, it } from 'vitest'
import type { Bundle } from '../../src/content/bundle.ts'
import { Gate } from '../../src/gate/gate.ts'
import type { Inbound, Lead } from '../../src/engine/types.ts'
import { createLogger } from '../../src/logger.ts'
import { EmbeddedStore } from '../../src/store/embedded.ts'
import { StoreUnavailableError } from '../../src/store/types.ts'
import { realBundle } from '../helpers/bundle.ts'

let n = 0
const msg = (text: string, extra: Partial<Inbound> = {}): Inbound => ({
  channel: 'terminal',
  userId: 'u1',
  messageId: `m${++n}`,
  text,
  now: Date.parse('2026-11-22T03:00:00Z') + n * 1000,
  ...extra,
})

/** An embedded store whose lead writes fail while `failLeads` is set. */
class FlakyStore extends EmbeddedStore {
  failLeads = false
  override async upsertLead(lead: Lead): Promise<void> {
    if (this.failLeads) throw new StoreUnavailableError('disk full (test)')
    return super.upsertLead(lead)
  }
}

const TRAINING = ['halo', '4', 'ya', 'Ani', '081234567890', '25', 'jawa timur', 'surabaya', 'smk', '1', 'jepang']

describe('gate', () => {
  it('drops a duplicate message id without a second reply or a second state change', async () => {
    const gate = new Gate({ store: new EmbeddedStore({}), bundle: realBundle, logger: createLogger('silent'), rateLimit: false })
    const first = msg('halo')
    expect((await gate.handle(first)).length).toBeGreaterThan(0)
    expect(await gate.handle({ ...first })).toEqual([])
  })

  it('stores the lead before confirming; when the write fails the user is asked to retry and no answer is lost', async () => {
    const store = new FlakyStore({})
    const gate = new Gate({ store, bundle: realBundle, logger: createLogger('silent'), rateLimit: false })
    for (const text of TRAINING) await gate.handle(msg(text))
    store.failLeads = true
    const failed = await gate.handle(msg('benar'))
    expect(failed.map((r) => r.key)).toEqual(['store.failed'])
    expect(await store.listLeads()).toHaveLength(0)
    const session = await store.getSession('terminal:u1')
    expect(session?.pos?.step).toBe('summary')
    expect(session?.pos?.answers.name).toBe('Ani')
    store.failLeads = false
    const ok = await gate.handle(msg('benar'))
    expect(ok.some((r) => r.key === 'training.done')).toBe(true)
    const leads = await store.listLeads()
    expect(leads).toHaveLength(1)
    expect(leads[0]).toMatchObject({ name: 'Ani', phone: '+6281234567890', age: 25, interests: ['welding'], destination: 'japan' })
    expect(ok.find((r) => r.key === 'training.done')!.text).toContain(leads[0]!.ref)
  })

  it('a repeated submission by the same person updates the lead instead of adding one', async () => {
    const store = new EmbeddedStore({})
    const gate = new Gate({ store, bundle: realBundle, logger: createLogger('silent'), rateLimit: false })
    for (const text of [...TRAINING, 'benar']) await gate.handle(msg(text))
    for (const text of [...TRAINING.slice(1), 'benar']) await gate.handle(msg(text))
    expect(await store.listLeads()).toHaveLength(1)
  })

  it('answers "busy" when the store is down and an apology with contacts on an internal error', async () => {
    const store = new EmbeddedStore({})
    const down = new Gate({
      store: Object.assign(Object.create(store) as EmbeddedStore, {
        runTurn: async () => {
          throw new StoreUnavailableError('redis down (test)')
        },
      }),
      bundle: realBundle,
      logger: createLogger('silent'),
      rateLimit: false,
    })
    expect((await down.handle(msg('halo'))).map((r) => r.key)).toEqual(['error.busy'])

    const broken = new Gate({
      store,
      bundle: () => ({ ...realBundle(), flows: new Map() }) as Bundle,
      logger: createLogger('silent'),
      rateLimit: false,
    })
    const replies = await broken.handle(msg('halo'))
    expect(replies.map((r) => r.key)).toEqual(['error.internal'])
    expect(replies[0]!.text).toContain('0800-1000')
  })

  it('rate-limits a flooding user with one notice and leaves other users alone', async () => {
    let now = 0
    const gate = new Gate({
      store: new EmbeddedStore({}),
      bundle: realBundle,
      logger: createLogger('silent'),
      rateLimit: { perMinute: 30, burst: 5, now: () => now },
    })
    const keys: (string | undefined)[] = []
    for (let i = 0; i < 50; i++) {
      const replies = await gate.handle(msg('halo', { userId: 'flooder' }))
      keys.push(...replies.map((r) => r.key).filter((k) => k === 'error.rate_limited'))
    }
    expect(keys).toHaveLength(1)
    expect((await gate.handle(msg('halo', { userId: 'someone-else' }))).some((r) => r.key === 'menu.prompt')).toBe(true)
    now += 60_000
    expect((await gate.handle(msg('halo', { userId: 'flooder' }))).some((r) => r.key === 'menu.prompt')).toBe(true)
  })
})
