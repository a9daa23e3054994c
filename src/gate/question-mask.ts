/**
 * Unanswered questions are kept for officers (what should the FAQ answer next?), not who asked them. Before one is
 * recorded it is masked, best effort:
 *
 * - e-mail addresses → `[email]`, web addresses → `[link]`, runs of 5 or more digits (phone, ID, passport
 *   numbers, also with spaces, dots or dashes) → `[nomor]`;
 * - the words after "nama saya", "namaku", "my name is", … (up to three, until a word like "dari") → `[nama]`;
 * - names of Indonesian provinces and regencies/cities (content/regions.csv, through the bundle) and the word
 *   after "desa", "kampung", "kecamatan", "jalan", … → `[tempat]`; after "dari", "di", "asal", "from", "in" the next
 *   word too when it is capitalized;
 * - other capitalized words inside a sentence (people rarely capitalize anything but names) → `[nama]`.
 *
 * Destination countries (the bundle's countries) and all-capital abbreviations (PT, BP2MI, KTP) stay: they are
 * what officers need to group questions. The work is linear in the text length (a few look-ups per word).
 */
import type { Bundle } from '../content/bundle.ts'

const NAME_LEAD = [['nama', 'saya'], ['nama', 'aku'], ['nama', 'ku'], ['nama', 'gue'], ['nama', 'gw'], ['namaku'], ['namanya'], ['my', 'name', 'is'], ['name'], ['nama']]
/** Words after which the next one or two are a place. */
const PLACE_LEAD = new Set(['desa', 'ds', 'kampung', 'kp', 'dusun', 'kecamatan', 'kec', 'kelurahan', 'kel', 'jalan', 'jl', 'jln', 'gang', 'gg', 'rt', 'rw', 'kabupaten', 'kab', 'kota', 'provinsi', 'prov', 'village', 'street'])
/** Words after which a capitalized word is a place. */
const MAYBE_PLACE_LEAD = new Set(['dari', 'di', 'asal', 'from', 'in', 'tinggal', 'daerah'])
/** Words that end a name: what follows is not part of it. */
const NAME_END = new Set(['dari', 'di', 'asal', 'umur', 'usia', 'mau', 'ingin', 'pengen', 'pingin', 'tinggal', 'kerja', 'bekerja', 'sudah', 'udah', 'sedang', 'lagi', 'dan', 'yang', 'from', 'and', 'i', 'saya', 'aku', 'want', 'am', 'age', 'tahun', 'thn', 'adalah', 'is'])
/** Single-word region names that are everyday words; masked only after a place word. */
const COMMON_WORDS = new Set(['batu', 'malang', 'banjar', 'tegal', 'bone', 'pati', 'kudus', 'serang', 'buru', 'muna', 'agam', 'kota', 'barat', 'timur', 'utara', 'selatan', 'tengah', 'raya', 'baru', 'karo', 'ende', 'belu', 'alor', 'siak', 'poso', 'lingga'])
/** Capitalized words that are not names (a sentence may start anywhere in chat). */
const NOT_NAMES = new Set(['saya', 'aku', 'apa', 'apakah', 'bagaimana', 'gimana', 'berapa', 'kapan', 'dimana', 'mana', 'kenapa', 'mengapa', 'siapa', 'bisa', 'boleh', 'tolong', 'mohon', 'halo', 'hai', 'pak', 'bu', 'ibu', 'bapak', 'kak', 'mas', 'mbak', 'min', 'admin', 'terima', 'kasih', 'maaf', 'selamat', 'pagi', 'siang', 'sore', 'malam', 'i', 'what', 'how', 'when', 'where', 'why', 'who', 'can', 'is', 'are', 'do', 'does', 'please', 'hello', 'hi', 'thanks', 'thank', 'sorry', 'the', 'my', 'indonesia', 'indonesian', 'islam', 'allah', 'tuhan', 'tki', 'tkw', 'pmi', 'visa', 'paspor', 'ktp'])

/** Places abroad people ask about, beyond the bundle's destination countries. */
const ABROAD = ['hong', 'kong', 'hongkong', 'taiwan', 'malaysia', 'singapura', 'singapore', 'brunei', 'arab', 'saudi', 'qatar', 'dubai', 'uae', 'kuwait', 'oman', 'jepang', 'japan', 'korea', 'australia', 'eropa', 'europe', 'amerika', 'america', 'polandia', 'jerman', 'germany', 'belanda', 'turki']

const PUNCT = /^[("'“‘]+|[)"'”’.,!?;:]+$/g

interface MaskWords {
  /** Region names, lower case, as word lists joined by spaces. */
  places: ReadonlySet<string>
  longestPlace: number
  /** Country names and synonyms, lower case, one word each (multi-word ones by their words). */
  countries: ReadonlySet<string>
}

const cache = new WeakMap<object, MaskWords>()

function wordsOf(bundle: Bundle | undefined): MaskWords {
  const key = bundle?.regions ?? cache
  const known = cache.get(key)
  if (known) return known
  const places = new Set<string>()
  const countries = new Set<string>(ABROAD)
  if (bundle) {
    const regions = bundle.regions.provinces().flatMap((province) => [province, ...bundle.regions.regencies(province.code)])
    for (const region of regions) {
      const name = region.name.toLowerCase().replace(/^(kabupaten|kota|kab\.?|provinsi)\s+/, '').trim()
      if (name && !COMMON_WORDS.has(name)) places.add(name)
    }
    for (const country of bundle.countries) {
      for (const name of [country.id, country.label.id, country.label.en ?? '', ...country.synonyms]) {
        for (const word of name.toLowerCase().split(/\s+/)) if (word) countries.add(word)
      }
    }
  }
  const words = { places, countries, longestPlace: Math.max(1, ...[...places].map((p) => p.split(' ').length)) }
  cache.set(key, words)
  return words
}

const bare = (token: string): string => token.replace(PUNCT, '')
const isCapitalized = (word: string): boolean => /^\p{Lu}\p{Ll}/u.test(word)

/** Masks personal details in a question (see the module comment); keeps case and spacing otherwise. */
export function maskQuestion(text: string, bundle?: Bundle): string {
  const words = wordsOf(bundle)
  const cleaned = text
    .replace(/\S+@\S+\.\S+/g, '[email]')
    .replace(/\b(?:https?:\/\/|www\.)\S+/gi, '[link]')
    .replace(/(?:\b[A-Za-z]{1,2})?\+?\d(?:[\s.-]?\d){4,}/g, '[nomor]')
  const tokens = cleaned.split(/\s+/).filter(Boolean)
  const lower = tokens.map((token) => bare(token).toLowerCase())
  const out: string[] = []
  const push = (token: string, mask?: string): void => {
    const value = mask ?? token
    if (mask && out[out.length - 1] === mask) return
    out.push(value)
  }
  for (let i = 0; i < tokens.length; ) {
    const token = tokens[i]!
    const word = lower[i]!
    // "nama saya Siti Aminah dari …"
    const lead = NAME_LEAD.find((seq) => seq.every((w, k) => lower[i + k] === w))
    if (lead) {
      for (let k = 0; k < lead.length; k++) push(tokens[i + k]!)
      let j = i + lead.length
      if (lower[j] === 'adalah' || lower[j] === 'is') push(tokens[j++]!)
      const start = j
      while (j < tokens.length && j - start < 3 && !NAME_END.has(lower[j]!) && lower[j] !== '') j++
      if (j > start) push('', '[nama]')
      i = j
      continue
    }
    // region names, longest first: "jawa barat", "tanjung jabung timur"
    let matched = 0
    for (let n = Math.min(words.longestPlace, tokens.length - i); n >= 1 && !matched; n--) {
      if (words.places.has(lower.slice(i, i + n).join(' '))) matched = n
    }
    if (matched) {
      push('', '[tempat]')
      i += matched
      continue
    }
    push(token)
    i++
    const next = lower[i]
    if (next === undefined) break
    const nextIsCountry = words.countries.has(next)
    if (PLACE_LEAD.has(word) && !nextIsCountry && !/^\[/.test(next)) {
      push('', '[tempat]')
      i++
      if (tokens[i] && isCapitalized(bare(tokens[i]!)) && !words.countries.has(lower[i]!)) i++
      continue
    }
    if (MAYBE_PLACE_LEAD.has(word) && !nextIsCountry && isCapitalized(bare(tokens[i]!)) && !NOT_NAMES.has(next)) {
      push('', '[tempat]')
      i++
      while (i < tokens.length && isCapitalized(bare(tokens[i]!)) && !words.countries.has(lower[i]!)) i++
      continue
    }
  }
  // Capitalized words inside a sentence: names of people, villages, employers.
  const result: string[] = []
  let atStart = true
  for (const token of out) {
    const word = bare(token)
    const mask =
      !atStart && isCapitalized(word) && !NOT_NAMES.has(word.toLowerCase()) && !words.countries.has(word.toLowerCase())
        ? '[nama]'
        : undefined
    if (mask) {
      if (result[result.length - 1] !== mask) result.push(mask)
    } else result.push(token)
    atStart = /[.!?]$/.test(token)
  }
  return result.join(' ')
}
