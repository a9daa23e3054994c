/**
 * Times free-text routing for the benchmark (`npm run bench`): `router.route` (intents and entities) over the
 * examples of content/intents.yaml, and over a 1,000-character message, which must not cost much more.
 */
import { performance } from 'node:perf_hooks'
import type { Bundle } from '../content/bundle.ts'

export interface RoutingBench {
  messages: number
  per_message_us: number
  long_message_us: number
}

/** A chatty 1,000-character message with a company name at its end. */
export const LONG_MESSAGE = `${'halo kak saya mau tanya soal kerja ke luar negeri lewat agen di kampung '.repeat(14)}apakah PT Maju Jaya resmi?`.slice(-1000)

export function benchRouting(bundle: Bundle, iterations: number): RoutingBench {
  const router = bundle.router
  if (!router) return { messages: 0, per_message_us: 0, long_message_us: 0 }
  const messages = router.intents.flatMap((i) => [...(i.examples?.id ?? []), ...(i.examples?.en ?? [])])
  const time = (list: readonly string[], rounds: number): number => {
    let sink = 0
    for (const m of list) sink += router.route(m).intent?.length ?? 0 // warm-up
    const start = performance.now()
    for (let r = 0; r < rounds; r++) for (const m of list) sink += router.route(m).intent?.length ?? 0
    return ((performance.now() - start) * 1000) / (rounds * list.length) + (sink < 0 ? 1 : 0)
  }
  const round2 = (x: number) => Math.round(x * 100) / 100
  return {
    messages: messages.length,
    per_message_us: round2(time(messages, iterations * 20)),
    long_message_us: round2(time([LONG_MESSAGE], iterations * 50)),
  }
}
