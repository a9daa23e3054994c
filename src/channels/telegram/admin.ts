/**
 * Officer commands in a private chat with the bot, for the Telegram user ids listed in `ADMIN_TELEGRAM_IDS`:
 *
 *   /stats                        leads by interest, destination and province; unanswered-question counts
 *   /unanswered [N]               the N (default 10, at most 50) most frequent unanswered questions
 *   /export [YYYY-MM-DD] [;]      the leads as a CSV document (since a date; `;` for Excel with Indonesian settings),
 *                                 only with TELEGRAM_EXPORT_ENABLED=true: the file would pass through Telegram's
 *                                 servers. Otherwise the answer says how to export on the server instead.
 *   /reload                       reloads flows and content; when the new content is invalid, keeps the old
 *                                 and answers with the first problems (file:line:col)
 *
 * This file only computes the answers (texts and documents); the channel sends them. Anyone else who types
 * these commands gets the normal assistant.
 */
import type { ReloadResult } from '../../content/reloader.ts'
import type { Bundle } from '../../content/bundle.ts'
import { formatProblems, hasErrors } from '../../content/problems.ts'
import { pick } from '../../engine/text.ts'
import type { Lang } from '../../engine/types.ts'
import { formatLeadStats, leadStats, leadsToCsv, type StatsLabels } from '../../knowledge/lead-export.ts'
import type { Store } from '../../store/types.ts'

export const OFFICER_COMMANDS = ['stats', 'unanswered', 'export', 'reload'] as const
export type OfficerCommand = (typeof OFFICER_COMMANDS)[number]

export function isOfficerCommand(name: string | undefined): name is OfficerCommand {
  return (OFFICER_COMMANDS as readonly string[]).includes(name ?? '')
}

/** Whether a Telegram user id is in `ADMIN_TELEGRAM_IDS`. */
export function isOfficer(userId: string, adminIds: readonly string[]): boolean {
  return adminIds.includes(userId)
}

/** What an officer command needs. */
export interface OfficerDeps {
  store: Pick<Store, 'listLeads' | 'listUnanswered'>
  content: { readonly current: Bundle; reload(): ReloadResult }
  now: () => number
  /** TELEGRAM_EXPORT_ENABLED: whether /export may send the leads file through Telegram. Default false. */
  exportEnabled?: boolean
}

/** One answer to send: a text, or a document with a caption. */
export type OfficerAnswer = { text: string } | { document: { filename: string; bytes: Uint8Array; caption: string } }

/** Problems shown in a refused /reload; the rest are counted. */
export const RELOAD_PROBLEMS_SHOWN = 5
const UNANSWERED_DEFAULT = 10
const UNANSWERED_MAX = 50

const WORDS = {
  id: {
    unansweredTotal: (kinds: number, times: number) => `Pertanyaan belum terjawab: ${kinds} macam, ${times} kali ditanyakan.`,
    unansweredNone: 'Belum ada pertanyaan yang belum terjawab.',
    unansweredTitle: (n: number) => `${n} pertanyaan belum terjawab yang paling sering:`,
    exportNone: (since?: string) => (since ? `Belum ada lead sejak ${since}.` : 'Belum ada lead.'),
    exportCaption: (n: number, since?: string) => `${n} lead${since ? ` sejak ${since}` : ''}. CSV UTF-8; buka di spreadsheet.`,
    exportDisabled:
      'Ekspor lewat Telegram dimatikan: file lead berisi data pribadi dan akan melewati server Telegram. ' +
      'Ekspor di server: npm run -s cli -- leads export --format csv > leads.csv (lihat README, "Leads"). ' +
      'Pengelola sistem dapat menyalakan /export dengan TELEGRAM_EXPORT_ENABLED=true.',
    exportUsage: 'Cara pakai: /export, /export 2026-01-31 (sejak tanggal itu), tambahkan ; untuk Excel dengan pengaturan Indonesia.',
    reloadOk: (version: string, warnings: number) => `Konten dimuat ulang (versi ${version}).${warnings ? ` ${warnings} peringatan.` : ''}`,
    reloadRefused: (n: number) => `Konten baru DITOLAK: ${n} kesalahan. Konten lama tetap dipakai. Perbaiki lalu kirim /reload lagi:`,
    more: (n: number) => `… dan ${n} lainnya (jalankan npm run validate untuk semua).`,
    privateOnly: 'Perintah petugas hanya bisa dipakai di chat pribadi dengan bot ini.',
  },
  en: {
    unansweredTotal: (kinds: number, times: number) => `Unanswered questions: ${kinds} different, asked ${times} times.`,
    unansweredNone: 'No unanswered questions yet.',
    unansweredTitle: (n: number) => `The ${n} most frequent unanswered questions:`,
    exportNone: (since?: string) => (since ? `No leads since ${since}.` : 'No leads yet.'),
    exportCaption: (n: number, since?: string) => `${n} lead(s)${since ? ` since ${since}` : ''}. UTF-8 CSV; open it in a spreadsheet.`,
    exportDisabled:
      "Export through Telegram is off: the leads file holds personal data and would pass through Telegram's servers. " +
      'Export on the server: npm run -s cli -- leads export --format csv > leads.csv (see README, "Leads"). ' +
      'The system administrator can turn /export on with TELEGRAM_EXPORT_ENABLED=true.',
    exportUsage: 'Usage: /export, /export 2026-01-31 (since that date), add ; for Excel with Indonesian regional settings.',
    reloadOk: (version: string, warnings: number) => `Content reloaded (version ${version}).${warnings ? ` ${warnings} warning(s).` : ''}`,
    reloadRefused: (n: number) => `New content REFUSED: ${n} error(s). The previous content stays in use. Fix them and send /reload again:`,
    more: (n: number) => `… and ${n} more (run npm run validate to see all).`,
    privateOnly: 'Officer commands work only in a private chat with this bot.',
  },
} as const

/** The answer to an officer command typed in a group: no data there. */
export function privateOnlyAnswer(lang: Lang): OfficerAnswer {
  return { text: WORDS[lang].privateOnly }
}

/** Runs one officer command. Rejects only when the store fails (the channel answers with an apology). */
export async function runOfficerCommand(command: OfficerCommand, args: string, lang: Lang, deps: OfficerDeps): Promise<OfficerAnswer[]> {
  switch (command) {
    case 'stats':
      return stats(lang, deps)
    case 'unanswered':
      return unanswered(args, lang, deps)
    case 'export':
      return exportLeads(args, lang, deps)
    case 'reload':
      return [reload(lang, deps)]
  }
}

function labelsFrom(bundle: Bundle, lang: Lang): StatsLabels {
  const trainings = new Map(bundle.trainings.map((t) => [t.id, pick(t.label, lang)]))
  const countries = new Map(bundle.countries.map((c) => [c.id, pick(c.label, lang)]))
  return { interest: (id) => trainings.get(id), destination: (id) => countries.get(id) }
}

async function stats(lang: Lang, deps: OfficerDeps): Promise<OfficerAnswer[]> {
  const [leads, questions] = await Promise.all([deps.store.listLeads(), deps.store.listUnanswered()])
  const times = questions.reduce((sum, q) => sum + q.count, 0)
  const text = `${formatLeadStats(leadStats(leads), lang, labelsFrom(deps.content.current, lang))}\n\n${WORDS[lang].unansweredTotal(questions.length, times)}`
  return [{ text }]
}

async function unanswered(args: string, lang: Lang, deps: OfficerDeps): Promise<OfficerAnswer[]> {
  const asked = Number.parseInt(args, 10)
  const limit = Number.isInteger(asked) && asked > 0 ? Math.min(asked, UNANSWERED_MAX) : UNANSWERED_DEFAULT
  const questions = await deps.store.listUnanswered(limit)
  if (questions.length === 0) return [{ text: WORDS[lang].unansweredNone }]
  const lines = questions.map((q, i) => `${i + 1}. ${q.count}× ${q.text} [${q.lang}]`)
  return [{ text: `${WORDS[lang].unansweredTitle(questions.length)}\n${lines.join('\n')}` }]
}

/** `/export [YYYY-MM-DD] [;|semicolon|titikkoma]` in any order; `undefined` when an argument is not understood. */
export function parseExportArgs(args: string): { since?: string; delimiter: ',' | ';' } | undefined {
  let since: string | undefined
  let delimiter: ',' | ';' = ','
  for (const word of args.split(/\s+/).filter(Boolean)) {
    if (/^\d{4}-\d{2}-\d{2}$/.test(word) && new Date(`${word}T00:00:00Z`).toISOString().startsWith(word)) since = word
    else if ([';', 'semicolon', 'titikkoma', 'titik-koma'].includes(word.toLowerCase())) delimiter = ';'
    else if ([',', 'comma', 'koma'].includes(word.toLowerCase())) delimiter = ','
    else return undefined
  }
  return since ? { since, delimiter } : { delimiter }
}

async function exportLeads(args: string, lang: Lang, deps: OfficerDeps): Promise<OfficerAnswer[]> {
  if (deps.exportEnabled !== true) return [{ text: WORDS[lang].exportDisabled }]
  const parsed = parseExportArgs(args)
  if (!parsed) return [{ text: WORDS[lang].exportUsage }]
  const leads = await deps.store.listLeads(parsed.since ? { since: parsed.since } : undefined)
  if (leads.length === 0) return [{ text: WORDS[lang].exportNone(parsed.since) }]
  const csv = leadsToCsv(leads, { delimiter: parsed.delimiter })
  const day = new Date(deps.now()).toISOString().slice(0, 10)
  return [{ document: { filename: `leads-${day}.csv`, bytes: new TextEncoder().encode(csv), caption: WORDS[lang].exportCaption(leads.length, parsed.since) } }]
}

function reload(lang: Lang, deps: OfficerDeps): OfficerAnswer {
  const result = deps.content.reload()
  const w = WORDS[lang]
  if (result.ok) return { text: w.reloadOk(result.version ?? deps.content.current.version, result.problems.length) }
  const errors = result.problems.filter((p) => p.severity === 'error')
  const shown = hasErrors(result.problems) ? errors.slice(0, RELOAD_PROBLEMS_SHOWN) : result.problems.slice(0, RELOAD_PROBLEMS_SHOWN)
  const rest = (hasErrors(result.problems) ? errors.length : result.problems.length) - shown.length
  return { text: [w.reloadRefused(errors.length), formatProblems(shown), ...(rest > 0 ? [w.more(rest)] : [])].join('\n') }
}
