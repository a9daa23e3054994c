/**
 * Builds the handoff service from the configuration: which bus (Redis pub/sub with a Redis store, in-process
 * otherwise), whether officers can be reached, the reminder time and the reply windows per channel.
 */
import type { Config } from '../config.ts'
import type { Logger } from '../logger.ts'
import type { StoreConfig } from '../store/index.ts'
import type { Store } from '../store/types.ts'
import { LocalBus, RedisBus, type HandoffBus } from './bus.ts'
import { HandoffService, type HandoffMetrics } from './service.ts'

/** WhatsApp Cloud: free messages only within 24 hours of the user's last message. */
export const CLOUD_REPLY_WINDOW_MS = 24 * 3600 * 1000

type HandoffConfig = Pick<Config, 'OFFICER_TELEGRAM_CHAT_ID' | 'OFFICER_API_TOKENS' | 'TELEGRAM_BOT_TOKEN' | 'HANDOFF_REMIND_MINUTES' | 'WHATSAPP_MODE'>

/** Whether officers can be reached: an officer group (with the Telegram bot) or officer API tokens. */
export function officersConfigured(config: HandoffConfig): boolean {
  return (config.OFFICER_TELEGRAM_CHAT_ID !== undefined && !!config.TELEGRAM_BOT_TOKEN) || config.OFFICER_API_TOKENS.length > 0
}

export async function createHandoff(
  config: HandoffConfig,
  deps: { store: Store; logger: Logger; storeConfig: StoreConfig; metrics?: HandoffMetrics; now?: () => number },
): Promise<HandoffService> {
  const { store, logger, storeConfig } = deps
  let bus: HandoffBus = new LocalBus()
  if (store.kind === 'redis') {
    const topology = storeConfig.redis ?? (storeConfig.redisUrl ? { kind: 'server' as const, url: storeConfig.redisUrl } : undefined)
    if (topology) bus = await RedisBus.connect(topology, { onWarning: (message) => logger.warn({ component: 'handoff' }, message) })
  }
  return new HandoffService({
    store,
    logger,
    bus,
    available: officersConfigured(config),
    remindAfterMs: config.HANDOFF_REMIND_MINUTES * 60_000,
    ...(config.WHATSAPP_MODE === 'cloud' ? { replyWindowMs: { whatsapp: CLOUD_REPLY_WINDOW_MS } } : {}),
    ...(deps.metrics ? { metrics: deps.metrics } : {}),
    ...(deps.now ? { now: deps.now } : {}),
  })
}
