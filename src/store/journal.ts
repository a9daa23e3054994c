/**
 * The embedded store's durable memory of leads, reports, deletions and unanswered questions: an append-only
 * JSON-lines file (`journal.jsonl`), one record per line, flushed to disk (fsync) before a write resolves.
 *
 * On open the journal is read from start to end, each record applied to the state in order, and the file is
 * rewritten with only what is alive (compaction): replaced leads keep their last version, deleted users' data is
 * gone, unanswered questions are one aggregated line each. A crash can leave the last line half-written; such a
 * torn tail is ignored with a warning, because the write it belonged to never resolved. A damaged line in the
 * middle is skipped too, after the original file is copied aside for inspection.
 *
 * Records:
 * ```
 * {"t":"lead","lead":{…Lead}}                  inserts or replaces that user's lead.id
 * {"t":"report","report":{…Report}}            inserts or replaces report.id
 * {"t":"unanswered","text":"…","lang":"id","count":1,"firstAt":"…","lastAt":"…"}   adds occurrences
 * {"t":"forget","userKey":"telegram:42"}       deletes that user's leads and reports (a tombstone)
 * ```
 */

import fs from 'node:fs'
import path from 'node:path'
import type { Lead, Report } from '../engine/types.ts'
import { diskError, FILE_MODE, fsyncDirSync, writeFileAtomicSync } from './durable-files.ts'
import { leadKey, mergeUnanswered } from './records.ts'
import type { UnansweredQuestion } from './types.ts'

export const JOURNAL_FILE = 'journal.jsonl'

export type JournalRecord =
  | { t: 'lead'; lead: Lead }
  | { t: 'report'; report: Report }
  | ({ t: 'unanswered' } & UnansweredQuestion)
  | { t: 'forget'; userKey: string }

/** What the journal remembers, rebuilt from it on open. */
export interface JournalState {
  /** By owner and id (`leadKey`). */
  leads: Map<string, Lead>
  reports: Map<string, Report>
  /** By exact text. */
  unanswered: Map<string, UnansweredQuestion>
}

export function emptyState(): JournalState {
  return { leads: new Map(), reports: new Map(), unanswered: new Map() }
}

/** Applies one record to the state; for `forget`, says how many leads and reports went. */
export function applyRecord(state: JournalState, record: JournalRecord): { leads: number; reports: number } {
  switch (record.t) {
    case 'lead':
      state.leads.set(leadKey(record.lead), record.lead)
      return { leads: 0, reports: 0 }
    case 'report':
      state.reports.set(record.report.id, record.report)
      return { leads: 0, reports: 0 }
    case 'unanswered': {
      const { t: _t, ...question } = record
      state.unanswered.set(question.text, mergeUnanswered(state.unanswered.get(question.text), question))
      return { leads: 0, reports: 0 }
    }
    case 'forget':
      return {
        leads: deleteWhere(state.leads, (lead) => lead.userKey === record.userKey),
        reports: deleteWhere(state.reports, (report) => report.userKey === record.userKey),
      }
  }
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
  #fd: number
  /** Bytes known to be complete on disk; a failed append is cut back to this length. */
  #size: number

  private constructor(file: string, fd: number, size: number) {
    this.file = file
    this.#fd = fd
    this.#size = size
  }

  /**
   * Reads `dir/journal.jsonl` (if any), compacts it, and opens it for appending.
   * Throws a `StoreUnavailableError` when the file cannot be read or rewritten.
   */
  static open(dir: string, onWarning: (message: string) => void): { journal: Journal; state: JournalState } {
    const file = path.join(dir, JOURNAL_FILE)
    let text = ''
    try {
      text = fs.readFileSync(file, 'utf8')
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw diskError('read', file, error)
    }
    const state = emptyState()
    replay(text, state, file, onWarning)
    const journal = new Journal(file, -1, 0)
    journal.compact(state)
    return { journal, state }
  }

  /** Appends one record and flushes it to disk. Throws a `StoreUnavailableError`; the file stays whole. */
  append(record: JournalRecord): void {
    const bytes = Buffer.from(`${JSON.stringify(record)}\n`)
    try {
      let written = 0
      while (written < bytes.length) written += fs.writeSync(this.#fd, bytes, written)
      fs.fsyncSync(this.#fd)
      this.#size += bytes.length
    } catch (error) {
      try {
        fs.ftruncateSync(this.#fd, this.#size)
      } catch {
        // The next open ignores a torn tail anyway.
      }
      throw diskError('write', this.file, error)
    }
  }

  /** Rewrites the file with only `state` (atomically) and continues appending to the new file. */
  compact(state: JournalState): void {
    const lines: string[] = []
    for (const lead of state.leads.values()) lines.push(JSON.stringify({ t: 'lead', lead }))
    for (const report of state.reports.values()) lines.push(JSON.stringify({ t: 'report', report }))
    for (const question of state.unanswered.values()) lines.push(JSON.stringify({ t: 'unanswered', ...question }))
    const content = lines.length ? `${lines.join('\n')}\n` : ''
    let fd: number
    try {
      writeFileAtomicSync(this.file, content)
      fd = fs.openSync(this.file, 'a', FILE_MODE)
    } catch (error) {
      throw diskError('rewrite', this.file, error)
    }
    if (this.#fd >= 0) fs.closeSync(this.#fd)
    this.#fd = fd
    this.#size = Buffer.byteLength(content)
  }

  close(): void {
    if (this.#fd < 0) return
    fs.closeSync(this.#fd)
    this.#fd = -1
  }
}

function replay(text: string, state: JournalState, file: string, onWarning: (message: string) => void): void {
  const lines = text.split('\n')
  const bad: number[] = []
  lines.forEach((line, index) => {
    if (line.trim() === '') return
    const record = parseRecord(line)
    if (record) applyRecord(state, record)
    else bad.push(index)
  })
  if (bad.length === 0) return
  // Bad lines at the very end are a write cut short by a crash; its caller never heard "saved".
  const lastGood = lines.findLastIndex((line) => line.trim() !== '' && parseRecord(line) !== undefined)
  const damaged = bad.filter((index) => index < lastGood)
  if (damaged.length === 0) {
    onWarning(
      `Ignored an incomplete last record in ${file}: the process stopped while writing it (a crash or kill), ` +
        'so that write was never reported as saved.',
    )
    return
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
    case 'unanswered': {
      const { text, lang, count, firstAt, lastAt } = value
      const ok =
        typeof text === 'string' &&
        typeof lang === 'string' &&
        typeof count === 'number' &&
        typeof firstAt === 'string' &&
        typeof lastAt === 'string'
      return ok ? { t: 'unanswered', text, lang, count, firstAt, lastAt } : undefined
    }
    default:
      return undefined
  }
}
