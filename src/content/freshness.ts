/**
 * How fresh an FAQ entry is: `reviewed:` is the day an officer last checked it against the facts, `review_every:`
 * how often it must be checked again ("6 months" unless the entry says otherwise). A review date in the future is an
 * error; an entry past its due date is a warning in `npm run validate` and a line in `npm run cli -- content stale`.
 * Time comes in as `now` (milliseconds), so tests use a fake clock.
 */
import type { Lang } from '../engine/types.ts'
import type { Problem } from './problems.ts'
import type { YamlSource } from './yaml-source.ts'

export const DEFAULT_REVIEW_EVERY = '6 months'
export const REVIEW_EVERY_PATTERN = /^(\d{1,2}) (month|months|year|years)$/

/** Year, month (1-12) and day of a real calendar date written YYYY-MM-DD; undefined for "2031-02-30". */
export function calendarDate(text: string): { year: number; month: number; day: number } | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text)
  if (!match) return undefined
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])]
  const date = new Date(Date.UTC(year, month - 1, day))
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day ? { year, month, day } : undefined
}

/** Months in "6 months" / "1 year". */
export function reviewMonths(every: string | undefined): number {
  const match = REVIEW_EVERY_PATTERN.exec(every ?? DEFAULT_REVIEW_EVERY) ?? REVIEW_EVERY_PATTERN.exec(DEFAULT_REVIEW_EVERY)!
  return Number(match[1]) * (match[2]!.startsWith('year') ? 12 : 1)
}

/** `iso` plus whole months, the day kept within the month (31 Aug + 6 months = 28/29 Feb). */
export function addMonths(iso: string, months: number): string {
  const { year, month, day } = calendarDate(iso)!
  const index = year * 12 + (month - 1) + months
  const [y, m] = [Math.floor(index / 12), (index % 12) + 1]
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate()
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(Math.min(day, last)).padStart(2, '0')}`
}

/** Today's date in Indonesia (WIB, UTC+7), YYYY-MM-DD. */
export function todayIso(now: number): string {
  return new Date(now + 7 * 3600_000).toISOString().slice(0, 10)
}

const MONTHS: Record<Lang, readonly string[]> = {
  id: ['Jan', 'Feb', 'Mar', 'Apr', 'Mei', 'Jun', 'Jul', 'Agu', 'Sep', 'Okt', 'Nov', 'Des'],
  en: ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'],
}

/** "22 Nov 2026" in the user's language ("22 Agu 2026" / "22 Aug 2026"). */
export function formatReviewDate(iso: string, lang: Lang): string {
  const date = calendarDate(iso)
  return date ? `${date.day} ${MONTHS[lang][date.month - 1]} ${date.year}` : iso
}

/** What freshness needs of an entry. */
export interface Reviewable {
  id: string
  reviewed: string
  review_every?: string | undefined
}

export interface StaleEntry {
  id: string
  reviewed: string
  due: string
  every: string
  /** Where the entry's `reviewed:` is, for officers: `content/faq/biaya.yaml:12`. */
  at: string
}

interface FaqFile {
  value: { entries: readonly Reviewable[] }
  source: YamlSource
}

/** Entries due for review on `today` (YYYY-MM-DD), oldest review first; `locate` says where an entry is. */
export function staleEntries(entries: readonly Reviewable[], today: string, locate: (id: string) => string): StaleEntry[] {
  const stale: StaleEntry[] = []
  for (const entry of entries) {
    if (!calendarDate(entry.reviewed)) continue
    const every = entry.review_every ?? DEFAULT_REVIEW_EVERY
    const due = addMonths(entry.reviewed, reviewMonths(every))
    if (due <= today) stale.push({ id: entry.id, reviewed: entry.reviewed, due, every, at: locate(entry.id) })
  }
  return stale.sort((a, b) => a.reviewed.localeCompare(b.reviewed) || a.id.localeCompare(b.id))
}

/** A review date in the future is an error; an entry past its due date is a warning. */
export function freshnessProblems(files: readonly FaqFile[], now: number): Problem[] {
  const today = todayIso(now)
  const problems: Problem[] = []
  for (const { value, source } of files) {
    value.entries.forEach((entry, i) => {
      if (calendarDate(entry.reviewed) && entry.reviewed > today) {
        problems.push(
          source.problem(
            ['entries', i, 'reviewed'],
            `FAQ "${entry.id}" says it was reviewed on ${entry.reviewed}, which is after today (${today}); write the day you actually checked it`,
          ),
        )
      }
    })
  }
  const byId = new Map(files.flatMap(({ value, source }) => value.entries.map((e, i) => [e.id, { source, i }] as const)))
  for (const entry of staleEntries(files.flatMap((f) => f.value.entries), today, () => '')) {
    const { source, i } = byId.get(entry.id)!
    problems.push(
      source.problem(
        ['entries', i, 'reviewed'],
        `FAQ "${entry.id}" is due for review since ${entry.due} (reviewed ${entry.reviewed}, every ${entry.every}); check it against shared/facts/ and update reviewed:`,
        'warn',
      ),
    )
  }
  return problems
}
