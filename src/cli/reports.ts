/**
 * `npm run cli -- reports …`: recruiter reports for officers. Users' reports are never shown to other users;
 * this export is how officers read them.
 *
 *   reports export [--format csv|json] [--since YYYY-MM-DD] [--delimiter comma|semicolon]   to standard output
 *
 * Output goes to `io.stdout` (redirect it to a file: `npm run -s cli -- reports export > reports.csv`); messages
 * and errors to `io.stderr`. Returns the exit code: 0 done, 1 the store failed, 2 wrong usage.
 */
import { reportsToCsv, reportsToJson } from '../knowledge/report-export.ts'
import type { Store } from '../store/types.ts'
import { oneOf, parseFlags, runSubcommand, sinceFlag, type CommandIo } from './args.ts'

export interface ReportsIo extends CommandIo {
  store: Store
}

export const REPORTS_USAGE = `usage:
  reports export [--format csv|json] [--since YYYY-MM-DD] [--delimiter comma|semicolon]
      all recruiter reports, oldest first (or those made on or after the date, UTC), to standard output.
      CSV is UTF-8 with a byte-order mark, comma-separated, safe to open in a spreadsheet; use --delimiter
      semicolon when Excel with Indonesian regional settings shows everything in one column.
      A user's reports are deleted with "hapus data saya" or \`leads delete --user CHANNEL:USERID\`.
`

async function exportReports(args: string[], io: ReportsIo): Promise<number> {
  const values = parseFlags(args, { format: { type: 'string' }, since: { type: 'string' }, delimiter: { type: 'string' } })
  const format = oneOf(values.format, ['csv', 'json'] as const, '--format', 'csv')
  const delimiter = oneOf(values.delimiter, ['comma', 'semicolon'] as const, '--delimiter', 'comma')
  const since = sinceFlag(values.since)
  const reports = (await io.store.listReports()).filter((r) => since === undefined || r.createdAt >= since)
  io.stdout(format === 'json' ? reportsToJson(reports) : reportsToCsv(reports, { delimiter: delimiter === 'semicolon' ? ';' : ',' }))
  io.stderr(`${reports.length} report(s) exported${since ? ` since ${since}` : ''}\n`)
  return 0
}

/** Runs `reports <subcommand> …`; see `REPORTS_USAGE`. */
export function reportsCommand(args: string[], io: ReportsIo): Promise<number> {
  return runSubcommand('reports', REPORTS_USAGE, { export: exportReports }, args, io)
}
