import type { Bundle } from '../content/bundle.ts'
import { sanitizeInput, userKeyOf } from '../engine/engine.ts'
import type { Inbound, Lang } from '../engine/types.ts'
import { detectLang } from '../understanding/lang-detect.ts'
import { statesCrisis } from '../understanding/crisis-beside-question.ts'
import type { RateDecision, SharedRateLimiter, Store } from '../store/types.ts'

export type { RateDecision }

/**
 * Per-user token bucket, in this process (the embedded store; with Redis the store's shared limit is used instead:
 * src/store/redis-rate-limit.ts). A user may send `burst` messages at once and then `perMinute` a minute. The first
 * message over the limit gets one polite notice; further ones in the same flood are dropped silently, so a
 * flooding user cannot make the assistant flood back. Other users are not affected.
 */
export interface RateLimitOptions {
  perMinute: number
  burst: number
  now?: () => number
  /** Buckets idle this long are forgotten (memory bound). */
  idleMs?: number
}

/** What the gate asks: the in-process `RateLimiter` or the store's shared one. */
export interface UserRateLimit {
  check(key: string): RateDecision | Promise<RateDecision>
}

/** The store's shared limit when it has one (Redis: across processes), else a limit in this process. */
export function rateLimitFor(store: Pick<Store, 'sharedRateLimiter'>, options: RateLimitOptions): UserRateLimit {
  const shared: SharedRateLimiter | undefined = store.sharedRateLimiter?.({ perMinute: options.perMinute, burst: options.burst })
  return shared ?? new RateLimiter(options)
}

export class RateLimiter implements UserRateLimit {
  private readonly buckets = new Map<string, { tokens: number; at: number; notified: boolean }>()
  private readonly now: () => number
  private lastSweep = 0

  constructor(private readonly options: RateLimitOptions) {
    this.now = options.now ?? Date.now
  }

  check(key: string): RateDecision {
    const now = this.now()
    this.sweep(now)
    const refillPerMs = this.options.perMinute / 60_000
    const bucket = this.buckets.get(key) ?? { tokens: this.options.burst, at: now, notified: false }
    bucket.tokens = Math.min(this.options.burst, bucket.tokens + (now - bucket.at) * refillPerMs)
    bucket.at = now
    this.buckets.set(key, bucket)
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1
      if (bucket.tokens >= 1) bucket.notified = false
      return 'allow'
    }
    if (bucket.notified) return 'drop'
    bucket.notified = true
    return 'notify'
  }

  private sweep(now: number): void {
    const idle = this.options.idleMs ?? 10 * 60_000
    if (now - this.lastSweep < idle) return
    this.lastSweep = now
    for (const [key, bucket] of this.buckets) if (now - bucket.at > idle) this.buckets.delete(key)
  }
}

/** Whether a message is a cry for help that the rate limit must let through (content/crisis.yaml, or "tolong"). */
export function isCrisis(inbound: Inbound, bundle: Bundle): boolean {
  if (!inbound.text || inbound.choice) return false
  const text = sanitizeInput(inbound.text)
  return statesCrisis(bundle, text)
}

/**
 * The language of the "too fast" notice: the user's session (read once per flood: only the first message over
 * the limit is answered), else the language of the text, else the channel's hint, else Indonesian.
 */
export async function rateLimitLang(inbound: Inbound, store: Pick<Store, 'getSession'>): Promise<Lang> {
  try {
    const session = await store.getSession(userKeyOf(inbound))
    if (session) return session.lang
  } catch {
    // The notice matters less than the store; fall back to the text.
  }
  return (inbound.text ? detectLang(inbound.text) : undefined) ?? inbound.lang ?? 'id'
}
