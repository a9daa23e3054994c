/**
 * Picks the store from the configuration: Redis when a URL is given, the embedded store otherwise.
 */

import { EmbeddedStore } from './embedded.ts'
import { RedisStore } from './redis.ts'
import { connectRedis, type RedisTopology } from './redis-connect.ts'
import type { Store } from './types.ts'
import { FolderVersionStore, versionFolder, type VersionStore } from './versions.ts'
import { RedisVersionStore } from './redis-versions.ts'

export { EmbeddedStore, type EmbeddedStoreOptions } from './embedded.ts'
export { DataDirInUseError } from './data-dir-lock.ts'
export { failFastRedisOptions, RedisStore, type RedisStoreOptions } from './redis.ts'
export { connectRedis, type RedisHostPort, type RedisTopology } from './redis-connect.ts'
export * from './types.ts'
export { FolderVersionStore, versionFolder, type ContentVersion, type VersionStore } from './versions.ts'
export { RedisVersionStore } from './redis-versions.ts'

export interface StoreConfig {
  /** `REDIS_URL`. Empty or absent (and no `redis`): the embedded store. */
  redisUrl?: string
  /** Redis through Sentinel or Cluster (`REDIS_SENTINELS`, `REDIS_CLUSTER_NODES`); wins over `redisUrl`. */
  redis?: RedisTopology
  /** `DATA_DIR`, for the embedded store. */
  dataDir: string
  /** Where recoverable problems are reported (the app's logger). Default `process.emitWarning`. */
  onWarning?: (message: string) => void
  /** `UNANSWERED_MAX_AGE_DAYS`: unanswered questions last asked longer ago are dropped. Default 90. */
  unansweredMaxAgeDays?: number
}

/**
 * Opens the configured store. For Redis it waits for the connection and a PING, and rejects with a
 * `StoreUnavailableError` that says which Redis could not be reached and why (never the password), so a wrong
 * REDIS_URL stops the start with a clear message instead of failing on the first user message.
 */
export async function createStore(config: StoreConfig): Promise<Store> {
  const shared = {
    ...(config.onWarning ? { onWarning: config.onWarning } : {}),
    ...(config.unansweredMaxAgeDays ? { unansweredMaxAgeDays: config.unansweredMaxAgeDays } : {}),
  }
  const topology = redisTopology(config)
  if (!topology) return new EmbeddedStore({ dataDir: config.dataDir, ...shared })
  const store =
    topology.kind === 'server'
      ? new RedisStore({ url: topology.url, ...shared })
      : new RedisStore({ redis: connectRedis(topology), ownsClient: true, ...shared })
  try {
    await store.ready()
    await store.ping()
  } catch (error) {
    await store.close()
    throw error
  }
  return store
}

/** The Redis topology of a configuration, or undefined for the embedded store. */
export function redisTopology(config: StoreConfig): RedisTopology | undefined {
  return config.redis ?? (config.redisUrl ? { kind: 'server', url: config.redisUrl } : undefined)
}

/**
 * Where published content versions are kept: in Redis when the store is Redis, else in
 * `DATA_DIR/content-versions/` (a folder the CLI may write while the assistant runs; see versions.ts).
 */
export async function openVersionStore(config: StoreConfig): Promise<VersionStore> {
  const topology = redisTopology(config)
  return topology ? RedisVersionStore.connect(topology) : new FolderVersionStore(versionFolder(config.dataDir))
}
