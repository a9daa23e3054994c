/**
 * The embedded store's sessions and handled message ids: in memory, one record per user, and with a data folder
 * in `sessions.jsonl`, an append-only log with one line per change of one user (see append-log.ts). So one
 * user's turn or deletion costs O(that user), however many users there are; the log is compacted in the
 * background when it grew to twice what is alive, after a deletion (so the deleted data leaves the disk), and
 * at least hourly while expired records linger in it.
 *
 * A line holds the user's whole record, so the session and the handled ids of one turn are saved together or
 * not at all (a torn last line is ignored):
 * ```
 * ["telegram:42",<session expires (ms)>,<handled ids expire (ms)>,["msg-1","msg-2"]]\t{…session JSON…}
 * ["telegram:42"]                                                   the user's data was deleted (a tombstone)
 * ```
 * The header is JSON without tabs (JSON escapes them), so the first tab ends it and the session JSON is kept as
 * text without being parsed: opening 100,000 users reads ~100 MB in well under a second.
 *
 * Lines are written at the end of each event-loop turn (many users' turns in one write) and flushed to disk
 * (fsync) on the store's tick, so a crash (kill -9) loses at most the turn in progress and a power cut at most
 * one tick, as with the former snapshot file. `sessions.json` of earlier versions is read once and converted.
 */

import fs from 'node:fs'
import path from 'node:path'
import type { Session } from '../engine/types.ts'
import { AppendLog, chunked, lineRanges } from './append-log.ts'
import { diskError, fsyncDirSync } from './durable-files.ts'

export const SESSIONS_LOG = 'sessions.jsonl'
/** The snapshot file of earlier versions, converted on open. */
export const LEGACY_SESSIONS_FILE = 'sessions.json'

/** Rewrite at least this often while expired or replaced records take space in the file. */
const COMPACT_EXPIRED_EVERY_MS = 3_600_000
/** Users looked at per tick for expiry. */
const SWEEP_PER_TICK = 10_000
/** Below this much dead space the log is never rewritten just for size. */
const MIN_DEAD_BYTES = 8 << 20

/** What is remembered of one user. Replaced as a whole, never changed in place. */
export interface UserRecord {
  /**
   * The session as JSON, so callers can never change what is stored by mutating an object. Kept as bytes
   * outside the JavaScript heap (read from the file: a slice of its contents; saved: a slice of a shared 64 KB
   * slab, copied to a buffer of its own once 4 MB of newer slabs were filled), so 100,000 sessions add little to
   * what the garbage collector walks, and opening decodes only the line headers.
   */
  readonly session: string | Buffer | undefined
  readonly expiresAt: number
  /** The last handled message ids, oldest first. */
  readonly handled: readonly string[]
  readonly handledExpiresAt: number
}

/** A record as kept: with the bytes of its line in the file (what a rewrite would write), known without re-encoding. */
interface Stored extends UserRecord {
  readonly lineBytes?: number
  /** `JSON.stringify(handled)`, when known (a turn's commit extends the previous one instead of encoding all ids). */
  readonly handledJson?: string
}

interface LegacySnapshot {
  v: 1
  sessions: [string, number, Session][]
  handled?: [string, number, string[]][]
}

function headerOf(userKey: string, record: UserRecord, handledJson?: string): string {
  if (handledJson === undefined) return JSON.stringify([userKey, record.expiresAt, record.handledExpiresAt, record.handled])
  // The same text as above (finite numbers print alike), with the ids' JSON already made.
  return `[${JSON.stringify(userKey)},${record.expiresAt},${record.handledExpiresAt},${handledJson}]`
}

/**
 * The handled ids after `messageId` (the last `limit`), and their JSON made from `json`, the JSON of `handled`:
 * the ids dropped from the front are cut off it (each one's JSON is as long as when it was encoded).
 */
export function appendHandled(
  handled: readonly string[],
  json: string,
  messageId: string,
  limit: number,
): { handled: string[]; json: string } {
  const drop = Math.max(0, handled.length + 1 - limit)
  const kept = handled.slice(drop)
  kept.push(messageId)
  let from = 1
  for (let i = 0; i < drop; i++) from += JSON.stringify(handled[i]).length + 1
  const rest = json.slice(from, -1)
  return { handled: kept, json: rest.length ? `[${rest},${JSON.stringify(messageId)}]` : `[${JSON.stringify(messageId)}]` }
}

function lineOf(userKey: string, record: UserRecord | undefined): string {
  if (!record) return `${JSON.stringify([userKey])}\n`
  return `${headerOf(userKey, record)}\t${record.session?.toString() ?? ''}\n`
}

/** The bytes of `lineOf(userKey, record)`, without building it. */
function bytesOf(userKey: string, record: UserRecord): number {
  const session = record.session
  const sessionBytes = session === undefined ? 0 : typeof session === 'string' ? Buffer.byteLength(session) : session.length
  return Buffer.byteLength(headerOf(userKey, record)) + sessionBytes + 2
}

/** `text` in a buffer of its own (not a slice of Node's shared pool, which would keep 8 KB alive per session). */
function ownBuffer(text: string): Buffer {
  const buffer = Buffer.allocUnsafeSlow(Buffer.byteLength(text))
  buffer.write(text)
  return buffer
}

/**
 * Sessions are encoded into shared slabs of this size (a slice each), instead of a buffer of their own each: a new
 * buffer per turn (an ArrayBuffer with its own allocation, tracked by the garbage collector) cost about 4% of an
 * embedded turn's CPU.
 */
const SLAB_BYTES = 64 * 1024
/** A session longer than this gets a buffer of its own. */
const SLAB_MAX_SESSION = 16 * 1024
/** After this many bytes of slabs, the sessions still in older slabs are copied to buffers of their own. */
const REHOME_AFTER_BYTES = 4 << 20

/** The session JSON as text. */
export function sessionText(record: UserRecord | undefined): string | undefined {
  return record?.session?.toString()
}

/** The lines of `entries`, made one by one as a rewrite writes them (never all at once on the event loop). */
function* linesOfEntries(entries: Iterable<[string, UserRecord]>): Generator<string> {
  for (const [userKey, record] of entries) yield lineOf(userKey, record)
}

/** A record without what expired by `now`, or `undefined` when nothing is left. */
function alive(record: UserRecord, now: number): UserRecord | undefined {
  const session = record.expiresAt > now ? record.session : undefined
  const handled = record.handledExpiresAt > now ? record.handled : []
  if (session === undefined && handled.length === 0) return undefined
  if (session === record.session && handled === record.handled) return record
  return { session, expiresAt: session === undefined ? 0 : record.expiresAt, handled, handledExpiresAt: handled.length ? record.handledExpiresAt : 0 }
}

export class SessionTable {
  readonly #records = new Map<string, Stored>()
  readonly #log: AppendLog | undefined
  readonly #warn: (message: string) => void
  /** Bytes of the lines of the records in memory (what a rewrite would write). */
  #liveBytes = 0
  /** Deletions so far, and how many of them a finished rewrite has erased from the disk. */
  #deletions = 0
  #erasedUpTo = 0
  #lastCompaction = Date.now()
  #expiredSinceCompaction = false
  #sweeping: MapIterator<[string, UserRecord]> | undefined
  #slab: Buffer | undefined
  #slabUsed = 0
  #slabBytes = 0
  #inSlabs: Array<[string, Stored]> = []

  /** Reads `dir/sessions.jsonl` (and converts an old `sessions.json`); without `dir`, memory only. */
  constructor(dir: string | undefined, now: number, warn: (message: string) => void) {
    this.#warn = warn
    if (dir === undefined) return
    const file = path.join(dir, SESSIONS_LOG)
    const { log, content, torn } = AppendLog.open(file)
    this.#log = log
    try {
      if (torn) warn(`Ignored an incomplete last line in ${file}: the process stopped while writing it; that turn is handled again when redelivered.`)
      let bad = 0
      for (const { start, end } of lineRanges(content)) if (!this.#apply(content, start, end, now)) bad++
      if (bad > 0) warn(`Skipped ${bad} unreadable line(s) in ${file}; those users' conversations restart.`)
      this.#convertLegacy(dir, content.length === 0, now)
    } catch (error) {
      log.closeNow()
      throw error
    }
  }

  /** The user's record, without what expired (dropped from memory when all of it did). */
  get(userKey: string, now: number): UserRecord | undefined {
    const record = this.#records.get(userKey)
    if (!record) return undefined
    const left = alive(record, now)
    if (left !== record) this.#replace(userKey, left, false)
    return left
  }

  /**
   * Saves the user's record (`undefined`: deletes it, also from the disk at the next rewrite). A session given as
   * text is encoded once into a buffer of its own, which is kept and written.
   */
  set(userKey: string, record: UserRecord | undefined): void {
    this.#replace(userKey, record, true)
  }

  /**
   * A turn's commit: saves `session` (JSON) and adds `messageId` to the user's handled ids (the last `limit`), in
   * one record as `set` does. Returns the bytes now stored for the session (the record's `session`).
   */
  commitTurn(
    userKey: string,
    turn: { session: string; expiresAt: number; messageId: string; handledExpiresAt: number; limit: number },
    now: number,
  ): Buffer {
    const before = this.get(userKey, now) as Stored | undefined
    const previous = before?.handled ?? []
    const previousJson = before?.handledJson !== undefined && before.handled === previous ? before.handledJson : JSON.stringify(previous)
    const { handled, json } = appendHandled(previous, previousJson, turn.messageId, turn.limit)
    const record: UserRecord = { session: turn.session, expiresAt: turn.expiresAt, handled, handledExpiresAt: turn.handledExpiresAt }
    return this.#replace(userKey, record, true, json)!
  }

  /** Whether anything of the user is remembered. */
  has(userKey: string): boolean {
    return this.#records.has(userKey)
  }

  /** Returns the stored session's bytes. */
  #replace(userKey: string, given: UserRecord | undefined, write: boolean, handledJson?: string): Buffer | undefined {
    const before = this.#records.get(userKey)
    if (!before && !given) return undefined
    if (before) this.#liveBytes -= before.lineBytes ?? bytesOf(userKey, before)
    if (!given) {
      this.#records.delete(userKey)
      if (!write) {
        this.#expiredSinceCompaction = true
        return
      }
      this.#deletions++
      this.#log?.buffer(lineOf(userKey, undefined))
      return undefined
    }
    // The session is encoded once (into the slab), and those bytes are what the log writes: no second encoding.
    const session = typeof given.session === 'string' ? this.#encode(given.session) : given.session
    const { expiresAt, handled, handledExpiresAt } = given
    const header = headerOf(userKey, given, handledJson)
    const lineBytes = Buffer.byteLength(header) + (session?.length ?? 0) + 2
    const stored: Stored = handledJson === undefined ? { session, expiresAt, handled, handledExpiresAt, lineBytes } : { session, expiresAt, handled, handledExpiresAt, lineBytes, handledJson }
    this.#records.set(userKey, stored)
    if (session !== undefined && session.buffer === this.#slab?.buffer) this.#inSlabs.push([userKey, stored])
    this.#liveBytes += lineBytes
    if (!write) {
      this.#expiredSinceCompaction = true
      return session
    }
    if (session === undefined) this.#log?.buffer(`${header}\t\n`)
    else this.#log?.buffer(`${header}\t`, session, '\n')
    return session
  }

  /**
   * `text` encoded into the current slab (a slice of it), or into a buffer of its own when long. Sessions left in
   * older slabs are copied out now and then (`#rehome`), so an idle user never keeps a whole slab alive for long.
   */
  #encode(text: string): Buffer {
    // UTF-8 takes at most 3 bytes per UTF-16 unit: when that fits, the text is written without measuring it first.
    const bytes = this.#slab && this.#slabUsed + text.length * 3 <= SLAB_BYTES ? -1 : Buffer.byteLength(text)
    if (bytes > SLAB_MAX_SESSION) return ownBuffer(text)
    if (bytes >= 0 && (!this.#slab || this.#slabUsed + bytes > SLAB_BYTES)) {
      this.#slabBytes += SLAB_BYTES
      if (this.#slabBytes >= REHOME_AFTER_BYTES) this.#rehome()
      this.#slab = Buffer.allocUnsafeSlow(SLAB_BYTES)
      this.#slabUsed = 0
    }
    const slab = this.#slab!
    const start = this.#slabUsed
    this.#slabUsed += slab.write(text, start)
    return slab.subarray(start, this.#slabUsed)
  }

  /** Copies every session still kept in a slab (all of them older than the next one) to a buffer of its own. */
  #rehome(): void {
    for (const [userKey, record] of this.#inSlabs) {
      if (this.#records.get(userKey) !== record) continue
      const own = Buffer.allocUnsafeSlow(record.session!.length)
      ;(record.session as Buffer).copy(own)
      this.#records.set(userKey, { ...record, session: own })
    }
    this.#inSlabs = []
    this.#slabBytes = 0
  }

  /**
   * Drops what expired from memory, `SWEEP_PER_TICK` users at a time (expiry is also checked on every read), so
   * that no tick stalls however many users there are. The lines leave the file at the next rewrite.
   */
  sweep(now: number): void {
    this.#sweeping ??= this.#records.entries()
    for (let i = 0; i < SWEEP_PER_TICK; i++) {
      const next = this.#sweeping.next()
      if (next.done) {
        this.#sweeping = undefined
        return
      }
      const [userKey, record] = next.value
      const left = alive(record, now)
      if (left !== record) this.#replace(userKey, left, false)
    }
  }

  /** Whether data deleted on request may still be in the file. */
  get erasurePending(): boolean {
    return this.#deletions > this.#erasedUpTo
  }

  /** Whether the periodic tick should rewrite the file: it doubled, or expired data lingers for an hour. */
  needsCompaction(now: number): boolean {
    if (!this.#log || this.#log.compacting) return false
    const dead = this.#log.size - this.#liveBytes
    if (this.erasurePending) return true
    if (dead > Math.max(this.#liveBytes, MIN_DEAD_BYTES)) return true
    return this.#expiredSinceCompaction && dead > 0 && now - this.#lastCompaction >= COMPACT_EXPIRED_EVERY_MS
  }

  /** Rewrites the file in the background with only the records alive now. Rejects with a `StoreUnavailableError`. */
  compact(): Promise<void> {
    if (!this.#log) return Promise.resolve()
    let deletions = 0
    return this.#log
      .compact(() => {
        deletions = this.#deletions
        this.#expiredSinceCompaction = false
        this.#lastCompaction = Date.now()
        // The live map, walked while the rewrite goes on: a user changed meanwhile is written again by the tail
        // (whole-record lines, the last one wins), one deleted meanwhile has its tombstone there.
        return chunked(linesOfEntries(this.#records))
      })
      .then(() => {
        this.#erasedUpTo = Math.max(this.#erasedUpTo, deletions)
      })
  }

  /** Flushes buffered lines and the file to disk without blocking (the store's tick). */
  async sync(): Promise<void> {
    await this.#log?.syncInBackground()
  }

  /**
   * Writes what is buffered and closes the file. When deleted data may still be in the file, it is rewritten
   * first (synchronously: the process is stopping).
   */
  async close(): Promise<void> {
    if (!this.#log) return
    if (this.erasurePending) {
      const entries = [...this.#records]
      await this.#log.close().catch(() => undefined)
      this.#rewriteOnClose(entries)
      return
    }
    await this.#log.close()
  }

  #rewriteOnClose(entries: [string, UserRecord][]): void {
    const file = this.#log!.file
    const { log } = AppendLog.open(file)
    try {
      log.compactNow(() => chunked(linesOfEntries(entries)))
    } finally {
      log.closeNow()
    }
  }

  /** Applies the line at `start..end` of `content`; false when it cannot be read. */
  #apply(content: Buffer, start: number, end: number, now: number): boolean {
    let tab = content.indexOf(9, start)
    if (tab < 0 || tab > end) tab = -1
    let header: unknown
    try {
      header = JSON.parse(content.toString('utf8', start, tab < 0 ? end : tab))
    } catch {
      return false
    }
    if (!Array.isArray(header) || typeof header[0] !== 'string') return false
    const userKey = header[0]
    const before = this.#records.get(userKey)
    if (header.length === 1) {
      if (before) this.#replace(userKey, undefined, false)
      return true
    }
    const [, expiresAt, handledExpiresAt, handled] = header as [string, unknown, unknown, unknown]
    if (typeof expiresAt !== 'number' || typeof handledExpiresAt !== 'number' || !Array.isArray(handled) || tab < 0) return false
    const session = tab + 1 < end ? content.subarray(tab + 1, end) : undefined
    const read: Stored = { session, expiresAt, handled: handled.map(String), handledExpiresAt, lineBytes: end - start + 1 }
    const left = alive(read, now)
    // Partly expired (rare): a smaller record, whose line a rewrite writes shorter.
    const record: Stored | undefined = left === read || !left ? left : { ...left, lineBytes: bytesOf(userKey, left) }
    if (before) this.#liveBytes -= before.lineBytes ?? bytesOf(userKey, before)
    if (record) {
      this.#records.set(userKey, record)
      this.#liveBytes += record.lineBytes!
    } else {
      this.#records.delete(userKey)
    }
    return true
  }

  /** Reads the snapshot file of earlier versions into an empty log, then removes it. */
  #convertLegacy(dir: string, logWasEmpty: boolean, now: number): void {
    const file = path.join(dir, LEGACY_SESSIONS_FILE)
    let text: string
    try {
      text = fs.readFileSync(file, 'utf8')
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return
      throw diskError('read', file, error)
    }
    if (logWasEmpty) {
      let snapshot: LegacySnapshot | undefined
      try {
        snapshot = JSON.parse(text) as LegacySnapshot
        if (snapshot.v !== 1 || !Array.isArray(snapshot.sessions)) throw new Error('unknown format')
      } catch (error) {
        this.#warn(`Ignored the unreadable session snapshot ${file} (${(error as Error).message}); conversations restart.`)
        snapshot = undefined
      }
      if (snapshot) {
        const handled = new Map((snapshot.handled ?? []).map(([userKey, expiresAt, ids]) => [userKey, { expiresAt, ids }]))
        const sessions = new Map(snapshot.sessions.map(([userKey, expiresAt, session]) => [userKey, { expiresAt, session }]))
        for (const userKey of new Set([...sessions.keys(), ...handled.keys()])) {
          const s = sessions.get(userKey)
          const h = handled.get(userKey)
          const record = alive(
            {
              session: s ? JSON.stringify(s.session) : undefined,
              expiresAt: s?.expiresAt ?? 0,
              handled: Array.isArray(h?.ids) ? h.ids.map(String) : [],
              handledExpiresAt: h?.expiresAt ?? 0,
            },
            now,
          )
          if (record) this.#records.set(userKey, record)
        }
        const entries = [...this.#records]
        this.#log!.compactNow(() => chunked(linesOfEntries(entries)))
      }
    }
    try {
      fs.rmSync(file, { force: true })
      fsyncDirSync(dir)
    } catch (error) {
      throw diskError('remove the converted', file, error)
    }
  }
}
