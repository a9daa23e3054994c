/**
 * Training-interest leads for officers: a CSV that opens safely in a spreadsheet, JSON for other programs,
 * and counts by interest, destination and province. The CSV dialect and the formula-injection guard are those of
 * `safe-csv.ts` (shared with the recruiter-report export).
 */
import type { Lang, Lead } from '../engine/types.ts'
import { LIST_SEPARATOR, recordsToCsv, recordsToJson, type CsvOptions } from './safe-csv.ts'

export { neutralizeFormula, type CsvOptions } from './safe-csv.ts'

/** CSV columns, in this order. The same keys, in the same order, as `leadsToJson`. */
export const LEAD_COLUMNS = [
  'ref',
  'createdAt',
  'updatedAt',
  'channel',
  'lang',
  'name',
  'phone',
  'age',
  'province',
  'regency',
  'education',
  'interests',
  'destination',
  'consentAt',
  'userKey',
  'id',
] as const satisfies readonly (keyof Lead)[]

/**
 * Export columns: the lead's own fields, then `samePhoneAs`, the references of other users' leads that give the
 * same phone number. A typed phone is a contact detail, not an identity, so such leads stay apart (each belongs to
 * the chat that gave it); officers see the duplicates here and decide.
 */
export const EXPORT_COLUMNS = [...LEAD_COLUMNS, 'samePhoneAs'] as const

/** One exported row. */
export type LeadRow = Lead & { samePhoneAs: string[] }

/** Adds to each lead the refs of other users' leads with the same (non-empty) phone. */
export function withPhoneDuplicates(leads: readonly Lead[]): LeadRow[] {
  const byPhone = new Map<string, Lead[]>()
  for (const lead of leads) {
    if (lead.phone) byPhone.set(lead.phone, [...(byPhone.get(lead.phone) ?? []), lead])
  }
  return leads.map((lead) => ({
    ...lead,
    samePhoneAs: (byPhone.get(lead.phone) ?? []).filter((other) => other.userKey !== lead.userKey).map((other) => other.ref),
  }))
}

/** Separator of several interests inside one CSV cell. */
export const INTEREST_SEPARATOR = LIST_SEPARATOR

/** Leads as CSV text (starting with a byte-order mark), header first, one row per lead. */
export function leadsToCsv(leads: readonly Lead[], options: CsvOptions = {}): string {
  return recordsToCsv(withPhoneDuplicates(leads), EXPORT_COLUMNS, options)
}

/** Leads as a pretty-printed JSON array, keys in `EXPORT_COLUMNS` order, interests and samePhoneAs as arrays. */
export function leadsToJson(leads: readonly Lead[]): string {
  return recordsToJson(withPhoneDuplicates(leads), EXPORT_COLUMNS)
}

/** How many leads, and how many name each interest, destination and province (a value may be ''). */
export interface LeadStats {
  total: number
  byInterest: Record<string, number>
  byDestination: Record<string, number>
  byProvince: Record<string, number>
  /** Leads whose phone number another user's lead gives too (see `withPhoneDuplicates`). */
  samePhone: number
}

function countBy(values: Iterable<string>): Record<string, number> {
  const counts = new Map<string, number>()
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1)
  return Object.fromEntries(counts)
}

/** Counts leads; a lead with two interests counts once for each. */
export function leadStats(leads: readonly Lead[]): LeadStats {
  return {
    total: leads.length,
    byInterest: countBy(leads.flatMap((l) => [...new Set(l.interests)])),
    byDestination: countBy(leads.map((l) => l.destination)),
    byProvince: countBy(leads.map((l) => l.province)),
    samePhone: withPhoneDuplicates(leads).filter((row) => row.samePhoneAs.length > 0).length,
  }
}

/** Optional look-ups from stored ids/codes to readable names (from the content bundle). */
export interface StatsLabels {
  interest?: (id: string) => string | undefined
  destination?: (id: string) => string | undefined
  province?: (code: string) => string | undefined
}

const WORDS = {
  id: { total: 'Jumlah lead', samePhone: 'Lead dengan nomor HP yang sama dengan lead pengguna lain (lihat kolom samePhoneAs)', interest: 'Minat pelatihan', destination: 'Negara tujuan', province: 'Provinsi', empty: '(belum ada)', unknown: '(tidak diisi)' },
  en: { total: 'Leads', samePhone: "Leads sharing a phone number with another user's lead (see the samePhoneAs column)", interest: 'Training interests', destination: 'Destinations', province: 'Provinces', empty: '(none yet)', unknown: '(not given)' },
} as const satisfies Record<Lang, Record<string, string>>

/** Plain text for a terminal or a chat: the total, then each count, largest first. */
export function formatLeadStats(stats: LeadStats, lang: Lang, labels: StatsLabels = {}): string {
  const w = WORDS[lang]
  const section = (title: string, counts: Record<string, number>, label?: (key: string) => string | undefined) => {
    const rows = Object.entries(counts)
      .map(([key, n]) => [key === '' ? w.unknown : (label?.(key) ?? key), n] as const)
      .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
    const lines = rows.map(([name, n]) => `  ${name}: ${n}`)
    return [`${title}:`, ...(lines.length > 0 ? lines : [`  ${w.empty}`])]
  }
  return [
    `${w.total}: ${stats.total}`,
    ...(stats.samePhone > 0 ? [`${w.samePhone}: ${stats.samePhone}`] : []),
    ...section(w.interest, stats.byInterest, labels.interest),
    ...section(w.destination, stats.byDestination, labels.destination),
    ...section(w.province, stats.byProvince, labels.province),
  ].join('\n')
}
