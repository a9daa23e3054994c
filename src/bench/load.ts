/**
 * Load through the real gate, engine and store, as channels drive it: virtual users, each sending its messages
 * one after another (a user waits for the reply before the next message, like a person does).
 *
 * - `closed`: every user sends its next message as soon as the reply is back (on the next event-loop turn, as a
 *   message from the network would arrive). Measures the most messages per second the process handles; the
 *   latency then includes the time a message waits behind the others (with U users busy at once, mean latency ≈
 *   U / throughput).
 * - `paced`: the users together send `rate` messages a second at fixed times, whatever the replies (open loop).
 *   Latency is counted from the planned send time, so a stall is not hidden (no coordinated omission).
 */
import { monitorEventLoopDelay } from 'node:perf_hooks'
import type { Inbound } from '../engine/types.ts'
import type { Gate } from '../gate/gate.ts'

export interface LoadOptions {
  gate: Pick<Gate, 'handle'>
  users: number
  /** What each user says, in a loop (a conversation that ends where it began). */
  script: readonly string[]
  durationMs: number
  /** Not measured: the first part of the run, for the JIT and caches. Default 15% of the duration, ≤ 1 s. */
  warmupMs?: number
  mode: { kind: 'closed' } | { kind: 'paced'; rate: number }
  /** User ids are `${prefix}${n}`; use a new prefix per run to start from empty sessions. */
  userPrefix: string
  channel?: string
}

export interface LoadResult {
  messages: number
  messagesPerSecond: number
  /** The mean latency (in a closed loop ≈ users / throughput). */
  meanMs: number
  p50Ms: number
  p99Ms: number
  maxMs: number
  /**
   * This process's CPU time (user + system) per message over the whole run, in µs: what a message costs, whatever
   * else runs on the machine (a busy machine lowers messages/s and raises latency, not this). Redis's own CPU is
   * not in it.
   */
  cpuMicrosPerMessage: number
  /** Messages whose replies were not the normal ones (busy, error, rate limited): must be 0. */
  failures: number
  /**
   * The event loop's delay, p99 over the whole run: how long ready work waited for the CPU. Above a few ms with a
   * light load it means the process was not scheduled (other work on the machine), not that the gate was slow.
   * `null` when the loop never reached its timers (a run that is all promise callbacks, e.g. the embedded store
   * in a closed loop).
   */
  loopDelayP99Ms: number | null
}

/** The phone number in a script is made unique per user (leads are keyed by phone). */
const PHONE = '{phone}'

/** A script line as user number `user` types it. */
export function scriptText(line: string, user: number): string {
  return line.replace(PHONE, `0812${String(1_000_000 + user).slice(-7)}`)
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const warmupMs = options.warmupMs ?? Math.min(1_000, options.durationMs * 0.15)
  const started = performance.now()
  const measureFrom = started + warmupMs
  const stopAt = measureFrom + options.durationMs
  const latencies: number[] = []
  let failures = 0
  let sequence = 0
  const positions = new Array<number>(options.users).fill(0)
  const loopDelay = monitorEventLoopDelay({ resolution: 1 })
  loopDelay.enable()
  const cpuBefore = process.cpuUsage()

  const send = async (user: number, plannedAt: number): Promise<void> => {
    const position = positions[user]!
    positions[user] = (position + 1) % options.script.length
    const text = scriptText(options.script[position]!, user)
    const inbound: Inbound = {
      channel: options.channel ?? 'bench',
      userId: `${options.userPrefix}${user}`,
      messageId: `b${++sequence}`,
      text,
      now: Date.now(),
    }
    const replies = await options.gate.handle(inbound)
    const done = performance.now()
    if (replies.length === 0 || replies.some((r) => r.key?.startsWith('error.'))) failures++
    if (plannedAt >= measureFrom && plannedAt < stopAt) latencies.push(done - plannedAt)
  }

  if (options.mode.kind === 'closed') {
    await Promise.all(
      Array.from({ length: options.users }, async (_, user) => {
        // The user types the next message the moment the reply is back (its latency counts from then), and it
        // arrives as a network event does: on a later turn of the event loop, not as a promise callback of the
        // reply. (Chained as promise callbacks, 1,000 users keep the microtask queue full for the whole run and
        // starve every timer and I/O callback, which no real channel can do.)
        for (let typedAt = performance.now(); typedAt < stopAt; typedAt = performance.now()) {
          await nextTurn()
          await send(user, typedAt)
        }
      }),
    )
  } else {
    const interval = 1_000 / options.mode.rate
    const busy = new Array<Promise<void> | undefined>(options.users)
    const inFlight = new Set<Promise<void>>()
    let next = started
    let user = 0
    while (next < stopAt) {
      const now = performance.now()
      if (now < next) {
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, Math.min(next - now, 4))))
        continue
      }
      // Every message due by now goes out; one user's next message starts after its previous one (a person).
      while (next <= now && next < stopAt) {
        const plannedAt = next
        const u = user
        const previous = busy[u]
        const job = (previous ? previous.then(() => send(u, plannedAt)) : send(u, plannedAt)).finally(() => inFlight.delete(job))
        busy[u] = job
        inFlight.add(job)
        next += interval
        user = (user + 1) % options.users
      }
      // Let replies be handled before planning more (the event loop is shared with the gate).
      await new Promise((resolve) => setImmediate(resolve))
    }
    await Promise.all(inFlight)
  }

  loopDelay.disable()
  const cpu = process.cpuUsage(cpuBefore)
  const seconds = options.durationMs / 1_000
  latencies.sort((a, b) => a - b)
  return {
    messages: latencies.length,
    messagesPerSecond: latencies.length / seconds,
    cpuMicrosPerMessage: sequence ? (cpu.user + cpu.system) / sequence : 0,
    meanMs: latencies.length ? latencies.reduce((sum, ms) => sum + ms, 0) / latencies.length : 0,
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
    maxMs: latencies.at(-1) ?? 0,
    failures,
    loopDelayP99Ms: loopDelay.count === 0 ? null : loopDelay.percentile(99) / 1e6,
  }
}

function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve))
}

/** The q-quantile of sorted values (nearest rank). */
export function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!
}

/**
 * A realistic conversation of 16 messages: greeting and menu, an FAQ topic and a typed question, the whole
 * training-interest flow with a lead stored (durably) at the end, and a question after it.
 */
export const MIXED_SCRIPT: readonly string[] = [
  'halo',
  '1',
  'syarat kerja ke korea',
  'menu',
  '4',
  'ya',
  'Siti Aminah',
  PHONE,
  '25',
  'jawa timur',
  'surabaya',
  'smk',
  '1',
  'jepang',
  'benar',
  'apa itu bp2mi?',
]

/** Menu navigation only (cheap for the engine): shows what the gate and the store cost per message. */
export const NAVIGATION_SCRIPT: readonly string[] = ['halo', '3', 'menu', '5', 'menu', '2', 'menu']
