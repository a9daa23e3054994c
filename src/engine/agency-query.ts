/**
 * What an answer to "which company?" says besides the name: a destination ("PT Karya Mulia Bersama, tujuan taiwan")
 * is cut off before the registry is searched (`companyPart`); the city a user names next to a company ("PT Sinar Harapan Mandiri yg di surabaya", "kantornya di Malang",
 * "the office in Semarang"), compared with the registry entry's city: when they differ, the agency check says so
 * (a branch office may exist; the registry is all it knows). Cities are the regencies of content/regions.csv, matched
 * only on their exact name (never a close spelling: "di kantor" is no city).
 */
import type { Bundle } from '../content/bundle.ts'
import type { RegionIndex } from '../knowledge/regions.ts'
import { cleanText } from '../understanding/normalize.ts'

/** Words before a destination ("tujuan taiwan", "ke hongkong", "to korea"); what follows one is never a name. */
const BEFORE_DESTINATION = /^(?:tujuan(?:nya)?|tujuan kerja|negara(?:nya)?|negara tujuan|destination|ke|to|buat ke|untuk ke|for)\s+/i
/** A place said after a name ("yg di surabaya", "di malang", "in semarang"). */
const PLACE_SUFFIX = /\s+(?:(?:yg|yang|kantor(?:nya)?|which is|office)\s+)?(?:di|dari|in|from|at)\s+[\p{L} ]+$/iu

/**
 * The company part of an answer: a clause or ending that names only a destination ("…, tujuan taiwan", "… ke
 * hongkong") or a city of content/regions.csv ("… yg di surabaya") is left out; everything else stays as typed, so
 * that a word which may belong to the name ("resmi") still keeps the answer a near match, never a licensed one.
 */
export function companyPart(bundle: Bundle, query: string): string {
  const clauses = query.split(',')
  let kept = clauses[0] ?? ''
  for (const clause of clauses.slice(1)) {
    if (!namesOnlyAPlace(bundle, clause)) kept += `,${clause}`
  }
  const tail = /\s+((?:tujuan(?:nya)?|destination|ke|to)\s+[\p{L} ]+)$/iu.exec(kept)
  if (tail && namesOnlyAPlace(bundle, tail[1]!)) kept = kept.slice(0, tail.index)
  const place = PLACE_SUFFIX.exec(kept)
  if (place && cityNamed(bundle.regions, place[0])) kept = kept.slice(0, place.index)
  kept = kept.trim()
  return kept.length >= 2 ? kept : query
}

/**
 * The query without a regency or city said after the name with no "di" before it ("pt global tenaga nusantra lombok
 * timur", "PT Maju Jaya kab. malang"), for a second search when the whole query found nothing. Only its exact name
 * counts (one to three words, at least one word of name left before it); undefined when the query does not end so.
 * A name found this way is a suggestion, never a verdict: "PT Maju Jaya Malang" may be another company.
 */
export function withoutTrailingCity(bundle: Bundle, query: string): string | undefined {
  const words = query.trim().split(/\s+/u)
  for (const n of [3, 2, 1]) {
    if (words.length - n < 2) continue
    const typed = cleanText(words.slice(-n).join(' '))
    if (!typed || typed.split(' ').length !== n) continue
    const found = bundle.regions?.matchRegency(typed).matches.filter((r) => core(r.name) === core(typed)) ?? []
    if (found.length > 0) return words.slice(0, -n).join(' ')
  }
  return undefined
}

/** A clause that says only where to ("tujuan taiwan", "ke hongkong") or which city ("yg di surabaya"). */
function namesOnlyAPlace(bundle: Bundle, clause: string): boolean {
  const text = clause.trim().replace(BEFORE_DESTINATION, '')
  if (!text) return false
  const words = cleanText(text).split(' ').filter(Boolean)
  if (words.length > 3) return false
  if (bundle.router?.read(clause).destination) return true
  return !!cityNamed(bundle.regions, ` di ${text}`)
}

/** Words after which a place follows ("yg di surabaya", "dari malang", "in semarang"). */
const BEFORE_PLACE = new Set(['di', 'dari', 'in', 'from', 'at'])
/** A regency's kind word, left out when names are compared ("Kota Malang" is "malang"). */
const KIND = /^(kota|kabupaten|kab|city of|regency of)\s+/

function core(name: string): string {
  return cleanText(name).replace(KIND, '').trim()
}

/** The regency or city named after "di"/"dari"/"in" in `text` (one to three words), as typed; undefined when none. */
export function cityNamed(regions: RegionIndex | undefined, text: string | undefined): { typed: string; cores: string[] } | undefined {
  if (!regions || !text) return undefined
  for (const clause of text.split(/[,.;!?\n]+/u)) {
    const words = cleanText(clause).split(' ').filter(Boolean)
    for (let i = 0; i < words.length - 1; i++) {
      if (!BEFORE_PLACE.has(words[i]!)) continue
      for (const n of [3, 2, 1]) {
        const typed = words.slice(i + 1, i + 1 + n).join(' ')
        if (typed.split(' ').length < n) continue
        const found = regions.matchRegency(typed).matches.filter((r) => core(r.name) === core(typed))
        if (found.length > 0) return { typed, cores: [...new Set(found.map((r) => core(r.name)))] }
      }
    }
  }
  return undefined
}

/** The city the user named when it is not the registry's city (`registered`), as typed; undefined otherwise. */
export function otherCity(regions: RegionIndex | undefined, text: string | undefined, registered: string | undefined): string | undefined {
  if (!registered) return undefined
  const named = cityNamed(regions, text)
  if (!named) return undefined
  const theirs = core(registered)
  return named.cores.includes(theirs) || theirs.includes(core(named.typed)) ? undefined : named.typed.replace(/\b\p{L}/gu, (c) => c.toUpperCase())
}
