/**
 * How processes tell each other about cases: an officer's reply taken by one process must reach a user whose
 * channel (a Baileys WhatsApp connection, say) lives in another. Every event goes to every process; the one that
 * can act on it (it has the user's channel, or the Telegram officer group) claims it once in the store and acts.
 *
 * - Embedded store (one process): `LocalBus`, an in-process event emitter.
 * - Redis: `RedisBus`, Redis pub/sub on the channel `<prefix>handoff` over two connections of its own (a
 *   subscribed connection can do nothing else). ioredis re-subscribes after a reconnect. Pub/sub keeps nothing:
 *   an event published while no process listens is lost, so every case's transcript is in the store and the
 *   officer sees whether a reply was delivered in the logs.
 */
import { EventEmitter } from 'node:events'
import { Cluster, Redis } from 'ioredis'
import type { Reply } from '../engine/types.ts'
import { connectRedis, type RedisTopology } from '../store/redis-connect.ts'
import type { HandoffCase, CaseMessage } from './cases.ts'

/** What officers are told about (the Telegram officer group posts it; a console shows it live). */
export type OfficerNotice =
  | { kind: 'opened'; case: HandoffCase }
  | { kind: 'message'; case: HandoffCase; message: CaseMessage }
  | { kind: 'replied'; case: HandoffCase; message: CaseMessage; via: 'api' | 'telegram' | 'console' }
  | { kind: 'claimed'; case: HandoffCase; officer: string }
  | { kind: 'closed'; case: HandoffCase; by: string }
  | { kind: 'reminder'; case: HandoffCase; waitedMs: number }
  | { kind: 'deleted'; case: HandoffCase }

export type HandoffEvent =
  /** Replies for a user, to be sent once by a process that has the user's channel. */
  | { kind: 'deliver'; id: string; channel: string; userId: string; replies: Reply[] }
  /** News for officers, posted once by a process with the officer group; every process hears it. */
  | { kind: 'notice'; id: string; notice: OfficerNotice }

export interface HandoffBus {
  publish(event: HandoffEvent): Promise<void>
  subscribe(listener: (event: HandoffEvent) => void): void
  close(): Promise<void>
}

/** One process: events stay in memory and are heard on the next tick. */
export class LocalBus implements HandoffBus {
  readonly #events = new EventEmitter()

  /** Listeners start before this resolves (so a caller that then waits for their work finds it under way). */
  async publish(event: HandoffEvent): Promise<void> {
    await Promise.resolve()
    this.#events.emit('event', event)
  }

  subscribe(listener: (event: HandoffEvent) => void): void {
    this.#events.on('event', listener)
  }

  async close(): Promise<void> {
    this.#events.removeAllListeners()
  }
}

/** Several processes on one Redis (a server, Sentinel or Cluster). */
export class RedisBus implements HandoffBus {
  readonly #pub: Redis | Cluster
  readonly #sub: Redis | Cluster
  readonly #channel: string
  readonly #listeners: Array<(event: HandoffEvent) => void> = []

  private constructor(pub: Redis | Cluster, sub: Redis | Cluster, channel: string, onWarning: (message: string) => void) {
    this.#pub = pub
    this.#sub = sub
    this.#channel = channel
    for (const client of [pub, sub]) client.on('error', () => undefined)
    sub.on('message', (channelName: string, raw: string) => {
      if (channelName !== this.#channel) return
      let event: HandoffEvent
      try {
        event = JSON.parse(raw) as HandoffEvent
      } catch {
        onWarning('handoff: an unreadable event on the Redis channel was ignored')
        return
      }
      for (const listener of this.#listeners) listener(event)
    })
  }

  /** Connects both clients and subscribes; rejects when Redis cannot be reached. */
  static async connect(topology: RedisTopology, options: { keyPrefix?: string; onWarning?: (message: string) => void } = {}): Promise<RedisBus> {
    const make = (): Redis | Cluster =>
      topology.kind === 'server' ? new Redis(topology.url, { lazyConnect: true, maxRetriesPerRequest: 1 }) : connectRedis(topology)
    const pub = make()
    const sub = make()
    const bus = new RedisBus(pub, sub, `${options.keyPrefix ?? 'ma:'}handoff`, options.onWarning ?? (() => undefined))
    try {
      await Promise.all([pub.connect(), sub.connect()])
      await sub.subscribe(bus.#channel)
    } catch (error) {
      await bus.close()
      throw error
    }
    return bus
  }

  async publish(event: HandoffEvent): Promise<void> {
    await this.#pub.publish(this.#channel, JSON.stringify(event))
  }

  subscribe(listener: (event: HandoffEvent) => void): void {
    this.#listeners.push(listener)
  }

  async close(): Promise<void> {
    this.#listeners.length = 0
    for (const client of [this.#sub, this.#pub]) {
      try {
        await client.quit()
      } catch {
        client.disconnect()
      }
    }
  }
}
