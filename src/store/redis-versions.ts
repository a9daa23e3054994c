/**
 * Published content versions on Redis (see versions.ts for what a version is).
 *
 * | key                              | type   | holds                                                   |
 * | -------------------------------- | ------ | ------------------------------------------------------- |
 * | `ma:{content}:blob:<sha256>`     | string | a file's bytes (content-addressed, written once)        |
 * | `ma:{content}:version:<n>`       | string | a version's manifest (JSON), never changed              |
 * | `ma:{content}:seq`               | string | the last number given (`INCR`)                          |
 * | `ma:{content}:active`            | string | the active version's number                             |
 *
 * All in one hash slot (`{content}`), so a version and the active pointer are written in one `MULTI` also on a
 * Cluster. After the write, the number is published on the channel `ma:content`; every instance listens there
 * (a connection of its own) and also polls `active` as a safety net (a message published while an instance
 * reconnects is lost). No TTL: versions are kept until an operator deletes them.
 */
import { Cluster, Redis } from 'ioredis'
import type { Manifest, Snapshot } from '../content/snapshot.ts'
import { sha256 } from '../content/snapshot.ts'
import { connectRedis, type RedisTopology } from './redis-connect.ts'
import type { ContentVersion, VersionDraft, VersionStore } from './versions.ts'

type Client = Redis | Cluster

export class RedisVersionStore implements VersionStore {
  readonly kind = 'redis' as const
  readonly #client: Client
  readonly #make: () => Client
  readonly #key: string
  readonly #channel: string
  readonly #subscribers = new Set<Client>()

  private constructor(client: Client, make: () => Client, keyPrefix: string) {
    this.#client = client
    this.#make = make
    this.#key = `${keyPrefix}{content}:`
    this.#channel = `${keyPrefix}content`
    client.on('error', () => undefined)
  }

  /** Connects to Redis as the store is configured; rejects when it cannot be reached. */
  static async connect(topology: RedisTopology, options: { keyPrefix?: string } = {}): Promise<RedisVersionStore> {
    const make = (): Client =>
      topology.kind === 'server' ? new Redis(topology.url, { lazyConnect: true, maxRetriesPerRequest: 1 }) : connectRedis(topology)
    const client = make()
    const store = new RedisVersionStore(client, make, options.keyPrefix ?? 'ma:')
    try {
      await client.connect()
    } catch (error) {
      await store.close()
      throw error
    }
    return store
  }

  async putBlobs(files: Snapshot): Promise<void> {
    for (const bytes of files.values()) await this.#client.set(`${this.#key}blob:${sha256(bytes)}`, bytes, 'NX')
  }

  async getFiles(manifest: Manifest): Promise<Snapshot> {
    const files: Snapshot = new Map()
    for (const [name, hash] of Object.entries(manifest)) {
      const bytes = await this.#client.getBuffer(`${this.#key}blob:${hash}`)
      if (bytes === null) throw new Error(`the stored content of ${name} (${hash.slice(0, 12)}) is missing from Redis`)
      if (sha256(bytes) !== hash) throw new Error(`the stored content of ${name} (${hash.slice(0, 12)}) is damaged`)
      files.set(name, bytes)
    }
    return files
  }

  async create(draft: VersionDraft): Promise<ContentVersion> {
    const number = await this.#client.incr(`${this.#key}seq`)
    const version: ContentVersion = { number, ...draft }
    const result = await this.#client
      .multi()
      .set(`${this.#key}version:${number}`, JSON.stringify(version))
      .set(`${this.#key}active`, String(number))
      .exec()
    const failed = result?.find(([error]) => error)
    if (!result || failed) throw failed?.[0] ?? new Error('Redis refused the new content version')
    await this.#client.publish(this.#channel, String(number))
    return version
  }

  async get(number: number): Promise<ContentVersion | undefined> {
    const json = await this.#client.get(`${this.#key}version:${number}`)
    return json === null ? undefined : (JSON.parse(json) as ContentVersion)
  }

  async list(): Promise<ContentVersion[]> {
    const last = Number((await this.#client.get(`${this.#key}seq`)) ?? 0)
    if (last === 0) return []
    const keys = Array.from({ length: last }, (_, i) => `${this.#key}version:${i + 1}`)
    const versions: ContentVersion[] = []
    for (let i = 0; i < keys.length; i += 500) {
      for (const json of await this.#client.mget(keys.slice(i, i + 500))) {
        if (json !== null) versions.push(JSON.parse(json) as ContentVersion)
      }
    }
    return versions
  }

  async active(): Promise<number | undefined> {
    const value = await this.#client.get(`${this.#key}active`)
    return value === null ? undefined : Number(value)
  }

  async watch(listener: () => void): Promise<() => void> {
    const sub = this.#make()
    sub.on('error', () => undefined)
    this.#subscribers.add(sub)
    sub.on('message', (channel: string) => {
      if (channel === this.#channel) listener()
    })
    // ioredis subscribes again after a reconnect; the missed messages are what the caller's poll is for.
    await sub.connect()
    await sub.subscribe(this.#channel)
    return () => {
      this.#subscribers.delete(sub)
      sub.disconnect()
    }
  }

  async close(): Promise<void> {
    for (const sub of this.#subscribers) sub.disconnect()
    this.#subscribers.clear()
    try {
      await this.#client.quit()
    } catch {
      this.#client.disconnect()
    }
  }
}
