/**
 * Builds the pieces every entry point needs, in order: config → logger → content → store → gate.
 * Channels are added by `main.ts` (the assistant) or `cli.ts` (the terminal chat).
 */
import { resolve } from 'node:path'
import type { Config } from './config.ts'
import { ContentHolder } from './content/reloader.ts'
import { ACTION_SPECS } from './engine/actions.ts'
import { EnginePool } from './gate/engine-pool.ts'
import { Gate, type GateHooks } from './gate/gate.ts'
import { resolveLogSalt } from './log-salt.ts'
import { createHandoff } from './handoff/wiring.ts'
import type { HandoffMetrics, HandoffService } from './handoff/service.ts'
import { createLogger, setLogSalt, type Logger } from './logger.ts'
import { bothHandoffMetrics, handoffStats } from './ops/stats.ts'
import { createStore, openVersionStore, type RedisTopology, type StoreConfig } from './store/index.ts'
import type { Store } from './store/types.ts'
import type { VersionStore } from './store/versions.ts'
import { ContentFollower } from './publish/follower.ts'

export interface Runtime {
  config: Config
  logger: Logger
  content: ContentHolder
  /** Published content versions (content publish, agencies import, rollback) and the follower of the active one. */
  versions: VersionStore
  follower: ContentFollower
  store: Store
  gate: Gate
  /** Cases with human officers (src/handoff/). */
  handoff: HandoffService
  close(): Promise<void>
}

export interface RuntimeOptions {
  /** Watch content folders and reload on change (the assistant does; one-shot CLI commands do not). */
  watch?: boolean
  hooks?: GateHooks
  logger?: Logger
  /** Per-user rate limit; off for the terminal chat, where one person (or a script) is the only user. */
  rateLimit?: boolean
  /** Handoff counters (opened, claimed, closed, time to first reply). */
  handoffMetrics?: HandoffMetrics
  /** How often the active content version is polled (default CONTENT_POLL_SECONDS); tests make it short. */
  contentPollMs?: number
}

/** Content load options from config (also used by `validate`); trained weights are kept in `modelCacheDir(config)`. */
export function contentOptions(config: Config) {
  return { flowsDir: resolve(config.FLOWS_DIR), contentDir: resolve(config.CONTENT_DIR), actions: ACTION_SPECS, modelCacheDir: modelCacheDir(config) }
}

/**
 * Where trained classifier weights are kept between loads (src/content/model-cache.ts): MODEL_CACHE_DIR when set
 * (several processes or data folders may share it: files are keyed by their training inputs and written by
 * rename), else DATA_DIR/model-cache.
 */
export function modelCacheDir(config: Config): string {
  return resolve(config.MODEL_CACHE_DIR ?? resolve(config.DATA_DIR, 'model-cache'))
}

/** Which store, from config: Redis (one server, Sentinel or Cluster) when configured, else the embedded store. */
export function storeConfig(config: Config): StoreConfig {
  const auth = { ...(config.REDIS_PASSWORD ? { password: config.REDIS_PASSWORD } : {}), ...(config.REDIS_TLS ? { tls: true } : {}) }
  let redis: RedisTopology | undefined
  if (config.REDIS_SENTINELS) {
    redis = {
      kind: 'sentinel',
      sentinels: config.REDIS_SENTINELS,
      name: config.REDIS_SENTINEL_MASTER,
      ...(config.REDIS_SENTINEL_PASSWORD ? { sentinelPassword: config.REDIS_SENTINEL_PASSWORD } : {}),
      ...auth,
    }
  } else if (config.REDIS_CLUSTER_NODES) {
    redis = { kind: 'cluster', nodes: config.REDIS_CLUSTER_NODES, ...auth }
  }
  return {
    dataDir: resolve(config.DATA_DIR),
    unansweredMaxAgeDays: config.UNANSWERED_MAX_AGE_DAYS,
    ...(redis ? { redis } : config.REDIS_URL ? { redisUrl: config.REDIS_URL } : {}),
  }
}

export async function createRuntime(config: Config, options: RuntimeOptions = {}): Promise<Runtime> {
  const logger = options.logger ?? createLogger(config.LOG_LEVEL)
  // The key of user refs in logs: LOG_SALT, or DATA_DIR/log-salt (generated once).
  const logSalt = resolveLogSalt(config)
  setLogSalt(logSalt.salt)
  if (logSalt.warning) logger.warn({ component: 'logs' }, logSalt.warning)
  else if (logSalt.source === 'generated') logger.info({ component: 'logs' }, 'generated a log salt in DATA_DIR/log-salt (set LOG_SALT to share one between processes)')
  const stored = storeConfig(config)
  const store = await createStore({
    ...stored,
    // Connection lost / back, lock renewal problems: into the structured log, not process warnings.
    onWarning: (message) => logger.warn({ component: 'store' }, message),
  })
  // A published version wins over the working files; without one (development) the files are read and watched.
  let versions: VersionStore | undefined
  let follower: ContentFollower | undefined
  let content: ContentHolder
  try {
    versions = await openVersionStore(stored)
    follower = new ContentFollower({
      versions,
      actions: ACTION_SPECS,
      logger,
      pollMs: options.contentPollMs ?? config.CONTENT_POLL_SECONDS * 1000,
      modelCacheDir: modelCacheDir(config),
    })
    const initial = await follower.loadActive()
    content = initial?.ok ? new ContentHolder(initial.options, logger, initial) : new ContentHolder(contentOptions(config), logger)
    if (initial && !initial.ok) logger.error({ published: initial.number }, 'content: the active published version does not load; serving the working files')
    else if (initial?.ok) logger.info({ published: initial.number, version: initial.bundle.version }, 'content: serving published version')
    if (options.watch && config.WATCH_CONTENT && content.status.source === 'files') content.watch()
    await follower.follow(content, initial)
  } catch (error) {
    await follower?.close()
    await versions?.close()
    await store.close()
    throw error
  }
  // Handoff counts go to Prometheus (when given) and to the store's per-day dashboard counters.
  const dashboardCounts = handoffStats(store, (message) => logger.warn({ component: 'stats' }, message))
  const handoff = await createHandoff(config, { store, logger, storeConfig: stored, metrics: bothHandoffMetrics(options.handoffMetrics, dashboardCounts) })
  // ENGINE_WORKERS: the engine's turns on more cores (each worker loads the content in use; see engine-pool.ts).
  const engine =
    config.ENGINE_WORKERS > 0
      ? await EnginePool.start(
          { workers: config.ENGINE_WORKERS, loadOptions: () => content.options, onWarning: (message) => logger.warn({ component: 'engine' }, message) },
          content.current,
        )
      : undefined
  const gate = new Gate({
    store,
    bundle: () => content.current,
    ...(engine ? { engine } : {}),
    logger,
    sessionTtlSeconds: config.SESSION_TTL_HOURS * 3600,
    rateLimit: options.rateLimit === false ? false : { perMinute: config.RATE_LIMIT_PER_MINUTE, burst: config.RATE_LIMIT_BURST },
    ...(options.hooks ? { hooks: options.hooks } : {}),
    handoff: handoff.gateHooks,
  })
  handoff.attach(gate)
  return {
    config,
    logger,
    content,
    versions,
    follower,
    store,
    gate,
    handoff,
    async close() {
      await gate.drain()
      await engine?.close()
      await handoff.shutdown()
      await follower.close()
      content.close()
      await versions.close()
      await store.close()
    },
  }
}
