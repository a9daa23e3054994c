/**
 * Per-day counters for the officer dashboard: how many conversations, messages, leads, FAQ outcomes, agency
 * checks, emergencies and handoffs there were each day. They live in the store (not in Prometheus) so they
 * survive restarts and read the same from every process.
 *
 * A day is a calendar day in Indonesia's western time zone (WIB, UTC+7), written `YYYY-MM-DD`. A counter is a
 * field name (`msg:telegram`, `lead:province:Jawa Timur`, see `src/ops/stats.ts`) and a whole number. Counters
 * never hold personal data: only channel names, flow and step ids, categories, verdicts and the lead's
 * province, interests and destination (chosen from the content's lists).
 */

/** Counter name → amount to add (or, when read, the day's total). */
export type DayCounts = Record<string, number>

/** Day (`YYYY-MM-DD`) → its counters. Days without any count are left out. */
export type StatsByDay = Record<string, DayCounts>

/** Offset of the day boundary from UTC: WIB (UTC+7). */
export const STATS_DAY_OFFSET_MS = 7 * 3_600_000

/** The longest range `readStats` accepts (a little over two years), so one request cannot ask for centuries. */
export const MAX_STATS_DAYS = 800

/** The stats day (WIB) of an instant in epoch milliseconds. */
export function statsDay(ms: number): string {
  // Every message asks, nearly always about the same day as the one before: keep that day's bounds.
  if (ms >= lastDay.from && ms < lastDay.to) return lastDay.day
  const day = new Date(ms + STATS_DAY_OFFSET_MS).toISOString().slice(0, 10)
  if (Number.isFinite(ms)) {
    const from = Math.floor((ms + STATS_DAY_OFFSET_MS) / 86_400_000) * 86_400_000 - STATS_DAY_OFFSET_MS
    lastDay = { from, to: from + 86_400_000, day }
  }
  return day
}

let lastDay = { from: 0, to: 0, day: '' }

const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/

/** True for a real calendar date written `YYYY-MM-DD`. */
export function isStatsDay(text: string): boolean {
  const match = DAY_RE.exec(text)
  if (!match) return false
  const date = new Date(`${text}T00:00:00.000Z`)
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text
}

/** Adds `days` (may be negative) to a `YYYY-MM-DD` day. */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00.000Z`) + days * 86_400_000).toISOString().slice(0, 10)
}

/**
 * Every day from `from` to `to`, both included. Throws a `RangeError` that says what is wrong (for the page to
 * show) when a day is not a date, when the range runs backwards, or when it is longer than `MAX_STATS_DAYS`.
 */
export function daysInRange(from: string, to: string): string[] {
  if (!isStatsDay(from)) throw new RangeError(`"${from}" is not a date; write it as YYYY-MM-DD.`)
  if (!isStatsDay(to)) throw new RangeError(`"${to}" is not a date; write it as YYYY-MM-DD.`)
  if (from > to) throw new RangeError(`The range runs backwards: ${from} is after ${to}.`)
  const days: string[] = []
  for (let day = from; day <= to; day = addDays(day, 1)) {
    days.push(day)
    if (days.length > MAX_STATS_DAYS) throw new RangeError(`The range is longer than ${MAX_STATS_DAYS} days; choose a shorter one.`)
  }
  return days
}

/** Longest counter name kept; longer ones are cut (content ids and province names are far shorter). */
const MAX_FIELD_LENGTH = 120

/** A counter name made safe to store: no control characters, bounded length. */
export function statsField(...parts: string[]): string {
  return parts
    .map((part) => part.replace(/[\u0000-\u001f\u007f]/g, ' ').trim())
    .join(':')
    .slice(0, MAX_FIELD_LENGTH)
}

/** Adds `counts` into `into` (in place) and returns it; zero and non-finite amounts are skipped. */
export function addCounts(into: DayCounts, counts: Readonly<DayCounts>): DayCounts {
  for (const [field, by] of Object.entries(counts)) {
    if (!Number.isFinite(by) || by === 0) continue
    into[field] = (into[field] ?? 0) + Math.round(by)
  }
  return into
}

/** The increments with something to add (whole, finite, non-zero), or `undefined` when there is nothing. */
export function cleanCounts(counts: Readonly<DayCounts>): DayCounts | undefined {
  const clean = addCounts({}, counts)
  return Object.keys(clean).length > 0 ? clean : undefined
}
