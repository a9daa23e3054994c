/**
 * The rules both stores follow when they list what they remember, so that they answer alike: the order of
 * leads and reports, what `since` means, how unanswered questions are merged and ranked.
 */

import type { Lead, Report } from '../engine/types.ts'
import type { UnansweredQuestion } from './types.ts'

/**
 * Reads the `since` of `listLeads`: an ISO date (`2025-01-31`, UTC midnight) or an ISO datetime.
 * Throws a `RangeError` that says what is wrong, instead of silently exporting nothing or everything.
 */
export function parseSince(since: string): number {
  const ms = /^\d{4}-\d{2}-\d{2}([T ].*)?$/.test(since) ? Date.parse(since) : Number.NaN
  if (Number.isNaN(ms)) {
    throw new RangeError(`"${since}" is not a date; write an ISO date like 2025-01-31 or 2025-01-31T08:00:00Z.`)
  }
  return ms
}

/**
 * Where a lead is stored: its owner (the chat that gave it) and its id. A lead with the same id from another chat
 * (e.g. two people typing the same phone number into an old version's phone-derived id) is a different lead and
 * never replaces, takes over or hides the first one.
 */
export function leadKey(lead: Pick<Lead, 'userKey' | 'id'>): string {
  return `${lead.userKey}\n${lead.id}`
}

/** Keeps the leads updated at or after `since` (see `parseSince`), oldest `createdAt` first. */
export function selectLeads(leads: Iterable<Lead>, since: string | undefined): Lead[] {
  const from = since === undefined ? undefined : parseSince(since)
  const selected = [...leads].filter((lead) => from === undefined || Date.parse(lead.updatedAt) >= from)
  return selected.sort(byCreatedAt)
}

/** Reports, oldest `createdAt` first. */
export function sortReports(reports: Iterable<Report>): Report[] {
  return [...reports].sort(byCreatedAt)
}

function byCreatedAt(a: { createdAt: string; id: string }, b: { createdAt: string; id: string }): number {
  return compareStrings(a.createdAt, b.createdAt) || compareStrings(a.id, b.id)
}

/** Byte order of the UTF-8 encodings: the order Redis uses for equal scores. */
export function compareBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b))
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

/** Adds occurrences to an aggregated question: counts add up, the first language stays, times widen. */
export function mergeUnanswered(into: UnansweredQuestion | undefined, more: UnansweredQuestion): UnansweredQuestion {
  if (!into) return { ...more }
  return {
    text: into.text,
    lang: into.lang,
    count: into.count + more.count,
    firstAt: more.firstAt < into.firstAt ? more.firstAt : into.firstAt,
    lastAt: more.lastAt > into.lastAt ? more.lastAt : into.lastAt,
  }
}

/** Most frequent first; equal counts by text in byte order. */
export function rankUnanswered(questions: Iterable<UnansweredQuestion>, limit?: number): UnansweredQuestion[] {
  const ranked = [...questions].sort((a, b) => b.count - a.count || compareBytes(a.text, b.text))
  return limit === undefined ? ranked : ranked.slice(0, Math.max(0, limit))
}
