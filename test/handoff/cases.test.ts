/**
 * The handoff service with the real gate, engine and content on the embedded store: a case survives a restart
 * (with the user's silence), reminders come once after the configured time (a fake clock), a case closed behind the
 * session's back does not leave the user in silence, and a redelivered message opens one case.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { Inbound, Reply } from '../../src/engine/types.ts'
import { Gate } from '../../src/gate/gate.ts'
import type { OfficerNotice } from '../../src/handoff/bus.ts'
import { LocalBus } from '../../src/handoff/bus.ts'
import { HandoffService } from '../../src/handoff/service.ts'
import { createLogger } from '../../src/logger.ts'
import { EmbeddedStore } from '../../src/store/embedded.ts'
import { realBundle } from '../helpers/bundle.ts'

const dirs: string[] = []
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})

interface Assistant {
  store: EmbeddedStore
  handoff: HandoffService
  gate: Gate
  /** What officers' actions sent to users. */
  delivered: Reply[]
  notices: OfficerNotice[]
  send(user: string, text: string, id?: string): Promise<Reply[]>
  stop(): Promise<void>
}

const clock = { now: Date.parse('2026-12-01T03:00:00Z') }
let messages = 0

/** One assistant process on `dataDir` (memory only without it), with a fake clock. */
function assistant(dataDir?: string, remindAfterMs = 30 * 60_000): Assistant {
  const logger = createLogger('silent')
  const store = new EmbeddedStore({ ...(dataDir ? { dataDir } : {}), now: () => clock.now })
  const handoff = new HandoffService({ store, logger, bus: new LocalBus(), available: true, remindAfterMs, now: () => clock.now })
  const bundle = realBundle()
  const gate = new Gate({ store, bundle: () => bundle, logger, rateLimit: false, handoff: handoff.gateHooks })
  handoff.attach(gate)
  const delivered: Reply[] = []
  const notices: OfficerNotice[] = []
  handoff.registerSender('terminal', { send: async (_user, replies) => void delivered.push(...replies) })
  handoff.registerDesk({ notify: async (notice) => void notices.push(notice) })
  return {
    store,
    handoff,
    gate,
    delivered,
    notices,
    async send(user, text, id = `m${++messages}`) {
      clock.now += 1000
      const inbound: Inbound = { channel: 'terminal', userId: user, messageId: id, text, now: clock.now }
      const replies = await gate.handle(inbound)
      await handoff.idle()
      return replies
    },
    async stop() {
      await gate.drain()
      await handoff.shutdown()
      await store.close()
    },
  }
}

async function openCase(a: Assistant, user: string): Promise<string> {
  await a.send(user, 'bicara dengan petugas')
  const opened = await a.send(user, 'ya')
  expect(opened.map((r) => r.key)).toEqual(['handoff.opened', 'handoff.hours', 'handoff.meanwhile'])
  return (await a.handoff.cases.list('active')).find((c) => c.userKey === `terminal:${user}`)!.id
}

describe('handoff cases', () => {
  it('survive a restart: the case, its transcript and the user\'s silence; the officer still reaches the user', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ma-handoff-'))
    dirs.push(dataDir)
    const first = assistant(dataDir)
    const caseId = await openCase(first, 'ani')
    expect(await first.send('ani', 'saya mau tanya soal isi kontrak kerja saya')).toEqual([])
    await first.stop()

    const second = assistant(dataDir)
    expect(await second.send('ani', 'halo? ada petugas?')).toEqual([])
    const found = (await second.handoff.cases.get(caseId))!
    expect(found.status).toBe('open')
    expect(found.messages.map((m) => m.text)).toEqual(['saya mau tanya soal isi kontrak kerja saya', 'halo? ada petugas?'])
    const result = await second.handoff.reply(caseId, 'rina', 'Halo Ani, saya Rina.', 'api')
    expect(result.ok).toBe(true)
    await second.handoff.idle()
    expect(second.delivered.map((r) => r.key)).toEqual(['handoff.officer_says'])
    expect(second.delivered[0]!.text).toContain('Halo Ani, saya Rina.')
    await second.stop()
  })

  it('reminds the user and alerts officers once, after the configured time without an officer reply (fake clock)', async () => {
    const a = assistant(undefined, 30 * 60_000)
    const waiting = await openCase(a, 'budi')
    const answered = await openCase(a, 'citra')
    await a.handoff.reply(answered, 'rina', 'Saya di sini.', 'api')
    await a.handoff.idle()
    a.delivered.length = 0
    a.notices.length = 0

    clock.now += 10 * 60_000
    expect(await a.handoff.sweep()).toBe(0)
    clock.now += 21 * 60_000
    expect(await a.handoff.sweep()).toBe(1)
    await a.handoff.idle()
    expect(a.delivered.map((r) => r.key)).toEqual(['handoff.reminder'])
    const ref = (await a.handoff.cases.get(waiting))!.ref
    expect(a.delivered[0]!.text).toContain(ref)
    expect(a.delivered[0]!.text).toContain('0800-1000')
    expect(a.notices).toEqual([expect.objectContaining({ kind: 'reminder', waitedMs: expect.any(Number) })])
    expect((a.notices[0] as { case: { id: string } }).case.id).toBe(waiting)

    // Once per case.
    clock.now += 60 * 60_000
    expect(await a.handoff.sweep()).toBe(0)
    await a.stop()
  })

  it('a session that expired while the case stayed open: the user is still with the officer, until it is closed', async () => {
    const a = assistant()
    const caseId = await openCase(a, 'fajar')
    await a.store.deleteSession('terminal:fajar')
    expect(await a.send('fajar', 'masih menunggu petugas')).toEqual([])
    expect((await a.handoff.cases.get(caseId))!.messages.map((m) => m.text)).toEqual(['masih menunggu petugas'])
    expect((await a.handoff.close(caseId, 'rina', 'api')).ok).toBe(true)
    await a.store.deleteSession('terminal:fajar')
    expect((await a.send('fajar', 'apa itu siskop2mi?')).map((r) => r.text).join('\n')).toContain('SISKOP2MI')
    await a.stop()
  })

  it('a case closed behind the session\'s back does not leave the user in silence', async () => {
    const a = assistant()
    const caseId = await openCase(a, 'dewi')
    await a.handoff.cases.change(caseId, async (found) => ({ value: undefined, save: { ...found!, status: 'closed' as const, closedAt: clock.now } }))
    const replies = await a.send('dewi', 'apa itu siskop2mi?')
    expect(replies.map((r) => r.text).join('\n')).toContain('SISKOP2MI')
    await a.stop()
  })

  it('a redelivered consent opens one case; an officer\'s reply after the user left is refused and not delivered', async () => {
    const a = assistant()
    await a.send('eka', 'petugas')
    await a.send('eka', 'ya', 'consent')
    expect(await a.send('eka', 'ya', 'consent')).toEqual([])
    const cases = (await a.handoff.cases.list()).filter((c) => c.userKey === 'terminal:eka')
    expect(cases).toHaveLength(1)

    await a.send('eka', 'menu')
    const left = await a.send('eka', 'ya')
    expect(left.map((r) => r.key)).toEqual(['handoff.left', 'menu.prompt'])
    const late = await a.handoff.reply(cases[0]!.id, 'rina', 'halo?', 'api')
    expect(late).toMatchObject({ ok: false, error: 'closed' })
    await a.handoff.idle()
    expect(a.delivered).toEqual([])
    await a.stop()
  })
})
