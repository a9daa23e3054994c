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
 *
 * Besides weights, derived data that training and indexing compute from the same inputs (the feature vocabulary of
 * a classifier, the words its stemmer knows: `getData`/`setData`, keyed by a hash of the raw inputs and the code)
 * is kept as `.data` files in the same format, so that a warm load skips reading every example as well as training.
 */
import { createHash } from 'node:crypto'
import { closeSync, fstatSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, renameSync, rmSync, statSync, utimesSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import type { WeightCache } from '../understanding/linear-model.ts'

const MAGIC = 'MAW1'
const DATA_MAGIC = 'MAD1'
/** Magic (4 bytes), payload length (uint32), sha256 of the payload (32 bytes). */
const DATA_HEADER = 4 + 4 + 32
/** Magic (4 bytes), weights and classes (uint32 each), sha256 of the payload (32 bytes). */
const HEADER = 4 + 4 + 4 + 32

export class FileWeightCache implements WeightCache {
  /** Files read (hits) and trainings stored (misses that were written), for the benchmark and tests. */
  readonly stats = { hits: 0, writes: 0 }

  constructor(
    readonly dir: string,
    private readonly keep = 16,
  ) {}

  get(key: string, weights: number, classes: number): { w: Float32Array; bias: Float32Array } | undefined {
    const file = this.#file(key)
    // Read straight into the arrays the classifier keeps (the FAQ weights are tens of megabytes: no second copy).
    const header = Buffer.alloc(HEADER)
    const w = new Float32Array(weights)
    const bias = new Float32Array(classes)
    const parts = [new Uint8Array(w.buffer), new Uint8Array(bias.buffer)]
    try {
      const fd = openSync(file, 'r')
      try {
        if (fstatSync(fd).size !== HEADER + (weights + classes) * 4) return undefined
        for (const part of [header, ...parts]) {
          for (let at = 0; at < part.byteLength; ) {
            const read = readSync(fd, part, at, part.byteLength - at, null)
            if (read === 0) return undefined
            at += read
          }
        }
      } finally {
        closeSync(fd)
      }
    } catch {
      return undefined
    }
    if (header.toString('latin1', 0, 4) !== MAGIC) return undefined
    if (header.readUInt32LE(4) !== weights || header.readUInt32LE(8) !== classes) return undefined
    const hash = createHash('sha256')
    for (const part of parts) hash.update(part)
    if (!hash.digest().equals(header.subarray(12, HEADER))) return undefined
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
    // Hashed and written from the arrays themselves, without copying them into one buffer (the FAQ weights are
    // tens of megabytes, written on the main thread at content load).
    const parts = [new Uint8Array(w.buffer, w.byteOffset, w.byteLength), new Uint8Array(bias.buffer, bias.byteOffset, bias.byteLength)]
    const header = Buffer.alloc(12)
    header.write(MAGIC, 0, 'latin1')
    header.writeUInt32LE(w.length, 4)
    header.writeUInt32LE(bias.length, 8)
    this.#write(this.#file(key), header, parts)
  }

  /** Derived data stored under `key` by `setData`, or undefined (missing, cut short, failed checksum). */
  getData(key: string): Uint8Array | undefined {
    const file = this.#dataFile(key)
    let data: Buffer
    try {
      data = readFileSync(file)
    } catch {
      return undefined
    }
    if (data.length < DATA_HEADER || data.toString('latin1', 0, 4) !== DATA_MAGIC || data.readUInt32LE(4) !== data.length - DATA_HEADER) return undefined
    const payload = data.subarray(DATA_HEADER)
    if (!createHash('sha256').update(payload).digest().equals(data.subarray(8, DATA_HEADER))) return undefined
    this.stats.hits++
    try {
      const now = new Date()
      utimesSync(file, now, now)
    } catch {
      // only the order of pruning depends on it
    }
    return payload
  }

  setData(key: string, payload: Uint8Array): void {
    const header = Buffer.alloc(8)
    header.write(DATA_MAGIC, 0, 'latin1')
    header.writeUInt32LE(payload.byteLength, 4)
    this.#write(this.#dataFile(key), header, [payload])
  }

  /** Writes header, sha256 of `parts`, then `parts` to a temporary file renamed to `file`; a failure is skipped. */
  #write(file: string, header: Uint8Array, parts: readonly Uint8Array[]): void {
    try {
      mkdirSync(this.dir, { recursive: true })
      const hash = createHash('sha256')
      for (const part of parts) hash.update(part)
      const temporary = `${file}.${process.pid}.${Date.now().toString(36)}.tmp`
      const fd = openSync(temporary, 'w')
      try {
        for (const part of [header, hash.digest(), ...parts]) {
          for (let at = 0; at < part.byteLength; ) at += writeSync(fd, part, at, part.byteLength - at)
        }
      } finally {
        closeSync(fd)
      }
      renameSync(temporary, file)
      this.stats.writes++
      this.#prune()
    } catch {
      // a read-only or full disk: the next load trains again
    }
  }

  #file(key: string): string {
    return join(this.dir, `${key}.weights`)
  }

  #dataFile(key: string): string {
    return join(this.dir, `${key}.data`)
  }

  /** Keeps the `keep` most recently used files (a content edit leaves the old weights behind). */
  #prune(): void {
    const files = readdirSync(this.dir)
      .filter((name) => name.endsWith('.weights') || name.endsWith('.data'))
      .map((name) => ({ path: join(this.dir, name), used: statSync(join(this.dir, name), { throwIfNoEntry: false })?.mtimeMs ?? 0 }))
      .sort((a, b) => b.used - a.used)
    for (const old of files.slice(this.keep)) rmSync(old.path, { force: true })
  }
}
