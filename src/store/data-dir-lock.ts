/**
 * One process per data folder. The embedded store keeps its state in memory and appends to files; two processes
 * doing that on one folder would overwrite each other's work. The lock is a file `<dataDir>/.lock` holding the
 * owner's pid and host name.
 *
 * A lock left by a process that no longer runs (crash, `kill -9`, power loss) is taken over:
 * - same host: the pid is dead (or a zombie), or it is our own pid but not held by this process (a container
 *   restart often gives the new process the same pid);
 * - other host (a shared volume): the owner refreshes the file's time every maintenance tick, so a lock not
 *   refreshed for `FOREIGN_STALE_MS` is stale.
 * Taking over is atomic: a process first creates `<dataDir>/.lock.takeover` (exclusive create, `wx`), then looks
 * at the lock again under it and replaces it only if it is still the same stale lock. Of several processes that
 * find the same stale lock at the same instant, exactly one gets the folder; the others see a live holder.
 * (A `.lock.takeover` left by a process killed in those few milliseconds is removed after 10 s.)
 */

import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { diskError, FILE_MODE, fsyncDirSync } from './durable-files.ts'
import { StoreUnavailableError } from './types.ts'

export const LOCK_FILE = '.lock'
/** Held for the few milliseconds of replacing a stale lock, so that one process at a time does it. */
export const TAKEOVER_FILE = '.lock.takeover'

/** How often the holder should call `touch()`. */
export const LOCK_TOUCH_MS = 30_000
const FOREIGN_STALE_MS = 4 * LOCK_TOUCH_MS
/** A lock file that is empty or unreadable for this long was never finished by its writer. */
const UNREADABLE_STALE_MS = 10_000

/** Locks held by this process, by absolute path. */
const heldHere = new Set<string>()

interface LockContent {
  pid: number
  host: string
  since: string
}

/** Another live process uses the data folder. */
export class DataDirInUseError extends StoreUnavailableError {
  constructor(message: string) {
    super(message)
    Object.defineProperty(this, 'name', { value: 'DataDirInUseError' })
  }
}

export class DataDirLock {
  readonly file: string
  #released = false

  private constructor(file: string) {
    this.file = file
  }

  /** Takes the lock of `dataDir` (which must exist) or throws a `DataDirInUseError` naming the folder. */
  static acquire(dataDir: string): DataDirLock {
    const file = path.resolve(dataDir, LOCK_FILE)
    for (let attempt = 0; attempt < 50; attempt++) {
      if (tryCreate(file)) return DataDirLock.#held(file)
      const holder = readHolder(file)
      if (holder.live) throw new DataDirInUseError(inUseMessage(dataDir, file, holder.content))
      const takeover = path.resolve(dataDir, TAKEOVER_FILE)
      if (!tryCreate(takeover)) {
        // Another process is replacing the stale lock right now (or died doing so, long ago).
        if (ageMs(takeover) >= UNREADABLE_STALE_MS) fs.rmSync(takeover, { force: true })
        else pause(5)
        continue
      }
      try {
        // Under the takeover file: is it still the stale lock we saw, or did another process take it meanwhile?
        const again = readHolder(file)
        if (again.live) throw new DataDirInUseError(inUseMessage(dataDir, file, again.content))
        try {
          fs.rmSync(file, { force: true })
        } catch (error) {
          throw diskError('remove the stale lock', file, error)
        }
        if (tryCreate(file)) return DataDirLock.#held(file)
      } finally {
        fs.rmSync(takeover, { force: true })
      }
    }
    throw new DataDirInUseError(inUseMessage(dataDir, file, undefined))
  }

  static #held(file: string): DataDirLock {
    heldHere.add(file)
    return new DataDirLock(file)
  }

  /** Refreshes the lock's time, so processes on other hosts see it is alive. Never throws. */
  touch(): void {
    if (this.#released) return
    const now = new Date()
    try {
      fs.utimesSync(this.file, now, now)
    } catch {
      // A failing disk shows up in the next real write, with a better message.
    }
  }

  /** Removes the lock file if it is still ours. Idempotent. */
  release(): void {
    if (this.#released) return
    this.#released = true
    heldHere.delete(this.file)
    const content = parse(safeRead(this.file))
    if (content && content.pid === process.pid && content.host === os.hostname()) {
      fs.rmSync(this.file, { force: true })
    }
  }
}

/** Waits `ms` without giving up the thread (start-up only, a few milliseconds). */
function pause(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms)
}

function tryCreate(file: string): boolean {
  let fd: number
  try {
    fd = fs.openSync(file, 'wx', FILE_MODE)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false
    throw diskError('create the lock file', file, error)
  }
  try {
    const content: LockContent = { pid: process.pid, host: os.hostname(), since: new Date().toISOString() }
    fs.writeSync(fd, `${JSON.stringify(content)}\n`)
    fs.fsyncSync(fd)
  } catch (error) {
    fs.closeSync(fd)
    fs.rmSync(file, { force: true })
    throw diskError('write the lock file', file, error)
  }
  fs.closeSync(fd)
  fsyncDirSync(path.dirname(file))
  return true
}

function safeRead(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8')
  } catch {
    return undefined
  }
}

function parse(text: string | undefined): LockContent | undefined {
  if (!text) return undefined
  try {
    const value = JSON.parse(text) as Partial<LockContent>
    if (typeof value.pid === 'number' && typeof value.host === 'string') {
      return { pid: value.pid, host: value.host, since: String(value.since ?? '') }
    }
  } catch {
    // Handled as unreadable below.
  }
  return undefined
}

function ageMs(file: string): number {
  try {
    return Date.now() - fs.statSync(file).mtimeMs
  } catch {
    return Number.POSITIVE_INFINITY
  }
}

function readHolder(file: string): { live: boolean; content?: LockContent } {
  const content = parse(safeRead(file))
  if (!content) return { live: ageMs(file) < UNREADABLE_STALE_MS }
  if (content.host !== os.hostname()) return { live: ageMs(file) < FOREIGN_STALE_MS, content }
  if (content.pid === process.pid) return { live: heldHere.has(file), content }
  return { live: isRunning(content.pid), content }
}

/** Whether `pid` is a running process (a zombie is not). */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0)
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8')
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3)
    return state !== 'Z' && state !== 'X'
  } catch {
    return true // No /proc (macOS): trust kill(0).
  }
}

function inUseMessage(dataDir: string, file: string, holder: LockContent | undefined): string {
  const who = holder
    ? `process ${holder.pid}${holder.host === os.hostname() ? '' : ` on host ${holder.host}`}`
    : 'another process'
  const foreign = holder && holder.host !== os.hostname()
  return (
    `The data folder ${path.resolve(dataDir)} is in use by ${who}. The embedded store serves one process only: ` +
    'stop the other process, give this one its own DATA_DIR, or set REDIS_URL to share one Redis store between ' +
    `several processes.${foreign ? ` If that process no longer runs, delete ${file}.` : ''}`
  )
}
