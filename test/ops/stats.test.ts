/**
 * Dashboard counters from conversations driven through the gate: a lead, FAQ fallbacks, an emergency and an
 * agency check become per-day counts in the store, without personal data.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { Gate } from '../../src/gate/gate.ts'
import type { Inbound } from '../../src/engine/types.ts'
import { createLogger } from '../../src/logger.ts'
import { handoffStats, StatsBuffer, turnCounts } from '../../src/ops/stats.ts'
import { MemoryStoreFake } from '../helpers/memory-store-fake.ts'
import { EmbeddedStore } from '../../src/store/embedded.ts'
import { realBundle } from '../helpers/bundle.ts'

const T0 = Date.parse('2026-11-22T03:00:00Z')
let n = 0
const msg = (text: string, userId: string, at = T0 + n * 1000): Inbound => ({ channel: 'terminal', userId, messageId: `m${++n}`, text, now: at })

const TRAINING = ['halo', '4', 'ya', 'Ani', '081234567890', '25', 'jawa timur', 'surabaya', 'smk', '1', 'jepang', 'benar']

/** Handoff counts are written without waiting (best effort): let the store settle. */
const settled = () => new Promise((resolve) => setImmediate(resolve))

describe('dashboard counters from the gate', () => {
  it('count messages, conversations, a lead, FAQ fallbacks, an emergency and an agency check', async () => {
    const store = new EmbeddedStore({})
    const gate = new Gate({ store, bundle: realBundle, logger: createLogger('silent'), rateLimit: false })
    for (const text of TRAINING) await gate.handle(msg(text, 'lead'))
    expect((await gate.handle(msg('qwerty zxcv blorf snarg', 'faq'))).map((r) => r.key)).toContain('faq.fallback')
    expect((await gate.handle(msg('tolong', 'sos'))).map((r) => r.key)).toContain('emergency.text')
    for (const text of ['menu', '2', 'PT Contoh Fiktif']) await gate.handle(msg(text, 'agency'))
    // The same user back after an hour: a second conversation.
    await gate.handle(msg('halo', 'faq', T0 + 3_600_000))
    await gate.flushStats()

    const days = await store.readStats('2026-11-22', '2026-11-22')
    const day = days['2026-11-22']!
    expect(day).toMatchObject({
      'msg:terminal': TRAINING.length + 1 + 1 + 3 + 1,
      'conv:terminal': 5,
      lead: 1,
      'lead:province:Jawa Timur': 1,
      'lead:interest:welding': 1,
      'lead:destination:japan': 1,
      'flow:training:started': 1,
      'flow:training:completed': 1,
      'step:training:ask_name': 1,
      'step:training:summary': 1,
      'faq:fallback': 1,
      'emergency:danger': 1,
      'agency:no_registry': 1,
    })
    // Nothing personal: not the name, not the phone number, not the free text.
    const names = Object.keys(day).join('\n')
    expect(names).not.toMatch(/Ani|0812|6281|qwerty|Contoh/)
  })

  it('count nothing for a duplicate, and nothing when turned off', async () => {
    const store = new EmbeddedStore({})
    const gate = new Gate({ store, bundle: realBundle, logger: createLogger('silent'), rateLimit: false })
    const first = msg('halo', 'dup')
    await gate.handle(first)
    await gate.handle({ ...first })
    const off = new Gate({ store, bundle: realBundle, logger: createLogger('silent'), rateLimit: false, stats: false })
    await off.handle(msg('halo', 'other'))
    await gate.flushStats()
    await off.flushStats()
    expect((await store.readStats('2026-11-22', '2026-11-22'))['2026-11-22']).toEqual({ 'msg:terminal': 1, 'conv:terminal': 1 })
  })

  it('a system turn (an officer reply) is not a user message', () => {
    const counts = turnCounts({ channel: 'web', userId: 'x', messageId: 'o-1', now: T0, system: { kind: 'handoff_closed', caseId: 'c' } }, [], false)
    expect(counts).toEqual({})
  })

  it('handoff cases and the time to the first officer reply', async () => {
    const store = new EmbeddedStore({})
    const stats = handoffStats(store, () => undefined, () => T0)
    stats.opened?.()
    stats.claimed?.()
    stats.firstReply?.(10 * 60_000)
    stats.closed?.('officer')
    stats.closed?.('user')
    await settled()
    expect((await store.readStats('2026-11-22', '2026-11-22'))['2026-11-22']).toEqual({
      'handoff:opened': 1,
      'handoff:claimed': 1,
      'handoff:first_reply': 1,
      'handoff:first_reply_ms': 600_000,
      'handoff:first_reply_within:15': 1,
      'handoff:first_reply_within:60': 1,
      'handoff:first_reply_within:240': 1,
      'handoff:first_reply_within:1440': 1,
      'handoff:closed_by_officer': 1,
      'handoff:closed_by_user': 1,
    })
  })

  it('keeps counts the store could not take and adds them at the next flush', async () => {
    const store = new MemoryStoreFake()
    const warnings: string[] = []
    const buffer = new StatsBuffer(store, (message) => warnings.push(message), 60_000)
    buffer.add(T0, { 'msg:web': 2 })
    store.down = true
    await buffer.flush()
    expect(warnings.join()).toMatch(/will retry/)
    buffer.add(T0, { 'msg:web': 1 })
    store.down = false
    await buffer.close()
    expect(await store.readStats('2026-11-22', '2026-11-22')).toEqual({ '2026-11-22': { 'msg:web': 3 } })
  })

  it('survive a restart: drain adds the last counts, close saves them, a new process reads them', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ma-stats-restart-'))
    try {
      const store = new EmbeddedStore({ dataDir: dir })
      const gate = new Gate({ store, bundle: realBundle, logger: createLogger('silent'), rateLimit: false, stats: { flushMs: 3_600_000 } })
      await gate.handle(msg('halo', 'restart'))
      await gate.drain()
      await store.close()
      const again = new EmbeddedStore({ dataDir: dir })
      expect((await again.readStats('2026-11-22', '2026-11-22'))['2026-11-22']).toMatchObject({ 'msg:terminal': 1, 'conv:terminal': 1 })
      await again.close()
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })
})
