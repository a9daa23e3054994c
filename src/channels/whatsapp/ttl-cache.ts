/**
 * A small in-memory cache with an expiry per entry and a size cap (the oldest entries go first). It has the
 * shape of Baileys' `CacheStore`, so it also serves as the retry-counter cache that must outlive sockets.
 */
export class TtlCache<V = unknown> {
  readonly #entries = new Map<string, { value: V; expiresAt: number }>()
  readonly #ttlMs: number
  readonly #max: number
  readonly #now: () => number

  constructor(options: { ttlMs: number; max: number; now?: () => number }) {
    this.#ttlMs = options.ttlMs
    this.#max = options.max
    this.#now = options.now ?? Date.now
  }

  get<T = V>(key: string): T | undefined {
    const entry = this.#entries.get(key)
    if (!entry) return undefined
    if (entry.expiresAt <= this.#now()) {
      this.#entries.delete(key)
      return undefined
    }
    return entry.value as unknown as T
  }

  has(key: string): boolean {
    return this.get(key) !== undefined
  }

  set<T = V>(key: string, value: T): boolean {
    this.#entries.delete(key)
    this.#entries.set(key, { value: value as unknown as V, expiresAt: this.#now() + this.#ttlMs })
    while (this.#entries.size > this.#max) {
      const oldest = this.#entries.keys().next().value
      if (oldest === undefined) break
      this.#entries.delete(oldest)
    }
    return true
  }

  del(key: string): boolean {
    return this.#entries.delete(key)
  }

  flushAll(): void {
    this.#entries.clear()
  }

  get size(): number {
    return this.#entries.size
  }
}
