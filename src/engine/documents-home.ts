/**
 * Documents held by a recruiter at home, with money asked to give them back ("PT X nahan ijazah sama ktp sy, ga
 * dikasih balik kalo ga bayar 5jt ganti rugi", "paspor sy ditahan dr bulan juni, diminta bayar 7jt kalo mau
 * diambil"): a complaint, not an emergency abroad (blind tester A, A-5). The crisis detector may read such a message
 * as a passport taken or as someone kept from going home ("ga dikasih balik"); this module decides, on the reply
 * side, that the calm answer fits: one message that holding documents or asking "ganti rugi" for them is a warning
 * sign, and where to complain in Indonesia.
 *
 * The words are content (content/abroad.yaml `documents_home`, `documents_ransom`, `documents_back`,
 * `documents_danger`).
 */
import type { Bundle } from '../content/bundle.ts'
import type { CrisisResult } from '../understanding/crisis.ts'
import { hasCue } from './abroad.ts'

/**
 * True when `crisis` (as detected and placed) is the writer's own documents held, with money asked to get them back,
 * not abroad and with no danger word: a passport taken (`documents_taken`), or a "not given back" read as being kept
 * from going home (`confinement`, only with words of a thing given back).
 */
export function documentsHeldAtHome(bundle: Bundle, text: string, crisis: Pick<CrisisResult, 'category' | 'about' | 'place'>): boolean {
  if (crisis.about !== 'self' || crisis.place === 'abroad') return false
  if (crisis.category !== 'documents_taken' && crisis.category !== 'confinement') return false
  if (!documentsRansomed(bundle, text)) return false
  return crisis.category === 'documents_taken' || hasCue(bundle, text, 'documents_back')
}

/**
 * The words alone: documents named, money asked, no danger word. Also for a story typed in a form that the crisis
 * detector did not raise ("ijazah sy dipegang PT, baru dibalikin kalo bayar"), where the held-documents FAQ (written
 * for workers abroad) would be the form's warning; there the caller also wants no place abroad named.
 */
export function documentsRansomed(bundle: Bundle, text: string): boolean {
  if (!hasCue(bundle, text, 'documents_home') || !hasCue(bundle, text, 'documents_ransom')) return false
  return !hasCue(bundle, text, 'documents_danger') && !hasCue(bundle, text, 'injured')
}

/**
 * The text of the calm answer: at home when the place is known to be Indonesia (or the message says the documents
 * never left, `documents_not_left`), else the version that also covers a writer who may be abroad.
 */
export function documentsHomeKey(bundle: Bundle, text: string, inIndonesia: boolean): 'crisis.documents_home' | 'crisis.documents_home_unknown' {
  return inIndonesia || hasCue(bundle, text, 'documents_not_left') ? 'crisis.documents_home' : 'crisis.documents_home_unknown'
}
