/**
 * `npm run cli -- content …`: what officers need to keep the FAQ true, and to publish content to every instance.
 *
 *   content stale [--today YYYY-MM-DD]   FAQ entries due for review, oldest review first
 *   content show ID                      one entry as users see it (both languages), then its officer-only evidence
 *   content publish [--by NAME] [--note TEXT]   validate the working files and publish them as a new version
 *   content versions [--json]            every published version: number, when, who, what changed
 *   content rollback N [--by NAME]       publish version N's files again, as a new version
 *
 * Exit codes: 0 done (also when entries are stale: it is a list, not a failure; also when publish finds nothing
 * changed), 1 content does not load, unknown entry or version, or the store fails, 2 wrong usage.
 */
import { locator } from '../content/faq-locations.ts'
import { calendarDate, formatReviewDate, staleEntries } from '../content/freshness.ts'
import { loadBundle, type LoadOptions } from '../content/load.ts'
import { formatProblems } from '../content/problems.ts'
import { faqAnswer } from '../engine/faq-reply.ts'
import { describeChanges } from '../content/snapshot.ts'
import { publishWorkingFiles, rollbackTo, type PublishResult } from '../publish/publisher.ts'
import type { ContentVersion, VersionStore } from '../store/versions.ts'
import { parseFlags, UsageError } from './args.ts'

export interface ContentIo {
  stdout: (s: string) => void
  stderr: (s: string) => void
  /** Where flows and content are read from. */
  contentOptions: LoadOptions
  /** Today (YYYY-MM-DD), the day entries are checked against; `--today` overrides it. */
  today: string
  /** Opens the store's content versions (publish, versions, rollback); the command closes it. */
  openVersions?: () => Promise<VersionStore>
}

const USAGE = `usage:
  content stale [--today YYYY-MM-DD]   entri FAQ yang perlu diperiksa ulang (FAQ entries due for review)
  content show ID                      satu entri dan catatan risetnya (one entry and its research notes)
  content publish [--by NAMA] [--note TEKS]  terbitkan flows/ dan content/ ke semua instans (publish to every instance)
  content versions [--json]            daftar versi terbit (published versions: who, when, what changed)
  content rollback N [--by NAMA]       kembali ke versi N, sebagai versi baru (go back to version N)`

export async function contentCommand(args: string[], io: ContentIo): Promise<number> {
  const [sub, ...rest] = args
  if (sub === 'stale') return stale(rest, io)
  if (sub === 'show' && rest[0]) return show(rest[0], io)
  if (sub === 'publish' || sub === 'versions' || sub === 'rollback') {
    try {
      return await withVersions(io, (versions) => (sub === 'publish' ? publish(rest, io, versions) : sub === 'versions' ? list(rest, io, versions) : rollback(rest, io, versions)))
    } catch (error) {
      if (error instanceof UsageError) {
        io.stderr(`content ${sub}: ${error.message}\n${USAGE}`)
        return 2
      }
      io.stderr(`content ${sub}: ${error instanceof Error ? error.message : String(error)}`)
      return 1
    }
  }
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

async function withVersions(io: ContentIo, fn: (versions: VersionStore) => Promise<number>): Promise<number> {
  if (!io.openVersions) throw new Error('no store configured for content versions')
  const versions = await io.openVersions()
  try {
    return await fn(versions)
  } finally {
    await versions.close()
  }
}

function context(io: ContentIo, versions: VersionStore, by: unknown) {
  return {
    versions,
    flowsDir: io.contentOptions.flowsDir,
    contentDir: io.contentOptions.contentDir,
    actions: io.contentOptions.actions,
    ...(io.contentOptions.modelCacheDir ? { modelCacheDir: io.contentOptions.modelCacheDir } : {}),
    ...(typeof by === 'string' && by.trim() !== '' ? { by: by.trim() } : {}),
  }
}

async function publish(args: string[], io: ContentIo, versions: VersionStore): Promise<number> {
  const flags = parseFlags(args, { by: { type: 'string' }, note: { type: 'string' } })
  const before = await versions.active()
  const result = await publishWorkingFiles(context(io, versions, flags.by), typeof flags.note === 'string' ? flags.note : undefined)
  return report(result, io, before, 'publish')
}

async function rollback(args: string[], io: ContentIo, versions: VersionStore): Promise<number> {
  const by = args.indexOf('--by')
  const byValue = by >= 0 ? args[by + 1] : undefined
  const rest = by >= 0 ? [...args.slice(0, by), ...args.slice(by + 2)] : args
  if (by >= 0 && byValue === undefined) throw new UsageError('--by needs a name')
  if (rest.length !== 1 || !/^\d+$/.test(rest[0]!)) throw new UsageError('give the version number to go back to, e.g. `content rollback 3`')
  const before = await versions.active()
  const result = await rollbackTo(context(io, versions, byValue), Number(rest[0]))
  return report(result, io, before, 'rollback')
}

function report(result: PublishResult, io: ContentIo, before: number | undefined, what: 'publish' | 'rollback'): number {
  const errors = result.problems.filter((p) => p.severity === 'error')
  if (!result.ok) {
    io.stderr(formatProblems(errors))
    const stays = before === undefined ? 'nothing was published before' : `version ${before} stays active`
    io.stderr(`${errors.length} error(s). Tidak diterbitkan (not published); ${stays}.`)
    return 1
  }
  if (result.unchanged) {
    io.stdout(`Tidak ada yang berubah (nothing changed): version ${result.version.number} stays active.`)
    return 0
  }
  const v = result.version
  const verb = what === 'rollback' ? `rollback to version ${v.rollbackOf}` : 'published'
  io.stdout(
    `OK: versi konten ${v.number} aktif (${verb}) by ${v.by}; ${describeChanges(v.changes)}.\n` +
      'Every running instance switches to it within a few seconds (check /readyz: content.published).',
  )
  return 0
}

async function list(args: string[], io: ContentIo, versions: VersionStore): Promise<number> {
  const flags = parseFlags(args, { json: { type: 'boolean' } })
  const all = await versions.list()
  const active = await versions.active()
  if (flags.json) {
    io.stdout(JSON.stringify({ active: active ?? null, versions: all }))
    return 0
  }
  if (all.length === 0) {
    io.stdout('Belum ada versi terbit (nothing published yet): instances serve the working files. Publish with `content publish`.')
    return 0
  }
  io.stdout('  #  when (UTC)        who                  what')
  for (const v of all.slice().reverse()) io.stdout(versionLine(v, v.number === active))
  return 0
}

function versionLine(v: ContentVersion, active: boolean): string {
  const what =
    v.kind === 'rollback'
      ? `rollback to ${v.rollbackOf}`
      : v.kind === 'registry'
        ? `registry ${v.registry?.rows ?? '?'} rows as of ${v.registry?.asOf ?? '?'}`
        : 'publish'
  const note = v.note && v.kind !== 'rollback' ? ` "${v.note}"` : ''
  return `${active ? '*' : ' '}${String(v.number).padStart(3)}  ${v.createdAt.slice(0, 16).replace('T', ' ')}  ${v.by.padEnd(20)} ${what}${note}; ${describeChanges(v.changes)}`
}
