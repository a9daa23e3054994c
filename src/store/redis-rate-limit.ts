/**
 * The per-user rate limit shared by every process on one Redis (rate-limiter-flexible's `RateLimiterRedis`): a
 * user who floods two instances behind a load balancer gets one budget, not one per instance.
 *
 * The budget is a window: `burst` messages per `burst × 60 / perMinute` seconds (with the defaults, 8 per 16 s, so
 * 30 a minute on average and 8 at once), counted in one Redis key per user (`ma:{user:<userKey>}:rate`, in the
 * user's hash slot, expiring with its window). The first message over the budget in a window gets the polite
 * notice (`notify`), the rest of that flood nothing (`drop`), as with the in-process limiter of the embedded store.
 * When Redis does not answer, each process counts on its own (an in-memory insurance limiter with the same budget)
 * until it is back; the turn itself then fails with "try again" anyway.
 */
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible'
import type { RateDecision, SharedRateLimiter } from './types.ts'
import type { RedisClient } from './redis.ts'

export interface RedisRateLimitOptions {
  perMinute: number
  burst: number
}

export class RedisRateLimiter implements SharedRateLimiter {
  readonly #limiter: RateLimiterRedis
  readonly #points: number
  readonly #keyOf: (userKey: string) => string

  constructor(client: RedisClient, keyOf: (userKey: string) => string, options: RedisRateLimitOptions) {
    this.#points = Math.max(1, Math.floor(options.burst))
    // Whole seconds (Redis expiry); at least 1.
    const duration = Math.max(1, Math.round((this.#points * 60) / Math.max(options.perMinute, 1e-9)))
    this.#keyOf = keyOf
    this.#limiter = new RateLimiterRedis({
      storeClient: client,
      keyPrefix: '',
      points: this.#points,
      duration,
      // The store's client rejects at once while Redis is away; then this process counts alone.
      insuranceLimiter: new RateLimiterMemory({ keyPrefix: '', points: this.#points, duration }),
    })
  }

  async check(userKey: string): Promise<RateDecision> {
    try {
      await this.#limiter.consume(this.#keyOf(userKey))
      return 'allow'
    } catch (rejection) {
      // Over the budget: the first one over it in this window is told, the rest of the flood is not.
      if (rejection instanceof RateLimiterRes) return rejection.consumedPoints === this.#points + 1 ? 'notify' : 'drop'
      // Neither Redis nor the insurance answered: let the message through (the turn reports the store problem).
      return 'allow'
    }
  }
}
