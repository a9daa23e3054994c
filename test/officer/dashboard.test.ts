/**
 * The console's data pages over `inject`: the dashboard JSON for a date range (from chats driven through the gate),
 * a backwards range, roles, unanswered questions grouped by similarity with "handled", the FAQ draft and a logged
 * clearing, content health, and "try a question" storing nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Inbound, Lead } from '../../src/engine/types.ts'
import { groupQuestions } from '../../src/officer/unanswered.ts'
import { EmbeddedStore } from '../../src/store/embedded.ts'
import type { DayCounts } from '../../src/store/stats.ts'
import type { UnansweredQuestion } from '../../src/store/types.ts'
import type { Session } from '../../src/engine/types.ts'
import { InjectBrowser, startConsoleHarness, type ConsoleHarness } from '../helpers/console.ts'

/** An embedded store that counts the writes a chat would make. */
class WatchedStore extends EmbeddedStore {
  writes: string[] = []
  override async runTurn<T>(...args: Parameters<EmbeddedStore['runTurn']>): Promise<never> {
    this.writes.push('runTurn')
    return super.runTurn(...(args as [string, string, (s: Session | undefined) => Promise<{ value: T }>, never])) as never
  }
  override async recordUnanswered(text: string, lang: string, at: string, userKey?: string): Promise<void> {
    this.writes.push('recordUnanswered')
    return super.recordUnanswered(text, lang, at, userKey)
  }
  override async addStats(day: string, counts: DayCounts): Promise<void> {
    this.writes.push('addStats')
    return super.addStats(day, counts)
  }
  override async upsertLead(lead: Lead): Promise<void> {
    this.writes.push('upsertLead')
    return super.upsertLead(lead)
  }
}

/** A web chat from "halo" to a stored lead (the web chat has no phone number: it is typed). */
const LEAD_CONVERSATION = ['halo', '4', 'ya', 'Ani', '081234567890', '25', 'jawa barat', 'kota bandung', 'smk', '1', 'jepang', 'benar']

let h: ConsoleHarness
let store: WatchedStore
let n = 0
const say = (userId: string, text: string): Promise<unknown> =>
  h.runtime.gate.handle({ channel: 'web', userId, messageId: `m${++n}`, text, now: h.clock.now + n } satisfies Inbound)

beforeAll(async () => {
  // The store's clock is the harness's (unanswered questions older than 90 days are dropped).
  store = new WatchedStore({ now: () => h?.clock.now ?? Date.parse('2025-12-10T03:00:00Z') })
  h = await startConsoleHarness({}, store)
  for (const text of LEAD_CONVERSATION) await say('lead-user', text)
  await say('faq-user', 'qwerty zxcv blorf snarg')
  await say('faq-user-2', 'apakah kucing bisa terbang ke bulan')
  await say('faq-user-3', 'apakah kucing bisa terbang ke bulan purnama')
  await say('sos-user', 'tolong')
  await h.runtime.gate.flushStats()
})
afterAll(async () => {
  await h?.close()
})

describe('dashboard', () => {
  it('answers the counters of a date range as JSON, for a viewer', async () => {
    const b = new InjectBrowser(h.http)
    await b.login('vina')
    const answer = await b.get('/console/api/dashboard?from=2025-12-01&to=2025-12-10')
    expect(answer.status).toBe(200)
    const data = JSON.parse(answer.body)
    expect(data.days).toHaveLength(10)
    expect(data.days.at(-1)).toBe('2025-12-10')
    expect(data.totals).toMatchObject({ conversations: 5, leads: 1, emergencies: 1 })
    expect(data.conversations.web.at(-1)).toBe(5)
    expect(data.leads.perDay.at(-1)).toBe(1)
    expect(data.leads.byProvince).toEqual([{ key: 'Jawa Barat', label: 'Jawa Barat', count: 1 }])
    expect(data.leads.byDestination[0]).toMatchObject({ key: 'japan', count: 1 })
    expect(data.faq.fallback.at(-1)).toBeGreaterThanOrEqual(2)
    expect(data.emergencies[0]).toMatchObject({ count: 1 })
    const training = data.funnels.find((f: { flow: string }) => f.flow === 'training')
    expect(training).toMatchObject({ started: 1, completed: 1 })
    expect(training.steps[0]).toMatchObject({ step: 'consent', reached: 1, dropOff: 0 })
    // Outside the range: nothing.
    const before = JSON.parse((await b.get('/console/api/dashboard?from=2025-11-01&to=2025-11-30')).body)
    expect(before.totals.messages).toBe(0)
  })

  it('refuses a backwards range with a clear message, in the page and in the JSON', async () => {
    const b = new InjectBrowser(h.http)
    await b.login('vina')
    const api = await b.get('/console/api/dashboard?from=2025-12-10&to=2025-12-01')
    expect(api.status).toBe(400)
    expect(JSON.parse(api.body).error).toMatch(/terbalik/)
    const page = await b.get('/console/dashboard?from=2025-12-10&to=2025-12-01')
    expect(page.status).toBe(400)
    expect(page.body).toMatch(/role="alert">Rentang tanggal terbalik/)
    expect(page.body).not.toContain('data-chart')
    expect((await b.get('/console/api/dashboard?from=2025-13-01&to=2025-12-01')).body).toMatch(/bukan tanggal/)
  })

  it('shows the page with its canvases and the local Chart.js', async () => {
    const b = new InjectBrowser(h.http)
    await b.login('vina')
    const page = await b.get('/console/dashboard')
    expect(page.status).toBe(200)
    expect(page.body).toContain('data-chart="province"')
    expect(page.body).toContain('/console/assets/chart.umd.js')
    expect((await b.get('/console/assets/dashboard.js')).status).toBe(200)
    expect((await b.get('/console/assets/chart.umd.js')).body).toContain('Chart')
  })
})

describe('unanswered questions', () => {
  it('groups similar questions, most asked first', () => {
    const q = (text: string, count: number): UnansweredQuestion => ({ text, lang: 'id', count, firstAt: '2025-12-01T00:00:00Z', lastAt: '2025-12-0' + count + 'T00:00:00Z' })
    const groups = groupQuestions([
      q('berapa gaji perawat di jerman', 2),
      q('gaji perawat di jerman berapa ya', 3),
      q('apakah kucing boleh dibawa', 1),
      q('berapa gaji perawat jerman', 1),
    ])
    expect(groups.map((g) => [g.text, g.count, g.questions.length])).toEqual([
      ['gaji perawat di jerman berapa ya', 6, 3],
      ['apakah kucing boleh dibawa', 1, 1],
    ])
  })

  it('are for officers: a viewer is refused', async () => {
    const b = new InjectBrowser(h.http)
    await b.login('vina')
    expect((await b.get('/console/questions')).status).toBe(403)
    expect((await b.get('/console/api/questions')).status).toBe(403)
  })

  it('show groups, make an FAQ draft, mark a group handled and clear with an audit entry', async () => {
    const b = new InjectBrowser(h.http)
    await b.login('rina')
    const { groups } = JSON.parse((await b.get('/console/api/questions')).body) as { groups: Array<{ id: string; text: string; count: number; questions: unknown[] }> }
    const cats = groups.find((g) => g.text.includes('kucing'))!
    expect(cats.count).toBe(2)
    expect(cats.questions).toHaveLength(2)
    const page = await b.get('/console/questions')
    expect(page.body).toContain('kucing')

    const draft = await b.get(`/console/questions/draft/${cats.id}`)
    expect(draft.status).toBe(200)
    expect(draft.body).toMatch(/- id: [a-z-]+/)
    expect(draft.body).toContain('apakah kucing bisa terbang ke bulan')

    const handled = await b.post('/console/questions/handled', { group: cats.id })
    expect(handled.status).toBe(303)
    const after = JSON.parse((await b.get('/console/api/questions')).body) as { groups: Array<{ text: string }> }
    expect(after.groups.some((g) => g.text.includes('kucing'))).toBe(false)
    expect(after.groups.length).toBe(groups.length - 1)

    expect((await b.post('/console/questions/clear', { before: '' }, {})).status).toBe(303)
    expect(await store.listUnanswered()).toEqual([])
    expect(await store.kvGet('officer:unanswered-handled')).toBeUndefined()
    const audit = await h.services.audit.list()
    expect(audit.find((e) => e.action === 'unanswered_clear')).toMatchObject({ officer: 'rina', target: 'unanswered', filter: 'all', via: 'console' })
    expect(audit.find((e) => e.action === 'unanswered_handled')).toMatchObject({ officer: 'rina', rows: 2 })
  })
})

describe('content health', () => {
  it('shows the validator result and stale entries to a viewer', async () => {
    const b = new InjectBrowser(h.http)
    await b.login('vina')
    const page = await b.get('/console/health')
    expect(page.status).toBe(200)
    expect(page.body).toMatch(/Konten valid|Konten punya kesalahan/)
    expect(page.body).toContain('name="text"')
  })

  it('tries a question without storing anything', async () => {
    const b = new InjectBrowser(h.http)
    await b.login('vina')
    await b.get('/console/health')
    await h.runtime.gate.flushStats()
    store.writes = []
    const unansweredBefore = await store.listUnanswered()
    const statsBefore = await store.readStats('2025-12-10', '2025-12-10')

    const fallback = await b.post('/console/health/try', { text: 'qwerty zxcv blorf snarg lagi' })
    expect(fallback.status).toBe(200)
    expect(fallback.body).toContain('logUnanswered')
    expect(fallback.body).toContain('faq_fallback')
    const crisis = JSON.parse(
      (await b.post('/console/api/try', { text: 'saya dipukul majikan' })).body,
    ) as { crisis: { category: string } | null; replies: Array<{ key?: string }>; faq: { candidates: unknown[] } }
    expect(crisis.crisis?.category).toBe('violence')
    expect(crisis.replies.length).toBeGreaterThan(0)
    const faq = JSON.parse((await b.post('/console/api/try', { text: 'berapa biaya jadi PMI?' })).body) as { faq: { kind: string; candidates: Array<{ id: string; score: number }> } }
    expect(faq.faq.candidates.length).toBeGreaterThan(0)
    expect(faq.faq.candidates[0]!.score).toBeGreaterThan(0)

    await h.runtime.gate.flushStats()
    expect(store.writes).toEqual([])
    expect(await store.listUnanswered()).toEqual(unansweredBefore)
    expect(await store.readStats('2025-12-10', '2025-12-10')).toEqual(statsBefore)
  })
})
