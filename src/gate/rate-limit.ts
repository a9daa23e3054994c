import type { Bundle } from '../content/bundle.ts'
import { commandKey } from '../content/keys.ts'
import { sanitizeInput, userKeyOf } from '../engine/engine.ts'
import type { Inbound, Lang } from '../engine/types.ts'
import { detectLang } from '../understanding/lang-detect.ts'
import type { Store } from '../store/types.ts'

/**
 * Per-user token bucket. A user may send `burst` messages at once and then `perMinute` a minute. The first
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

export type RateDecision = 'allow' | 'notify' | 'drop'

export class RateLimiter {
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
  return bundle.crisis.detect(text) !== undefined || commandKey(text) === 'tolong'
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
