/**
 * Runs the work of one chat one piece at a time, in arrival order, while different chats run side by side:
 * a user's second message is handled after the replies to the first were sent. Also knows what is still
 * running, so that a channel can finish its work before it stops.
 */
export class ChatQueue {
  readonly #tails = new Map<string, Promise<void>>()

  /** Queues `work` behind earlier work of the same `chat`. Errors are the caller's: `work` must not throw. */
  push(chat: string, work: () => Promise<void>): Promise<void> {
    const previous = this.#tails.get(chat) ?? Promise.resolve()
    const next = previous.then(work, work)
    this.#tails.set(chat, next)
    const forget = (): void => {
      if (this.#tails.get(chat) === next) this.#tails.delete(chat)
    }
    next.then(forget, forget)
    return next
  }

  /** How many chats have work queued or running. */
  get size(): number {
    return this.#tails.size
  }

  /** Resolves when all work queued so far has finished. */
  async idle(): Promise<void> {
    while (this.#tails.size > 0) await Promise.allSettled([...this.#tails.values()])
  }
}
