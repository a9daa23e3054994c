/**
 * `npm run cli -- backup …`: a copy of the store in one file, and putting it back (src/store/backup.ts).
 *
 *   backup create FILE            the embedded store (DATA_DIR) also while the assistant runs; Redis: every key
 *   backup restore FILE [--force] embedded: with the assistant stopped; --force moves existing data aside first
 *
 * Exit codes: 0 done, 1 failed (the message says why), 2 wrong usage.
 */
import { createBackup, restoreBackup, type BackupTarget } from '../store/backup.ts'
import { parseFlags, runSubcommand, UsageError, type CommandIo } from './args.ts'

export interface BackupIo extends CommandIo {
  target: BackupTarget
}

const USAGE = `usage:
  backup create FILE              salinan penyimpanan (copy of the store: leads, reports, sessions, content versions)
  backup restore FILE [--force]   pulihkan (restore); embedded: stop the assistant first`

function oneFile(args: string[], options: Parameters<typeof parseFlags>[1] = {}): { file: string; force: boolean } {
  const positional = args.filter((a) => !a.startsWith('--'))
  const flags = parseFlags(args.filter((a) => a.startsWith('--')), options)
  if (positional.length !== 1) throw new UsageError(positional.length === 0 ? 'missing FILE' : 'give exactly one FILE')
  return { file: positional[0]!, force: flags.force === true }
}

export function backupCommand(args: string[], io: BackupIo): Promise<number> {
  return runSubcommand('backup', USAGE, {
    create: async (rest, io) => {
      const { file } = oneFile(rest)
      const result = await createBackup(io.target, file)
      const { leads, reports } = result.header.counts
      io.stdout(`OK: ${file} (${result.header.store}, ${result.entries} ${result.header.store === 'redis' ? 'keys' : 'files'}, ${result.bytes} bytes): ${leads} leads, ${reports} reports.`)
      return 0
    },
    restore: async (rest, io) => {
      const { file, force } = oneFile(rest, { force: { type: 'boolean' } })
      const result = await restoreBackup(io.target, file, { force })
      const moved = result.movedTo ? ` The files that were there are in ${result.movedTo}.` : ''
      io.stdout(`OK: restored the backup of ${result.header.createdAt}: ${result.counts.leads} leads, ${result.counts.reports} reports.${moved}`)
      return 0
    },
  }, args, io)
}
