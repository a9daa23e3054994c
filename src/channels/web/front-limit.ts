/**
 * Rate limits in front of the gate, for the web only: per browser id and per IP address (a browser can make
 * itself a new id, so the IP bounds a flood; offices and mobile networks share IPs, so that limit is generous).
 * The gate keeps its own per-user limit behind these.
 *
 * Never silences an emergency: a message over a limit that reads as a cry for help (the gate's own test,
 * `isCrisis`: content/crisis.yaml or "tolong") is let through. That test runs only for messages already over a limit.
 */
import { RateLimiter, type RateDecision, type RateLimitOptions } from '../../gate/rate-limit.ts'

export interface FrontLimitOptions {
  perId?: Omit<RateLimitOptions, 'now'>
  perIp?: Omit<RateLimitOptions, 'now'>
  now?: () => number
}

export class FrontLimit {
  readonly #perId: RateLimiter
  readonly #perIp: RateLimiter

  constructor(options: FrontLimitOptions = {}) {
    const now = options.now ? { now: options.now } : {}
    this.#perId = new RateLimiter({ perMinute: 30, burst: 15, ...options.perId, ...now })
    this.#perIp = new RateLimiter({ perMinute: 300, burst: 60, ...options.perIp, ...now })
  }

  /** `allow`, or `notify` (tell once) / `drop` (stay quiet) when over a limit and not an emergency. */
  check(user: string, ip: string, isEmergency: () => boolean): RateDecision {
    const byIp = this.#perIp.check(ip)
    const byId = this.#perId.check(user)
    const decision: RateDecision = byIp === 'allow' ? byId : byId === 'allow' ? byIp : byIp === 'notify' || byId === 'notify' ? 'notify' : 'drop'
    if (decision === 'allow') return 'allow'
    if (isEmergency()) return 'allow'
    return decision
  }
}
