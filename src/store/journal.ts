/**
 * The embedded store's durable memory of leads, reports, deletions and unanswered questions: an append-only
 * JSON-lines file (`journal.jsonl`), one record per line. Records appended in one event-loop turn are written
 * together and flushed to disk with one fsync (a group commit, see append-log.ts); a write resolves only after
 * its batch is on the disk, so a lead is confirmed to the user only once it would survive a crash.
 *
 * On open the journal is read from start to end and each record applied to the state in order. The store has it
 * rewritten with only what is alive (compaction, in the background: see append-log.ts) after deletions and
 * when it grew: replaced leads keep their last version, deleted users' data is gone, unanswered questions are
 * one aggregated line each. A crash can leave the last line half-written; such a torn tail is cut off with a
 * warning, because the write it belonged to never resolved. A damaged line in the middle is skipped too, after
 * the original file is copied aside for inspection.
 *
 * Records:
 * ```
 * {"t":"lead","lead":{…Lead}}                  inserts or replaces that user's lead.id
 * {"t":"report","report":{…Report}}            inserts or replaces report.id
 * {"t":"unanswered","text":"…","lang":"id","count":1,"firstAt":"…","lastAt":"…","users":{"telegram:42":1}}
 *                                              adds occurrences (`users`: whose, optional)
 * {"t":"forget","userKey":"telegram:42"}       deletes that user's leads, reports and unanswered occurrences
 * {"t":"clearUnanswered","before":"…"}         deletes the questions last asked before (or all, without before)
 * ```
 */

import fs from 'node:fs'
import path from 'node:path'
import type { Lead, Report } from '../engine/types.ts'
import { AppendLog, chunked } from './append-log.ts'
import { diskError, FILE_MODE, fsyncDirSync } from './durable-files.ts'
import { leadKey, mergeUnanswered } from './records.ts'
import type { UnansweredQuestion } from './types.ts'

export const JOURNAL_FILE = 'journal.jsonl'

export type JournalRecord =
  | { t: 'lead'; lead: Lead }
  | { t: 'report'; report: Report }
  | ({ t: 'unanswered'; users?: Record<string, number> } & UnansweredQuestion)
  | { t: 'forget'; userKey: string }
  | { t: 'drop'; kind: 'lead' | 'report'; userKey: string; id: string }
  | { t: 'clearUnanswered'; before?: string }

/** What the journal remembers, rebuilt from it on open. */
export interface JournalState {
  /** By owner and id (`leadKey`). */
  leads: Map<string, Lead>
  reports: Map<string, Report>
  /** By exact text. */
  unanswered: Map<string, UnansweredQuestion>
  /** Per question text: who asked it how often (occurrences recorded with a user). */
  askedBy: Map<string, Map<string, number>>
  /** Per user: the question texts they asked (to delete them in O(that user)). */
  askedByUser: Map<string, Set<string>>
}

export function emptyState(): JournalState {
  return { leads: new Map(), reports: new Map(), unanswered: new Map(), askedBy: new Map(), askedByUser: new Map() }
}

/** What a record removed. */
export interface Removed {
  leads: number
  reports: number
  unanswered: number
}

const NOTHING: Removed = { leads: 0, reports: 0, unanswered: 0 }

/** Applies one record to the state; says what it removed (`forget`, `clearUnanswered`). */
export function applyRecord(state: JournalState, record: JournalRecord): Removed {
  switch (record.t) {
    case 'lead':
      state.leads.set(leadKey(record.lead), record.lead)
      return NOTHING
    case 'report':
      state.reports.set(record.report.id, record.report)
      return NOTHING
    case 'unanswered': {
      const { t: _t, users, ...question } = record
      state.unanswered.set(question.text, mergeUnanswered(state.unanswered.get(question.text), question))
      for (const [userKey, count] of Object.entries(users ?? {})) {
        const askers = state.askedBy.get(question.text) ?? new Map<string, number>()
        askers.set(userKey, (askers.get(userKey) ?? 0) + count)
        state.askedBy.set(question.text, askers)
        state.askedByUser.set(userKey, (state.askedByUser.get(userKey) ?? new Set<string>()).add(question.text))
      }
      return NOTHING
    }
    case 'forget':
      return {
        leads: deleteWhere(state.leads, (lead) => lead.userKey === record.userKey),
        reports: deleteWhere(state.reports, (report) => report.userKey === record.userKey),
        unanswered: forgetQuestionsOf(state, record.userKey),
      }
    case 'drop': {
      if (record.kind === 'lead') return { ...NOTHING, leads: state.leads.delete(leadKey(record)) ? 1 : 0 }
      const found = state.reports.get(record.id)
      if (!found || found.userKey !== record.userKey) return NOTHING
      state.reports.delete(record.id)
      return { ...NOTHING, reports: 1 }
    }
    case 'clearUnanswered': {
      let removed = 0
      for (const question of [...state.unanswered.values()]) {
        if (record.before !== undefined && question.lastAt >= record.before) continue
        dropQuestion(state, question.text)
        removed++
      }
      return { ...NOTHING, unanswered: removed }
    }
  }
}

/** Takes the user's occurrences out of the counts; a question nobody else asked goes. Returns how many changed. */
function forgetQuestionsOf(state: JournalState, userKey: string): number {
  const texts = state.askedByUser.get(userKey)
  if (!texts) return 0
  state.askedByUser.delete(userKey)
  for (const text of texts) {
    const askers = state.askedBy.get(text)
    const question = state.unanswered.get(text)
    const mine = askers?.get(userKey) ?? 0
    askers?.delete(userKey)
    if (!question || question.count - mine <= 0) dropQuestion(state, text)
    else state.unanswered.set(text, { ...question, count: question.count - mine })
  }
  return texts.size
}

function dropQuestion(state: JournalState, text: string): void {
  state.unanswered.delete(text)
  for (const userKey of state.askedBy.get(text)?.keys() ?? []) state.askedByUser.get(userKey)?.delete(text)
  state.askedBy.delete(text)
}

/** The journal line that brings `question` (and who asked it) back on replay. */
export function unansweredLine(state: JournalState, question: UnansweredQuestion): string {
  const askers = state.askedBy.get(question.text)
  const users = askers && askers.size > 0 ? { users: Object.fromEntries(askers) } : {}
  return JSON.stringify({ t: 'unanswered', ...question, ...users })
}

function deleteWhere<T>(map: Map<string, T>, test: (value: T) => boolean): number {
  let count = 0
  for (const [id, value] of map) {
    if (test(value)) {
      map.delete(id)
      count++
    }
  }
  return count
}

export class Journal {
  readonly file: string
  readonly #log: AppendLog

  private constructor(file: string, log: AppendLog) {
    this.file = file
    this.#log = log
  }

  /**
   * Reads `dir/journal.jsonl` (if any) and opens it for appending. A torn last line is cut off; damaged lines
   * in the middle are skipped (a copy of the original is kept) and the file is rewritten at once without them.
   * Otherwise the file is not rewritten here (opening stays fast): the store compacts it in the background.
   * Throws a `StoreUnavailableError` when the file cannot be read or rewritten.
   */
  static open(dir: string, onWarning: (message: string) => void): { journal: Journal; state: JournalState } {
    const file = path.join(dir, JOURNAL_FILE)
    const { log, content } = AppendLog.open(file)
    const state = emptyState()
    let damaged: boolean
    try {
      damaged = replay(content.toString('utf8'), state, file, onWarning)
      if (damaged) log.compactNow(() => snapshotLines(state))
    } catch (error) {
      log.closeNow()
      throw error
    }
    return { journal: new Journal(file, log), state }
  }

  /** Bytes in the file. */
  get size(): number {
    return this.#log.size
  }

  /**
   * Appends one record, in call order, to be written at the end of this event-loop turn with the others (not yet
   * on the disk: await `durable()`). Throws a `StoreUnavailableError` when the journal is closed.
   */
  append(record: JournalRecord): void {
    this.#log.buffer(`${JSON.stringify(record)}\n`)
  }

  /** Resolves once every record appended so far is on the disk (this turn's group commit: one write, one fsync). */
  durable(): Promise<void> {
    return this.#log.durable()
  }

  /**
   * Rewrites the file with only `state` in the background (see append-log.ts); resolves when what was deleted
   * before the call is gone from the disk.
   */
  compact(state: JournalState): Promise<void> {
    return this.#log.compact(() => snapshotLines(state))
  }

  close(): Promise<void> {
    return this.#log.close()
  }

  closeNow(): void {
    this.#log.closeNow()
  }
}

/** The live records as journal lines, taken now (records are never changed in place, only replaced). */
function snapshotLines(state: JournalState): Iterable<string> {
  const leads = [...state.leads.values()]
  const reports = [...state.reports.values()]
  const questions = [...state.unanswered.values()].map((question) => `${unansweredLine(state, question)}\n`)
  function* lines(): Generator<string> {
    for (const lead of leads) yield `${JSON.stringify({ t: 'lead', lead })}\n`
    for (const report of reports) yield `${JSON.stringify({ t: 'report', report })}\n`
    yield* questions
  }
  return chunked(lines())
}

/** Applies every good line; warns about bad ones. Returns true when lines in the middle were damaged. */
function replay(text: string, state: JournalState, file: string, onWarning: (message: string) => void): boolean {
  const lines = text.split('\n')
  const bad: number[] = []
  lines.forEach((line, index) => {
    if (line.trim() === '') return
    const record = parseRecord(line)
    if (record) applyRecord(state, record)
    else bad.push(index)
  })
  if (bad.length === 0) return false
  // Bad lines at the very end are a write cut short by a crash; its caller never heard "saved".
  const lastGood = lines.findLastIndex((line) => line.trim() !== '' && parseRecord(line) !== undefined)
  const damaged = bad.filter((index) => index < lastGood)
  if (damaged.length === 0) {
    onWarning(
      `Ignored an incomplete last record in ${file}: the process stopped while writing it (a crash or kill), ` +
        'so that write was never reported as saved.',
    )
    return bad.some((index) => index < lines.length - 1)
  }
  const copy = `${file}.damaged-${new Date().toISOString().replace(/[:.]/g, '-')}`
  try {
    fs.writeFileSync(copy, text, { mode: FILE_MODE })
    fsyncDirSync(path.dirname(file))
  } catch (error) {
    throw diskError('keep a copy of the damaged journal at', copy, error)
  }
  onWarning(
    `Skipped ${bad.length} damaged line(s) in ${file} (line ${damaged.map((index) => index + 1).join(', ')}); ` +
      `the original file is kept at ${copy}.`,
  )
  return true
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function hasIdAndUser(value: unknown): boolean {
  return isObject(value) && typeof value.id === 'string' && typeof value.userKey === 'string'
}

/** One line as a record, or `undefined` when it is not one (torn, damaged, or from an unknown version). */
export function parseRecord(line: string): JournalRecord | undefined {
  let value: unknown
  try {
    value = JSON.parse(line)
  } catch {
    return undefined
  }
  if (!isObject(value)) return undefined
  switch (value.t) {
    case 'lead':
      return hasIdAndUser(value.lead) ? (value as JournalRecord) : undefined
    case 'report':
      return hasIdAndUser(value.report) ? (value as JournalRecord) : undefined
    case 'forget':
      return typeof value.userKey === 'string' ? (value as JournalRecord) : undefined
    case 'drop':
      return (value.kind === 'lead' || value.kind === 'report') && typeof value.userKey === 'string' && typeof value.id === 'string' ? (value as JournalRecord) : undefined
    case 'clearUnanswered':
      return value.before === undefined || typeof value.before === 'string' ? (value as JournalRecord) : undefined
    case 'unanswered': {
      const { text, lang, count, firstAt, lastAt, users } = value
      const ok =
        typeof text === 'string' &&
        typeof lang === 'string' &&
        typeof count === 'number' &&
        typeof firstAt === 'string' &&
        typeof lastAt === 'string' &&
        (users === undefined || (isObject(users) && Object.values(users).every((n) => typeof n === 'number')))
      if (!ok) return undefined
      return { t: 'unanswered', text, lang, count, firstAt, lastAt, ...(users ? { users: users as Record<string, number> } : {}) }
    }
    default:
      return undefined
  }
}
