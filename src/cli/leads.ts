/**
 * `npm run cli -- leads …`: training-interest leads for officers.
 *
 *   leads export [--format csv|json] [--since YYYY-MM-DD] [--delimiter comma|semicolon]   to standard output
 *   leads stats [--lang id|en]                                                            counts
 *   leads delete --user CHANNEL:USERID                                                    "hapus data saya" by hand
 *
 * Output goes to `io.stdout` (redirect it to a file: `npm run cli -- leads export > leads.csv`); messages and
 * errors to `io.stderr`. Returns the exit code: 0 done, 1 the store failed, 2 wrong usage.
 */
import type { Lang } from '../engine/types.ts'
import type { Store } from '../store/types.ts'
import { formatLeadStats, leadStats, leadsToCsv, leadsToJson } from '../knowledge/lead-export.ts'
import { oneOf, parseFlags as parse, runSubcommand, sinceFlag, UsageError, type CommandIo } from './args.ts'

export interface LeadsIo extends CommandIo {
  store: Store
}

export const LEADS_USAGE = `usage:
  leads export [--format csv|json] [--since YYYY-MM-DD] [--delimiter comma|semicolon]
      all leads (or those created or updated on or after the date, UTC) to standard output.
      CSV is UTF-8 with a byte-order mark, comma-separated; use --delimiter semicolon when Excel with
      Indonesian regional settings shows everything in one column.
  leads stats [--lang id|en]
      how many leads, by training interest, destination and province.
  leads delete --user CHANNEL:USERID
      deletes that user's leads, reports and session (e.g. --user whatsapp:6281234567890@s.whatsapp.net).
`

async function exportLeads(args: string[], io: LeadsIo): Promise<number> {
  const values = parse(args, { format: { type: 'string' }, since: { type: 'string' }, delimiter: { type: 'string' } })
  const format = oneOf(values.format, ['csv', 'json'] as const, '--format', 'csv')
  const delimiter = oneOf(values.delimiter, ['comma', 'semicolon'] as const, '--delimiter', 'comma')
  const since = sinceFlag(values.since)
  // The store keeps leads with updatedAt on or after `since` (UTC midnight): created or updated since then.
  const leads = await io.store.listLeads(since ? { since } : undefined)
  io.stdout(format === 'json' ? leadsToJson(leads) : leadsToCsv(leads, { delimiter: delimiter === 'semicolon' ? ';' : ',' }))
  io.stderr(`${leads.length} lead(s) exported${since ? ` since ${since}` : ''}\n`)
  return 0
}

async function stats(args: string[], io: LeadsIo): Promise<number> {
  const values = parse(args, { lang: { type: 'string' } })
  const lang: Lang = oneOf(values.lang, ['id', 'en'] as const, '--lang', 'id')
  io.stdout(`${formatLeadStats(leadStats(await io.store.listLeads()), lang)}\n`)
  return 0
}

async function deleteUser(args: string[], io: LeadsIo): Promise<number> {
  const values = parse(args, { user: { type: 'string' } })
  const user = typeof values.user === 'string' ? values.user.trim() : ''
  if (!/^[^:\s]+:\S+$/.test(user)) {
    throw new UsageError('--user needs the user key CHANNEL:USERID, e.g. --user telegram:123456789')
  }
  const result = await io.store.deleteUserData(user)
  io.stdout(
    `deleted for ${user}: ${result.leads} lead(s), ${result.reports} report(s), session ${result.session ? 'yes' : 'none'}\n`,
  )
  return 0
}

/** Runs `leads <subcommand> …`; see `LEADS_USAGE`. */
export function leadsCommand(args: string[], io: LeadsIo): Promise<number> {
  return runSubcommand('leads', LEADS_USAGE, { export: exportLeads, stats, delete: deleteUser }, args, io)
}
