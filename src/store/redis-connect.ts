/**
 * Where Redis is: one server (`REDIS_URL`), a master found through Sentinel (`REDIS_SENTINELS`), or a Cluster
 * (`REDIS_CLUSTER_NODES`). Each becomes an ioredis client with the store's fail-fast options, so that calls
 * reject at once while Redis is away and the client reconnects (or fails over) by itself in the background.
 *
 * - Sentinel: ioredis asks the sentinels for the current master and follows a failover; while it switches,
 *   calls fail fast and users are asked to try again.
 * - Cluster: every key of one user carries the hash tag `{user:<channel>:<id>}`, so one user's keys (session,
 *   lock, queue, handled ids, lead index) are in one slot and each Lua script touches one slot only. Only
 *   masters are read (`scaleReads: 'master'`): the lock and the session must be read where they are written.
 */
import { Cluster, Redis } from 'ioredis'
import { failFastRedisOptions, reconnectDelay } from './redis.ts'

export interface RedisHostPort {
  host: string
  port: number
}

export type RedisTopology =
  | { kind: 'server'; url: string }
  | { kind: 'sentinel'; sentinels: RedisHostPort[]; name: string; password?: string; sentinelPassword?: string; tls?: boolean }
  | { kind: 'cluster'; nodes: RedisHostPort[]; password?: string; tls?: boolean }

export interface ConnectOptions {
  maxReconnectDelayMs?: number
  commandTimeoutMs?: number
}

/** A client for a Sentinel- or Cluster-managed Redis (a plain server is opened by `RedisStore` from its URL). */
export function connectRedis(topology: Exclude<RedisTopology, { kind: 'server' }>, options: ConnectOptions = {}): Redis | Cluster {
  const failFast = failFastRedisOptions(options)
  if (topology.kind === 'sentinel') {
    return new Redis({
      ...failFast,
      sentinels: topology.sentinels,
      name: topology.name,
      ...(topology.password ? { password: topology.password } : {}),
      ...(topology.sentinelPassword ? { sentinelPassword: topology.sentinelPassword } : {}),
      ...(topology.tls ? { tls: {}, enableTLSForSentinelMode: true } : {}),
      // Keep asking the sentinels while none answers (the store's retry strategy caps the pause).
      sentinelRetryStrategy: (times: number) => reconnectDelay(times, options.maxReconnectDelayMs),
      lazyConnect: true,
    })
  }
  const { retryStrategy: _perNode, enableOfflineQueue, ...nodeOptions } = failFast
  return new Cluster(topology.nodes, {
    enableOfflineQueue,
    clusterRetryStrategy: (times: number) => reconnectDelay(times, options.maxReconnectDelayMs),
    scaleReads: 'master',
    lazyConnect: true,
    redisOptions: {
      ...nodeOptions,
      ...(topology.password ? { password: topology.password } : {}),
      ...(topology.tls ? { tls: {} } : {}),
    },
  })
}
