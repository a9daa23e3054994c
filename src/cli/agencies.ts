/**
 * `npm run cli -- agencies …`: the officers' tool for the licensed P3MI registry.
 *
 *   agencies import FILE.csv [--as-of YYYY-MM-DD]   validate the file; only when valid, publish it as a new content
 *                                                   version (src/publish/registry-upload.ts: the console's path too)
 *   agencies check "QUERY" [--json]                 check a company name or licence number, as users would
 *
 * Output for people is Indonesian first. `check --json` prints exactly one JSON object (see `agencyCheckJson`).
 * Exit codes: 0 done, 1 invalid file or unreadable registry, 2 wrong usage.
 */
import { readFile, stat } from 'node:fs/promises'
import { formatProblems, hasErrors, type Problem } from '../content/problems.ts'
import { loadRegistry, parseRegistryDate } from '../content/agency-csv.ts'
import type { ActionSpecs } from '../content/checks.ts'
import { agencyCheckJson, checkAgency, type AgencyCheck, type AgencyMatch, type AgencyRegistry, type EffectiveStatus } from '../knowledge/agencies.ts'
import { activeRegistry } from '../publish/publisher.ts'
import { confirmRegistryUpload, previewRegistryUpload } from '../publish/registry-upload.ts'
import type { VersionStore } from '../store/versions.ts'

export interface AgenciesIo {
  stdout: (s: string) => void
  stderr: (s: string) => void
  /** The working folders: an import on a store without any published version publishes them with the registry. */
  flowsDir: string
  contentDir: string
  actions: ActionSpecs
  /** Trained classifier weights kept between loads (the check of the new version reads them). */
  modelCacheDir?: string
  /** Opens the store's content versions, where the registry lives; the command closes it. */
  openVersions: () => Promise<VersionStore>
  /** Today (YYYY-MM-DD): the default as-of date and the day licences are checked against. */
  today: string
  /** Who imports (shown by `content versions`); default the operating-system user and host. */
  by?: string
}

/** Largest file the CLI reads: far above any real registry, small enough to read at once. */
const MAX_IMPORT_BYTES = 50 * 1024 * 1024

const USAGE = `usage:
  agencies import FILE.csv [--as-of YYYY-MM-DD]   impor daftar P3MI berizin (import the licensed P3MI list)
  agencies check "NAMA ATAU NOMOR SIP3MI" [--json] cek satu perusahaan (check one company)`

export async function agenciesCommand(args: string[], io: AgenciesIo): Promise<number> {
  const [sub, ...rest] = args
  switch (sub) {
    case 'import':
      return importCommand(rest, io)
    case 'check':
      return checkCommand(rest, io)
    case 'help':
    case '--help':
      io.stdout(USAGE)
      return 0
    default:
      io.stderr(`${sub === undefined ? 'missing subcommand' : `unknown subcommand "${sub}"`}\n${USAGE}`)
      return 2
  }
}

async function importCommand(args: string[], io: AgenciesIo): Promise<number> {
  let asOf = io.today
  const files: string[] = []
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!
    if (arg === '--as-of' || arg.startsWith('--as-of=')) {
      const value = arg === '--as-of' ? args[++i] : arg.slice('--as-of='.length)
      if (value === undefined) {
        io.stderr(`--as-of needs a date, e.g. --as-of ${io.today}\n${USAGE}`)
        return 2
      }
      asOf = value
    } else if (arg.startsWith('--')) {
      io.stderr(`unknown option "${arg}"\n${USAGE}`)
      return 2
    } else files.push(arg)
  }
  if (files.length !== 1) {
    io.stderr(`${files.length === 0 ? 'missing FILE.csv' : 'give exactly one FILE.csv'}\n${USAGE}`)
    return 2
  }
  const date = parseRegistryDate(asOf)
  if ('error' in date || date.iso !== asOf) {
    io.stderr(`--as-of "${asOf}" harus tanggal YYYY-MM-DD (must be a date YYYY-MM-DD), e.g. ${io.today}`)
    return 2
  }
  if (asOf > io.today) {
    io.stderr(`--as-of ${asOf} ada di masa depan (is in the future; today is ${io.today}): users would be told a wrong date`)
    return 2
  }
  const file = files[0]!
  let bytes: Buffer
  try {
    const size = (await stat(file)).size
    if (size > MAX_IMPORT_BYTES) return refused(io, [problemAt(file, `the file is ${size} bytes; at most ${MAX_IMPORT_BYTES} are accepted`)])
    bytes = await readFile(file)
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : String((e as Error).message)
    return refused(io, [problemAt(file, `cannot read the file: ${reason}`)])
  }
  const versions = await io.openVersions()
  try {
    const preview = await previewRegistryUpload(bytes, { fileName: file, asOf, today: io.today, maxBytes: MAX_IMPORT_BYTES }, { versions })
    if (!preview.ok || !preview.token) return refused(io, [...preview.errors, ...preview.warnings])
    if (preview.warnings.length > 0) io.stderr(formatProblems(preview.warnings))
    const context = { versions, flowsDir: io.flowsDir, contentDir: io.contentDir, actions: io.actions, ...(io.modelCacheDir ? { modelCacheDir: io.modelCacheDir } : {}), ...(io.by ? { by: io.by } : {}) }
    const result = await confirmRegistryUpload(preview.token, context)
    if (!result.ok) return refused(io, result.problems, 'the content with this registry does not load')
    const c = preview.counts
    if (result.unchanged) {
      io.stdout(`Daftar ini sudah dipakai (this registry with this date is already in use): version ${result.version.number}; nothing changed.`)
      return 0
    }
    io.stdout(
      `OK: ${c.total} P3MI diimpor, daftar per ${asOf} (${c.total} rows imported, as of ${asOf}: ${c.active} aktif, ${c.expired} habis masa berlaku, ` +
        `${c.suspended} skorsing, ${c.revoked} dicabut) → content version ${result.version.number}; every running instance switches to it within a few seconds.`,
    )
    return 0
  } finally {
    await versions.close()
  }
}

function problemAt(file: string, message: string): Problem {
  return { file, line: 0, col: 0, severity: 'error', message }
}

function refused(io: AgenciesIo, problems: Problem[], why?: string): number {
  const errors = problems.filter((p) => p.severity === 'error').length
  io.stderr(formatProblems(problems))
  io.stderr(`${errors} error(s)${why ? ` (${why})` : ''}. Daftar P3MI tidak diubah (registry not changed).`)
  return 1
}

/** The registry in use: the active published version's, else one left in the working content/agencies/. */
async function currentRegistry(io: AgenciesIo): Promise<{ registry?: AgencyRegistry; problems: Problem[] }> {
  const versions = await io.openVersions()
  try {
    const published = await activeRegistry(versions)
    if (published) return published
  } finally {
    await versions.close()
  }
  return loadRegistry(io.contentDir)
}

async function checkCommand(args: string[], io: AgenciesIo): Promise<number> {
  const json = args.includes('--json')
  const words = args.filter((a) => a !== '--json')
  const query = words.join(' ').trim()
  if (query === '') {
    io.stderr(`missing QUERY\n${USAGE}`)
    return 2
  }
  const loaded = await currentRegistry(io)
  if (hasErrors(loaded.problems)) {
    io.stderr(formatProblems(loaded.problems))
    io.stderr('Daftar P3MI tidak bisa dibaca (the registry cannot be read).')
    return 1
  }
  const check = checkAgency(loaded.registry, query, io.today)
  io.stdout(json ? JSON.stringify(agencyCheckJson(check)) : formatCheck(check))
  return 0
}

const HEADLINE: Readonly<Record<AgencyCheck['verdict'], string>> = {
  licensed: 'TERDAFTAR, izin aktif (licensed)',
  suspended: 'IZIN DIBEKUKAN / SKORSING (suspended)',
  revoked: 'IZIN DICABUT (revoked)',
  expired: 'IZIN SUDAH HABIS MASA BERLAKU (expired)',
  ambiguous: 'TIDAK ADA YANG SAMA PERSIS (ambiguous): maksud Anda salah satu ini?',
  not_found: 'TIDAK ADA DI DAFTAR (not found)',
  no_registry: 'BELUM ADA DAFTAR P3MI (no registry imported)',
}

const STATUS_LABEL: Readonly<Record<EffectiveStatus, string>> = {
  active: 'aktif',
  expired: 'habis masa berlaku',
  suspended: 'skorsing',
  revoked: 'dicabut',
}

/** The check result for a person: verdict, the matches, the registry date and what to do next. */
export function formatCheck(check: AgencyCheck): string {
  const lines = [`"${check.query}": ${HEADLINE[check.verdict]}`]
  const numbered = check.verdict === 'ambiguous'
  check.matches.forEach((m, i) => lines.push(`  ${numbered ? `${i + 1}. ` : ''}${formatMatch(m)}`))
  if (check.notes.includes('license_name_mismatch')) {
    lines.push('Awas: nomor izin ini milik perusahaan dengan nama lain (licence number belongs to a company with another name).')
  }
  if (check.notes.includes('not_pt')) {
    lines.push('Catatan: P3MI wajib berbentuk PT; CV, UD, koperasi atau yayasan bukan P3MI (a P3MI must be a PT).')
  }
  switch (check.verdict) {
    case 'no_registry':
      lines.push('Impor dulu: npm run cli -- agencies import FILE.csv')
      break
    case 'not_found':
      lines.push('Tidak ada di daftar belum tentu ilegal: cek ejaan, lalu pastikan di SISKOP2MI atau Disnaker/LTSA.')
      break
    case 'ambiguous':
      lines.push('Belum bisa dipastikan. Cek ejaan atau nomor SIP3MI, lalu pastikan di SISKOP2MI.')
      break
    default:
      lines.push('Pastikan juga di SISKOP2MI (confirm on SISKOP2MI).')
  }
  if (check.as_of !== null) lines.push(`Daftar per ${check.as_of} (registry as of ${check.as_of}).`)
  return lines.join('\n')
}

function formatMatch(m: AgencyMatch): string {
  const until = m.valid_until === null ? '' : `, berlaku s.d. ${m.valid_until}`
  const place = m.city === '' ? '' : ` · ${m.city}`
  const score = m.score === 1 ? '' : ` · skor ${m.score.toFixed(2)}`
  return `${m.name} · SIP3MI ${m.license} · ${STATUS_LABEL[m.status]}${until}${place}${score}`
}
