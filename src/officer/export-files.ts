/**
 * CSV and XLSX files of the console's exports: Indonesian headers, names instead of codes, and safe to open in a
 * spreadsheet. CSV: UTF-8 with a byte-order mark, CRLF, comma (or semicolon for Excel with Indonesian regional
 * settings). In both formats a text cell that starts with `=`, `+`, `-`, `@`, tab or carriage return gets a leading
 * `'` (`neutralizeFormula`), so no cell is ever run as a formula; XLSX cells are typed text or numbers, never formulas.
 */
import { stringify } from 'csv-stringify/sync'
import writeXlsxFile from 'write-excel-file/node'
import { neutralizeFormula } from '../knowledge/safe-csv.ts'
import type { Labels } from './labels.ts'
import type { TableColumn } from './tables.ts'

export type ExportFormat = 'csv' | 'csv-semicolon' | 'xlsx'

export interface ExportFile {
  body: Buffer
  contentType: string
  extension: 'csv' | 'xlsx'
}

function cellValue<T>(column: TableColumn<T>, row: T, labels: Labels): string | number {
  const value = column.cell(row, labels)
  return typeof value === 'number' ? value : neutralizeFormula(value)
}

export async function exportFile<T>(rows: readonly T[], columns: readonly TableColumn<T>[], labels: Labels, format: ExportFormat, sheet: string): Promise<ExportFile> {
  const header = columns.map((c) => c.header.id)
  if (format === 'xlsx') {
    const data = [
      header.map((h) => ({ value: h, fontWeight: 'bold' as const })),
      ...rows.map((row) => columns.map((c) => {
        const value = cellValue(c, row, labels)
        return typeof value === 'number' ? { value, type: Number } : { value, type: String }
      })),
    ]
    const body = await writeXlsxFile(data, { sheet, stickyRowsCount: 1, columns: columns.map(() => ({ width: 20 })) }).toBuffer()
    return { body, contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', extension: 'xlsx' }
  }
  const text = stringify(
    rows.map((row) => columns.map((c) => String(cellValue(c, row, labels)))),
    { bom: true, header: true, columns: header, delimiter: format === 'csv-semicolon' ? ';' : ',', record_delimiter: 'windows' },
  )
  return { body: Buffer.from(text, 'utf8'), contentType: 'text/csv; charset=utf-8', extension: 'csv' }
}
