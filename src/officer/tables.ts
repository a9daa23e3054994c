/**
 * The columns of the leads and reports tables, shared by the console's pages and its CSV and XLSX exports: a
 * header in both languages, whether the column holds personal data (hidden from viewers), and the cell's text with
 * codes turned into names (`labels.ts`).
 */
import type { Lead, Report } from '../engine/types.ts'
import { withPhoneDuplicates, type LeadRow } from '../knowledge/lead-export.ts'
import { LIST_SEPARATOR } from '../knowledge/safe-csv.ts'
import type { Text } from './console.ts'
import { wibTime } from './filters.ts'
import type { Labels } from './labels.ts'

export interface TableColumn<T> {
  header: Text
  /** Names, phone numbers, user keys, free text: not for viewers, and only in exports by officers. */
  personal?: boolean
  /** Only in exports (too wide or too technical for the page). */
  exportOnly?: boolean
  cell(row: T, labels: Labels): string | number
}

const CHANNELS: Record<string, string> = { whatsapp: 'WhatsApp', telegram: 'Telegram', web: 'Web', terminal: 'Terminal' }

export const LEAD_COLUMNS: readonly TableColumn<LeadRow>[] = [
  { header: { id: 'Referensi', en: 'Reference' }, cell: (l) => l.ref },
  { header: { id: 'Dibuat (WIB)', en: 'Created (WIB)' }, cell: (l) => wibTime(l.createdAt) },
  { header: { id: 'Diperbarui (WIB)', en: 'Updated (WIB)' }, exportOnly: true, cell: (l) => wibTime(l.updatedAt) },
  { header: { id: 'Kanal', en: 'Channel' }, cell: (l) => CHANNELS[l.channel] ?? l.channel },
  { header: { id: 'Bahasa', en: 'Language' }, exportOnly: true, cell: (l) => l.lang },
  { header: { id: 'Nama', en: 'Name' }, personal: true, cell: (l) => l.name },
  { header: { id: 'Nomor HP', en: 'Phone' }, personal: true, cell: (l) => l.phone },
  { header: { id: 'Umur', en: 'Age' }, cell: (l) => l.age },
  { header: { id: 'Provinsi', en: 'Province' }, cell: (l, x) => x.province(l.province) },
  { header: { id: 'Kabupaten/Kota', en: 'Regency/City' }, cell: (l, x) => x.regency(l.regency) },
  { header: { id: 'Pendidikan', en: 'Education' }, cell: (l, x) => x.education(l.education) },
  { header: { id: 'Minat pelatihan', en: 'Training interests' }, cell: (l, x) => l.interests.map((i) => x.interest(i)).join(`${LIST_SEPARATOR} `) },
  { header: { id: 'Negara tujuan', en: 'Destination' }, cell: (l, x) => x.destination(l.destination) },
  { header: { id: 'Persetujuan (WIB)', en: 'Consent (WIB)' }, exportOnly: true, cell: (l) => wibTime(l.consentAt) },
  { header: { id: 'Nomor HP sama dengan', en: 'Same phone as' }, personal: true, exportOnly: true, cell: (l) => l.samePhoneAs.join(`${LIST_SEPARATOR} `) },
  { header: { id: 'Kunci pengguna', en: 'User key' }, personal: true, exportOnly: true, cell: (l) => l.userKey },
  { header: { id: 'ID', en: 'ID' }, exportOnly: true, cell: (l) => l.id },
]

export const REPORT_COLUMNS: readonly TableColumn<Report>[] = [
  { header: { id: 'Referensi', en: 'Reference' }, cell: (r) => r.ref ?? '' },
  { header: { id: 'Dibuat (WIB)', en: 'Created (WIB)' }, cell: (r) => wibTime(r.createdAt) },
  { header: { id: 'Kanal', en: 'Channel' }, cell: (r) => CHANNELS[r.channel] ?? r.channel },
  { header: { id: 'Bahasa', en: 'Language' }, exportOnly: true, cell: (r) => r.lang },
  { header: { id: 'Perekrut yang dilaporkan', en: 'Recruiter reported' }, personal: true, cell: (r) => r.recruiter },
  { header: { id: 'Cerita', en: 'Story' }, personal: true, cell: (r) => r.story },
  { header: { id: 'Kontak pelapor', en: "Reporter's contact" }, personal: true, cell: (r) => r.contact ?? '' },
  { header: { id: 'Kunci pengguna', en: 'User key' }, personal: true, exportOnly: true, cell: (r) => r.userKey },
  { header: { id: 'ID', en: 'ID' }, exportOnly: true, cell: (r) => r.id },
]

export { withPhoneDuplicates, type LeadRow }
/** Leads as table rows (with the refs of other users' leads that give the same phone). */
export function leadRows(leads: readonly Lead[]): LeadRow[] {
  return withPhoneDuplicates(leads)
}
