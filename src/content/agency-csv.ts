/**
 * Reading, validating, importing and loading the agency registry CSV (`content/agencies/registry.csv`).
 *
 * Officers export the list of licensed P3MI from a spreadsheet and run
 * `npm run cli -- agencies import FILE.csv [--as-of YYYY-MM-DD]`. The file is checked completely; only a file with
 * no error replaces the registry, and it does so atomically, so a running assistant sees either the old registry with
 * its date or the new one with its date, never a mix.
 *
 * What an officer's file may look like:
 * - Headers (first line), in any order: `nama_p3mi, nomor_sip3mi, status, berlaku_sampai, alamat, kabupaten_kota,
 *   provinsi, telepon`, or the English `name, license_number, status, valid_until, address, city, province, phone`.
 *   Case, spaces and dashes in headers do not matter ("Nama P3MI"). The first four are required; the last four
 *   may be missing (a warning). Unknown columns (a row number, notes) are ignored with a warning.
 * - UTF-8 with or without BOM; comma, semicolon (Indonesian-locale spreadsheets) or tab separated, detected from the
 *   header line.
 * - Status: `aktif`/`active`, `skorsing`/`dibekukan`/`suspended`, `dicabut`/`revoked` (any case).
 * - Dates: `YYYY-MM-DD` (canonical), or day first as Indonesian spreadsheets write them: `DD/MM/YYYY`,
 *   `DD-MM-YYYY`, `DD.MM.YYYY` (one-digit day or month allowed). Never month first, never a two-digit year.
 *   An active licence needs its date; a suspended or revoked one may leave it empty.
 * - Each licence number (compared ignoring spaces, dots, slashes, dashes and case) appears once. Two rows whose
 *   names are the same after normalization are allowed with a warning: a user who types that name sees both.
 *
 * Problems name the line and the column: `file:line:col  error  message`, where col counts CSV columns from 1 (as a
 * spreadsheet does: 1 = A) and the message names the column by its header.
 */
import { createHash } from 'node:crypto'
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, statSync } from 'node:fs'
import { mkdir, open, readFile, rename, stat, unlink } from 'node:fs/promises'
import { basename, join } from 'node:path'
import { CsvError, parse } from 'csv-parse/sync'
import { stringify } from 'csv-stringify/sync'
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml'
import {
  buildRegistry,
  normalizeAgencyName,
  normalizeLicense,
  type Agency,
  type AgencyRegistry,
  type AgencyStatus,
} from '../knowledge/agencies.ts'
import { hasErrors, type Problem } from './problems.ts'
import { decodeCsvBytes } from './csv-decode.ts'

/** Fields of a registry row, in canonical column order. */
export const AGENCY_FIELDS = ['name', 'license', 'status', 'validUntil', 'address', 'city', 'province', 'phone'] as const
export type AgencyField = (typeof AGENCY_FIELDS)[number]

/** Canonical (Indonesian) header of each field: what the registry file is written with. */
export const CANONICAL_HEADERS: Readonly<Record<AgencyField, string>> = {
  name: 'nama_p3mi',
  license: 'nomor_sip3mi',
  status: 'status',
  validUntil: 'berlaku_sampai',
  address: 'alamat',
  city: 'kabupaten_kota',
  province: 'provinsi',
  phone: 'telepon',
}

/** Every accepted header (after lower-casing and turning spaces and dashes into `_`) → field. */
const HEADER_ALIASES: ReadonlyMap<string, AgencyField> = new Map<string, AgencyField>([
  ...AGENCY_FIELDS.map((f): [string, AgencyField] => [CANONICAL_HEADERS[f], f]),
  ['name', 'name'],
  ['license_number', 'license'],
  ['licence_number', 'license'],
  ['valid_until', 'validUntil'],
  ['address', 'address'],
  ['city', 'city'],
  ['province', 'province'],
  ['phone', 'phone'],
])

const REQUIRED_FIELDS: readonly AgencyField[] = ['name', 'license', 'status', 'validUntil']

/** Accepted status words → status. */
const STATUS_WORDS: ReadonlyMap<string, AgencyStatus> = new Map<string, AgencyStatus>([
  ['aktif', 'active'],
  ['active', 'active'],
  ['skorsing', 'suspended'],
  ['dibekukan', 'suspended'],
  ['suspended', 'suspended'],
  ['dicabut', 'revoked'],
  ['revoked', 'revoked'],
])

/** Status word written to the registry file. */
const CANONICAL_STATUS: Readonly<Record<AgencyStatus, string>> = {
  active: 'aktif',
  suspended: 'skorsing',
  revoked: 'dicabut',
}

/** The registry files inside a content folder. */
export function registryPaths(contentDir: string): { dir: string; csv: string; meta: string } {
  const dir = join(contentDir, 'agencies')
  return { dir, csv: join(dir, 'registry.csv'), meta: join(dir, 'registry.meta.yaml') }
}

/** One valid row with the line it came from. */
export interface AgencyRow extends Agency {
  line: number
}

export interface ParsedAgencyCsv {
  rows: AgencyRow[]
  problems: Problem[]
}

/**
 * Parses and validates an agency CSV. Returns every problem found (not only the first); `rows` holds the rows
 * without errors, so use them only when `problems` has no error.
 *
 * @param input file content (bytes or text)
 * @param file path shown in problems
 */
export function parseAgencyCsv(input: Uint8Array | string, file: string): ParsedAgencyCsv {
  const problems: Problem[] = []
  const problem = (line: number, col: number, message: string, severity: Problem['severity'] = 'error') =>
    problems.push({ file, line, col, severity, message })

  let text: string
  if (typeof input === 'string') text = input
  else {
    const decoded = decodeCsvBytes(input)
    if (!decoded.ok) {
      problem(1, 1, decoded.message)
      return { rows: [], problems }
    }
    text = decoded.text
    if (decoded.note) problem(1, 1, decoded.note, 'warn')
  }
  // Line numbers must match what an editor shows: one line ending, no BOM.
  text = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n')
  if (text.trim() === '') {
    problem(1, 1, `the file is empty; the first line must be the header: ${Object.values(CANONICAL_HEADERS).join(',')}`)
    return { rows: [], problems }
  }

  // A record with a quoting error is skipped and reported; parsing goes on, so every problem is reported at once.
  let lastEnd = 0
  const syntaxLines = new Set<number>()
  const records = parse(text, {
    delimiter: detectDelimiter(text),
    info: true,
    relax_column_count: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    on_record: (record, context) => {
      lastEnd = context.lines
      return record
    },
    on_skip: (error) => {
      const line = lastEnd + 1
      if (error === undefined || syntaxLines.has(line)) return
      syntaxLines.add(line)
      problem(line, 0, syntaxMessage(error))
    },
  }) as unknown as { record: string[]; info: { lines: number } }[]
  // Start line of a record (a quoted value may span lines).
  const startLine = (r: { record: string[]; info: { lines: number } }) =>
    r.info.lines - r.record.reduce((n, v) => n + (v.split('\n').length - 1), 0)

  const [header, ...body] = records
  if (!header) {
    problem(1, 1, 'the file has no header line')
    return { rows: [], problems }
  }
  const columns = mapHeader(header.record, startLine(header), problem)
  if (columns === undefined) return { rows: [], problems }

  const rows: AgencyRow[] = []
  const seenLicense = new Map<string, { line: number; name: string }>()
  const seenName = new Map<string, { line: number; name: string }>()
  for (const r of body) {
    const line = startLine(r)
    const values = r.record.map(clean)
    if (values.every((v) => v === '')) continue // spreadsheets export trailing empty rows as ";;;;;;;"
    if (values.length !== header.record.length) {
      problem(
        line,
        Math.min(values.length, header.record.length) + 1,
        `expected ${header.record.length} values (one per header column), found ${values.length}; ` +
          `a value containing the separator must be in double quotes`,
      )
      continue
    }
    // Duplicate licence numbers are checked on every row, also one with other errors, so one import run reports all.
    const rawLicense = values[columns.index.license!] ?? ''
    const rawName = values[columns.index.name!] ?? ''
    const license = normalizeLicense(rawLicense)
    const previous = license === '' ? undefined : seenLicense.get(license)
    if (previous) {
      problem(
        line,
        columns.col.license,
        `${columns.header.license}: "${rawLicense}" is already on line ${previous.line} (${previous.name}); ` +
          `each licence number may appear once: delete one of the two rows`,
      )
    } else if (license !== '') seenLicense.set(license, { line, name: rawName })
    const row = readRow(values, columns, line, problem)
    if (row === undefined || previous) continue
    const name = normalizeAgencyName(row.name)
    const sameName = seenName.get(name)
    if (sameName) {
      problem(
        line,
        columns.col.name,
        `${columns.header.name}: "${row.name}" is the same name as line ${sameName.line} ("${sameName.name}") once ` +
          `case, punctuation and "PT" are ignored; users who type this name see both, and get "ambiguous" when their statuses differ`,
        'warn',
      )
    } else seenName.set(name, { line, name: row.name })
    rows.push(row)
  }
  if (rows.length === 0 && !hasErrors(problems)) {
    problem(2, 1, 'the file has a header but no agencies; add one row per licensed company below the header')
  }
  problems.sort((a, b) => a.line - b.line || a.col - b.col)
  return { rows, problems }
}

/** What to do about a CSV syntax error, in an officer's words. */
function syntaxMessage(error: CsvError): string {
  switch (error.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'a double quote (") opened in this row is never closed; close it, or remove it'
    case 'INVALID_OPENING_QUOTE':
    case 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE':
      return 'a double quote (") inside a value; put the whole value in double quotes and write the quote inside as ""'
    case 'CSV_MAX_RECORD_SIZE':
      return 'this row is too long; is a double quote (") left open above it?'
    default:
      return `this row cannot be read as CSV (${error.message}); save the file again from the spreadsheet as CSV`
  }
}

/** Picks the separator that occurs most in the header line (outside quotes): `;`, `,` or tab. */
function detectDelimiter(text: string): string {
  const firstLine = text.slice(0, text.indexOf('\n') === -1 ? undefined : text.indexOf('\n')).replace(/"[^"]*"/g, '')
  const count = (c: string) => firstLine.split(c).length - 1
  const candidates = [';', ',', '\t'].sort((a, b) => count(b) - count(a))
  return candidates[0]!
}

/** Trims a value and joins its lines and runs of spaces (a spreadsheet cell may hold a line break). */
function clean(value: string): string {
  return value.replace(/\s+/g, ' ').trim()
}

interface ColumnMap {
  /** Field → 0-based index in a record. */
  index: Partial<Record<AgencyField, number>>
  /** Field → 1-based column number, for problems. */
  col: Record<AgencyField, number>
  /** Field → header as written in the file, for messages. */
  header: Record<AgencyField, string>
}

function normalizeHeader(h: string): string {
  return clean(h)
    .toLowerCase()
    .replace(/[\s\-.]+/g, '_')
}

/** Maps header cells to fields; reports missing, duplicate and unknown columns. Undefined when unusable. */
function mapHeader(
  cells: readonly string[],
  line: number,
  problem: (line: number, col: number, message: string, severity?: Problem['severity']) => void,
): ColumnMap | undefined {
  const index: Partial<Record<AgencyField, number>> = {}
  const unknown: { col: number; header: string }[] = []
  let fatal = false
  cells.forEach((cell, i) => {
    const field = HEADER_ALIASES.get(normalizeHeader(cell))
    if (field === undefined) {
      if (clean(cell) !== '') unknown.push({ col: i + 1, header: clean(cell) })
      return
    }
    const before = index[field]
    if (before !== undefined) {
      problem(
        line,
        i + 1,
        `column "${clean(cell)}" repeats column ${before + 1} ("${clean(cells[before] ?? '')}"); keep only one of them`,
      )
      fatal = true
      return
    }
    index[field] = i
  })
  const optionalMissing: string[] = []
  for (const field of AGENCY_FIELDS) {
    if (index[field] !== undefined) continue
    const want = `"${CANONICAL_HEADERS[field]}"`
    const guess = unknown.find((u) => similar(normalizeHeader(u.header), CANONICAL_HEADERS[field]))
    const hint = guess ? `; did you mean column ${guess.col} "${guess.header}"?` : ''
    if (REQUIRED_FIELDS.includes(field)) {
      // No cell to point at: point where the column would be added.
      const fix = hint || `; add it to the header line (any column order)`
      const english = englishHeader(field) === CANONICAL_HEADERS[field] ? '' : ` (English: "${englishHeader(field)}")`
      problem(line, guess?.col ?? cells.length + 1, `missing column ${want}${english}${fix}`)
      fatal = true
    } else optionalMissing.push(want)
  }
  if (optionalMissing.length > 0) {
    problem(line, 0, `no column ${optionalMissing.join(', ')}: users will not see ${optionalMissing.length > 1 ? 'them' : 'it'}`, 'warn')
  }
  for (const u of unknown) {
    problem(line, u.col, `column "${u.header}" is not a registry column and is ignored`, 'warn')
  }
  if (fatal) return undefined
  const col = {} as Record<AgencyField, number>
  const header = {} as Record<AgencyField, string>
  for (const field of AGENCY_FIELDS) {
    const i = index[field]
    col[field] = i === undefined ? 0 : i + 1
    header[field] = i === undefined ? CANONICAL_HEADERS[field] : clean(cells[i] ?? '')
  }
  return { index, col, header }
}

function englishHeader(field: AgencyField): string {
  for (const [alias, f] of HEADER_ALIASES) if (f === field && alias !== CANONICAL_HEADERS[field]) return alias
  return CANONICAL_HEADERS[field]
}

/** Loose header similarity for "did you mean": same start or at most two letters different. */
function similar(a: string, b: string): boolean {
  if (a.length < 3) return false
  if (b.startsWith(a) || a.startsWith(b)) return true
  let diff = Math.abs(a.length - b.length)
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) diff++
  return diff <= 2
}

/** Validates one row's values; reports each bad value. Undefined when the row has an error. */
function readRow(
  values: readonly string[],
  columns: ColumnMap,
  line: number,
  problem: (line: number, col: number, message: string, severity?: Problem['severity']) => void,
): AgencyRow | undefined {
  const get = (field: AgencyField) => {
    const i = columns.index[field]
    return i === undefined ? '' : (values[i] ?? '')
  }
  let ok = true
  const fail = (field: AgencyField, message: string) => {
    problem(line, columns.col[field], `${columns.header[field]}: ${message}`)
    ok = false
  }
  for (const field of AGENCY_FIELDS) {
    if (/^[=@]/.test(get(field))) fail(field, `"${get(field)}" looks like a spreadsheet formula; write the plain value`)
  }

  const name = get('name')
  if (name === '') fail('name', 'the company name is empty')
  else if (normalizeAgencyName(name) === '') fail('name', `"${name}" has no name besides the legal form; write the full name`)
  const license = get('license')
  if (license === '') fail('license', 'the licence number (SIP3MI) is empty')
  else if (normalizeLicense(license) === '') fail('license', `"${license}" has no letters or digits`)
  else if (!/\d/.test(license)) {
    problem(line, columns.col.license, `${columns.header.license}: "${license}" has no digit; is it a licence number?`, 'warn')
  }

  const statusText = get('status')
  const status = STATUS_WORDS.get(statusText.toLowerCase())
  if (status === undefined) {
    const known = [...STATUS_WORDS.keys()].join(', ')
    fail('status', statusText === '' ? `status is empty; use one of: ${known}` : `status "${statusText}" is not a known status; use one of: ${known}`)
  }

  const dateText = get('validUntil')
  let validUntil: string | null = null
  if (dateText === '') {
    if (status === 'active') fail('validUntil', 'an active licence needs its end date, e.g. 2027-12-31 or 31/12/2027')
  } else {
    const date = parseRegistryDate(dateText)
    if ('error' in date) fail('validUntil', date.error)
    else validUntil = date.iso
  }
  if (!ok || status === undefined) return undefined
  return {
    line,
    name,
    license,
    status,
    validUntil,
    address: get('address'),
    city: get('city'),
    province: get('province'),
    phone: get('phone'),
  }
}

/**
 * Reads a date as officers write it: `YYYY-MM-DD` (or `YYYY/MM/DD`), or day first: `DD/MM/YYYY`, `DD-MM-YYYY`,
 * `DD.MM.YYYY`. Rejects month-first dates that cannot be day-first, two-digit years, spreadsheet serial numbers and
 * days that do not exist.
 */
export function parseRegistryDate(text: string): { iso: string } | { error: string } {
  const t = text.trim()
  const fix = 'write it as YYYY-MM-DD (e.g. 2027-12-31) or DD/MM/YYYY (e.g. 31/12/2027)'
  let y: number, m: number, d: number
  let match: RegExpMatchArray | null
  if ((match = t.match(/^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$/))) {
    ;[y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])]
  } else if ((match = t.match(/^(\d{1,2})([-/.])(\d{1,2})\2(\d{4})$/))) {
    ;[d, m, y] = [Number(match[1]), Number(match[3]), Number(match[4])]
    if (m > 12 && d <= 12) {
      return { error: `date "${t}" looks month-first; dates are read day first (DD/MM/YYYY): ${fix}` }
    }
  } else if (/^\d{1,2}[-/.]\d{1,2}[-/.]\d{2}$/.test(t)) {
    return { error: `date "${t}" has a two-digit year; ${fix}` }
  } else if (/^\d{5}(\.\d+)?$/.test(t)) {
    return { error: `date "${t}" is a spreadsheet date number; format the column as a date or text and ${fix}` }
  } else {
    return { error: `date "${t}" is not a date; ${fix}` }
  }
  const iso = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`
  const probe = new Date(`${iso}T00:00:00Z`)
  if (m < 1 || m > 12 || d < 1 || Number.isNaN(probe.getTime()) || probe.toISOString().slice(0, 10) !== iso) {
    return { error: `date "${t}" does not exist; ${fix}` }
  }
  if (y < 2000 || y > 2100) return { error: `date "${t}" has the year ${y}, which looks wrong; ${fix}` }
  return { iso }
}

/** Writes rows as the canonical registry CSV: Indonesian headers, comma separated, ISO dates, Indonesian statuses. */
export function formatRegistryCsv(rows: readonly Agency[]): string {
  return stringify(
    rows.map((r) => [
      r.name,
      r.license,
      CANONICAL_STATUS[r.status],
      r.validUntil ?? '',
      r.address,
      r.city,
      r.province,
      r.phone,
    ]),
    { header: true, columns: AGENCY_FIELDS.map((f) => CANONICAL_HEADERS[f]), record_delimiter: '\n' },
  )
}

/** What `registry.meta.yaml` holds. */
export interface RegistryMeta {
  as_of: string
  imported_at: string
  source_file: string
  rows: number
  /** SHA-256 of registry.csv: a reader that sees another CSV than the one this meta describes rejects the pair. */
  csv_sha256: string
}

export type ImportResult =
  | { ok: true; rows: number; asOf: string; path: string; problems: Problem[] }
  | { ok: false; problems: Problem[] }

/** Largest file accepted: far above any real registry, small enough to read at once. */
const MAX_IMPORT_BYTES = 50 * 1024 * 1024

/**
 * Validates `csvPath` and, only when it has no error, replaces `<contentDir>/agencies/registry.csv` and
 * `registry.meta.yaml`. Each file is written to a temporary file, flushed to disk and renamed over the old one, the
 * CSV first and the meta last. The meta carries the CSV's checksum, so during the instant between the two renames a
 * reader ({@link loadRegistry}) sees a CSV that does not match the meta and keeps the last good registry instead of
 * pairing a new list with an old date.
 *
 * @param asOf the date the list is valid for (YYYY-MM-DD), shown to users
 * @param options.now import time written to the meta (default: the current time)
 */
export async function importRegistry(
  csvPath: string,
  contentDir: string,
  asOf: string,
  options: { now?: Date } = {},
): Promise<ImportResult> {
  const asOfDate = parseRegistryDate(asOf)
  if ('error' in asOfDate || asOfDate.iso !== asOf) {
    return { ok: false, problems: [{ file: '--as-of', line: 0, col: 0, severity: 'error', message: `as-of date "${asOf}" must be YYYY-MM-DD` }] }
  }
  let bytes: Buffer
  try {
    const size = (await stat(csvPath)).size
    if (size > MAX_IMPORT_BYTES) {
      return { ok: false, problems: [{ file: csvPath, line: 0, col: 0, severity: 'error', message: `the file is ${size} bytes; at most ${MAX_IMPORT_BYTES} are accepted` }] }
    }
    bytes = await readFile(csvPath)
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : String((e as Error).message)
    return { ok: false, problems: [{ file: csvPath, line: 0, col: 0, severity: 'error', message: `cannot read the file: ${reason}` }] }
  }
  const parsed = parseAgencyCsv(bytes, csvPath)
  if (hasErrors(parsed.problems)) return { ok: false, problems: parsed.problems }

  const paths = registryPaths(contentDir)
  const files = registryFiles(parsed.rows, asOf, basename(csvPath), options.now ?? new Date())
  await mkdir(paths.dir, { recursive: true })
  await writeAtomically(paths.csv, files.csv)
  await writeAtomically(paths.meta, files.meta)
  syncDirectory(paths.dir)
  return { ok: true, rows: parsed.rows.length, asOf, path: paths.csv, problems: parsed.problems }
}

/**
 * The two registry files for valid rows: the canonical CSV and its meta (date, row count, checksum). What an import
 * writes, into a folder ({@link importRegistry}) or into a published content version (src/publish/).
 */
export function registryFiles(rows: readonly Agency[], asOf: string, sourceFile: string, now: Date): { csv: string; meta: string } {
  const csv = formatRegistryCsv(rows)
  const meta: RegistryMeta = {
    as_of: asOf,
    imported_at: now.toISOString(),
    source_file: sourceFile,
    rows: rows.length,
    csv_sha256: sha256(csv),
  }
  return {
    csv,
    meta:
      '# Written by `npm run cli -- agencies import`. Do not edit by hand: import the list again instead.\n' +
      stringifyYaml(meta, { defaultStringType: 'QUOTE_DOUBLE', defaultKeyType: 'PLAIN' }),
  }
}

function sha256(text: string | Uint8Array): string {
  return createHash('sha256').update(text).digest('hex')
}

/** Writes a file so that readers see the old or the new content, never a part: temp file, fsync, rename. */
async function writeAtomically(path: string, content: string): Promise<void> {
  const temp = `${path}.${process.pid}.${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}.tmp`
  const handle = await open(temp, 'w')
  try {
    await handle.writeFile(content, 'utf8')
    await handle.sync()
  } finally {
    await handle.close()
  }
  try {
    await rename(temp, path)
  } catch (e) {
    await unlink(temp).catch(() => undefined)
    throw e
  }
}

/** Makes the renames durable. Not every platform can fsync a directory; that is not an error. */
function syncDirectory(dir: string): void {
  try {
    const fd = openSync(dir, 'r')
    try {
      fsyncSync(fd)
    } finally {
      closeSync(fd)
    }
  } catch {
    // Windows cannot open a directory; the renames are still atomic.
  }
}

/**
 * Reads the imported registry from `<contentDir>/agencies/`. No files: no registry and no problem (users get the
 * verdict `no_registry`). A registry with an error (a hand-edited file, a CSV that does not match its meta) is not
 * returned, so the content loader keeps the last good one.
 */
export function loadRegistry(contentDir: string): { registry?: AgencyRegistry; problems: Problem[] } {
  const paths = registryPaths(contentDir)
  const hasCsv = existsSync(paths.csv)
  const hasMeta = existsSync(paths.meta)
  if (!hasCsv && !hasMeta) return { problems: [] }
  const fix = 'import the list again with `npm run cli -- agencies import FILE.csv`'
  const fail = (file: string, message: string) => ({
    problems: [{ file, line: 0, col: 0, severity: 'error' as const, message }],
  })
  if (!hasMeta) return fail(paths.meta, `registry.meta.yaml is missing next to registry.csv; ${fix}`)
  if (!hasCsv) return fail(paths.csv, `registry.csv is missing next to registry.meta.yaml; ${fix}`)

  // A content reload (an FAQ edit) must not parse a registry of a million rows again (28 s, blocking): the
  // files unchanged since the last load give the same registry.
  const key = fileKey(paths.csv) + fileKey(paths.meta)
  const cached = loadedRegistries.get(paths.csv)
  if (cached && cached.key === key) return { registry: cached.registry, problems: [] }

  // An import renames the CSV and then the meta; between the two a reader sees a mismatch. Read again once.
  let read = readPair(paths)
  if (read.ok && read.meta.csv_sha256 !== sha256(read.csv)) read = readPair(paths)
  if (!read.ok) return fail(read.file, read.message)
  const { meta, csv } = read
  const metaErrors = checkMeta(meta)
  if (metaErrors) return fail(paths.meta, `${metaErrors}; ${fix}`)
  if (meta.csv_sha256 !== sha256(csv)) {
    return fail(paths.csv, `registry.csv does not match registry.meta.yaml (edited by hand, or an import was interrupted); ${fix}`)
  }
  // The same registry in another folder (a published version written out again) is not parsed again either.
  const sameContent = `${meta.csv_sha256}:${meta.as_of}`
  const known = registriesByContent.get(sameContent)
  if (known) {
    remember(paths.csv, { key, registry: known })
    return { registry: known, problems: [] }
  }
  const parsed = parseAgencyCsv(csv, paths.csv)
  if (hasErrors(parsed.problems)) return { problems: parsed.problems }
  if (parsed.rows.length !== meta.rows) {
    return fail(paths.meta, `registry.meta.yaml says ${meta.rows} rows but registry.csv has ${parsed.rows.length}; ${fix}`)
  }
  // Warnings (same names) were shown at import; the loader need not repeat them on every reload.
  const registry = buildRegistry(parsed.rows.map(stripLine), meta.as_of)
  remember(paths.csv, { key, registry })
  registriesByContent.clear() // keep one: a registry can be large
  registriesByContent.set(sameContent, registry)
  return { registry, problems: [] }
}

/** The last registry loaded per CSV path, with the identity of its files then. */
const loadedRegistries = new Map<string, { key: string; registry: AgencyRegistry }>()
/** The last registry parsed, by its CSV's checksum and date. */
const registriesByContent = new Map<string, AgencyRegistry>()

/** Published versions are loaded from a new folder each: keep the last few paths, not every one ever seen. */
function remember(path: string, entry: { key: string; registry: AgencyRegistry }): void {
  loadedRegistries.delete(path)
  loadedRegistries.set(path, entry)
  while (loadedRegistries.size > 4) loadedRegistries.delete(loadedRegistries.keys().next().value!)
}

/** Which file this is and whether it changed: inode, size and times (an import replaces both files). */
function fileKey(file: string): string {
  try {
    const s = statSync(file)
    return `${s.ino}:${s.size}:${s.mtimeMs}:${s.ctimeMs};`
  } catch {
    return 'missing;'
  }
}

function stripLine({ line: _line, ...agency }: AgencyRow): Agency {
  return agency
}

type PairRead = { ok: true; meta: RegistryMeta; csv: Uint8Array } | { ok: false; file: string; message: string }

function readPair(paths: { csv: string; meta: string }): PairRead {
  let metaText: string
  let csv: Uint8Array
  try {
    metaText = readFileSync(paths.meta, 'utf8')
    csv = readFileSync(paths.csv)
  } catch (e) {
    return { ok: false, file: paths.csv, message: `cannot read the registry: ${(e as Error).message}` }
  }
  let meta: unknown
  try {
    meta = parseYaml(metaText)
  } catch (e) {
    return { ok: false, file: paths.meta, message: `registry.meta.yaml is not valid YAML: ${(e as Error).message}` }
  }
  if (typeof meta !== 'object' || meta === null) {
    return { ok: false, file: paths.meta, message: 'registry.meta.yaml is empty' }
  }
  return { ok: true, meta: meta as RegistryMeta, csv }
}

/** A message when the meta lacks a field or has a bad one, else undefined. */
function checkMeta(meta: RegistryMeta): string | undefined {
  const asOf = typeof meta.as_of === 'string' ? parseRegistryDate(meta.as_of) : undefined
  if (!asOf || 'error' in asOf || asOf.iso !== meta.as_of) return 'registry.meta.yaml: as_of must be a date YYYY-MM-DD'
  if (typeof meta.rows !== 'number' || !Number.isInteger(meta.rows)) return 'registry.meta.yaml: rows must be a number'
  if (typeof meta.csv_sha256 !== 'string') return 'registry.meta.yaml: csv_sha256 is missing'
  return undefined
}
