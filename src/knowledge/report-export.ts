/**
 * Recruiter reports for officers: CSV that opens safely in a spreadsheet and JSON, with the same columns in the same
 * order (dialect and formula guard: `safe-csv.ts`). Reports are never shown to other users; this export is the only
 * way to read them.
 */
import type { Report } from '../engine/types.ts'
import { recordsToCsv, recordsToJson, type CsvOptions } from './safe-csv.ts'

/** CSV columns and JSON keys, in this order. A report saved without a contact has it empty (CSV) or null (JSON). */
export const REPORT_COLUMNS = [
  'ref',
  'createdAt',
  'channel',
  'lang',
  'recruiter',
  'story',
  'contact',
  'userKey',
  'id',
] as const satisfies readonly (keyof Report)[]

/** Reports as CSV text (starting with a byte-order mark), header first, one row per report. */
export function reportsToCsv(reports: readonly Report[], options: CsvOptions = {}): string {
  return recordsToCsv(reports, REPORT_COLUMNS, options)
}

/** Reports as a pretty-printed JSON array, keys in `REPORT_COLUMNS` order. */
export function reportsToJson(reports: readonly Report[]): string {
  return recordsToJson(reports, REPORT_COLUMNS)
}
