import type { Lead, Report, Session } from '../../src/engine/types.ts'
import {
  StoreUnavailableError,
  type DeletionResult,
  type Store,
  type TurnOutcome,
  type TurnResult,
  type UnansweredQuestion,
} from '../../src/store/types.ts'

/**
 * A tiny in-memory `Store` for tests of code that uses a store (CLI commands, effects). Not a reference
 * implementation: no expiry, no cross-process locking. Set `down = true` to make every call reject with
 * `StoreUnavailableError`, as a real store does when it cannot be reached.
 */
export class MemoryStoreFake implements Store {
  readonly kind = 'embedded' as const
  down = false
  readonly sessions = new Map<string, Session>()
  readonly leads = new Map<string, Lead>()
  readonly reports = new Map<string, Report>()
  readonly unanswered = new Map<string, UnansweredQuestion>()
  readonly kv = new Map<string, string>()
  readonly seen = new Set<string>()
  readonly leases = new Map<string, { owner: string; until: number }>()
  /** Calls to `deleteUserData`, in order. */
  readonly deletions: string[] = []

  constructor(init: { leads?: Lead[]; reports?: Report[]; sessions?: Record<string, Session> } = {}) {
    for (const lead of init.leads ?? []) this.leads.set(lead.id, lead)
    for (const report of init.reports ?? []) this.reports.set(report.id, report)
    for (const [key, session] of Object.entries(init.sessions ?? {})) this.sessions.set(key, session)
  }

  #check(): void {
    if (this.down) throw new StoreUnavailableError('memory store fake is down (test)')
  }

  async getSession(userKey: string) {
    this.#check()
    return this.sessions.get(userKey)
  }
  async setSession(userKey: string, session: Session) {
    this.#check()
    this.sessions.set(userKey, session)
  }
  async deleteSession(userKey: string) {
    this.#check()
    this.sessions.delete(userKey)
  }
  async markSeen(key: string) {
    this.#check()
    if (this.seen.has(key)) return false
    this.seen.add(key)
    return true
  }
  async unmarkSeen(key: string) {
    this.#check()
    this.seen.delete(key)
  }
  async withUserLock<T>(_userKey: string, fn: () => Promise<T>) {
    this.#check()
    return fn()
  }
  async runTurn<T>(userKey: string, messageId: string, fn: (s: Session | undefined) => Promise<TurnOutcome<T>>): Promise<TurnResult<T>> {
    this.#check()
    const mark = `${userKey}\n${messageId}`
    if (this.seen.has(mark)) return { duplicate: true }
    // A copy of its own, as the real stores decode one per turn (the gate's engine changes it in place).
    const stored = this.sessions.get(userKey)
    const outcome = await fn(stored === undefined ? undefined : structuredClone(stored))
    if (outcome.commit) {
      if (outcome.commit.session) this.sessions.set(userKey, outcome.commit.session)
      else this.sessions.delete(userKey)
      this.seen.add(mark)
    }
    return { duplicate: false, value: outcome.value }
  }
  async upsertLead(lead: Lead) {
    this.#check()
    this.leads.set(lead.id, lead)
  }
  async listLeads(options: { since?: string } = {}) {
    this.#check()
    const since = options.since
    return [...this.leads.values()]
      .filter((l) => since === undefined || l.updatedAt >= since)
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
  }
  async addReport(report: Report) {
    this.#check()
    this.reports.set(report.id, report)
  }
  async listReports() {
    this.#check()
    return [...this.reports.values()]
  }
  async recordUnanswered(text: string, lang: string, at: string) {
    this.#check()
    const q = this.unanswered.get(text)
    this.unanswered.set(text, q ? { ...q, count: q.count + 1, lastAt: at } : { text, lang, count: 1, firstAt: at, lastAt: at })
  }
  async listUnanswered(limit?: number) {
    this.#check()
    return [...this.unanswered.values()].sort((a, b) => b.count - a.count).slice(0, limit)
  }
  async clearUnanswered(options: { before?: string } = {}) {
    this.#check()
    let n = 0
    for (const [text, q] of this.unanswered) if ((options.before === undefined || q.lastAt < options.before) && this.unanswered.delete(text)) n++
    return n
  }
  async deleteLead(userKey: string, id: string) {
    this.#check()
    for (const [key, lead] of this.leads) if (lead.userKey === userKey && lead.id === id) return this.leads.delete(key)
    return false
  }
  async deleteReport(userKey: string, id: string) {
    this.#check()
    return this.reports.get(id)?.userKey === userKey && this.reports.delete(id)
  }
  async deleteUserData(userKey: string): Promise<DeletionResult> {
    this.#check()
    this.deletions.push(userKey)
    const drop = <T extends { userKey: string }>(map: Map<string, T>) => {
      let n = 0
      for (const [id, item] of map) if (item.userKey === userKey && map.delete(id)) n++
      return n
    }
    return { leads: drop(this.leads), reports: drop(this.reports), session: this.sessions.delete(userKey) }
  }
  /** Dashboard counters, by day. */
  readonly stats = new Map<string, Record<string, number>>()
  async addStats(day: string, counts: Record<string, number>) {
    this.#check()
    const into = this.stats.get(day) ?? {}
    for (const [field, by] of Object.entries(counts)) into[field] = (into[field] ?? 0) + by
    this.stats.set(day, into)
  }
  async readStats(from: string, to: string) {
    this.#check()
    return Object.fromEntries([...this.stats].filter(([day]) => day >= from && day <= to))
  }
  async kvGet(key: string) {
    this.#check()
    return this.kv.get(key)
  }
  async kvSet(key: string, value: string) {
    this.#check()
    this.kv.set(key, value)
  }
  async kvDelete(keyPrefix: string) {
    this.#check()
    for (const key of [...this.kv.keys()]) if (key.startsWith(keyPrefix)) this.kv.delete(key)
  }
  async kvKeys(keyPrefix: string) {
    this.#check()
    return [...this.kv.keys()].filter((k) => k.startsWith(keyPrefix)).sort()
  }
  async acquireLease(name: string, owner: string, ttlMs: number) {
    this.#check()
    const lease = this.leases.get(name)
    if (lease && lease.owner !== owner && lease.until > Date.now()) return false
    this.leases.set(name, { owner, until: Date.now() + ttlMs })
    return true
  }
  async releaseLease(name: string, owner: string) {
    this.#check()
    if (this.leases.get(name)?.owner === owner) this.leases.delete(name)
  }
  async ping() {
    this.#check()
  }
  async close() {}
}
