/**
 * A clearly fictional agency registry for tests: every name has "Contoh" and "Fiktif", every licence starts with
 * "FIK". Nothing here resembles a real P3MI.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fictionalAgencies } from '../../src/bench/agency-bench.ts'
import type { Agency } from '../../src/knowledge/agencies.ts'

export { fictionalAgencies }

/** The registry's date in tests, and the day questions are asked. */
export const AS_OF = '2026-01-15'
export const TODAY = '2026-01-20'

const place = { address: 'Jl. Contoh Fiktif No. 1', city: 'Kota Contoh', province: 'Provinsi Fiktif', phone: '' }

/** Hand-made entries, one per case the lookup must get right. */
export const SPECIAL = {
  licensed: { name: 'PT Contoh Maju Jaya Fiktif', license: 'FIK.9001/SIP3MI/2024', status: 'active', validUntil: '2028-12-31', ...place },
  longerRevoked: { name: 'PT Contoh Maju Jaya Abadi Fiktif', license: 'FIK.9002/SIP3MI/2019', status: 'revoked', validUntil: null, ...place },
  suspended: { name: 'PT Contoh Skorsing Fiktif', license: 'FIK.9003/SIP3MI/2023', status: 'suspended', validUntil: '2027-06-30', ...place },
  expired: { name: 'PT Contoh Kedaluwarsa Fiktif', license: 'FIK.9004/SIP3MI/2020', status: 'active', validUntil: '2026-01-19', ...place },
  lastDay: { name: 'PT Contoh Hari Terakhir Fiktif', license: 'FIK.9005/SIP3MI/2021', status: 'active', validUntil: TODAY, ...place },
  other: { name: 'PT Contoh Sinar Fiktif', license: 'FIK.9006/SIP3MI/2022', status: 'active', validUntil: '2029-01-31', ...place },
  ptInMiddle: { name: 'Contoh Sinar PT Samudra Fiktif', license: 'FIK.9007/SIP3MI/2022', status: 'active', validUntil: '2029-01-31', ...place },
  initials: { name: 'P.T. Contoh A.B.C. Fiktif', license: 'FIK.9008/SIP3MI/2022', status: 'active', validUntil: '2029-01-31', ...place },
  twinActive: { name: 'PT Contoh Kembar Fiktif', license: 'FIK.9010/SIP3MI/2024', status: 'active', validUntil: '2028-01-31', ...place },
  twinRevoked: { name: 'Contoh Kembar Fiktif, PT', license: 'FIK.9011/SIP3MI/2018', status: 'revoked', validUntil: null, ...place },
  sameA: { name: 'PT Contoh Serupa Fiktif', license: 'FIK.9012/SIP3MI/2024', status: 'active', validUntil: '2028-01-31', ...place },
  sameB: { name: 'P.T. Contoh Serupa Fiktif', license: 'FIK.9013/SIP3MI/2024', status: 'active', validUntil: '2027-01-31', ...place },
  // "nih" is a conversational word, but here the last word of a registered name: it must not be stripped.
  short: { name: 'PT Contoh Nusa Fiktif', license: 'FIK.9014/SIP3MI/2024', status: 'active', validUntil: '2028-01-31', ...place },
  shortNih: { name: 'PT Contoh Nusa Fiktif Nih', license: 'FIK.9015/SIP3MI/2017', status: 'revoked', validUntil: null, ...place },
} satisfies Record<string, Agency>

/** The special entries followed by `count` generated ones ("PT Contoh Cahaya Mitra Fiktif 0042"). */
export function fictionalRegistryRows(count = 3000): Agency[] {
  return [...Object.values(SPECIAL), ...fictionalAgencies(count, { asOf: AS_OF })]
}

export const CANONICAL = ['nama_p3mi', 'nomor_sip3mi', 'status', 'berlaku_sampai', 'alamat', 'kabupaten_kota', 'provinsi', 'telepon']
export const ENGLISH = ['name', 'license_number', 'status', 'valid_until', 'address', 'city', 'province', 'phone']

export interface CsvStyle {
  delimiter?: ',' | ';' | '\t'
  bom?: boolean
  headers?: 'canonical' | 'english'
  /** Column order as indexes into the canonical order, e.g. [3, 0, 2, 1, 4, 5, 6, 7]. */
  order?: readonly number[]
  /** How dates are written. */
  dates?: 'iso' | 'dd/mm/yyyy' | 'dd-mm-yyyy'
  /** Status words: Indonesian (aktif/skorsing/dicabut), English, or Indonesian synonyms (dibekukan). */
  statuses?: 'id' | 'en' | 'id-alt'
  lineEnding?: '\n' | '\r\n'
}

const STATUS_WORDS = {
  id: { active: 'aktif', suspended: 'skorsing', revoked: 'dicabut' },
  en: { active: 'active', suspended: 'suspended', revoked: 'revoked' },
  'id-alt': { active: 'AKTIF', suspended: 'Dibekukan', revoked: 'Dicabut' },
} as const

/** Writes agencies as an officer's spreadsheet export would look in the given style. */
export function registryCsv(rows: readonly Agency[], style: CsvStyle = {}): string {
  const d = style.delimiter ?? ','
  const order = style.order ?? [0, 1, 2, 3, 4, 5, 6, 7]
  const headers = style.headers === 'english' ? ENGLISH : CANONICAL
  const quote = (v: string) => (/[",;\t\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)
  const date = (iso: string | null) => {
    if (iso === null) return ''
    const [y, m, dd] = iso.split('-')
    return style.dates === 'dd/mm/yyyy' ? `${dd}/${m}/${y}` : style.dates === 'dd-mm-yyyy' ? `${dd}-${m}-${y}` : iso
  }
  const words = STATUS_WORDS[style.statuses ?? 'id']
  const lines = [order.map((i) => headers[i]!).join(d)]
  for (const r of rows) {
    const values = [r.name, r.license, words[r.status], date(r.validUntil), r.address, r.city, r.province, r.phone]
    lines.push(order.map((i) => quote(values[i]!)).join(d))
  }
  const eol = style.lineEnding ?? '\n'
  return (style.bom ? '\uFEFF' : '') + lines.join(eol) + eol
}

/** A temporary folder, removed by the returned cleanup. */
export async function tempDir(prefix = 'migrasi-aman-agencies-'): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), prefix))
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) }
}

/** Writes `content` to `<dir>/<name>` and returns the path. */
export async function writeCsv(dir: string, name: string, content: string | Uint8Array): Promise<string> {
  const path = join(dir, name)
  await writeFile(path, content)
  return path
}
