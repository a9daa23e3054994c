/**
 * What the web channel has sent to each browser id, kept for a while so that a page that lost its connection
 * (or was reloaded) gets every reply once: each batch of replies has a sequence number (`seq`, increasing, based
 * on the clock so it keeps increasing across restarts), and the browser asks for what came after the last one it
 * saw. A message id that was already answered gets its stored batch again instead of a second turn.
 *
 * Memory only, per process: with several processes behind a load balancer, use sticky sessions for `/webchat/`
 * (a lost batch is then at worst asked again; the gate's dedupe still prevents a double turn).
 */

export interface Batch {
  seq: number
  /** The message id this batch answers; absent for messages that came later (an officer's reply). */
  id?: string
  replies: Array<{ text: string; choices?: Array<{ id: string; label: string }> }>
  /** Set when the user's data was deleted: the browser forgets its id too. */
  forget?: true
}

interface Mailbox {
  batches: Batch[]
  byId: Map<string, Batch>
  listeners: Set<(batch: Batch) => void>
  touched: number
}

export interface OutboxOptions {
  /** Batches kept per browser id (oldest dropped first). */
  keep?: number
  /** A mailbox unused this long is forgotten. */
  idleMs?: number
  now?: () => number
}

export class Outbox {
  readonly #boxes = new Map<string, Mailbox>()
  readonly #keep: number
  readonly #idleMs: number
  readonly #now: () => number
  #lastSeq = 0
  #lastSweep = 0

  constructor(options: OutboxOptions = {}) {
    this.#keep = options.keep ?? 100
    this.#idleMs = options.idleMs ?? 30 * 60_000
    this.#now = options.now ?? Date.now
  }

  /** The batch that answered this message id, if it is still kept. */
  answered(user: string, id: string): Batch | undefined {
    return this.#boxes.get(user)?.byId.get(id)
  }

  /** Stores a batch and hands it to every listener of this user (open sockets, long polls). */
  put(user: string, batch: Omit<Batch, 'seq'>): Batch {
    const box = this.#box(user)
    const full: Batch = { ...batch, seq: this.#nextSeq() }
    box.batches.push(full)
    if (full.id) box.byId.set(full.id, full)
    while (box.batches.length > this.#keep) {
      const old = box.batches.shift()!
      if (old.id) box.byId.delete(old.id)
    }
    for (const listener of box.listeners) listener(full)
    return full
  }

  /** Batches after `seq`, oldest first. */
  after(user: string, seq: number): Batch[] {
    const box = this.#boxes.get(user)
    if (!box) return []
    box.touched = this.#now()
    return box.batches.filter((b) => b.seq > seq)
  }

  /** Calls `listener` with each new batch of this user until the returned function is called. */
  listen(user: string, listener: (batch: Batch) => void): () => void {
    const box = this.#box(user)
    box.listeners.add(listener)
    return () => {
      box.listeners.delete(listener)
      box.touched = this.#now()
    }
  }

  /** Forgets a user (after "hapus data saya"). */
  forget(user: string): void {
    const box = this.#boxes.get(user)
    if (box && box.listeners.size === 0) this.#boxes.delete(user)
  }

  get size(): number {
    return this.#boxes.size
  }

  #box(user: string): Mailbox {
    const now = this.#now()
    this.#sweep(now)
    let box = this.#boxes.get(user)
    if (!box) {
      box = { batches: [], byId: new Map(), listeners: new Set(), touched: now }
      this.#boxes.set(user, box)
    }
    box.touched = now
    return box
  }

  #nextSeq(): number {
    this.#lastSeq = Math.max(this.#lastSeq + 1, this.#now())
    return this.#lastSeq
  }

  #sweep(now: number): void {
    if (now - this.#lastSweep < 60_000) return
    this.#lastSweep = now
    for (const [user, box] of this.#boxes) if (box.listeners.size === 0 && now - box.touched > this.#idleMs) this.#boxes.delete(user)
  }
}
