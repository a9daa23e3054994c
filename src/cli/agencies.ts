/**
 * `npm run cli -- agencies …`: the officers' tool for the licensed P3MI registry.
 *
 *   agencies import FILE.csv [--as-of YYYY-MM-DD]   validate the file; only when valid, replace the registry
 *   agencies check "QUERY" [--json]                 check a company name or licence number, as users would
 *
 * Output for people is Indonesian first. `check --json` prints exactly one JSON object (see `agencyCheckJson`).
 * Exit codes: 0 done, 1 invalid file or unreadable registry, 2 wrong usage.
 */
import { formatProblems, hasErrors } from '../content/problems.ts'
import { importRegistry, loadRegistry, parseRegistryDate } from '../content/agency-csv.ts'
import { agencyCheckJson, checkAgency, type AgencyCheck, type AgencyMatch, type EffectiveStatus } from '../knowledge/agencies.ts'

export interface AgenciesIo {
  stdout: (s: string) => void
  stderr: (s: string) => void
  /** The content folder; the registry lives in `<contentDir>/agencies/`. */
  contentDir: string
  /** Today (YYYY-MM-DD): the default as-of date and the day licences are checked against. */
  today: string
}

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
  const result = await importRegistry(file, io.contentDir, asOf)
  if (!result.ok) {
    const errors = result.problems.filter((p) => p.severity === 'error').length
    io.stderr(formatProblems(result.problems))
    io.stderr(`${errors} error(s). Daftar P3MI tidak diubah (registry not changed).`)
    return 1
  }
  if (result.problems.length > 0) io.stderr(formatProblems(result.problems))
  io.stdout(`OK: ${result.rows} P3MI diimpor, daftar per ${result.asOf} (${result.rows} rows imported, as of ${result.asOf}) → ${result.path}`)
  return 0
}

async function checkCommand(args: string[], io: AgenciesIo): Promise<number> {
  const json = args.includes('--json')
  const words = args.filter((a) => a !== '--json')
  const query = words.join(' ').trim()
  if (query === '') {
    io.stderr(`missing QUERY\n${USAGE}`)
    return 2
  }
  const loaded = loadRegistry(io.contentDir)
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
