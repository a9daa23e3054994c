/**
 * An in-process lock per key with a FIFO queue of waiters: the way one process keeps a user's messages in order.
 *
 * The embedded store uses it as its whole per-user lock; the Redis store puts it in front of the Redis lock, so
 * that waiters within one process are served in arrival order and only the head of each queue polls Redis.
 */

import { UserLockTimeoutError } from './types.ts'

/** How long `withUserLock` waits by default before giving up. */
export const DEFAULT_LOCK_WAIT_MS = 10_000

interface Waiter {
  grant: () => void
  timer: NodeJS.Timeout
}

interface KeyState {
  waiters: Waiter[]
}

export class UserQueue {
  /** A key is present while its lock is held; its waiters queue behind the holder. */
  readonly #held = new Map<string, KeyState>()

  /**
   * Resolves when the caller holds `key`'s lock, in the order of the calls. Rejects with a
   * `UserLockTimeoutError` after `waitMs` and leaves the queue as if it had never asked.
   * The caller must call the returned release function exactly once.
   */
  acquire(key: string, waitMs: number): Promise<() => void> {
    const state = this.#held.get(key)
    if (!state) {
      this.#held.set(key, { waiters: [] })
      return Promise.resolve(this.#releaser(key))
    }
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        grant: () => {
          clearTimeout(waiter.timer)
          resolve(this.#releaser(key))
        },
        timer: setTimeout(() => {
          const index = state.waiters.indexOf(waiter)
          if (index >= 0) state.waiters.splice(index, 1)
          reject(new UserLockTimeoutError(waitMs))
        }, waitMs),
      }
      state.waiters.push(waiter)
    })
  }

  /** Runs `fn` holding `key`'s lock. */
  async run<T>(key: string, fn: () => Promise<T>, waitMs: number): Promise<T> {
    const release = await this.acquire(key, waitMs)
    try {
      return await fn()
    } finally {
      release()
    }
  }

  /** Hands the lock straight to the next waiter, so nobody can overtake the queue. */
  #releaser(key: string): () => void {
    let released = false
    return () => {
      if (released) return
      released = true
      const state = this.#held.get(key)
      const next = state?.waiters.shift()
      if (next) next.grant()
      else this.#held.delete(key)
    }
  }
}
