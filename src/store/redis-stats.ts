/**
 * The Redis store's per-day dashboard counters (stats.ts): one hash per day, `<prefix>{stats}:<YYYY-MM-DD>`,
 * counter → count. Every day shares the `{stats}` hash tag, so on a Cluster a whole date range is one slot and
 * is read in one pipeline. Writes are pipelined `HINCRBY`s: one round trip per call, atomic per counter, so
 * every process adds to the same numbers.
 */
import type { ChainableCommander } from 'ioredis'
import type { DayCounts, StatsByDay } from './stats.ts'

interface Pipelining {
  pipeline(): ChainableCommander
}

/** Adds `counts` to the hash `key` in one round trip; rejects with the first command error. */
export async function incrementCounts(client: Pipelining, key: string, counts: Readonly<DayCounts>): Promise<void> {
  const pipeline = client.pipeline()
  for (const [field, by] of Object.entries(counts)) pipeline.hincrby(key, field, by)
  const failed = ((await pipeline.exec()) ?? []).find(([error]) => error)
  if (failed?.[0]) throw failed[0]
}

/** The counters of `days` (hash key of each by `keyOf`), in one round trip; empty days are left out. */
export async function readDays(client: Pipelining, days: readonly string[], keyOf: (day: string) => string): Promise<StatsByDay> {
  const pipeline = client.pipeline()
  for (const day of days) pipeline.hgetall(keyOf(day))
  const replies = (await pipeline.exec()) ?? []
  const result: StatsByDay = {}
  days.forEach((day, index) => {
    const [error, hash] = replies[index] ?? [null, null]
    if (error) throw error
    const counts: DayCounts = {}
    for (const [field, value] of Object.entries((hash ?? {}) as Record<string, string>)) {
      const n = Number(value)
      if (Number.isFinite(n)) counts[field] = n
    }
    if (Object.keys(counts).length > 0) result[day] = counts
  })
  return result
}
