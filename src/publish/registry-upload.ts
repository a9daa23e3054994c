/**
 * A new licensed-P3MI registry, from a CSV an officer gives, into a published content version: the same three steps
 * for the CLI (`agencies import FILE`) and the officer console's registry page.
 *
 * 1. `previewRegistryUpload(bytes, …)`: decodes (UTF-8, UTF-16, Windows-1252) and validates every row; nothing in
 *    the store changes. The preview has the counts by status, every error and warning with its line and column, the
 *    registry date, and (when there is no error) a `token`; the canonical CSV is kept in the store under its
 *    checksum so that the confirmation can be served by any instance.
 * 2. The officer reads it.
 * 3. `confirmRegistryUpload(token, …)`: publishes a new version = the active version with this registry (the whole
 *    bundle validated once more, see publisher.ts). Every instance switches to it within seconds.
 *
 * A file with any error changes nothing.
 */
import { basename } from 'node:path'
import { parseAgencyCsv, parseRegistryDate, registryFiles } from '../content/agency-csv.ts'
import { hasErrors, type Problem } from '../content/problems.ts'
import { sha256 } from '../content/snapshot.ts'
import { effectiveStatus, type Agency, type AgencyRegistry } from '../knowledge/agencies.ts'
import { publishRegistry, type PublishContext, type PublishResult } from './publisher.ts'

/** Largest file accepted by the console (the CLI reads files up to 50 MiB). */
export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024

export interface RegistryCounts {
  total: number
  active: number
  /** Active in the file but past its end date today. */
  expired: number
  suspended: number
  revoked: number
}

export interface RegistryPreview {
  /** True when the file has no error and can be confirmed. */
  ok: boolean
  fileName: string
  /** The date the list is valid for (YYYY-MM-DD), shown to users. */
  asOf: string
  counts: RegistryCounts
  /** Every error, with line and column (column 1 = A). Empty when `ok`. */
  errors: Problem[]
  warnings: Problem[]
  /** Pass to `confirmRegistryUpload`; only when `ok`. */
  token?: string
}

export interface PreviewOptions {
  fileName: string
  /** YYYY-MM-DD; default `today`. May not be in the future. */
  asOf?: string
  /** Today (YYYY-MM-DD, WIB), for expiry counts and the default date. */
  today: string
  maxBytes?: number
}

const problem = (file: string, message: string): Problem => ({ file, line: 0, col: 0, severity: 'error', message })

/** Counts by status as users would be told today. */
export function countAgencies(agencies: readonly Agency[], today: string): RegistryCounts {
  const counts: RegistryCounts = { total: agencies.length, active: 0, expired: 0, suspended: 0, revoked: 0 }
  for (const agency of agencies) counts[effectiveStatus(agency, today)]++
  return counts
}

/** The registry in use (from the running bundle) for the console's page: date and counts, or nothing imported. */
export function registrySummary(registry: AgencyRegistry | undefined, today: string): { asOf: string; counts: RegistryCounts } | undefined {
  return registry ? { asOf: registry.asOf, counts: countAgencies(registry.agencies, today) } : undefined
}

/** Step 1: validate and preview. Stores the canonical CSV (content-addressed) only when the file has no error. */
export async function previewRegistryUpload(bytes: Uint8Array, options: PreviewOptions, context: Pick<PublishContext, 'versions'>): Promise<RegistryPreview> {
  const fileName = options.fileName || 'registry.csv'
  const asOf = options.asOf ?? options.today
  const empty: RegistryCounts = { total: 0, active: 0, expired: 0, suspended: 0, revoked: 0 }
  const refuse = (message: string, file = fileName): RegistryPreview => ({ ok: false, fileName, asOf, counts: empty, errors: [problem(file, message)], warnings: [] })
  const date = parseRegistryDate(asOf)
  if ('error' in date || date.iso !== asOf) return refuse(`tanggal daftar "${asOf}" harus YYYY-MM-DD (the registry date must be YYYY-MM-DD)`, 'as-of')
  if (asOf > options.today) return refuse(`tanggal daftar ${asOf} ada di masa depan (is in the future; today is ${options.today})`, 'as-of')
  const max = options.maxBytes ?? MAX_UPLOAD_BYTES
  if (bytes.byteLength > max) {
    return refuse(`berkas terlalu besar (the file is ${megabytes(bytes.byteLength)}; at most ${megabytes(max)} are accepted): is it the right file?`)
  }
  if (bytes.byteLength === 0) return refuse('berkas kosong (the file is empty)')
  const parsed = parseAgencyCsv(bytes, fileName)
  const errors = parsed.problems.filter((p) => p.severity === 'error')
  const warnings = parsed.problems.filter((p) => p.severity !== 'error')
  const counts = countAgencies(parsed.rows, options.today)
  if (hasErrors(parsed.problems)) return { ok: false, fileName, asOf, counts, errors, warnings }
  const csv = registryFiles(parsed.rows, asOf, basename(fileName), new Date()).csv
  const hash = sha256(csv)
  await context.versions.putBlobs(new Map([[`content/agencies/pending-${hash}.csv`, Buffer.from(csv, 'utf8')]]))
  const token = Buffer.from(JSON.stringify({ sha: hash, asOf, fileName: basename(fileName) })).toString('base64url')
  return { ok: true, fileName, asOf, counts, errors, warnings, token }
}

/** Step 3: publish the previewed registry as a new content version. */
/**
 * Confirmations in progress, by token: a second press of "Publish" (or a browser that sends the form again after the
 * server closed a slow connection: Chromium does for a POST that got no answer on a reused connection) waits for the
 * first and gets its result, instead of publishing the same registry a second time.
 */
const confirming = new Map<string, Promise<PublishResult>>()

export function confirmRegistryUpload(token: string, context: PublishContext): Promise<PublishResult> {
  const running = confirming.get(token)
  if (running) return running
  const started = confirmOnce(token, context).finally(() => confirming.delete(token))
  confirming.set(token, started)
  return started
}

async function confirmOnce(token: string, context: PublishContext): Promise<PublishResult> {
  let claim: { sha: string; asOf: string; fileName: string }
  try {
    claim = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as typeof claim
    if (typeof claim.sha !== 'string' || !/^[0-9a-f]{64}$/.test(claim.sha) || typeof claim.asOf !== 'string' || typeof claim.fileName !== 'string') throw new Error('bad token')
  } catch {
    return { ok: false, problems: [problem('upload', 'unggahan tidak dikenal (unknown upload); upload the file again')] }
  }
  let csv: string
  try {
    const files = await context.versions.getFiles({ 'content/agencies/registry.csv': claim.sha })
    csv = files.get('content/agencies/registry.csv')!.toString('utf8')
  } catch {
    return { ok: false, problems: [problem('upload', 'unggahan tidak ditemukan (the upload is no longer there); upload the file again')] }
  }
  const parsed = parseAgencyCsv(csv, claim.fileName)
  if (hasErrors(parsed.problems)) return { ok: false, problems: parsed.problems }
  const files = registryFiles(parsed.rows, claim.asOf, claim.fileName, context.now?.() ?? new Date())
  return publishRegistry(context, { ...files, asOf: claim.asOf, rows: parsed.rows.length }, `registry ${claim.fileName}`)
}

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`
}
