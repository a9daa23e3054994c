/**
 * `npm run cli -- questions …`: questions the assistant could not answer, for officers.
 *
 *   questions unanswered [--limit N]       most frequent first (masked; only those asked within the age limit)
 *   questions clear [--before YYYY-MM-DD]  deletes them (those last asked before the date, UTC), and logs it
 *
 * Recorded questions are masked (numbers, e-mails, names, places), tied to who asked them ("hapus data saya"
 * deletes a user's), and dropped after `UNANSWERED_MAX_AGE_DAYS` (90).
 */
import type { Logger } from '../logger.ts'
import type { Store } from '../store/types.ts'
import { isDate, parseFlags as parse, runSubcommand, UsageError, type CommandIo } from './args.ts'

export interface QuestionsIo extends CommandIo {
  store: Store
  /** Where the clearing is recorded (who cleared what is an officer action worth keeping). */
  logger: Logger
}

export const QUESTIONS_USAGE = `usage:
  questions unanswered [--limit N]
      questions the assistant could not answer, most frequent first (default 50).
  questions clear [--before YYYY-MM-DD]
      deletes all recorded unanswered questions, or those last asked before the date (UTC).
`

async function list(args: string[], io: QuestionsIo): Promise<number> {
  const values = parse(args, { limit: { type: 'string' } })
  const limit = values.limit === undefined ? 50 : Number(values.limit)
  if (!Number.isInteger(limit) || limit <= 0) throw new UsageError('--limit must be a whole number above 0')
  const questions = await io.store.listUnanswered(limit)
  if (questions.length === 0) {
    io.stdout('Belum ada pertanyaan yang tidak terjawab. (No unanswered questions yet.)\n')
    return 0
  }
  io.stdout('jumlah  terakhir    bahasa  pertanyaan\n')
  for (const q of questions) io.stdout(`${String(q.count).padStart(6)}  ${q.lastAt.slice(0, 10)}  ${q.lang.padEnd(6)}  ${q.text}\n`)
  return 0
}

async function clear(args: string[], io: QuestionsIo): Promise<number> {
  const values = parse(args, { before: { type: 'string' } })
  const before = values.before
  if (before !== undefined && (typeof before !== 'string' || !isDate(before))) {
    throw new UsageError('--before must be a date like 2025-12-01')
  }
  const removed = await io.store.clearUnanswered(before === undefined ? {} : { before })
  io.logger.info({ removed, ...(before === undefined ? {} : { before }) }, 'unanswered questions cleared by an officer')
  io.stdout(`${removed} pertanyaan dihapus${before ? ` (terakhir ditanyakan sebelum ${before})` : ''}. (${removed} question(s) deleted.)\n`)
  return 0
}

/** Runs `questions <subcommand> …`; see `QUESTIONS_USAGE`. */
export function questionsCommand(args: string[], io: QuestionsIo): Promise<number> {
  return runSubcommand('questions', QUESTIONS_USAGE, { unanswered: list, clear }, args, io)
}
