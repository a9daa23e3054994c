/**
 * Officer accounts, kept in the store's key-value space (both stores have it, so every process sees the same
 * accounts): `officer:account:<username>/` → `{ username, role, hash, createdAt, createdBy }`.
 *
 * Passwords are hashed with scrypt (node:crypto, a random 16-byte salt per password) and compared in constant time.
 * `verify` spends the same work for an unknown username as for a known one, so response times do not tell which
 * usernames exist. The CLI (`officers add|list|remove|password`) and the console's admin page call these functions.
 */
import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from 'node:crypto'
import type { Store } from '../store/types.ts'
import type { Role } from './roles.ts'

const PREFIX = 'officer:account:'
/** The account key ends with `/`, a character no username has, so deleting by prefix never takes another account. */
const keyOf = (username: string) => `${PREFIX}${username}/`

/** Usernames: 2–32 of a-z, 0-9, `.`, `_`, `-`, starting with a letter or digit. */
export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]{1,31}$/
export const MIN_PASSWORD_LENGTH = 10
export const MAX_PASSWORD_LENGTH = 200

export interface OfficerAccount {
  username: string
  role: Role
  createdAt: string
  createdBy: string
}

interface StoredAccount extends OfficerAccount {
  /** `scrypt$N$r$p$<salt base64>$<hash base64>` */
  hash: string
}

/** A wrong username or password for an account operation, with a message that says what to do. */
export class AccountError extends Error {
  override readonly name = 'AccountError'
}

const SCRYPT: ScryptOptions & { N: number; r: number; p: number } = { N: 16384, r: 8, p: 1, maxmem: 64 * 1024 * 1024 }
const KEY_LENGTH = 32

function scrypt(password: string, salt: Buffer, options: typeof SCRYPT): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scryptCallback(password.normalize('NFKC'), salt, KEY_LENGTH, options, (error, key) => (error ? reject(error) : resolve(key))),
  )
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16)
  const key = await scrypt(password, salt, SCRYPT)
  return `scrypt$${SCRYPT.N}$${SCRYPT.r}$${SCRYPT.p}$${salt.toString('base64')}$${key.toString('base64')}`
}

export async function checkPassword(password: string, stored: string): Promise<boolean> {
  const [kind, n, r, p, salt, hash] = stored.split('$')
  if (kind !== 'scrypt' || !salt || !hash) return false
  const expected = Buffer.from(hash, 'base64')
  const key = await scrypt(password, Buffer.from(salt, 'base64'), { N: Number(n), r: Number(r), p: Number(p), maxmem: SCRYPT.maxmem })
  return key.length === expected.length && timingSafeEqual(key, expected)
}

/** A hash of a random password: checked against when the username is unknown, to spend the same time. */
let decoy: Promise<string> | undefined

/** Says what is wrong with a password, or undefined when it is acceptable. */
export function passwordProblem(password: string): string | undefined {
  if (password.length < MIN_PASSWORD_LENGTH) return `The password must have at least ${MIN_PASSWORD_LENGTH} characters.`
  if (password.length > MAX_PASSWORD_LENGTH) return `The password may have at most ${MAX_PASSWORD_LENGTH} characters.`
  return undefined
}

export class OfficerAccounts {
  constructor(private readonly store: Store) {}

  /** Whether any account exists (the console is on by default then). */
  async any(): Promise<boolean> {
    return (await this.store.kvKeys(PREFIX)).length > 0
  }

  async list(): Promise<OfficerAccount[]> {
    const accounts: OfficerAccount[] = []
    for (const key of await this.store.kvKeys(PREFIX)) {
      const found = parse(await this.store.kvGet(key))
      if (found) accounts.push(publicView(found))
    }
    return accounts.sort((a, b) => a.username.localeCompare(b.username))
  }

  async get(username: string): Promise<OfficerAccount | undefined> {
    if (!USERNAME_PATTERN.test(username)) return undefined
    const found = parse(await this.store.kvGet(keyOf(username)))
    return found ? publicView(found) : undefined
  }

  /** Creates an account; throws an `AccountError` for a bad name or password, or a name that exists. */
  async add(username: string, role: Role, password: string, createdBy: string, now: number): Promise<OfficerAccount> {
    if (!USERNAME_PATTERN.test(username)) {
      throw new AccountError(`"${username}" is not a valid username: use 2 to 32 of a-z, 0-9, . _ - (lower case), starting with a letter or digit.`)
    }
    const problem = passwordProblem(password)
    if (problem) throw new AccountError(problem)
    if (await this.store.kvGet(keyOf(username))) throw new AccountError(`An officer "${username}" exists already; remove it first or choose another name.`)
    const account: StoredAccount = { username, role, createdAt: new Date(now).toISOString(), createdBy, hash: await hashPassword(password) }
    await this.store.kvSet(keyOf(username), JSON.stringify(account))
    return publicView(account)
  }

  /** Sets a new password; throws an `AccountError` for an unknown account or a bad password. */
  async setPassword(username: string, password: string): Promise<void> {
    const found = parse(await this.store.kvGet(keyOf(username)))
    if (!found || !USERNAME_PATTERN.test(username)) throw new AccountError(`No officer "${username}".`)
    const problem = passwordProblem(password)
    if (problem) throw new AccountError(problem)
    await this.store.kvSet(keyOf(username), JSON.stringify({ ...found, hash: await hashPassword(password) }))
  }

  /** Removes an account; resolves false when there was none. Its sessions end at their next request. */
  async remove(username: string): Promise<boolean> {
    if (!USERNAME_PATTERN.test(username) || !(await this.store.kvGet(keyOf(username)))) return false
    await this.store.kvDelete(keyOf(username))
    return true
  }

  /** The account when the password is right; undefined otherwise (same work either way). */
  async verify(username: string, password: string): Promise<OfficerAccount | undefined> {
    const found = USERNAME_PATTERN.test(username) && password.length <= MAX_PASSWORD_LENGTH ? parse(await this.store.kvGet(keyOf(username))) : undefined
    if (!found) {
      decoy ??= hashPassword(randomBytes(16).toString('hex'))
      await checkPassword(password.slice(0, MAX_PASSWORD_LENGTH), await decoy)
      return undefined
    }
    return (await checkPassword(password, found.hash)) ? publicView(found) : undefined
  }
}

function parse(raw: string | undefined): StoredAccount | undefined {
  if (raw === undefined) return undefined
  try {
    return JSON.parse(raw) as StoredAccount
  } catch {
    return undefined
  }
}

function publicView(account: StoredAccount): OfficerAccount {
  return { username: account.username, role: account.role, createdAt: account.createdAt, createdBy: account.createdBy }
}
