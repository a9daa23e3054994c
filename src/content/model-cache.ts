/**
 * Trained classifier weights kept under DATA_DIR (`model-cache/`), so that a restart or a reload whose training
 * inputs did not change skips training (the FAQ and crisis classifiers: most of a content load). Training still
 * happens in this process, from the repository's content, whenever there is no file for its exact inputs: the key
 * is a hash of everything training reads (`WeightCache` in src/understanding/linear-model.ts), so an edited FAQ,
 * example or training code simply misses and trains again.
 *
 * Best effort: a file that cannot be read, is cut short or fails its checksum is ignored (and training runs), a
 * write that fails is skipped. Files are written to a temporary name and renamed (several processes may share
 * DATA_DIR). The least recently used files beyond `keep` are deleted.
 */
import { createHash } from 'node:crypto'
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import type { WeightCache } from '../understanding/linear-model.ts'

const MAGIC = 'MAW1'
/** Magic (4 bytes), weights and classes (uint32 each), sha256 of the payload (32 bytes). */
const HEADER = 4 + 4 + 4 + 32

export class FileWeightCache implements WeightCache {
  /** Files read (hits) and trainings stored (misses that were written), for the benchmark and tests. */
  readonly stats = { hits: 0, writes: 0 }

  constructor(
    readonly dir: string,
    private readonly keep = 8,
  ) {}

  get(key: string, weights: number, classes: number): { w: Float32Array; bias: Float32Array } | undefined {
    const file = this.#file(key)
    let data: Buffer
    try {
      data = readFileSync(file)
    } catch {
      return undefined
    }
    const bytes = (weights + classes) * 4
    if (data.length !== HEADER + bytes || data.toString('latin1', 0, 4) !== MAGIC) return undefined
    if (data.readUInt32LE(4) !== weights || data.readUInt32LE(8) !== classes) return undefined
    const payload = data.subarray(HEADER)
    if (!createHash('sha256').update(payload).digest().equals(data.subarray(12, HEADER))) return undefined
    // A copy into aligned arrays of their own (the file's buffer may sit at any offset of a shared pool).
    const w = new Float32Array(weights)
    const bias = new Float32Array(classes)
    new Uint8Array(w.buffer).set(payload.subarray(0, weights * 4))
    new Uint8Array(bias.buffer).set(payload.subarray(weights * 4))
    this.stats.hits++
    try {
      const now = new Date()
      utimesSync(file, now, now)
    } catch {
      // only the order of pruning depends on it
    }
    return { w, bias }
  }

  set(key: string, w: Float32Array, bias: Float32Array): void {
    try {
      mkdirSync(this.dir, { recursive: true })
      // Hashed and written from the arrays themselves, without copying them into one buffer (the FAQ weights are
      // tens of megabytes, written on the main thread at content load).
      const parts = [new Uint8Array(w.buffer, w.byteOffset, w.byteLength), new Uint8Array(bias.buffer, bias.byteOffset, bias.byteLength)]
      const hash = createHash('sha256')
      for (const part of parts) hash.update(part)
      const header = Buffer.alloc(12)
      header.write(MAGIC, 0, 'latin1')
      header.writeUInt32LE(w.length, 4)
      header.writeUInt32LE(bias.length, 8)
      const temporary = `${this.#file(key)}.${process.pid}.${Date.now().toString(36)}.tmp`
      const fd = openSync(temporary, 'w')
      try {
        for (const part of [header, hash.digest(), ...parts]) {
          for (let at = 0; at < part.byteLength; ) at += writeSync(fd, part, at, part.byteLength - at)
        }
      } finally {
        closeSync(fd)
      }
      renameSync(temporary, this.#file(key))
      this.stats.writes++
      this.#prune()
    } catch {
      // a read-only or full disk: the next load trains again
    }
  }

  #file(key: string): string {
    return join(this.dir, `${key}.weights`)
  }

  /** Keeps the `keep` most recently used files (a content edit leaves the old weights behind). */
  #prune(): void {
    const files = readdirSync(this.dir)
      .filter((name) => name.endsWith('.weights'))
      .map((name) => ({ path: join(this.dir, name), used: statSync(join(this.dir, name), { throwIfNoEntry: false })?.mtimeMs ?? 0 }))
      .sort((a, b) => b.used - a.used)
    for (const old of files.slice(this.keep)) rmSync(old.path, { force: true })
  }
}
