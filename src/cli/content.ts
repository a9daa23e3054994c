/**
 * `npm run cli -- content …`: what officers need to keep the FAQ true.
 *
 *   content stale [--today YYYY-MM-DD]   FAQ entries due for review, oldest review first
 *   content show ID                      one entry as users see it (both languages), then its officer-only evidence
 *
 * Exit codes: 0 done (also when entries are stale: it is a list, not a failure), 1 content does not load or unknown
 * entry, 2 wrong usage.
 */
import { locator } from '../content/faq-locations.ts'
import { calendarDate, formatReviewDate, staleEntries } from '../content/freshness.ts'
import { loadBundle, type LoadOptions } from '../content/load.ts'
import { formatProblems } from '../content/problems.ts'
import { faqAnswer } from '../engine/faq-reply.ts'

export interface ContentIo {
  stdout: (s: string) => void
  stderr: (s: string) => void
  /** Where flows and content are read from. */
  contentOptions: LoadOptions
  /** Today (YYYY-MM-DD), the day entries are checked against; `--today` overrides it. */
  today: string
}

const USAGE = `usage:
  content stale [--today YYYY-MM-DD]   entri FAQ yang perlu diperiksa ulang (FAQ entries due for review)
  content show ID                      satu entri dan catatan risetnya (one entry and its research notes)`

export async function contentCommand(args: string[], io: ContentIo): Promise<number> {
  const [sub, ...rest] = args
  if (sub === 'stale') return stale(rest, io)
  if (sub === 'show' && rest[0]) return show(rest[0], io)
  if (sub === 'help' || sub === '--help') {
    io.stdout(USAGE)
    return 0
  }
  io.stderr(`${sub === undefined ? 'missing subcommand' : sub === 'show' ? 'content show needs an FAQ id' : `unknown subcommand "${sub}"`}\n${USAGE}`)
  return 2
}

function stale(args: string[], io: ContentIo): number {
  const at = args.indexOf('--today')
  const today = at >= 0 ? args[at + 1] : io.today
  if (today === undefined || !calendarDate(today)) {
    io.stderr(`--today needs a date as YYYY-MM-DD\n${USAGE}`)
    return 2
  }
  const { bundle, problems } = loadBundle(io.contentOptions)
  if (!bundle) {
    io.stderr(formatProblems(problems))
    return 1
  }
  const list = staleEntries(bundle.faq.entries, today, locator(io.contentOptions.contentDir, io.contentOptions.baseDir))
  if (list.length === 0) {
    io.stdout(`Semua entri FAQ masih segar per ${today}. (No FAQ entry is due for review.)`)
    return 0
  }
  io.stdout(`${list.length} entri FAQ perlu diperiksa ulang per ${today} (due for review), yang terlama dulu:`)
  io.stdout('reviewed    due         every     id / where')
  for (const e of list) io.stdout(`${e.reviewed}  ${e.due}  ${e.every.padEnd(8)}  ${e.id}  ${e.at}`)
  return 0
}

function show(id: string, io: ContentIo): number {
  const { bundle, problems } = loadBundle(io.contentOptions)
  if (!bundle) {
    io.stderr(formatProblems(problems))
    return 1
  }
  const entry = bundle.faq.byId.get(id)
  if (!entry) {
    io.stderr(`unknown FAQ id "${id}"`)
    return 1
  }
  io.stdout(`== ${entry.id} (${entry.confidence}; reviewed ${formatReviewDate(entry.reviewed, 'en')}, every ${entry.review_every ?? '6 months'})`)
  for (const lang of ['id', 'en'] as const) io.stdout(`-- ${lang}\n${faqAnswer(bundle, entry, lang).text}`)
  io.stdout(`-- evidence (officers only)\n${entry.evidence ?? '(none)'}`)
  return 0
}
