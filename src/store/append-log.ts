/**
 * An append-only file of lines, rewritten in the background: the embedded store's durable memory (the journal of
 * leads, reports and questions; the log of sessions and handled message ids).
 *
 * - `write(text)` writes complete lines (in call order) at once; `buffer(line)` collects lines and writes them
 *   together at the end of the event-loop turn, so many users' turns cost one write. Either way a write costs
 *   O(its lines), never O(the file).
 * - `durable()` resolves once everything written or buffered before the call is on the disk: a group commit. At
 *   most one fsync runs at a time (on libuv's thread pool: the event loop never waits for the disk). When none
 *   runs, a batch starts at once (after the current synchronous work, so the lines buffered with it go along);
 *   while one runs, everyone who asks meanwhile joins the next batch, which starts when it ends with one write of
 *   all their buffered lines and one fsync. The busier the process, the bigger the batches: a thousand leads
 *   confirmed together cost a few fsyncs, not a thousand.
 * - `compact(snapshot)` rewrites the file with only what is alive, without stalling the process: it writes the
 *   snapshot (taken at once, as `snapshot()` is called) chunk by chunk to a temporary file with asynchronous
 *   writes, while new lines keep going to the old file and are also kept aside (the tail). Then it catches up
 *   with the tail and, for one fsync, holds new writes back (they wait, in order; the event loop does not) while
 *   it adds the rest of the tail, flushes the new file to disk and renames it over the old one; the folder is
 *   flushed after, and durability waits for that. A crash at any moment leaves either the old file (complete:
 *   every line went there) or the new one (complete).
 *   Lines replayed in order therefore give the same state from either file, as long as a replayed line written
 *   after the snapshot (the tail) leads to the same state when applied on top of it: whole-record lines
 *   (sessions) and records that were not in the snapshot (the journal appends synchronously and snapshots the
 *   state that includes all of them) both do.
 * - Compactions never overlap: asking for one while one runs queues exactly one more, which snapshots the state
 *   of its own start (so data deleted meanwhile is gone from the disk when the promise resolves).
 */

import fs from 'node:fs'
import path from 'node:path'
import { diskError, FILE_MODE, fsyncDir, fsyncDirSync, tempPathFor } from './durable-files.ts'

/** What a rewrite writes: chunks of complete lines, produced lazily so that no single step stalls. */
export type Snapshot = () => Iterable<string>

interface Running {
  tail: Array<string | Buffer>
  aborted: boolean
}

function writeAsync(fd: number, data: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    let offset = 0
    const next = (): void => {
      fs.write(fd, data, offset, data.length - offset, null, (error, written) => {
        if (error) return reject(error)
        offset += written
        if (offset < data.length) next()
        else resolve()
      })
    }
    next()
  })
}

function toBuffer(part: string | Buffer): Buffer {
  return typeof part === 'string' ? Buffer.from(part) : part
}

/** The parts as one buffer, each encoded (texts) or copied (buffers) straight into it. */
function joined(parts: ReadonlyArray<string | Buffer>): Buffer {
  let bytes = 0
  for (const part of parts) bytes += typeof part === 'string' ? Buffer.byteLength(part) : part.length
  const out = Buffer.allocUnsafe(bytes)
  let at = 0
  for (const part of parts) {
    if (typeof part === 'string') at += out.write(part, at)
    else at += part.copy(out, at)
  }
  return out
}

function fsyncAsync(fd: number): Promise<void> {
  return new Promise((resolve, reject) => fs.fsync(fd, (error) => (error ? reject(error) : resolve())))
}

export class AppendLog {
  readonly file: string
  #fd: number
  /** Bytes in the file. */
  #size = 0
  #pending: Array<string | Buffer> = []
  #flushScheduled = false
  #running: Running | undefined
  /** While a rewrite swaps the files, writes wait for this. */
  #switching: Promise<void> | undefined
  /** The folder's flush after a swap; durability waits for it. */
  #dirSynced: Promise<void> = Promise.resolve()
  /** fsyncs in flight per file descriptor, so that a swapped-out file is closed only after them. */
  readonly #inFlight = new Map<number, number>()
  readonly #closeWhenIdle = new Set<number>()
  #current: Promise<void> | undefined
  #queued: { promise: Promise<void>; snapshot: Snapshot } | undefined
  /** The group commit that callers of `durable()` join now (not yet flushing). */
  #batch: Promise<void> | undefined
  /** The fsync of the batch in progress; the next batch starts after it. */
  #syncing: Promise<void> = Promise.resolve()
  #closing = false
  #closed = false
  /** close() flushed everything to the disk before closing. */
  #closedClean = false

  private constructor(file: string, fd: number, size: number) {
    this.file = file
    this.#fd = fd
    this.#size = size
  }

  /**
   * Reads the file (missing: empty) and opens it for appending. A last line without its newline (a write cut
   * short by a crash) is cut off the file, so appends start on a fresh line; `torn` says whether there was one.
   */
  static open(file: string): { log: AppendLog; content: Buffer; torn: boolean } {
    let content: Buffer
    try {
      content = fs.readFileSync(file)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw diskError('read', file, error)
      content = Buffer.alloc(0)
    }
    const end = content.lastIndexOf(10) + 1
    const torn = end < content.length
    try {
      if (torn) fs.truncateSync(file, end)
      const fd = fs.openSync(file, 'a', FILE_MODE)
      return { log: new AppendLog(file, fd, end), content, torn }
    } catch (error) {
      throw diskError('open', file, error)
    }
  }

  /** Bytes in the file (what compaction would shrink). */
  get size(): number {
    return this.#size
  }

  /** Whether a rewrite is running or queued. */
  get compacting(): boolean {
    return this.#current !== undefined
  }

  /**
   * Writes `text` (complete lines) to the file, right away or, while a rewrite swaps the files (one fsync
   * long), right after; in call order. Not yet on the disk: await `durable()` for that. Throws a
   * `StoreUnavailableError`; the file stays whole.
   */
  async write(text: string): Promise<void> {
    this.#assertOpen()
    while (this.#switching) await this.#switching
    this.#assertOpen()
    this.flush()
    this.#writeNow(text)
  }

  /**
   * Resolves once everything written or buffered so far is on the disk: joins this turn's group commit (see the
   * module comment). Rejects with a `StoreUnavailableError` when the write or the fsync failed.
   */
  durable(): Promise<void> {
    this.#batch ??= this.#commitBatch()
    return this.#batch
  }

  /**
   * One group commit: as soon as no fsync is running (at once when idle, else when the running one ends), one write
   * of everything buffered and one fsync for everyone who asked until then.
   */
  async #commitBatch(): Promise<void> {
    await this.#syncing
    // A rewrite's swap holds writes back; what is buffered goes to the new file when it ends.
    while (this.#switching) await this.#switching
    // From here on, new callers wait for the next batch: this one covers what is written up to now.
    this.#batch = undefined
    const synced = this.#fsyncNow()
    this.#syncing = synced.catch(() => undefined)
    await synced
  }

  async #fsyncNow(): Promise<void> {
    if (this.#closed) {
      // close() wrote and flushed everything before it closed the file; if that failed, the batch failed too.
      if (this.#closedClean) return
      throw diskError('write', this.file, new Error('the file was closed before it could be flushed'))
    }
    this.flush()
    const fd = this.#fd
    this.#inFlight.set(fd, (this.#inFlight.get(fd) ?? 0) + 1)
    try {
      await fsyncAsync(fd)
    } catch (error) {
      throw diskError('write', this.file, error)
    } finally {
      const left = (this.#inFlight.get(fd) ?? 1) - 1
      if (left > 0) this.#inFlight.set(fd, left)
      else {
        this.#inFlight.delete(fd)
        if (this.#closeWhenIdle.delete(fd)) fs.close(fd, () => undefined)
      }
    }
    await this.#dirSynced
  }

  /**
   * Adds one line (with its newline; or its parts, in order) to be written at the end of this event-loop turn (or
   * at `flush()`, or by a group commit).
   */
  buffer(...parts: Array<string | Buffer>): void {
    this.#assertOpen()
    this.#pending.push(...parts)
    if (this.#flushScheduled) return
    this.#flushScheduled = true
    setImmediate(() => {
      this.#flushScheduled = false
      if (this.#closed) return
      try {
        this.flush()
      } catch {
        // The lines stay pending and are retried by the next flush; the owner hears about it from sync().
      }
    })
  }

  /** Writes the buffered lines now (not to the disk), unless a swap runs (then its end does). Throws; they stay. */
  flush(): void {
    if (this.#pending.length === 0 || this.#switching) return
    const pending = this.#pending
    this.#writeNow(pending.length === 1 && typeof pending[0] === 'string' ? pending[0] : joined(pending))
    this.#pending = []
  }

  /** Flushes buffered lines and the file to disk, off the event loop (the periodic tick). */
  async syncInBackground(): Promise<void> {
    this.flush()
    await this.durable()
  }

  #writeNow(text: string | Buffer): void {
    const bytes = typeof text === 'string' ? Buffer.from(text) : text
    try {
      let written = 0
      while (written < bytes.length) written += fs.writeSync(this.#fd, bytes, written)
      this.#size += bytes.length
    } catch (error) {
      try {
        fs.ftruncateSync(this.#fd, this.#size)
      } catch {
        // The next open cuts a torn tail anyway.
      }
      throw diskError('write', this.file, error)
    }
    this.#running?.tail.push(text)
  }

  /**
   * Rewrites the file with `snapshot()` in the background (see the module comment). Resolves when a rewrite that
   * started after this call is on disk; rejects with a `StoreUnavailableError` when it failed (the old file is
   * then still whole).
   */
  compact(snapshot: Snapshot): Promise<void> {
    this.#assertOpen()
    if (this.#queued) {
      this.#queued.snapshot = snapshot
      return this.#queued.promise
    }
    const previous = this.#current
    const entry: { snapshot: Snapshot; promise: Promise<void> } = { snapshot, promise: Promise.resolve() }
    entry.promise = (previous ?? Promise.resolve()).then(() => {
      if (this.#queued === entry) this.#queued = undefined
      return this.#rewrite(entry.snapshot)
    })
    if (previous) this.#queued = entry
    const tracked: Promise<void> = entry.promise
      .catch(() => undefined)
      .finally(() => {
        if (this.#current === tracked) this.#current = undefined
      })
    this.#current = tracked
    return entry.promise
  }

  async #rewrite(snapshot: Snapshot): Promise<void> {
    if (this.#closing) return
    const dir = path.dirname(this.file)
    const temp = tempPathFor(this.file)
    const running: Running = { tail: [], aborted: false }
    let fd = -1
    let endSwitch: (() => void) | undefined
    try {
      this.flush()
      fd = fs.openSync(temp, 'w', FILE_MODE)
      this.#running = running
      let size = 0
      const put = async (text: string | Buffer): Promise<void> => {
        if (running.aborted) throw new Error('closed')
        const bytes = toBuffer(text)
        await writeAsync(fd, bytes)
        size += bytes.length
      }
      for (const chunk of snapshot()) if (chunk.length > 0) await put(chunk)
      // Catch up with what was written meanwhile, while writes go on.
      for (let round = 0; round < 3 && running.tail.length > 0; round++) await put(Buffer.concat(running.tail.splice(0).map(toBuffer)))
      // The swap: writes wait (in order) until the new file has everything and is on the disk.
      this.#switching = new Promise<void>((resolve) => {
        endSwitch = resolve
      })
      await put(Buffer.concat(running.tail.splice(0).map(toBuffer)))
      await fsyncAsync(fd)
      if (running.aborted || this.#closing) throw new Error('closed')
      fs.renameSync(temp, this.file)
      const old = this.#fd
      this.#fd = fd
      fd = -1
      this.#size = size
      // Closing the last descriptor of the replaced file frees its blocks, which takes a while for a big file:
      // on the thread pool, not here.
      if (this.#inFlight.has(old)) this.#closeWhenIdle.add(old)
      else fs.close(old, () => undefined)
      this.#dirSynced = fsyncDir(dir).catch((error: unknown) => {
        throw diskError('write', dir, error)
      })
      this.#dirSynced.catch(() => undefined)
    } catch (error) {
      if (fd >= 0) fs.closeSync(fd)
      fs.rmSync(temp, { force: true })
      if ((error as Error).message === 'closed') return
      throw diskError('rewrite', this.file, error)
    } finally {
      if (this.#running === running) this.#running = undefined
      this.#switching = undefined
      endSwitch?.()
    }
    this.flush()
    await this.#dirSynced
  }

  /** Rewrites the file with `snapshot()` now, synchronously (start-up after damage, close after a deletion). */
  compactNow(snapshot: Snapshot): void {
    const dir = path.dirname(this.file)
    const temp = tempPathFor(this.file)
    this.flush()
    let size = 0
    try {
      const fd = fs.openSync(temp, 'w', FILE_MODE)
      try {
        for (const chunk of snapshot()) {
          const bytes = Buffer.from(chunk)
          let written = 0
          while (written < bytes.length) written += fs.writeSync(fd, bytes, written)
          size += bytes.length
        }
        fs.fsyncSync(fd)
      } finally {
        fs.closeSync(fd)
      }
      fs.renameSync(temp, this.file)
      fsyncDirSync(dir)
      const next = fs.openSync(this.file, 'a', FILE_MODE)
      fs.closeSync(this.#fd)
      this.#fd = next
      this.#size = size
    } catch (error) {
      fs.rmSync(temp, { force: true })
      throw diskError('rewrite', this.file, error)
    }
  }

  /** Stops a running rewrite (its temporary file goes), writes what is buffered, flushes and closes. */
  async close(): Promise<void> {
    if (this.#closed) return
    this.#closing = true
    if (this.#running) this.#running.aborted = true
    await this.#current
    try {
      this.flush()
      fs.fsyncSync(this.#fd)
      this.#closedClean = true
    } finally {
      this.closeNow()
    }
  }

  /** Closes the file at once (a failed start). */
  closeNow(): void {
    this.#closed = true
    if (this.#fd >= 0) fs.closeSync(this.#fd)
    this.#fd = -1
  }

  #assertOpen(): void {
    if (this.#closed || this.#closing) throw diskError('write', this.file, new Error('the file is closed'))
  }
}

/** The byte ranges of the non-empty lines of `content` (without their newlines). */
export function* lineRanges(content: Buffer): Generator<{ start: number; end: number }> {
  let start = 0
  while (start < content.length) {
    let end = content.indexOf(10, start)
    if (end < 0) end = content.length
    if (end > start) yield { start, end }
    start = end + 1
  }
}

/** Groups lines into chunks of about `bytes` characters (a few ms of work each), for `compact`. */
export function* chunked(lines: Iterable<string>, bytes = 256 << 10): Generator<string> {
  let parts: string[] = []
  let size = 0
  for (const line of lines) {
    parts.push(line)
    size += line.length
    if (size >= bytes) {
      yield parts.join('')
      parts = []
      size = 0
    }
  }
  if (parts.length > 0) yield parts.join('')
}
