/**
 * Waiting between retries: exponential backoff with jitter, and a `wait` that tests replace so that no test
 * sleeps. Used for reconnecting Baileys and for retrying Graph API calls.
 */

/** Waits `ms` milliseconds; resolves early (never rejects) when `signal` aborts. */
export type Wait = (ms: number, signal?: AbortSignal) => Promise<void>

export interface BackoffOptions {
  /** The first delay. Default 1 s. */
  baseMs?: number
  /** The longest delay. Default 60 s. */
  maxMs?: number
  /** Spread, as a fraction of the delay: 0.2 means ±20 %. Default 0.2. */
  jitter?: number
  /** A number in [0, 1). Default `Math.random`. */
  random?: () => number
}

/** The delay before retry number `attempt` (1, 2, 3, …): `min(maxMs, baseMs·2^(attempt-1))` ± jitter. */
export function backoffDelay(attempt: number, options: BackoffOptions = {}): number {
  const { baseMs = 1000, maxMs = 60_000, jitter = 0.2, random = Math.random } = options
  const plain = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1))
  return Math.max(0, Math.round(plain * (1 + jitter * (2 * random() - 1))))
}

/** The real wait: a timer that does not keep the process alive, cancelled by `signal`. */
export const realWait: Wait = (ms, signal) =>
  new Promise<void>((resolve) => {
    if (signal?.aborted) return resolve()
    const timer = setTimeout(done, ms)
    timer.unref()
    signal?.addEventListener('abort', done, { once: true })
    function done(): void {
      clearTimeout(timer)
      signal?.removeEventListener('abort', done)
      resolve()
    }
  })
