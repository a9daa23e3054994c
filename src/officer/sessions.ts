/**
 * Console sessions, server-side in the store's key-value space so every process knows them:
 * `officer:session:<sha256 of the cookie value>` → `{ username, createdAt, seenAt }`. The cookie holds 32 random
 * bytes; the store holds only their hash, so a copy of the store opens no session.
 *
 * A session ends after `idleMs` without a request, after `maxAgeMs` in any case, at logout, and when its account
 * is removed (the console checks the account on every request). `seenAt` is written at most once a minute.
 */
import { createHash, randomBytes } from 'node:crypto'
import type { Store } from '../store/types.ts'

const PREFIX = 'officer:session:'
const TOUCH_EVERY_MS = 60_000

export interface ConsoleSession {
  username: string
  createdAt: number
  seenAt: number
}

export interface SessionTimes {
  /** A session unused this long ends. */
  idleMs: number
  /** A session ends this long after login, used or not. Default 12 hours. */
  maxAgeMs?: number
}

const DEFAULT_MAX_AGE_MS = 12 * 3600_000

const keyOf = (token: string) => PREFIX + createHash('sha256').update(token).digest('hex')

export class ConsoleSessions {
  constructor(
    private readonly store: Store,
    private readonly times: SessionTimes,
  ) {}

  /** Starts a session; resolves the cookie value. Expired sessions of anyone are swept away meanwhile. */
  async create(username: string, now: number): Promise<string> {
    await this.sweep(now)
    const token = randomBytes(32).toString('base64url')
    await this.store.kvSet(keyOf(token), JSON.stringify({ username, createdAt: now, seenAt: now } satisfies ConsoleSession))
    return token
  }

  /** The live session of this cookie value (its idle time restarts), or undefined. */
  async get(token: string | undefined, now: number): Promise<ConsoleSession | undefined> {
    if (!token || !/^[A-Za-z0-9_-]{43}$/.test(token)) return undefined
    const key = keyOf(token)
    const found = parseSession(await this.store.kvGet(key))
    if (!found) return undefined
    if (this.#expired(found, now)) {
      await this.store.kvDelete(key)
      return undefined
    }
    if (now - found.seenAt >= TOUCH_EVERY_MS) await this.store.kvSet(key, JSON.stringify({ ...found, seenAt: now }))
    return found
  }

  async destroy(token: string | undefined): Promise<void> {
    if (token && /^[A-Za-z0-9_-]{43}$/.test(token)) await this.store.kvDelete(keyOf(token))
  }

  /** Ends every session of an officer (account removed or password changed). */
  async destroyAllOf(username: string): Promise<void> {
    for (const key of await this.store.kvKeys(PREFIX)) {
      if (parseSession(await this.store.kvGet(key))?.username === username) await this.store.kvDelete(key)
    }
  }

  /** Deletes expired sessions; resolves how many. */
  async sweep(now: number): Promise<number> {
    let gone = 0
    for (const key of await this.store.kvKeys(PREFIX)) {
      const found = parseSession(await this.store.kvGet(key))
      if (!found || this.#expired(found, now)) {
        await this.store.kvDelete(key)
        gone++
      }
    }
    return gone
  }

  #expired(found: ConsoleSession, now: number): boolean {
    return now - found.seenAt >= this.times.idleMs || now - found.createdAt >= (this.times.maxAgeMs ?? DEFAULT_MAX_AGE_MS)
  }
}

function parseSession(raw: string | undefined): ConsoleSession | undefined {
  if (raw === undefined) return undefined
  try {
    const value = JSON.parse(raw) as ConsoleSession
    return typeof value.username === 'string' && typeof value.seenAt === 'number' ? value : undefined
  } catch {
    return undefined
  }
}
