/**
 * The filters of the leads and reports tables, read from a query string or a form: a date range (Indonesian
 * western time, WIB, whole days), province, training interest and destination (codes only: nothing personal ever
 * goes into an address), and the page. A wrong value is a `FilterError` whose text says what to fix.
 */
import type { Lang } from '../engine/types.ts'
import type { Labels } from './labels.ts'

export interface RecordFilter {
  /** First day, `YYYY-MM-DD` (WIB). */
  from?: string
  /** Last day, included. */
  to?: string
  province?: string
  interest?: string
  destination?: string
}

export class FilterError extends Error {
  constructor(
    readonly text: { id: string; en: string },
  ) {
    super(text.en)
  }
}

/** The offset of WIB (UTC+7): dates officers type are days in Jakarta. */
const WIB = '+07:00'

/** Whether `value` is a real day written YYYY-MM-DD. */
export function isDay(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false
  const date = new Date(`${value}T00:00:00Z`)
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value
}

/** The ISO instant a WIB day starts. */
export function dayStart(day: string): string {
  return new Date(`${day}T00:00:00${WIB}`).toISOString()
}

/** An ISO instant as `YYYY-MM-DD HH:mm` WIB. */
export function wibTime(iso: string): string {
  const ms = Date.parse(iso)
  if (Number.isNaN(ms)) return iso
  return new Date(ms + 7 * 3600_000).toISOString().slice(0, 16).replace('T', ' ')
}

const one = (value: unknown): string | undefined => {
  const v = Array.isArray(value) ? value[0] : value
  return typeof v === 'string' && v.trim() !== '' ? v.trim().slice(0, 64) : undefined
}

/** Reads and checks the filter; `fields` says which of province/interest/destination apply. */
export function readFilter(source: Record<string, unknown>, labels: Labels, fields: { regions: boolean }): RecordFilter {
  const filter: RecordFilter = {}
  for (const key of ['from', 'to'] as const) {
    const value = one(source[key])
    if (value === undefined) continue
    if (!isDay(value)) {
      throw new FilterError({ id: `Tanggal "${value}" tidak dikenali; tulis seperti 2025-12-31.`, en: `The date "${value}" is not understood; write it like 2025-12-31.` })
    }
    filter[key] = value
  }
  if (filter.from && filter.to && filter.from > filter.to) {
    throw new FilterError({
      id: `Rentang tanggal terbalik: "dari" (${filter.from}) setelah "sampai" (${filter.to}). Tukar kedua tanggal.`,
      en: `The date range is backwards: "from" (${filter.from}) is after "to" (${filter.to}). Swap the two dates.`,
    })
  }
  if (!fields.regions) return filter
  const checks = [
    ['province', labels.provinces, { id: 'Provinsi', en: 'Province' }],
    ['interest', labels.interests, { id: 'Minat', en: 'Interest' }],
    ['destination', labels.destinations, { id: 'Tujuan', en: 'Destination' }],
  ] as const
  for (const [key, options, name] of checks) {
    const value = one(source[key])
    if (value === undefined) continue
    if (!options.some(([code]) => code === value)) {
      throw new FilterError({ id: `${name.id} "${value}" tidak dikenal; pilih dari daftar.`, en: `${name.en} "${value}" is unknown; choose from the list.` })
    }
    filter[key] = value
  }
  return filter
}

/** The filter as a query (for links and hidden fields). */
export function filterQuery(filter: RecordFilter): Record<string, string> {
  return Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== undefined)) as Record<string, string>
}

/** The filter as officers read it in the audit log (`from=2025-12-01, province=32`); `(none)` without one. */
export function describeFilter(filter: RecordFilter, lang: Lang = 'en'): string {
  const parts = Object.entries(filterQuery(filter)).map(([k, v]) => `${k}=${v}`)
  return parts.length > 0 ? parts.join(', ') : lang === 'en' ? '(none)' : '(tanpa filter)'
}

/** Whether a record made at `createdAt` falls in the filter's days. */
export function inDays(createdAt: string, filter: RecordFilter): boolean {
  if (filter.from && createdAt < dayStart(filter.from)) return false
  if (filter.to) {
    const next = new Date(Date.parse(`${filter.to}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10)
    if (createdAt >= dayStart(next)) return false
  }
  return true
}
