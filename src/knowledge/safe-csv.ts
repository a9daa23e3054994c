/**
 * CSV and JSON exports for officers (leads, recruiter reports): a CSV that opens safely in a spreadsheet, and JSON
 * with the same keys in the same order.
 *
 * CSV dialect: UTF-8 with a byte-order mark (so Excel reads names with accents correctly), CRLF line ends,
 * RFC 4180 quoting, and **comma** as the separator by default. No single separator opens by double-click in
 * every spreadsheet: Excel takes the separator from the computer's regional settings, "," under English
 * settings and ";" under Indonesian ones (where the comma is the decimal mark). Comma is the standard that
 * Google Sheets, LibreOffice, Excel under English settings, Excel's Data → From Text/CSV (any settings) and
 * every program read; `delimiter: ';'` (`--delimiter semicolon`) gives a file that Excel under Indonesian
 * regional settings opens by double-click. A `sep=` first line is not used: it makes Excel ignore the
 * byte-order mark, and other programs show it as a row.
 *
 * Formula injection: a cell that starts with `=`, `+`, `-`, `@`, tab or carriage return (also after leading
 * spaces) gets a leading `'`, so a spreadsheet shows it as text and never runs it. A phone number therefore
 * reads `'+6281234567890`: still readable, and not turned into a number or a formula.
 */
import { stringify } from 'csv-stringify/sync'

export interface CsvOptions {
  /** `,` (default) or `;` for Excel under Indonesian regional settings. */
  delimiter?: ',' | ';'
}

/** Separator of several values (a list) inside one CSV cell. */
export const LIST_SEPARATOR = '|'

/** `=1+1` → `'=1+1`; `+62812…` → `'+62812…`; anything else unchanged. */
export function neutralizeFormula(cell: string): string {
  return /^[ ]*[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell
}

/** One cell's text: lists joined by {@link LIST_SEPARATOR}, nothing for a missing value, formulas neutralized. */
function cellText(value: unknown): string {
  const text = Array.isArray(value) ? value.join(LIST_SEPARATOR) : value === undefined || value === null ? '' : String(value)
  return neutralizeFormula(text)
}

/** Records as CSV text (starting with a byte-order mark): a header of `columns`, then one row per record. */
export function recordsToCsv<T extends object>(records: readonly T[], columns: readonly (keyof T & string)[], options: CsvOptions = {}): string {
  return stringify(
    records.map((record) => columns.map((column) => cellText(record[column]))),
    { bom: true, header: true, columns: [...columns], delimiter: options.delimiter ?? ',', record_delimiter: 'windows' },
  )
}

/** Records as a pretty-printed JSON array with exactly `columns` as keys, in that order (a missing value is null). */
export function recordsToJson<T extends object>(records: readonly T[], columns: readonly (keyof T & string)[]): string {
  const ordered = records.map((record) => Object.fromEntries(columns.map((column) => [column, record[column] ?? null])))
  return `${JSON.stringify(ordered, null, 2)}\n`
}
