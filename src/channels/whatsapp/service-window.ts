/**
 * The Cloud API's 24-hour customer service window: a user's message opens it, each new message from the user
 * opens it again, and our own messages do not extend it. Inside it any message may be sent; outside it only
 * pre-approved templates. The assistant only ever answers, so it sends nothing outside the window: a reply
 * computed for a message that Meta redelivered a day late is dropped, not sent.
 *
 * Kept in memory: a reply is sent by the process that received the message, seconds later. Times are epoch
 * milliseconds; the clock is injectable for tests.
 */
export const SERVICE_WINDOW_MS = 24 * 3600 * 1000

export class ServiceWindow {
  readonly #lastInbound = new Map<string, number>()
  readonly #windowMs: number
  readonly #now: () => number

  constructor(options: { windowMs?: number; now?: () => number } = {}) {
    this.#windowMs = options.windowMs ?? SERVICE_WINDOW_MS
    this.#now = options.now ?? Date.now
  }

  /** Notes a message from `user` sent at `at` (the time WhatsApp gives it, not when it reached us). */
  record(user: string, at: number): void {
    const previous = this.#lastInbound.get(user)
    if (previous === undefined || at > previous) this.#lastInbound.set(user, at)
    if (this.#lastInbound.size > 10_000) this.prune()
  }

  /** Whether a free-form message may be sent to `user` now. */
  isOpen(user: string): boolean {
    const last = this.#lastInbound.get(user)
    return last !== undefined && this.#now() - last < this.#windowMs
  }

  /** Forgets users whose window has closed (it keeps memory bounded on a busy number). */
  prune(): void {
    const now = this.#now()
    for (const [user, last] of this.#lastInbound) if (now - last >= this.#windowMs) this.#lastInbound.delete(user)
  }
}
