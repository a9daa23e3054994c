/**
 * Writing files so that they survive a crash or power loss, and explaining disk errors in a sentence.
 *
 * A file replaced with `writeFileAtomic*` is either the old or the new content, never a mix: the content goes
 * to a temporary file in the same folder, which is flushed to disk (fsync), renamed over the target, and then
 * the folder itself is flushed so that the rename is on disk too.
 */

import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import fsp from 'node:fs/promises'
import path from 'node:path'
import { StoreUnavailableError } from './types.ts'

/** Files hold personal data: only the owner may read them. */
export const FILE_MODE = 0o600
export const DIR_MODE = 0o700

/** Prefix of temporary files; a leftover one (after a crash) is garbage. */
export const TEMP_PREFIX = '.tmp-'

const CAUSES: Record<string, string> = {
  EACCES: 'permission denied; the user running the assistant must be able to write there',
  EPERM: 'operation not permitted; the user running the assistant must be able to write there',
  ENOSPC: 'the disk is full; free some space',
  EDQUOT: 'the disk quota is used up; free some space or raise the quota',
  EROFS: 'the file system is read-only',
  EIO: 'the disk reported an input/output error',
  EMFILE: 'too many open files in this process',
  ENFILE: 'too many open files on this machine',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EISDIR: 'it is a folder, not a file',
  ENOENT: 'it does not exist (was the data folder removed?)',
}

/** Wraps a file-system error into a `StoreUnavailableError` naming the path and the cause. */
export function diskError(action: string, file: string, error: unknown): StoreUnavailableError {
  if (error instanceof StoreUnavailableError) return error
  const code = (error as NodeJS.ErrnoException | undefined)?.code
  const cause = (code && CAUSES[code]) ?? (error instanceof Error ? error.message : String(error))
  return new StoreUnavailableError(`Cannot ${action} ${file}: ${cause}${code ? ` (${code})` : ''}.`, { cause: error })
}

/** A fresh temporary file name next to `file` (a leftover one is removed on the next open). */
export function tempPathFor(file: string): string {
  return path.join(path.dirname(file), `${TEMP_PREFIX}${process.pid}-${randomBytes(6).toString('hex')}`)
}

/** Flushes a folder's entries (creations, renames, deletions) to disk. */
export function fsyncDirSync(dir: string): void {
  const fd = fs.openSync(dir, 'r')
  try {
    fs.fsyncSync(fd)
  } finally {
    fs.closeSync(fd)
  }
}

export async function fsyncDir(dir: string): Promise<void> {
  const handle = await fsp.open(dir, 'r')
  try {
    await handle.sync()
  } finally {
    await handle.close()
  }
}

/** Replaces `file` with `content` atomically and durably. Throws the raw error; callers wrap it. */
export function writeFileAtomicSync(file: string, content: string | Buffer): void {
  const temp = tempPathFor(file)
  try {
    const fd = fs.openSync(temp, 'w', FILE_MODE)
    try {
      fs.writeFileSync(fd, content)
      fs.fsyncSync(fd)
    } finally {
      fs.closeSync(fd)
    }
    fs.renameSync(temp, file)
  } catch (error) {
    fs.rmSync(temp, { force: true })
    throw error
  }
  fsyncDirSync(path.dirname(file))
}

/** The asynchronous twin of `writeFileAtomicSync`, for many small writes that should not block the process. */
export async function writeFileAtomic(file: string, content: string | Buffer): Promise<void> {
  const temp = tempPathFor(file)
  try {
    const handle = await fsp.open(temp, 'w', FILE_MODE)
    try {
      await handle.writeFile(content)
      await handle.sync()
    } finally {
      await handle.close()
    }
    await fsp.rename(temp, file)
  } catch (error) {
    await fsp.rm(temp, { force: true })
    throw error
  }
  await fsyncDir(path.dirname(file))
}

/** Removes leftover temporary files of a crashed write in `dir`. */
export function removeTempFilesSync(dir: string): void {
  for (const name of fs.readdirSync(dir)) {
    if (name.startsWith(TEMP_PREFIX)) fs.rmSync(path.join(dir, name), { force: true })
  }
}
