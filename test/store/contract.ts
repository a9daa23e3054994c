/**
 * The behaviour every `Store` must have, run against each implementation (`embedded.test.ts`, `redis.test.ts`).
 *
 * Expiry is checked without sleeping: a store that takes a clock gets a fake one (`time.kind === 'fake'`);
 * Redis, which keeps its own time, is checked by the remaining time to live of its keys (`PTTL`).
 */

import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Lead, Report, Session } from '../../src/engine/types.ts'
import { HANDLED_PER_USER, type Store, StoreUnavailableError, type TurnOutcome, UserLockTimeoutError } from '../../src/store/types.ts'
import { makeLead as baseLead } from '../helpers/lead-fixtures.ts'

export type ContractTime =
  | { kind: 'fake'; advance(ms: number): void }
  | { kind: 'pttl'; pttl(what: 'session' | 'seen' | 'lease', key: string): Promise<number> }

export interface StoreHarness {
  store: Store
  time: ContractTime
  /** Closes the store and whatever the harness opened. */
  close(): Promise<void>
  /** The store's clock for the age of unanswered questions (epoch ms). */
  now(): number
}

/** The shared test lead (`test/helpers/lead-fixtures.ts`), submitted from the chat `telegram:1001`. */
export function makeLead(overrides: Partial<Lead> = {}): Lead {
  return baseLead({ userKey: 'telegram:1001', channel: 'telegram', ...overrides })
}

export function makeReport(overrides: Partial<Report> = {}): Report {
  return {
    id: 'report-1',
    userKey: 'telegram:1001',
    channel: 'telegram',
    createdAt: '2025-03-02T09:00:00.000Z',
    lang: 'id',
    recruiter: 'PT Fiktif Contoh',
    story: 'Diminta bayar biaya di muka.',
    ...overrides,
  }
}

export function makeSession(overrides: Partial<Session> = {}): Session {
  return {
    v: 1,
    lang: 'id',
    pos: { flow: 'training', step: 'ask_name', answers: { interest: 'caregiver' }, tries: 0, history: [] },
    menu: [{ id: 'a', label: 'Ya' }],
    createdAt: 1_700_000_000_000,
    updatedAt: 1_700_000_000_000,
    ...overrides,
  }
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void
  const promise = new Promise<void>((r) => {
    resolve = r
  })
  return { promise, resolve }
}

const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 1))

export function runStoreContract(name: string, makeStore: () => Promise<StoreHarness>): void {
  describe(`${name}: Store contract`, () => {
    let harness: StoreHarness
    let store: Store

    beforeEach(async () => {
      harness = await makeStore()
      store = harness.store
    })
    afterEach(async () => {
      await harness.close()
    })

    describe('sessions', () => {
      it('has no session for an unknown user', async () => {
        expect(await store.getSession('telegram:404')).toBeUndefined()
      })

      it('gives back an equal copy of a saved session', async () => {
        const session = makeSession()
        await store.setSession('telegram:1', session, 60)
        const read = await store.getSession('telegram:1')
        expect(read).toEqual(session)
        read!.lang = 'en'
        expect((await store.getSession('telegram:1'))?.lang).toBe('id')
      })

      it('replaces on save and forgets on delete', async () => {
        await store.setSession('telegram:1', makeSession(), 60)
        await store.setSession('telegram:1', makeSession({ lang: 'en', pos: undefined }), 60)
        expect(await store.getSession('telegram:1')).toEqual(makeSession({ lang: 'en', pos: undefined }))
        await store.deleteSession('telegram:1')
        await store.deleteSession('telegram:never')
        expect(await store.getSession('telegram:1')).toBeUndefined()
      })

      it('expires a session ttlSeconds after the last save', async () => {
        const { time } = harness
        await store.setSession('telegram:1', makeSession(), 60)
        if (time.kind === 'fake') {
          time.advance(59_000)
          expect(await store.getSession('telegram:1')).toBeDefined()
          await store.setSession('telegram:1', makeSession(), 60)
          time.advance(59_999)
          expect(await store.getSession('telegram:1')).toBeDefined()
          time.advance(1)
          expect(await store.getSession('telegram:1')).toBeUndefined()
        } else {
          const first = await time.pttl('session', 'telegram:1')
          expect(first).toBeGreaterThan(58_000)
          expect(first).toBeLessThanOrEqual(60_000)
          await store.setSession('telegram:1', makeSession(), 120)
          expect(await time.pttl('session', 'telegram:1')).toBeGreaterThan(118_000)
        }
      })
    })

    describe('duplicate marks', () => {
      it('says true the first time, false for a duplicate, and true again after unmarkSeen', async () => {
        expect(await store.markSeen('telegram:1:m1', 600)).toBe(true)
        expect(await store.markSeen('telegram:1:m1', 600)).toBe(false)
        expect(await store.markSeen('telegram:1:m2', 600)).toBe(true)
        await store.unmarkSeen('telegram:1:m1')
        expect(await store.markSeen('telegram:1:m1', 600)).toBe(true)
      })

      it('forgets a mark after ttlSeconds', async () => {
        const { time } = harness
        await store.markSeen('m', 10)
        if (time.kind === 'fake') {
          time.advance(9_999)
          expect(await store.markSeen('m', 10)).toBe(false)
          time.advance(1)
          expect(await store.markSeen('m', 10)).toBe(true)
        } else {
          const left = await time.pttl('seen', 'm')
          expect(left).toBeGreaterThan(8_000)
          expect(left).toBeLessThanOrEqual(10_000)
        }
      })
    })

    describe('per-user lock', () => {
      it('returns what fn returns, passes its error on, and frees the lock either way', async () => {
        expect(await store.withUserLock('telegram:1', async () => 42)).toBe(42)
        const failure = new Error('handler failed')
        await expect(store.withUserLock('telegram:1', async () => Promise.reject(failure))).rejects.toBe(failure)
        expect(await store.withUserLock('telegram:1', async () => 'free', 1_000)).toBe('free')
      })

      it('runs 20 concurrent calls for one user strictly one at a time, in call order', async () => {
        const order: number[] = []
        let active = 0
        let maxActive = 0
        await Promise.all(
          Array.from({ length: 20 }, (_, i) =>
            store.withUserLock('telegram:1', async () => {
              active++
              maxActive = Math.max(maxActive, active)
              await tick()
              order.push(i)
              active--
            }),
          ),
        )
        expect(maxActive).toBe(1)
        expect(order).toEqual(Array.from({ length: 20 }, (_, i) => i))
      })

      it('lets different users run at the same time', async () => {
        const aStarted = deferred()
        const aMayFinish = deferred()
        const a = store.withUserLock('telegram:a', async () => {
          aStarted.resolve()
          await aMayFinish.promise
          return 'a'
        })
        await aStarted.promise
        expect(await store.withUserLock('telegram:b', async () => 'b', 2_000)).toBe('b')
        aMayFinish.resolve()
        expect(await a).toBe('a')
      })

      it('rejects a waiter after waitMs with UserLockTimeoutError, and the queue goes on', async () => {
        const started = deferred()
        const mayFinish = deferred()
        const holder = store.withUserLock('telegram:1', async () => {
          started.resolve()
          await mayFinish.promise
        })
        await started.promise
        let ranLate = false
        const impatient = store.withUserLock('telegram:1', async () => {
          ranLate = true
        }, 50)
        const patient = store.withUserLock('telegram:1', async () => 'patient', 5_000)
        const error = await impatient.catch((e: unknown) => e)
        expect(error).toBeInstanceOf(UserLockTimeoutError)
        expect((error as UserLockTimeoutError).waitMs).toBe(50)
        mayFinish.resolve()
        await holder
        expect(await patient).toBe('patient')
        expect(ranLate).toBe(false)
        expect(await store.withUserLock('telegram:1', async () => 'again', 1_000)).toBe('again')
      })
    })

    describe('one message\'s turn (runTurn)', () => {
      const TTL = { sessionTtlSeconds: 600, handledTtlSeconds: 600 }
      const turn = (id: string, fn: (s: Session | undefined) => Promise<TurnOutcome<string>>, user = 'telegram:1') =>
        store.runTurn(user, id, fn, TTL)

      it('saves the session and marks the message handled together; the same id again is a duplicate', async () => {
        const first = await turn('m1', async (session) => {
          expect(session).toBeUndefined()
          return { value: 'one', commit: { session: makeSession({ lang: 'en' }) } }
        })
        expect(first).toEqual({ duplicate: false, value: 'one' })
        expect((await store.getSession('telegram:1'))?.lang).toBe('en')
        let called = false
        expect(await turn('m1', async () => {
          called = true
          return { value: 'again' }
        })).toEqual({ duplicate: true })
        expect(called).toBe(false)
        const second = await turn('m2', async (session) => ({ value: session?.lang ?? 'none', commit: { session: null } }))
        expect(second).toEqual({ duplicate: false, value: 'en' })
        expect(await store.getSession('telegram:1')).toBeUndefined()
        // deleting the session (the user's data) forgets the user's handled ids too
        expect(await turn('m1', async () => ({ value: 'after deletion' }))).toEqual({ duplicate: false, value: 'after deletion' })
        // handled ids are per user: another user may send the same id
        expect(await turn('m1', async () => ({ value: 'other user' }), 'telegram:2')).toEqual({ duplicate: false, value: 'other user' })
      })

      it('without a commit, or when fn fails, keeps the old session and leaves the message to be handled again', async () => {
        await store.setSession('telegram:1', makeSession(), 600)
        expect(await turn('m1', async () => ({ value: 'not now' }))).toEqual({ duplicate: false, value: 'not now' })
        const failure = new Error('engine failed')
        await expect(turn('m1', async () => Promise.reject(failure))).rejects.toBe(failure)
        expect(await store.getSession('telegram:1')).toEqual(makeSession())
        const retried = await turn('m1', async (session) => ({ value: session?.pos?.step ?? '', commit: { session: makeSession({ lang: 'en' }) } }))
        expect(retried).toEqual({ duplicate: false, value: 'ask_name' })
      })

      it('runs 20 concurrent turns of one user one at a time, in call order, each seeing the previous session', async () => {
        let active = 0
        let maxActive = 0
        const seen: number[] = []
        await Promise.all(
          Array.from({ length: 20 }, (_, i) =>
            turn(`m${i}`, async (session) => {
              active++
              maxActive = Math.max(maxActive, active)
              await tick()
              seen.push(session?.updatedAt ?? -1)
              active--
              return { value: '', commit: { session: makeSession({ updatedAt: i }) } }
            }),
          ),
        )
        expect(maxActive).toBe(1)
        expect(seen).toEqual([-1, ...Array.from({ length: 19 }, (_, i) => i)])
      })

      it(`remembers the last ${HANDLED_PER_USER} handled ids of a user`, async () => {
        const commit = async () => ({ value: '', commit: { session: makeSession() } })
        for (let i = 0; i <= HANDLED_PER_USER; i++) await turn(`m${i}`, commit)
        expect(await turn(`m${HANDLED_PER_USER}`, commit)).toEqual({ duplicate: true })
        expect(await turn('m1', commit)).toEqual({ duplicate: true })
        expect(await turn('m0', commit)).toEqual({ duplicate: false, value: '' })
      })

      it('times out with UserLockTimeoutError while another turn of the user runs', async () => {
        const started = deferred()
        const mayFinish = deferred()
        const holder = turn('m1', async () => {
          started.resolve()
          await mayFinish.promise
          return { value: 'held', commit: { session: makeSession() } }
        })
        await started.promise
        const error = await store.runTurn('telegram:1', 'm2', async () => ({ value: '' }), { ...TTL, waitMs: 50 }).catch((e: unknown) => e)
        expect(error).toBeInstanceOf(UserLockTimeoutError)
        mayFinish.resolve()
        expect(await holder).toEqual({ duplicate: false, value: 'held' })
        expect(await turn('m2', async () => ({ value: 'after' }))).toEqual({ duplicate: false, value: 'after' })
      })

      it('forgets handled ids handledTtlSeconds after the user\'s last turn (fake clock; Redis: see redis tests)', async () => {
        const time = harness.time
        if (time.kind !== 'fake') return
        await turn('m1', async () => ({ value: '', commit: { session: makeSession() } }))
        time.advance(599_000)
        expect(await turn('m1', async () => ({ value: '' }))).toEqual({ duplicate: true })
        time.advance(1_000)
        expect(await turn('m1', async () => ({ value: 'new' }))).toEqual({ duplicate: false, value: 'new' })
      })
    })

    describe('leads', () => {
      it('stores leads and lists copies, oldest first', async () => {
        const later = makeLead({ id: 'lead-2', createdAt: '2026-01-05T00:00:00.000Z', updatedAt: '2026-01-05T00:00:00.000Z' })
        await store.upsertLead(later)
        await store.upsertLead(makeLead())
        const leads = await store.listLeads()
        expect(leads).toEqual([makeLead(), later])
        leads[0]!.name = 'changed'
        expect((await store.listLeads())[0]!.name).toBe(makeLead().name)
      })

      it('replaces a lead with the same id', async () => {
        await store.upsertLead(makeLead())
        const updated = makeLead({ updatedAt: '2025-04-01T00:00:00.000Z', interests: ['welder', 'caregiver'] })
        await store.upsertLead(updated)
        expect(await store.listLeads()).toEqual([updated])
      })

      it('keeps leads updated at or after since, given as a date or a datetime', async () => {
        const march = makeLead({ id: 'm', createdAt: '2025-03-01T00:00:00.000Z', updatedAt: '2025-03-31T23:59:59.999Z' })
        const april = makeLead({ id: 'a', createdAt: '2025-03-02T00:00:00.000Z', updatedAt: '2025-04-01T00:00:00.000Z' })
        await store.upsertLead(march)
        await store.upsertLead(april)
        expect((await store.listLeads({ since: '2025-04-01' })).map((l) => l.id)).toEqual(['a'])
        expect((await store.listLeads({ since: '2025-03-31T23:59:59.999Z' })).map((l) => l.id)).toEqual(['m', 'a'])
        expect((await store.listLeads({ since: '2025-04-01T00:00:00.001Z' })).map((l) => l.id)).toEqual([])
        expect((await store.listLeads({})).map((l) => l.id)).toEqual(['m', 'a'])
      })

      it('rejects a since that is not a date', async () => {
        await expect(store.listLeads({ since: 'last week' })).rejects.toBeInstanceOf(RangeError)
      })
    })

    describe('reports', () => {
      it('stores reports, replaces by id and lists them oldest first', async () => {
        const second = makeReport({ id: 'report-2', createdAt: '2025-03-03T00:00:00.000Z', contact: '+6281200000009' })
        await store.addReport(second)
        await store.addReport(makeReport({ story: 'draft' }))
        await store.addReport(makeReport())
        expect(await store.listReports()).toEqual([makeReport(), second])
      })
    })

    describe('unanswered questions', () => {
      it('counts by exact text and keeps the first language and the earliest and latest time', async () => {
        await store.recordUnanswered('berapa gaji di taiwan', 'id', '2025-03-02T10:00:00.000Z')
        await store.recordUnanswered('berapa gaji di taiwan', 'en', '2025-03-01T10:00:00.000Z')
        await store.recordUnanswered('berapa gaji di taiwan', 'id', '2025-03-03T10:00:00.000Z')
        await store.recordUnanswered('Berapa gaji di Taiwan', 'id', '2025-03-03T11:00:00.000Z')
        expect(await store.listUnanswered()).toEqual([
          { text: 'berapa gaji di taiwan', lang: 'id', count: 3, firstAt: '2025-03-01T10:00:00.000Z', lastAt: '2025-03-03T10:00:00.000Z' },
          { text: 'Berapa gaji di Taiwan', lang: 'id', count: 1, firstAt: '2025-03-03T11:00:00.000Z', lastAt: '2025-03-03T11:00:00.000Z' },
        ])
      })

      it('lists the most frequent first, equal counts by text, up to limit', async () => {
        const at = '2025-03-01T00:00:00.000Z'
        for (const [text, times] of [['b', 2], ['c', 5], ['a', 2], ['d', 1]] as const) {
          for (let i = 0; i < times; i++) await store.recordUnanswered(text, 'id', at)
        }
        expect((await store.listUnanswered()).map((q) => [q.text, q.count])).toEqual([['c', 5], ['a', 2], ['b', 2], ['d', 1]])
        expect((await store.listUnanswered(2)).map((q) => q.text)).toEqual(['c', 'a'])
        expect(await store.listUnanswered(0)).toEqual([])
      })

      it('lists nothing when nothing was recorded', async () => {
        expect(await store.listUnanswered(10)).toEqual([])
      })

      it('ties a question to who asked it: deleting a user takes their occurrences out, and their own questions entirely', async () => {
        const at = new Date(harness.now()).toISOString()
        await store.recordUnanswered('gaji di taiwan', 'id', at, 'telegram:1001')
        await store.recordUnanswered('gaji di taiwan', 'id', at, 'telegram:2002')
        await store.recordUnanswered('nama saya [nama] dari [tempat]', 'id', at, 'telegram:1001')
        await store.recordUnanswered('nama saya [nama] dari [tempat]', 'id', at, 'telegram:1001')
        await store.recordUnanswered('tanpa pengguna', 'id', at)
        expect(await store.deleteUserData('telegram:1001')).toEqual({ leads: 0, reports: 0, session: false })
        expect((await store.listUnanswered()).map((q) => [q.text, q.count])).toEqual([['gaji di taiwan', 1], ['tanpa pengguna', 1]])
        await store.deleteUserData('telegram:2002')
        expect((await store.listUnanswered()).map((q) => q.text)).toEqual(['tanpa pengguna'])
        // Asking again after a deletion counts again.
        await store.recordUnanswered('gaji di taiwan', 'id', at, 'telegram:1001')
        expect((await store.listUnanswered()).map((q) => [q.text, q.count])).toEqual([['gaji di taiwan', 1], ['tanpa pengguna', 1]])
      })

      it('clears questions for officers: those last asked before a date, or all', async () => {
        const day = (n: number): string => new Date(harness.now() - n * 86_400_000).toISOString()
        await store.recordUnanswered('lama', 'id', day(10), 'telegram:1')
        await store.recordUnanswered('baru', 'id', day(1), 'telegram:1')
        await store.recordUnanswered('baru', 'id', day(20), 'telegram:2')
        expect(await store.clearUnanswered({ before: day(5) })).toBe(1)
        expect((await store.listUnanswered()).map((q) => q.text)).toEqual(['baru'])
        expect(await store.clearUnanswered()).toBe(1)
        expect(await store.listUnanswered()).toEqual([])
        expect(await store.clearUnanswered()).toBe(0)
        await expect(store.clearUnanswered({ before: 'kemarin' })).rejects.toBeInstanceOf(RangeError)
      })

      it('leaves out questions last asked longer ago than the age limit (90 days)', async () => {
        const day = (n: number): string => new Date(harness.now() - n * 86_400_000).toISOString()
        await store.recordUnanswered('kuno', 'id', day(91), 'telegram:1')
        await store.recordUnanswered('kuno', 'id', day(95))
        await store.recordUnanswered('segar', 'id', day(89), 'telegram:1')
        expect((await store.listUnanswered()).map((q) => q.text)).toEqual(['segar'])
        expect(await store.clearUnanswered()).toBe(1)
      })
    })

    describe('deleting a user\'s data', () => {
      it('removes the user\'s leads, reports and session and leaves other users untouched', async () => {
        const other = 'whatsapp:6281200000002@s.whatsapp.net'
        await store.upsertLead(makeLead({ id: 'mine-1' }))
        await store.upsertLead(makeLead({ id: 'mine-2' }))
        await store.upsertLead(makeLead({ id: 'theirs', userKey: other, channel: 'whatsapp' }))
        await store.addReport(makeReport({ id: 'my-report' }))
        await store.addReport(makeReport({ id: 'their-report', userKey: other }))
        await store.setSession('telegram:1001', makeSession(), 600)
        await store.setSession(other, makeSession(), 600)

        expect(await store.deleteUserData('telegram:1001')).toEqual({ leads: 2, reports: 1, session: true })
        expect((await store.listLeads()).map((l) => l.id)).toEqual(['theirs'])
        expect((await store.listReports()).map((r) => r.id)).toEqual(['their-report'])
        expect(await store.getSession('telegram:1001')).toBeUndefined()
        expect(await store.getSession(other)).toBeDefined()

        expect(await store.deleteUserData('telegram:1001')).toEqual({ leads: 0, reports: 0, session: false })
      })

      it('keeps each user\'s own lead when two users give the same phone (and even the same id), and deletes only the asker\'s', async () => {
        const victim = 'telegram:1001'
        const other = 'whatsapp:62812@s.whatsapp.net'
        const mine = makeLead({ id: 'same-id', userKey: victim, name: 'Siti' })
        await store.upsertLead(mine)
        await store.upsertLead(makeLead({ id: 'same-id', userKey: other, name: 'Budi', channel: 'whatsapp' }))
        expect((await store.listLeads()).map((l) => [l.userKey, l.name]).sort()).toEqual([[victim, 'Siti'], [other, 'Budi']].sort())
        // The owner updating their own lead replaces it (same id, same user).
        const updated = { ...mine, name: 'Siti R', updatedAt: '2025-12-02T00:00:00.000Z' }
        await store.upsertLead(updated)
        expect((await store.listLeads()).filter((l) => l.userKey === victim)).toEqual([updated])

        expect(await store.deleteUserData(victim)).toEqual({ leads: 1, reports: 0, session: false })
        expect((await store.listLeads()).map((l) => [l.userKey, l.name])).toEqual([[other, 'Budi']])
        expect(await store.deleteUserData(other)).toEqual({ leads: 1, reports: 0, session: false })
        expect(await store.listLeads()).toEqual([])
      })
    })

    describe('deleting one lead or report (officers)', () => {
      it('deletes only the named record of its owner, and says whether there was one', async () => {
        const other = 'whatsapp:6281200000002@s.whatsapp.net'
        await store.upsertLead(makeLead({ id: 'keep' }))
        await store.upsertLead(makeLead({ id: 'drop' }))
        await store.upsertLead(makeLead({ id: 'drop', userKey: other, channel: 'whatsapp' }))
        await store.addReport(makeReport({ id: 'r-keep' }))
        await store.addReport(makeReport({ id: 'r-drop' }))
        await store.setSession('telegram:1001', makeSession(), 600)

        expect(await store.deleteLead('telegram:1001', 'drop')).toBe(true)
        expect(await store.deleteLead('telegram:1001', 'drop')).toBe(false)
        expect(await store.deleteLead('telegram:9999', 'keep')).toBe(false)
        expect((await store.listLeads()).map((l) => [l.userKey, l.id]).sort()).toEqual([['telegram:1001', 'keep'], [other, 'drop']].sort())
        expect(await store.deleteReport(other, 'r-drop')).toBe(false)
        expect(await store.deleteReport('telegram:1001', 'r-drop')).toBe(true)
        expect((await store.listReports()).map((r) => r.id)).toEqual(['r-keep'])
        expect(await store.getSession('telegram:1001')).toBeDefined()
        // The user's own deletion still finds what is left.
        expect(await store.deleteUserData('telegram:1001')).toEqual({ leads: 1, reports: 1, session: true })
      })
    })

    describe('key-value space', () => {
      const odd = [
        'session-6281200000001@s.whatsapp.net',
        'app-state-sync-key-AAAB',
        'app-state-sync-key-aaab',
        'a/b:c\\d',
        'glob*?[x]',
        'kunci-ü-日本',
        'x'.repeat(300),
      ]

      it('stores strings under any key, case-sensitively', async () => {
        expect(await store.kvGet('creds')).toBeUndefined()
        await store.kvSet('creds', '{"me":1}')
        await store.kvSet('creds', '{"me":2}')
        expect(await store.kvGet('creds')).toBe('{"me":2}')
        for (const [i, key] of odd.entries()) await store.kvSet(key, `value ${i}`)
        for (const [i, key] of odd.entries()) expect(await store.kvGet(key)).toBe(`value ${i}`)
        await store.kvSet('empty', '')
        expect(await store.kvGet('empty')).toBe('')
      })

      it('lists and deletes by prefix', async () => {
        for (const key of ['wa:creds', 'wa:pre-key-1', 'wa:pre-key-2', 'wa:session-x', 'tg:offset', 'glob*?[x]']) {
          await store.kvSet(key, 'v')
        }
        expect(await store.kvKeys('wa:pre-key-')).toEqual(['wa:pre-key-1', 'wa:pre-key-2'])
        expect(await store.kvKeys('glob*')).toEqual(['glob*?[x]'])
        expect(await store.kvKeys('nothing')).toEqual([])
        await store.kvDelete('wa:pre-key-')
        expect(await store.kvKeys('wa:')).toEqual(['wa:creds', 'wa:session-x'])
        expect(await store.kvGet('wa:pre-key-1')).toBeUndefined()
        await store.kvDelete('')
        expect(await store.kvKeys('')).toEqual([])
      })
    })

    describe('leases', () => {
      it('is held by one owner at a time; renewing and releasing are for the owner only', async () => {
        expect(await store.acquireLease('whatsapp:628', 'process-a', 30_000)).toBe(true)
        expect(await store.acquireLease('whatsapp:628', 'process-b', 30_000)).toBe(false)
        expect(await store.acquireLease('whatsapp:628', 'process-a', 30_000)).toBe(true)
        expect(await store.acquireLease('other-number', 'process-b', 30_000)).toBe(true)
        await store.releaseLease('whatsapp:628', 'process-b')
        expect(await store.acquireLease('whatsapp:628', 'process-b', 30_000)).toBe(false)
        await store.releaseLease('whatsapp:628', 'process-a')
        expect(await store.acquireLease('whatsapp:628', 'process-b', 30_000)).toBe(true)
      })

      it('runs out after ttlMs unless renewed', async () => {
        const { time } = harness
        await store.acquireLease('n', 'a', 10_000)
        if (time.kind === 'fake') {
          time.advance(9_000)
          expect(await store.acquireLease('n', 'a', 10_000)).toBe(true)
          time.advance(9_999)
          expect(await store.acquireLease('n', 'b', 10_000)).toBe(false)
          time.advance(1)
          expect(await store.acquireLease('n', 'b', 10_000)).toBe(true)
        } else {
          expect(await time.pttl('lease', 'n')).toBeGreaterThan(8_000)
          expect(await store.acquireLease('n', 'a', 60_000)).toBe(true)
          expect(await time.pttl('lease', 'n')).toBeGreaterThan(58_000)
        }
      })
    })

    describe('life cycle', () => {
      it('answers ping', async () => {
        await expect(store.ping()).resolves.toBeUndefined()
      })

      it('rejects every call with StoreUnavailableError after close', async () => {
        await store.close()
        await store.close()
        const calls: Array<() => Promise<unknown>> = [
          () => store.getSession('u'),
          () => store.setSession('u', makeSession(), 1),
          () => store.markSeen('m', 1),
          () => store.withUserLock('u', async () => 1),
          () => store.upsertLead(makeLead()),
          () => store.listLeads(),
          () => store.recordUnanswered('q', 'id', '2025-01-01T00:00:00.000Z'),
          () => store.deleteUserData('u'),
          () => store.kvSet('k', 'v'),
          () => store.kvKeys(''),
          () => store.acquireLease('n', 'o', 1000),
          () => store.ping(),
        ]
        for (const call of calls) await expect(call()).rejects.toBeInstanceOf(StoreUnavailableError)
      })
    })
  })
}
