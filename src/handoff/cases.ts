/**
 * Cases with human officers, kept in the store's key-value space (both stores have it), so a case survives
 * restarts and every process sees the same one:
 *
 * | key                                   | value                                                        |
 * | ------------------------------------- | ------------------------------------------------------------ |
 * | `handoff:case:<caseId>`               | the case JSON, with its transcript (the last `MAX_MESSAGES`)  |
 * | `handoff:tg:<chatId>:<messageId>.`    | case id of a post in the Telegram officer group               |
 * | `handoff:audit:<iso time>:<random>`   | one officer action: who, when, what, which case               |
 * | `handoff:user:<userKey>.`             | the user's case while it is open (found again after the session expired) |
 *
 * Every change of one case runs under the store's lock named after the case (`withUserLock`), so a user's
 * message and an officer's reply arriving together in two processes never overwrite each other. The lock order
 * is always user → case (the gate holds the user's lock while it appends a message), never the other way.
 */
import { randomUUID } from 'node:crypto'
import type { Lang, NewCase } from '../engine/types.ts'
import type { Store } from '../store/types.ts'

export type CaseStatus = 'open' | 'claimed' | 'closed'

export interface CaseMessage {
  /** Unique within the case: the platform message id for the user, a random id for officers. */
  id: string
  from: 'user' | 'officer' | 'system'
  /** The officer id, for officer messages. */
  officer?: string
  text: string
  at: number
}

/** A case: the engine's request (`NewCase`) and what happened since. */
export interface HandoffCase extends NewCase {
  status: CaseStatus
  openedAt: number
  /** The last message of the user (a WhatsApp Cloud reply must come within 24 hours of it). */
  lastUserAt: number
  claimedBy?: string
  claimedAt?: number
  firstReplyAt?: number
  closedAt?: number
  /** `user` when the user left, else the officer id. */
  closedBy?: string
  remindedAt?: number
  messages: CaseMessage[]
  /** Posts about this case in the Telegram officer group (the first one is the case itself). */
  telegram?: { chatId: number; messageIds: number[] }
}

export interface AuditEntry {
  at: string
  officer: string
  action: 'view' | 'claim' | 'reply' | 'close' | 'list'
  caseId?: string
  /** Channel through which the officer acted: `api` or `telegram`. */
  via: 'api' | 'telegram' | 'console'
}

/** Longest transcript kept per case; older messages are dropped (the count stays in `dropped`). */
export const MAX_MESSAGES = 500
const CASE = 'handoff:case:'
const TELEGRAM = 'handoff:tg:'
const AUDIT = 'handoff:audit:'
const USER = 'handoff:user:'
const LOCK_WAIT_MS = 10_000

export class CaseStore {
  constructor(private readonly store: Store) {}

  async get(caseId: string): Promise<HandoffCase | undefined> {
    if (!/^[a-f0-9]{16}$/.test(caseId)) return undefined
    const raw = await this.store.kvGet(CASE + caseId)
    return raw === undefined ? undefined : (JSON.parse(raw) as HandoffCase)
  }

  /** Every case, newest first (`status` filters). */
  async list(status?: CaseStatus | 'active'): Promise<HandoffCase[]> {
    const keys = await this.store.kvKeys(CASE)
    const cases: HandoffCase[] = []
    for (const key of keys) {
      const raw = await this.store.kvGet(key)
      if (raw === undefined) continue
      const found = JSON.parse(raw) as HandoffCase
      if (!status || found.status === status || (status === 'active' && found.status !== 'closed')) cases.push(found)
    }
    return cases.sort((a, b) => b.openedAt - a.openedAt)
  }

  /** Opens a case; a second call with the same id (a redelivered message) leaves the first. */
  async open(request: NewCase): Promise<{ created: boolean; found: HandoffCase }> {
    return this.change<{ created: boolean; found: HandoffCase }>(request.id, async (existing) => {
      if (existing) return { value: { created: false, found: existing } }
      const created: HandoffCase = {
        id: request.id,
        ref: request.ref,
        userKey: request.userKey,
        channel: request.channel,
        userId: request.userId,
        lang: request.lang,
        status: 'open',
        openedAt: request.openedAt,
        lastUserAt: request.openedAt,
        recent: request.recent,
        messages: [],
      }
      await this.store.kvSet(userIndex(request.userKey), request.id)
      return { value: { created: true, found: created }, save: created }
    })
  }

  /** The user's open case, if any (for a user whose session expired while it was open). */
  async openCaseOf(userKey: string): Promise<HandoffCase | undefined> {
    const caseId = await this.store.kvGet(userIndex(userKey))
    const found = caseId ? await this.get(caseId) : undefined
    return found && found.status !== 'closed' ? found : undefined
  }

  /** Forgets the user's open case `caseId` (it was closed); without `caseId`, whichever it is. */
  async forgetOpen(userKey: string, caseId?: string): Promise<void> {
    if (caseId !== undefined && (await this.store.kvGet(userIndex(userKey))) !== caseId) return
    await this.store.kvDelete(userIndex(userKey))
  }

  /**
   * Runs `fn` on the current case under the case's lock and saves what it returns in `save`. `fn` sees
   * `undefined` for an unknown case.
   */
  async change<T>(caseId: string, fn: (found: HandoffCase | undefined) => Promise<{ value: T; save?: HandoffCase }>): Promise<T> {
    return this.store.withUserLock(
      `handoff-case:${caseId}`,
      async () => {
        const found = await this.get(caseId)
        const { value, save } = await fn(found)
        if (save) await this.store.kvSet(CASE + caseId, JSON.stringify(trim(save)))
        return value
      },
      LOCK_WAIT_MS,
    )
  }

  /** Appends a message once (by its id). Resolves the case after the change, or undefined when unknown. */
  async append(caseId: string, message: CaseMessage, update: Partial<HandoffCase> = {}): Promise<{ found?: HandoffCase; added: boolean }> {
    return this.change<{ found?: HandoffCase; added: boolean }>(caseId, async (found) => {
      if (!found) return { value: { added: false } }
      if (found.messages.some((m) => m.id === message.id)) return { value: { found, added: false } }
      const next = { ...found, ...update, messages: [...found.messages, message] }
      return { value: { found: next, added: true }, save: next }
    })
  }

  /** Deletes every case of a user ("hapus data saya"), with their Telegram post index. Resolves the deleted cases. */
  async deleteForUser(userKey: string): Promise<HandoffCase[]> {
    const mine = (await this.list()).filter((c) => c.userKey === userKey)
    await this.forgetOpen(userKey)
    for (const found of mine) {
      for (const messageId of found.telegram?.messageIds ?? []) await this.store.kvDelete(telegramKey(found.telegram!.chatId, messageId))
      // Case ids have a fixed length, so the prefix is this case alone.
      await this.store.withUserLock(`handoff-case:${found.id}`, () => this.store.kvDelete(CASE + found.id), LOCK_WAIT_MS)
    }
    return mine
  }

  /** Remembers that a Telegram officer-group post belongs to a case (officers reply to it). */
  async linkTelegram(caseId: string, chatId: number, messageId: number): Promise<void> {
    await this.store.kvSet(telegramKey(chatId, messageId), caseId)
    await this.change(caseId, async (found) => {
      if (!found) return { value: undefined }
      const ids = found.telegram?.chatId === chatId ? found.telegram.messageIds : []
      return { value: undefined, save: { ...found, telegram: { chatId, messageIds: [...ids, messageId].slice(-MAX_MESSAGES) } } }
    })
  }

  async caseOfTelegram(chatId: number, messageId: number): Promise<string | undefined> {
    return this.store.kvGet(telegramKey(chatId, messageId))
  }

  async audit(entry: Omit<AuditEntry, 'at'>, now: number): Promise<void> {
    const at = new Date(now).toISOString()
    await this.store.kvSet(`${AUDIT}${at}:${randomUUID().slice(0, 8)}`, JSON.stringify({ at, ...entry } satisfies AuditEntry))
  }

  /** The audit log, oldest first. */
  async auditLog(): Promise<AuditEntry[]> {
    const entries: AuditEntry[] = []
    for (const key of await this.store.kvKeys(AUDIT)) {
      const raw = await this.store.kvGet(key)
      if (raw !== undefined) entries.push(JSON.parse(raw) as AuditEntry)
    }
    return entries
  }
}

/** Ends with `.` so that deleting it by prefix never deletes another user's key. */
function userIndex(userKey: string): string {
  return `${USER}${userKey}.`
}

/** Ends with `.` so that deleting it by prefix never deletes a longer message id. */
function telegramKey(chatId: number, messageId: number): string {
  return `${TELEGRAM}${chatId}:${messageId}.`
}

function trim(found: HandoffCase): HandoffCase {
  return found.messages.length <= MAX_MESSAGES ? found : { ...found, messages: found.messages.slice(-MAX_MESSAGES) }
}
