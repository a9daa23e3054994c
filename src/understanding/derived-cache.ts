/**
 * Derived data of a content load kept in the model cache (`WeightCache.getData`, files under DATA_DIR/model-cache):
 * what reading the content's examples gives besides the trained weights (the feature vocabulary of a classifier,
 * the words its stemmer knows, the key of its weights). A warm load reads them instead of reading every example
 * again. The key hashes the raw inputs and the source of this directory (everything that derives them: text
 * cleaning, stemming, features, training), so an edited FAQ, example, setting or piece of code reads afresh.
 */
import { createHash } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { WeightCache } from './linear-model.ts'

let source: string | undefined
let sourceDigest: string | undefined

/** The source text of every module of this directory (read once per process). */
export function understandingCode(): string {
  if (source === undefined) {
    const dir = dirname(fileURLToPath(import.meta.url))
    source = readdirSync(dir)
      .filter((name) => /\.[cm]?[jt]s$/.test(name))
      .sort()
      .map((name) => `${name}\n${readFileSync(`${dir}/${name}`, 'utf8')}`)
      .join('\n')
  }
  return source
}

/** A key for derived data of `kind`: a hash of the code of this directory and of `inputs` (as JSON). */
export function derivedKey(kind: string, inputs: unknown): string {
  sourceDigest ??= createHash('sha256').update(understandingCode()).digest('hex')
  const hash = createHash('sha256')
  hash.update(`${kind}\n${sourceDigest}\n`)
  hash.update(JSON.stringify(inputs))
  return `${kind}-${hash.digest('hex').slice(0, 40)}`
}

/** The value stored under `key` (as JSON), or undefined when the cache has none or cannot keep data. */
export function readDerived<T>(cache: WeightCache | undefined, key: string): T | undefined {
  const data = cache?.getData?.(key)
  if (!data) return undefined
  try {
    return JSON.parse(Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('utf8')) as T
  } catch {
    return undefined
  }
}

/** Stores `value` (as JSON) under `key`, when the cache keeps data. */
export function writeDerived(cache: WeightCache | undefined, key: string, value: unknown): void {
  cache?.setData?.(key, Buffer.from(JSON.stringify(value), 'utf8'))
}
