/**
 * Picks the store from the configuration: Redis when a URL is given, the embedded store otherwise.
 */

import { EmbeddedStore } from './embedded.ts'
import { RedisStore } from './redis.ts'
import type { Store } from './types.ts'

export { EmbeddedStore, type EmbeddedStoreOptions } from './embedded.ts'
export { DataDirInUseError } from './data-dir-lock.ts'
export { failFastRedisOptions, RedisStore, type RedisStoreOptions } from './redis.ts'
export * from './types.ts'

export interface StoreConfig {
  /** `REDIS_URL`. Empty or absent: the embedded store. */
  redisUrl?: string
  /** `DATA_DIR`, for the embedded store. */
  dataDir: string
  /** Where recoverable problems are reported (the app's logger). Default `process.emitWarning`. */
  onWarning?: (message: string) => void
}

/**
 * Opens the configured store. For Redis it waits for the connection and a PING, and rejects with a
 * `StoreUnavailableError` that says which Redis could not be reached and why (never the password), so a wrong
 * REDIS_URL stops the start with a clear message instead of failing on the first user message.
 */
export async function createStore(config: StoreConfig): Promise<Store> {
  const onWarning = config.onWarning ? { onWarning: config.onWarning } : {}
  if (!config.redisUrl) return new EmbeddedStore({ dataDir: config.dataDir, ...onWarning })
  const store = new RedisStore({ url: config.redisUrl, ...onWarning })
  try {
    await store.ready()
    await store.ping()
  } catch (error) {
    await store.close()
    throw error
  }
  return store
}
