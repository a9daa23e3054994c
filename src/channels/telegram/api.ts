/**
 * What every call to the Bot API goes through, innermost first:
 *
 *   1. a log line for each failed call (method, error code and Telegram's description; never the payload);
 *   2. `@grammyjs/auto-retry`: a 429 "Too Many Requests" is retried after its `retry_after`, a 5xx after a
 *      growing pause; network errors are passed on (the long-polling runner retries its own calls, and a send
 *      that cannot reach Telegram is logged rather than retried forever);
 *   3. `@grammyjs/transformer-throttler` (outermost): outbound pacing within Telegram's limits, per chat and
 *      overall. One chat's messages go out one at a time and in order, also while one of them waits out a 429.
 */
import { apiThrottler } from '@grammyjs/transformer-throttler'
import { autoRetry } from '@grammyjs/auto-retry'
import type { Api, Transformer } from 'grammy'
import type { Logger } from '../../logger.ts'

/**
 * Outbound pacing. Telegram asks bots to stay under about one message per second in a chat (short bursts
 * are allowed), 20 per minute in a group, and 30 per second overall.
 */
export interface PacingOptions {
  /** Messages a private chat may receive at once before pacing starts. Default 10. */
  perChatBurst: number
  /** Sustained messages per second to one private chat after a burst. Default 1. */
  perChatPerSecond: number
  /** Messages per minute to one group. Default 20. */
  perGroupPerMinute: number
  /** Messages per second over all chats. Default 30. */
  globalPerSecond: number
}

export const DEFAULT_PACING: PacingOptions = { perChatBurst: 10, perChatPerSecond: 1, perGroupPerMinute: 20, globalPerSecond: 30 }

/** Retry policy for 429 and 5xx answers. */
export interface RetryOptions {
  /** A `retry_after` longer than this (seconds) is not waited for: the call fails. Default 60. */
  maxDelaySeconds: number
  /** Retries of one call before it fails. Default 3. */
  maxRetryAttempts: number
}

export const DEFAULT_RETRY: RetryOptions = { maxDelaySeconds: 60, maxRetryAttempts: 3 }

/** Logs failed Bot API calls without their payloads (which hold chat ids and texts). */
export function logFailures(logger: Logger): Transformer {
  return async (prev, method, payload, signal) => {
    try {
      const result = await prev(method, payload, signal)
      if (!result.ok) {
        const level = result.error_code === 429 || result.error_code >= 500 ? 'warn' : 'info'
        logger[level]({ method, code: result.error_code, description: result.description, retryAfter: result.parameters?.retry_after }, 'telegram: API call failed')
      }
      return result
    } catch (error) {
      if (!signal?.aborted) logger.warn({ method, err: error instanceof Error ? error.message : String(error) }, 'telegram: API call did not complete')
      throw error
    }
  }
}

/** Installs failure logs, retries and pacing (`pacing: false` turns pacing off, for tests). */
export function configureApi(api: Api, logger: Logger, pacing: PacingOptions | false = DEFAULT_PACING, retry: RetryOptions = DEFAULT_RETRY): void {
  api.config.use(logFailures(logger))
  api.config.use(autoRetry({ ...retry, rethrowHttpErrors: true }))
  if (pacing) {
    api.config.use(
      apiThrottler({
        global: { reservoir: pacing.globalPerSecond, reservoirRefreshAmount: pacing.globalPerSecond, reservoirRefreshInterval: 1000 },
        group: {
          maxConcurrent: 1,
          reservoir: pacing.perGroupPerMinute,
          reservoirRefreshAmount: pacing.perGroupPerMinute,
          reservoirRefreshInterval: 60_000,
        },
        // A token bucket per private chat: a burst of `perChatBurst`, then `perChatPerSecond`. Each bucket ticks
        // every 250 ms while it lives, so buckets of chats idle for a minute are dropped (Bottleneck's default: 5).
        out: {
          timeout: 60_000,
          maxConcurrent: 1,
          reservoir: pacing.perChatBurst,
          reservoirIncreaseAmount: 1,
          reservoirIncreaseInterval: Math.ceil(1000 / pacing.perChatPerSecond),
          reservoirIncreaseMaximum: pacing.perChatBurst,
        },
      }),
    )
  }
}
