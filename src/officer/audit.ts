/**
 * The officers' audit log, in the store's key-value space (every process writes to the same log):
 * `officer:audit:<ISO time>:<random>` → one entry. Written for every export, deletion, failed login, login,
 * logout and change of accounts; the console's audit page shows it together with the handoff audit
 * (`handoff:audit:`, src/handoff/cases.ts). Entries hold no personal data of users: filters are dates and
 * codes, counts are numbers, a deletion names the lead's reference, not the person.
 */
import { randomBytes } from 'node:crypto'
import type { Store } from '../store/types.ts'

const PREFIX = 'officer:audit:'

export interface OfficerAuditEntry {
  at: string
  /** The officer (username), or the typed name of a failed login (`?` when it is no account). */
  officer: string
  /** e.g. `login`, `login_failed`, `logout`, `export`, `delete`, `officer_add`, `officer_remove`. */
  action: string
  /** What was exported or deleted: `leads`, `reports`, an account name. */
  target?: string
  /** The filter used, as officers read it (`province=32, from=2025-12-01`). */
  filter?: string
  /** How many rows were exported or deleted. */
  rows?: number
  /** Why (deletions), or the export format. */
  detail?: string
  /** Where it was done: `console` or `cli`. */
  via: 'console' | 'cli'
}

export class OfficerAudit {
  constructor(private readonly store: Store) {}

  async write(entry: Omit<OfficerAuditEntry, 'at'>, now: number): Promise<void> {
    const at = new Date(now).toISOString()
    // Within one millisecond, entries of this process keep their order (a monotonic clock); then a random part.
    const order = process.hrtime.bigint().toString().padStart(20, '0')
    await this.store.kvSet(`${PREFIX}${at}:${order}${randomBytes(4).toString('hex')}`, JSON.stringify({ at, ...entry } satisfies OfficerAuditEntry))
  }

  /** The log, newest first. */
  async list(): Promise<OfficerAuditEntry[]> {
    const keys = (await this.store.kvKeys(PREFIX)).reverse()
    const entries: OfficerAuditEntry[] = []
    for (const key of keys) {
      const raw = await this.store.kvGet(key)
      if (raw === undefined) continue
      try {
        entries.push(JSON.parse(raw) as OfficerAuditEntry)
      } catch {
        // a damaged entry is skipped, the others still show
      }
    }
    return entries
  }
}
