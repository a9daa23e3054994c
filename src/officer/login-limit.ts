/**
 * Slows down password guessing at the console's login, per account and per client address, with the counts in the
 * store (so every process counts together): `officer:login-fail:<account|ip>:<name>/` → failure times.
 *
 * - an account with `perAccount` (5) wrong passwords within `windowMs` (15 min) is locked for `lockMs` (15 min):
 *   even the right password is refused until then, with a message that says how long to wait;
 * - an address with `perIp` (20) wrong logins within the window is refused the same way (a guesser trying many
 *   accounts from one place).
 * A successful login clears the account's count. Time comes from the caller (`now`), so tests use a fake clock.
 */
import type { Store } from '../store/types.ts'

const PREFIX = 'officer:login-fail:'

export interface LoginLimits {
  perAccount: number
  perIp: number
  windowMs: number
  lockMs: number
}

export const DEFAULT_LOGIN_LIMITS: LoginLimits = { perAccount: 5, perIp: 20, windowMs: 15 * 60_000, lockMs: 15 * 60_000 }

interface Failures {
  times: number[]
  lockedUntil?: number
}

/** Characters of an address or typed name kept in a key (anything else becomes `_`; at most 64). */
const part = (text: string) => text.toLowerCase().replace(/[^a-z0-9._:-]/g, '_').slice(0, 64)
const accountKey = (username: string) => `${PREFIX}account:${part(username)}/`
const ipKey = (ip: string) => `${PREFIX}ip:${part(ip)}/`

export class LoginLimiter {
  readonly limits: LoginLimits
  constructor(
    private readonly store: Store,
    limits: Partial<LoginLimits> = {},
  ) {
    this.limits = { ...DEFAULT_LOGIN_LIMITS, ...limits }
  }

  /** When a login for this account from this address is refused now: the time it is allowed again. */
  async lockedUntil(username: string, ip: string, now: number): Promise<number | undefined> {
    const [account, address] = await Promise.all([this.#read(accountKey(username)), this.#read(ipKey(ip))])
    const until = Math.max(account?.lockedUntil ?? 0, address?.lockedUntil ?? 0)
    return until > now ? until : undefined
  }

  /** Counts a wrong password; resolves the lock's end when this failure locked the account or address. */
  async fail(username: string, ip: string, now: number): Promise<number | undefined> {
    const a = await this.#count(accountKey(username), this.limits.perAccount, now)
    const b = await this.#count(ipKey(ip), this.limits.perIp, now)
    const until = Math.max(a ?? 0, b ?? 0)
    return until > 0 ? until : undefined
  }

  /** A good login: the account's count starts again (the address's count stays). */
  async succeed(username: string): Promise<void> {
    await this.store.kvDelete(accountKey(username))
  }

  /** Deletes counts older than the window and ended locks. */
  async sweep(now: number): Promise<void> {
    for (const key of await this.store.kvKeys(PREFIX)) {
      const found = await this.#read(key)
      if (!found || ((found.lockedUntil ?? 0) <= now && found.times.every((t) => now - t >= this.limits.windowMs))) await this.store.kvDelete(key)
    }
  }

  async #count(key: string, max: number, now: number): Promise<number | undefined> {
    // One process at a time changes a count (two wrong logins at once in two processes both count).
    return this.store.withUserLock(`officer-login:${key}`, async () => {
      const found = (await this.#read(key)) ?? { times: [] }
      const times = [...found.times.filter((t) => now - t < this.limits.windowMs), now]
      const lockedUntil = times.length >= max ? now + this.limits.lockMs : found.lockedUntil
      await this.store.kvSet(key, JSON.stringify({ times: times.slice(-max), ...(lockedUntil ? { lockedUntil } : {}) } satisfies Failures))
      return times.length >= max ? lockedUntil : undefined
    })
  }

  async #read(key: string): Promise<Failures | undefined> {
    const raw = await this.store.kvGet(key)
    if (raw === undefined) return undefined
    try {
      return JSON.parse(raw) as Failures
    } catch {
      return undefined
    }
  }
}
