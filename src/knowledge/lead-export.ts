/**
 * Training-interest leads for officers: a CSV that opens safely in a spreadsheet, JSON for other programs,
 * and counts by interest, destination and province.
 *
 * CSV dialect: UTF-8 with a byte-order mark (so Excel reads names with accents correctly), CRLF line ends,
 * RFC 4180 quoting, and **comma** as the separator by default. No single separator opens by double-click in
 * every spreadsheet: Excel takes the separator from the computer's regional settings, "," under English
 * settings and ";" under Indonesian ones (where the comma is the decimal mark). Comma is the standard that
 * Google Sheets, LibreOffice, Excel under English settings, Excel's Data → From Text/CSV (any settings) and
 * every program read; `delimiter: ';'` (`leads export --delimiter semicolon`) gives a file that Excel under
 * Indonesian regional settings opens by double-click. A `sep=` first line is not used: it makes Excel ignore
 * the byte-order mark, and other programs show it as a row.
 *
 * Formula injection: a cell that starts with `=`, `+`, `-`, `@`, tab or carriage return (also after leading
 * spaces) gets a leading `'`, so a spreadsheet shows it as text and never runs it. A phone number therefore
 * reads `'+6281234567890`: still readable, and not turned into a number or a formula.
 */
import { stringify } from 'csv-stringify/sync'
import type { Lang, Lead } from '../engine/types.ts'

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

/** Separator of several interests inside one CSV cell. */
export const INTEREST_SEPARATOR = '|'

export interface CsvOptions {
  /** `,` (default) or `;` for Excel under Indonesian regional settings. */
  delimiter?: ',' | ';'
}

/** `=1+1` → `'=1+1`; `+62812…` → `'+62812…`; anything else unchanged. */
export function neutralizeFormula(cell: string): string {
  return /^[ ]*[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell
}

function cellsOf(lead: Lead): string[] {
  return LEAD_COLUMNS.map((column) => {
    const value = lead[column]
    const text = Array.isArray(value) ? value.join(INTEREST_SEPARATOR) : String(value ?? '')
    return neutralizeFormula(text)
  })
}

/** Leads as CSV text (starting with a byte-order mark), header first, one row per lead. */
export function leadsToCsv(leads: readonly Lead[], options: CsvOptions = {}): string {
  return stringify(leads.map(cellsOf), {
    bom: true,
    header: true,
    columns: [...LEAD_COLUMNS],
    delimiter: options.delimiter ?? ',',
    record_delimiter: 'windows',
  })
}

/** Leads as a pretty-printed JSON array, keys in `LEAD_COLUMNS` order, interests as an array. */
export function leadsToJson(leads: readonly Lead[]): string {
  const ordered = leads.map((lead) => Object.fromEntries(LEAD_COLUMNS.map((column) => [column, lead[column]])))
  return `${JSON.stringify(ordered, null, 2)}\n`
}

/** How many leads, and how many name each interest, destination and province (a value may be ''). */
export interface LeadStats {
  total: number
  byInterest: Record<string, number>
  byDestination: Record<string, number>
  byProvince: Record<string, number>
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
  }
}

/** Optional look-ups from stored ids/codes to readable names (from the content bundle). */
export interface StatsLabels {
  interest?: (id: string) => string | undefined
  destination?: (id: string) => string | undefined
  province?: (code: string) => string | undefined
}

const WORDS = {
  id: { total: 'Jumlah lead', interest: 'Minat pelatihan', destination: 'Negara tujuan', province: 'Provinsi', empty: '(belum ada)', unknown: '(tidak diisi)' },
  en: { total: 'Leads', interest: 'Training interests', destination: 'Destinations', province: 'Provinces', empty: '(none yet)', unknown: '(not given)' },
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
    ...section(w.interest, stats.byInterest, labels.interest),
    ...section(w.destination, stats.byDestination, labels.destination),
    ...section(w.province, stats.byProvince, labels.province),
  ].join('\n')
}
