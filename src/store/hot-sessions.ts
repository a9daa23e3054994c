/**
 * The session objects that recent turns saved, by user, so that the user's next turn continues with the object
 * the engine left instead of decoding the stored JSON again: decoding a session (about 1 KB of JSON) was about a
 * sixth of an embedded turn's CPU.
 *
 * The stored JSON stays what counts. An entry is used only while the store still holds exactly what that turn
 * saved (`stored`: the embedded store's buffer, by identity or else by its bytes, as the store moves a session's
 * bytes to a buffer of their own now and then; Redis's JSON text, by value, so a change made by another process is
 * decoded as before), and only once: a turn takes the entry out, and only a committed turn
 * puts its session back. A turn that fails or does not commit leaves nothing behind, so the next one decodes the
 * stored JSON. The engine changes the session it is given in place (`ownsSession`), which is safe because no one
 * else holds the object after its turn committed.
 *
 * What a turn continues with must read exactly as the decoded JSON would: no `undefined` values, no object reached
 * twice (an in-place change would show in both places), only plain objects and arrays, nothing shared with other
 * readings (frozen: the engine puts remembered, frozen readings of a text into answers). A session that is not so
 * is not kept (`readsAsJson`, checked on every save). With `check` (on under tests, `NODE_ENV=test`) more is
 * verified: the saved object against its JSON when kept, the kept object against the stored JSON when taken (it
 * was changed after its turn, e.g. through a reply sharing an array with it); a difference throws.
 */
import { isDeepStrictEqual } from 'node:util'
import type { Session } from '../engine/types.ts'

/** Users kept; the least recently saved leaves first. About 1,000 users active within a few seconds hit. */
export const HOT_SESSIONS = 4_096

export class HotSessions<S> {
  readonly #entries = new Map<string, { stored: S; session: Session }>()
  /** Sessions not kept because they did not read as their JSON (see `readsAsJson`). */
  declined = 0
  /** Turns that continued with a kept object, and turns that decoded the stored JSON. */
  hits = 0
  misses = 0

  constructor(
    private readonly limit = HOT_SESSIONS,
    private readonly check = process.env.NODE_ENV === 'test',
  ) {}

  /**
   * The user's session for a turn: the object saved with `stored` if that is what the store holds, else
   * `decode()`. The entry is removed either way (the turn owns the object now).
   */
  take(userKey: string, stored: S | undefined, decode: () => Session | undefined): Session | undefined {
    const entry = this.#entries.get(userKey)
    if (entry === undefined || stored === undefined || (entry.stored !== stored && !sameBytes(entry.stored, stored))) {
      if (entry !== undefined) this.#entries.delete(userKey)
      this.misses++
      return decode()
    }
    this.#entries.delete(userKey)
    this.hits++
    if (this.check) {
      const decoded = decode()
      if (!isDeepStrictEqual(entry.session, decoded)) throw new Error(`The session kept for ${userKey} was changed after its turn was saved.`)
    }
    return entry.session
  }

  /** After a committed turn: `session` was saved as `json` and the store now holds `stored`. */
  keep(userKey: string, stored: S, session: Session, json: string): void {
    this.#entries.delete(userKey)
    // A session holding a shared or non-JSON value is decoded next time instead (rare: counted in `declined`).
    if (!readsAsJson(session)) {
      this.declined++
      return
    }
    if (this.check) assertReadsAsJson(userKey, session, json)
    this.#entries.set(userKey, { stored, session })
    if (this.#entries.size > this.limit) this.#entries.delete(this.#entries.keys().next().value!)
  }

  /** The user's data was deleted or replaced outside a turn: nothing of theirs is kept. */
  forget(userKey: string): void {
    this.#entries.delete(userKey)
  }

  clear(): void {
    this.#entries.clear()
  }

  get size(): number {
    return this.#entries.size
  }
}

/** Two stored sessions with the same bytes (the embedded store copies a session out of a shared slab now and then). */
function sameBytes(a: unknown, b: unknown): boolean {
  return Buffer.isBuffer(a) && Buffer.isBuffer(b) && a.equals(b)
}

/**
 * Whether `value` reads exactly as `JSON.parse(JSON.stringify(value))` would, and is ours alone to change: plain
 * objects and arrays only, each reached once, none frozen (frozen ones are shared readings, e.g. of the content or
 * of a remembered text), no `undefined` (JSON drops it), no numbers that JSON changes (NaN, ±Infinity, -0).
 * Without allocation beyond the list of objects seen: a list, not a set (a session holds a few dozen objects, and
 * scanning them is about twice as fast as hashing each new object); a value with more than `MAX_OBJECTS` objects is
 * not kept (decoded next time, as any declined session), so the scan never grows quadratic.
 */
export function readsAsJson(value: unknown, seen: object[] = []): boolean {
  if (value === null) return true
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true
    case 'number':
      return Number.isFinite(value) && !Object.is(value, -0)
    case 'object':
      break
    default:
      return false
  }
  const object = value as object
  if (seen.length >= MAX_OBJECTS || seen.includes(object) || Object.isFrozen(object)) return false
  seen.push(object)
  if (Array.isArray(object)) {
    for (let i = 0; i < object.length; i++) if (!readsAsJson(object[i], seen)) return false
    return true
  }
  if (Object.getPrototypeOf(object) !== Object.prototype) return false
  for (const key in object) if (!readsAsJson((object as Record<string, unknown>)[key], seen)) return false
  return true
}

/** More objects than this in one session: not kept (see `readsAsJson`). */
const MAX_OBJECTS = 512

/** Throws unless `session` is what `JSON.parse(json)` gives (the check under tests). */
function assertReadsAsJson(userKey: string, session: Session, json: string): void {
  if (!isDeepStrictEqual(session, JSON.parse(json))) throw new Error(`The session saved for ${userKey} cannot be kept as an object: it differs from its JSON.`)
}
