/**
 * The agency registry: licensed recruitment companies (P3MI) that an officer imported, and the lookup that tells a
 * user whether a company is licensed.
 *
 * This is the most trust-critical code in the assistant. A wrong "licensed" can cost a family their savings, so the
 * rules are strict and written down here:
 *
 * - `licensed` only for an *exact* match: the normalized licence number (SIP3MI) or the normalized company name of
 *   one registry entry that is active and not expired on the day of the question. Everything close but not exact
 *   (typos, a part of a longer name, a longer name that contains a registered one, a `CV` instead of a `PT`, a
 *   licence number written next to another company's name) is `ambiguous`: offered as "maksud Anda…?" choices.
 * - Users type sentences, not names ("PT nya namanya Maju Jaya"). Conversational words at the start or end of the
 *   query are stripped ({@link PURE_FILLER}), except a word that starts (ends) a registered name, and
 *   words that could be part of a company name ("resmi", "aman", "legal", see {@link CONTENT_FILLER}) are stripped only to
 *   *suggest* a name, never to confirm one.
 * - Without an imported registry the verdict is `no_registry`: the assistant never pretends to know.
 *
 * Everything here is pure and synchronous. `today` comes in as an argument (the engine has no clock). Indexes are
 * built once by {@link buildRegistry}, so a lookup in a 20,000-row registry takes microseconds.
 */
import SearchableMap from 'minisearch/SearchableMap'

/** Licence status as the registry records it. */
export type AgencyStatus = 'active' | 'suspended' | 'revoked'

/** Status on a given day: an active licence whose end date has passed is `expired`. */
export type EffectiveStatus = AgencyStatus | 'expired'

/** The answer to "is this company licensed?". */
export type Verdict = 'licensed' | 'suspended' | 'revoked' | 'expired' | 'ambiguous' | 'not_found' | 'no_registry'

/** One licensed recruitment company (P3MI), as imported by an officer. */
export interface Agency {
  /** Company name as registered, e.g. `PT Contoh Sentosa Fiktif`. */
  name: string
  /** Licence number (nomor SIP3MI) as registered. */
  license: string
  status: AgencyStatus
  /** Last day the licence is valid (YYYY-MM-DD, inclusive); required for an active licence, may be null otherwise. */
  validUntil: string | null
  address: string
  /** Kabupaten/kota. */
  city: string
  province: string
  phone: string
}

/** Something the assistant should tell the user besides the verdict. */
export type AgencyNote =
  /** The query holds the licence number of one company next to a different name: a classic fraud pattern. */
  | 'license_name_mismatch'
  /**
   * The licence number decided, next to its holder's name with a small typo ("duta jaya mandri"): the user is told
   * the registered spelling (a look-alike name with a real number is also a scammer's trick).
   */
  | 'license_name_near'
  /** The query names a CV, UD, koperasi or yayasan: a P3MI must be a PT (UU 18/2017 Pasal 1 angka 9). */
  | 'not_pt'
  /**
   * The query starts with "LPK" (a training centre, Lembaga Pelatihan Kerja): an LPK is licensed to train, not to
   * place workers; the name after it is still looked up in the P3MI registry.
   */
  | 'training_centre'
  /**
   * The query holds a licence number (its shape: a registered licence's letters and digits, "FIK.0010/SIP3MI/2024",
   * "FIK 0009") that no entry has. Suggestions, if any, come from the number only (the same number with another year,
   * the start of a registered number, one typo), never from the name path, and are never `licensed`.
   */
  | 'license_unknown'

/** One registry entry offered in an answer, in the shape of the CLI's JSON. */
export interface AgencyMatch {
  name: string
  license: string
  /** Status on the day of the question (`expired` for an active licence past its end date). */
  status: EffectiveStatus
  valid_until: string | null
  /** 1 for an exact match (normalized name or licence), below 1 for a near match; best first. */
  score: number
  /** Kabupaten/kota and province, for the flow to show. Not part of the JSON output. */
  city: string
  province: string
  /** The full entry (address, phone) for the flow to show. Not part of the JSON output. */
  agency: Agency
}

/** The result of {@link checkAgency}. */
export interface AgencyCheck {
  query: string
  verdict: Verdict
  /** Date of the imported registry (YYYY-MM-DD), always shown to the user; null when nothing was imported. */
  as_of: string | null
  /** Best match first; at most {@link MAX_MATCHES}. Empty for `not_found` and `no_registry`. */
  matches: AgencyMatch[]
  notes: AgencyNote[]
  /** The licence number as typed, when the query holds one that no entry has (note `license_unknown`). */
  typed_license?: string
}

/** An agency with its precomputed normalized forms. */
export interface IndexedAgency {
  agency: Agency
  /** Normalized name, tokens joined by one space. */
  name: string
  tokens: readonly string[]
  tokenSet: ReadonlySet<string>
  /** Normalized licence number. */
  license: string
}

/** Lookup structures built once per registry. Treat as read-only. */
export interface AgencyIndexes {
  entries: readonly IndexedAgency[]
  byLicense: ReadonlyMap<string, readonly number[]>
  byName: ReadonlyMap<string, readonly number[]>
  /** Name without spaces → entries ("majujaya" finds "Maju Jaya" as a near match). */
  byCompact: ReadonlyMap<string, readonly number[]>
  /** Token → entries that contain it, shortest names first. */
  postings: ReadonlyMap<string, readonly number[]>
  /** Normalized names, for whole-name typo search. */
  names: SearchableMap<number[]>
  /** Every token of every name, for per-word typo search. */
  vocabulary: SearchableMap<true>
  /** Normalized licence numbers, for typo search. */
  licenses: SearchableMap<number[]>
  /** First and last words of registered names: such a word is never stripped from that end of a query. */
  firstWords: ReadonlySet<string>
  lastWords: ReadonlySet<string>
  /** Most tokens in one name: longer spans of a query cannot be a registered name. */
  maxNameTokens: number
  /** Licence number without its year groups ("FIK.0002/SIP3MI/2019" → `FIK0002SIP3MI`) → entries. */
  byLicenseSerial: ReadonlyMap<string, readonly number[]>
  /** The letter-only pieces of registered licence numbers ("FIK"), upper case: a typed number may start with one. */
  licenseWords: ReadonlySet<string>
}

export interface AgencyRegistry {
  /** Date the officer says the list is valid for (YYYY-MM-DD); shown to users. */
  asOf: string
  agencies: readonly Agency[]
  indexes: AgencyIndexes
}

/** At most this many matches are returned (choices must fit a WhatsApp list). */
export const MAX_MATCHES = 5

/** Legal-form words a P3MI cannot have: a query naming one gets the `not_pt` note. */
const NOT_PT_FORMS: ReadonlySet<string> = new Set(['cv', 'ud', 'koperasi', 'yayasan', 'firma'])
/** Words that start a training centre's name ("LPK Sakura Mandiri"): the query gets the `training_centre` note. */
const TRAINING_CENTRE_FORMS: ReadonlySet<string> = new Set(['lpk', 'lkp'])

/**
 * Conversational words that are never the first or last word of a company name. Stripped from the start and end of
 * a query; the stripped query may still match exactly (and be `licensed`), unless a registered name starts (for the
 * start) or ends (for the end) with the word, in which case it is kept.
 */
export const PURE_FILLER: ReadonlySet<string> = new Set(
  (
    'apakah apa apkh gimana bagaimana bgmn kalau kalo klo cek cekin check tolong tlg mohon coba minta bantu ' +
    'saya aku sy gue gw mau ingin pengen tanya nanya bertanya tentang soal mengenai utk untuk ' +
    'halo hai hi hallo permisi pak bu bapak ibu kak kakak min mas mbak assalamualaikum ' +
    'nama namanya bernama yaitu yakni yang yg ini itu tsb tersebut ' +
    'perusahaan perusahaannya pt ptnya p3mi pptkis pjtki agen agennya agensi agency company ' +
    'nya ya yah ga gak nggak ngga enggak engga gk tidak tdk kah sih dong deh nih tuh kan bukan atau ' +
    'nomor nomornya no nmr sip3mi'
  ).split(' '),
)

/**
 * Words that ask about legality but could also end a company name ("PT Sinar Aman", or a fraudster's
 * "PT Maju Resmi"). Stripped only to suggest a name: a match found by stripping one of them is `ambiguous`.
 */
export const CONTENT_FILLER: ReadonlySet<string> = new Set(
  (
    'resmi legal ilegal terdaftar berizin izin ijin lisensi license licence aman asli benar bener betul ' +
    'terpercaya penipu penipuan bodong abal palsu nipu scam'
  ).split(' '),
)

/** Longest query handled; the rest is ignored (a pasted paragraph must not slow the bot). */
/**
 * Words that many company names share ("Mitra Jaya Abadi", "Karya Sejahtera Mandiri"). A query that has a word no
 * registered name has is suggested a registered name only when the words they share include one that is not of these:
 * "mitra jaya abadi" shares only "jaya abadi" with "Maju Jaya Abadi" and is no similar name (blind tester A, A-4).
 */
const GENERIC_NAME_WORDS: ReadonlySet<string> = new Set([
  'abadi', 'agung', 'anugerah', 'bersama', 'bina', 'cipta', 'global', 'indo', 'indonesia', 'insan', 'internasional',
  'international', 'jaya', 'karya', 'lestari', 'makmur', 'mandiri', 'mitra', 'mulia', 'nusantara', 'perkasa', 'prima',
  'putra', 'putri', 'raya', 'sarana', 'sejahtera', 'sentosa', 'sukses', 'utama',
])

const MAX_QUERY_CHARS = 300
const MAX_QUERY_TOKENS = 24
/** Licence numbers are written in at most this many space-separated pieces ("KEP 123 / 2024"). */
const MAX_LICENSE_CHUNKS = 8
/** Candidate entries examined per query word before giving up on finding more partial-name matches. */
const MAX_CONTAINMENT_SCAN = 1000

/** Score of a registered name found only by stripping a content word ("resmi"). */
const SCORE_CONTENT_STRIPPED = 0.95
/** Score of a name that differs only in spaces ("majujaya"). */
const SCORE_COMPACT = 0.93
/** Near matches never reach this. */
const SCORE_NEAR_CAP = 0.99

/**
 * Normalizes a licence number for comparison: ignores spaces, dots, slashes, dashes (also Unicode dashes) and case.
 * `kep.123/ fik-2024` → `KEP123FIK2024`.
 */
export function normalizeLicense(license: string): string {
  return license
    .normalize('NFKC')
    .replace(/[\s./\-\u2010-\u2015\u2212]+/g, '')
    .toUpperCase()
}

/**
 * Splits a company name into normalized words: lower case, no accents, no punctuation, initials joined
 * ("A.B.C." → `abc`), and the legal form "PT" (also "PT.", "P.T.", "P. T.", ", PT") removed from the start and end.
 * "PT" in the middle of a name stays. "CV" stays: a CV is another company, not a P3MI.
 */
export function agencyNameTokens(name: string): string[] {
  const text = name
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/['’‘`´]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
  const tokens = joinInitials(text.split(' ').filter((t) => t !== ''))
  return stripLegalForm(tokens)
}

/** The normalized name: {@link agencyNameTokens} joined by single spaces. `P.T. Maju-Jaya ` → `maju jaya`. */
export function normalizeAgencyName(name: string): string {
  return agencyNameTokens(name).join(' ')
}

/** Joins runs of single letters ("p t", "a b c" from "P.T.", "A.B.C.") but keeps a leading "p t" apart. */
function joinInitials(tokens: string[]): string[] {
  const out: string[] = []
  let run = ''
  const flush = () => {
    if (run === '') return
    // "p t a b c": the legal form comes first; keep it its own word so it can be stripped.
    if (run.length > 2 && run.startsWith('pt') && out.length === 0) out.push('pt', run.slice(2))
    else out.push(run)
    run = ''
  }
  for (const token of tokens) {
    if (token.length === 1 && /\p{L}/u.test(token)) run += token
    else {
      flush()
      out.push(token)
    }
  }
  flush()
  return out
}

function stripLegalForm(tokens: string[]): string[] {
  let start = 0
  let end = tokens.length
  while (start < end && tokens[start] === 'pt') start++
  while (end > start && tokens[end - 1] === 'pt') end--
  return start === 0 && end === tokens.length ? tokens : tokens.slice(start, end)
}

/** Effective status of an agency on `todayIso`: an active licence whose end date has passed is `expired`. */
export function effectiveStatus(agency: Agency, todayIso: string): EffectiveStatus {
  if (agency.status !== 'active') return agency.status
  return agency.validUntil !== null && agency.validUntil < todayIso ? 'expired' : 'active'
}

function verdictOf(status: EffectiveStatus): Verdict {
  return status === 'active' ? 'licensed' : status
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/

/**
 * Builds the registry and its indexes. Rows are expected to be validated (see `content/agency-csv.ts`); this
 * function throws only on programming errors: an active row without an end date or a bad date.
 */
export function buildRegistry(rows: readonly Agency[], asOf: string): AgencyRegistry {
  if (!ISO_DATE.test(asOf)) throw new TypeError(`asOf must be YYYY-MM-DD, got "${asOf}"`)
  const entries: IndexedAgency[] = []
  const byLicense = new Map<string, number[]>()
  const byName = new Map<string, number[]>()
  const byCompact = new Map<string, number[]>()
  const postings = new Map<string, number[]>()
  const names = new SearchableMap<number[]>()
  const vocabulary = new SearchableMap<true>()
  const licenses = new SearchableMap<number[]>()
  const firstWords = new Set<string>()
  const lastWords = new Set<string>()
  const byLicenseSerial = new Map<string, number[]>()
  const licenseWords = new Set<string>()
  let maxNameTokens = 1
  for (const [i, raw] of rows.entries()) {
    if (raw.validUntil !== null && !ISO_DATE.test(raw.validUntil)) {
      throw new TypeError(`agency "${raw.name}": validUntil must be YYYY-MM-DD, got "${raw.validUntil}"`)
    }
    if (raw.status === 'active' && raw.validUntil === null) {
      throw new TypeError(`agency "${raw.name}": an active licence needs validUntil`)
    }
    const agency = Object.freeze({ ...raw })
    const tokens = agencyNameTokens(agency.name)
    const entry: IndexedAgency = {
      agency,
      name: tokens.join(' '),
      tokens,
      tokenSet: new Set(tokens),
      license: normalizeLicense(agency.license),
    }
    entries.push(entry)
    push(byLicense, entry.license, i)
    push(byLicenseSerial, licenseSerial(agency.license), i)
    for (const piece of licensePieces(agency.license)) if (/^\p{L}+$/u.test(piece)) licenseWords.add(piece)
    push(byName, entry.name, i)
    push(byCompact, tokens.join(''), i)
    for (const token of entry.tokenSet) {
      push(postings, token, i)
      vocabulary.set(token, true)
    }
    const sameName = names.get(entry.name)
    if (sameName) sameName.push(i)
    else names.set(entry.name, [i])
    const sameLicense = licenses.get(entry.license)
    if (sameLicense) sameLicense.push(i)
    else licenses.set(entry.license, [i])
    if (tokens.length > 0) {
      firstWords.add(tokens[0]!)
      lastWords.add(tokens[tokens.length - 1]!)
    }
    maxNameTokens = Math.max(maxNameTokens, tokens.length)
  }
  // Shortest names first: a partial query ("Maju Jaya") lists the closest registered names first and the scan can stop early.
  for (const ids of postings.values()) ids.sort((a, b) => entries[a]!.tokens.length - entries[b]!.tokens.length || a - b)
  const indexes: AgencyIndexes = {
    entries,
    byLicense,
    byName,
    byCompact,
    postings,
    names,
    vocabulary,
    licenses,
    firstWords,
    lastWords,
    maxNameTokens,
    byLicenseSerial,
    licenseWords,
  }
  return Object.freeze({ asOf, agencies: Object.freeze(entries.map((e) => e.agency)), indexes })
}

function push<K>(map: Map<K, number[]>, key: K, id: number): void {
  const ids = map.get(key)
  if (ids) ids.push(id)
  else map.set(key, [id])
}

/** How a registry entry was found. */
interface Hit {
  score: number
  exact: boolean
}

/**
 * Checks a company name or licence number against the registry.
 *
 * @param registry the imported registry, or undefined when none was imported (verdict `no_registry`)
 * @param query what the user typed: a name, a licence number, or a sentence containing one
 * @param todayIso the day of the question (YYYY-MM-DD), to tell `licensed` from `expired`
 */
export function checkAgency(registry: AgencyRegistry | undefined, query: string, todayIso: string): AgencyCheck {
  if (!ISO_DATE.test(todayIso)) throw new TypeError(`todayIso must be YYYY-MM-DD, got "${todayIso}"`)
  if (registry === undefined || registry.agencies.length === 0) {
    return { query, verdict: 'no_registry', as_of: registry?.asOf ?? null, matches: [], notes: [] }
  }
  const ix = registry.indexes
  const text = query.slice(0, MAX_QUERY_CHARS)
  const hits = new Map<number, Hit>()
  const notes = new Set<AgencyNote>()
  const addHit = (id: number, score: number, exact: boolean) => {
    const old = hits.get(id)
    if (!old || (exact && !old.exact) || (exact === old.exact && score > old.score)) hits.set(id, { score, exact })
  }

  // 1. Licence numbers written anywhere in the query.
  const chunks = text.split(/\s+/).filter((c) => c !== '')
  const licenseHits = findLicenses(ix, chunks)
  let nameText = text
  let conflict = false
  if (licenseHits.length > 0) {
    const holders = new Set(licenseHits.map((h) => h.id))
    for (const id of holders) addHit(id, 1, true)
    if (holders.size > 1) conflict = true
    // The words around the licence number must not name a different company.
    const first = licenseHits[0]!
    const rest = [...chunks.slice(0, first.start), ...chunks.slice(first.end)]
    nameText = rest.join(' ')
    const restTokens = agencyNameTokens(nameText)
    if (holders.size === 1 && !namesHolder(ix, restTokens, first.id)) {
      if (misspellsHolder(ix, restTokens, first.id)) {
        notes.add('license_name_near')
        nameText = ''
      } else {
        conflict = true
        notes.add('license_name_mismatch')
      }
    }
  }

  // 1b. A licence number that no entry has ("FIK.0010/SIP3MI/2024", "izinnya FIK 0009"): never read as a name;
  // suggestions come from the number alone, and a name next to it is never decided on.
  let unknownLicense: LicenseSpan | undefined
  if (licenseHits.length === 0) {
    unknownLicense = findLicenseShape(ix, chunks)
    if (unknownLicense) {
      notes.add('license_unknown')
      conflict = true
      nameText = [...chunks.slice(0, unknownLicense.start), ...chunks.slice(unknownLicense.end)].join(' ')
      findNumberNeighbours(ix, unknownLicense.text, addHit)
    }
  }

  // 2. The name: exact after stripping conversational words, then near matches.
  let tokens = agencyNameTokens(nameText).slice(0, MAX_QUERY_TOKENS)
  if (tokens.some((t) => NOT_PT_FORMS.has(t))) notes.add('not_pt')
  // "LPK Sakura Mandiri": said to be a training centre; the rest of the name is what the registry is asked about.
  const centre = tokens.findIndex((t) => TRAINING_CENTRE_FORMS.has(t))
  if (centre >= 0 && centre < 2 && tokens.length > centre + 1) {
    notes.add('training_centre')
    tokens = tokens.slice(centre + 1)
  }
  const variants = nameVariants(ix, tokens)
  const exactNames = new Set<string>()
  for (const variant of variants.exact) {
    for (const id of ix.byName.get(variant) ?? []) {
      addHit(id, 1, true)
      exactNames.add(variant)
    }
  }
  // Two different registered names in one query (or a licence next to another name): never decide.
  if (exactNames.size > 1) conflict = true
  const decided = hits.size > 0 && !conflict
  if (decided) {
    // Also list longer registered names that contain the matched one ("Maju Jaya" → "Maju Jaya Abadi, dicabut"):
    // the user may have shortened a different company's name.
    if (variants.core.length > 0) findContaining(ix, variants.core, addHit, false)
  } else {
    for (const variant of variants.near) {
      for (const id of ix.byName.get(variant) ?? []) addHit(id, SCORE_CONTENT_STRIPPED, false)
    }
    if (variants.core.length > 0) findNearNames(ix, variants.core, addHit)
    if (licenseHits.length === 0 && !unknownLicense) findNearLicenses(ix, chunks, text, addHit)
  }

  // 3. Verdict: an exact hit decides unless hits disagree; anything else is a suggestion at most.
  const ranked = [...hits.entries()].sort(
    ([a, ha], [b, hb]) =>
      Number(hb.exact) - Number(ha.exact) ||
      hb.score - ha.score ||
      ix.entries[a]!.tokens.length - ix.entries[b]!.tokens.length ||
      a - b,
  )
  const exactIds = ranked.filter(([, h]) => h.exact).map(([id]) => id)
  let verdict: Verdict
  if (exactIds.length > 0 && !conflict) {
    const verdicts = new Set(exactIds.map((id) => verdictOf(effectiveStatus(ix.entries[id]!.agency, todayIso))))
    verdict = verdicts.size === 1 ? [...verdicts][0]! : 'ambiguous'
  } else {
    verdict = ranked.length > 0 ? 'ambiguous' : 'not_found'
  }
  const matches = ranked.slice(0, MAX_MATCHES).map(([id, hit]): AgencyMatch => {
    const agency = ix.entries[id]!.agency
    return {
      name: agency.name,
      license: agency.license,
      status: effectiveStatus(agency, todayIso),
      valid_until: agency.validUntil,
      score: hit.exact ? 1 : round(Math.min(hit.score, SCORE_NEAR_CAP)),
      city: agency.city,
      province: agency.province,
      agency,
    }
  })
  const result: AgencyCheck = { query, verdict, as_of: registry.asOf, matches, notes: [...notes] }
  if (unknownLicense) result.typed_license = unknownLicense.text
  return result
}

/**
 * The licence number in a message when it is shaped like the registry's ("izinnya FIK 0009 bener ga?" → `FIK 0009`),
 * whether or not an entry has it; undefined when there is none. For routing a message that names no company.
 */
export function licenseShapeIn(registry: AgencyRegistry | undefined, text: string): string | undefined {
  if (!registry || registry.agencies.length === 0 || !/\d/.test(text)) return undefined
  const chunks = text.slice(0, MAX_QUERY_CHARS).split(/\s+/).filter((c) => c !== '')
  const exact = findLicenses(registry.indexes, chunks)[0]
  if (exact) return trimPunctuation(chunks.slice(exact.start, exact.end).join(' '))
  return findLicenseShape(registry.indexes, chunks)?.text
}

/** Pieces of a licence number between its separators, upper case: `FIK.0002/SIP3MI/2019` → FIK, 0002, SIP3MI, 2019. */
function licensePieces(license: string): string[] {
  return license
    .normalize('NFKC')
    .toUpperCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((p) => p !== '')
}

/** A licence number without the pieces that are years: the same serial with another year is a neighbour. */
function licenseSerial(license: string): string {
  return licensePieces(license)
    .filter((p) => !/^(?:19|20)\d\d$/.test(p))
    .join('')
}

interface LicenseSpan {
  start: number
  end: number
  /** As typed, punctuation at its ends trimmed. */
  text: string
}

/**
 * A licence number in the query that is shaped like the registry's ("FIK.0010/SIP3MI/2024", "FIK 0009"): a run of
 * words made of letters, digits and . / - only, each with a digit or one of the registry's licence words ("FIK"),
 * holding at least three digits, and starting with a registered licence word or written with a slash. Phone numbers
 * and sums ("0812-3456", "20 juta") are no licence.
 */
function findLicenseShape(ix: AgencyIndexes, chunks: readonly string[]): LicenseSpan | undefined {
  const part = (chunk: string): boolean => {
    const t = trimPunctuation(chunk)
    if (!/^[\p{L}\p{N}]+(?:[./\-][\p{L}\p{N}]+)*$/u.test(t)) return false
    return /\d/.test(t) || ix.licenseWords.has(t.toUpperCase())
  }
  for (let start = 0; start < chunks.length; start++) {
    if (!part(chunks[start]!)) continue
    let end = start
    while (end < chunks.length && end - start < MAX_LICENSE_CHUNKS && part(chunks[end]!)) end++
    const text = trimPunctuation(chunks.slice(start, end).join(' '))
    const pieces = licensePieces(text)
    const digits = text.match(/\d/g)?.length ?? 0
    if (digits >= 3 && (ix.licenseWords.has(pieces[0]!) || text.includes('/'))) return { start, end, text }
    start = end
  }
  return undefined
}

/**
 * Registered numbers near a typed one that no entry has, by the number alone: the same serial with another year
 * ("FIK.0002/SIP3MI/2024" → FIK.0002/SIP3MI/2019), the start of a registered number ("FIK 0009" → FIK.0009/SIP3MI/2017,
 * only when the typed digits end where a registered piece ends), else one typo (a wrong, missing or extra character, or
 * two neighbouring characters swapped).
 */
function findNumberNeighbours(ix: AgencyIndexes, typed: string, addHit: (id: number, score: number, exact: boolean) => void): void {
  let found = false
  for (const id of ix.byLicenseSerial.get(licenseSerial(typed)) ?? []) {
    addHit(id, 0.9, false)
    found = true
  }
  const normalized = normalizeLicense(typed)
  if (normalized.length >= 4) {
    for (const [license, ids] of ix.licenses.atPrefix(normalized)) {
      if (license === normalized || /\d/.test(license[normalized.length] ?? '')) continue
      for (const id of ids) addHit(id, 0.9, false)
      found = true
    }
  }
  // Two neighbouring characters swapped is a typing slip, kept beside the above.
  for (let i = 0; i + 1 < normalized.length; i++) {
    if (normalized[i] === normalized[i + 1]) continue
    const swapped = normalized.slice(0, i) + normalized[i + 1] + normalized[i] + normalized.slice(i + 2)
    for (const id of ix.byLicense.get(swapped) ?? []) addHit(id, 0.85, false)
  }
  // One wrong, missing or extra character only when nothing closer was found: in a list of numbers that differ by
  // one digit, "FIK.0002/…/2024" is not three other companies.
  if (found) return
  for (const [candidate, [ids, d]] of ix.licenses.fuzzyGet(normalized, 1)) {
    if (d > 0) for (const id of ids) addHit(id, Math.min(1 - d / Math.max(normalized.length, candidate.length), 0.8), false)
  }
}

function round(score: number): number {
  return Math.round(score * 1000) / 1000
}

interface LicenseHit {
  id: number
  /** Chunk range [start, end) of the query that holds the licence number. */
  start: number
  end: number
}

/** Exact licence numbers in the query, longest written form first. A licence must contain a digit. */
function findLicenses(ix: AgencyIndexes, chunks: readonly string[]): LicenseHit[] {
  const found: LicenseHit[] = []
  const trimmed = chunks.map(trimPunctuation)
  for (let start = 0; start < trimmed.length; start++) {
    let joined = ''
    for (let end = start + 1; end <= Math.min(trimmed.length, start + MAX_LICENSE_CHUNKS); end++) {
      // Punctuation inside the span belongs to the number ("KEP.123 / 2024"); only the span's ends are trimmed.
      joined = end === start + 1 ? trimmed[start]! : `${joined} ${chunks[end - 1]}`
      const license = normalizeLicense(trimPunctuation(joined))
      if (!/\d/.test(license)) continue
      for (const id of ix.byLicense.get(license) ?? []) found.push({ id, start, end })
    }
  }
  // Prefer the longest span, so "KEP 12 / 2024" is not read as "KEP 12".
  return found.sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start)
}

function trimPunctuation(s: string): string {
  return s.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '')
}

/**
 * True when the words around a licence number do not name another company: nothing but filler, or exactly the
 * holder's name (after stripping only conversational words).
 */
function namesHolder(ix: AgencyIndexes, tokens: readonly string[], holder: number): boolean {
  const variants = nameVariants(ix, tokens)
  if (variants.core.length === 0) return true
  return variants.exact.includes(ix.entries[holder]!.name)
}

/**
 * True when the words around a licence number are its holder's name with a small typo (at most one wrong character in
 * a name shorter than 8 characters, two from 8) and no registered name is spelled exactly so.
 */
function misspellsHolder(ix: AgencyIndexes, tokens: readonly string[], holder: number): boolean {
  const variants = nameVariants(ix, tokens)
  const name = variants.core.join(' ')
  const typos = maxTypos(name.length)
  if (typos === 0 || name.length > 80 || variants.exact.some((v) => ix.byName.has(v))) return false
  const holderName = ix.entries[holder]!.name
  for (const [candidate, [, d]] of ix.names.fuzzyGet(name, typos)) if (d > 0 && candidate === holderName) return true
  return false
}

interface NameVariants {
  /** The query with only conversational words stripped at its ends: an exact match here may be `licensed`. */
  exact: string[]
  /** Variants that needed a content word stripped ("resmi"): a match is a suggestion only. */
  near: string[]
  /** The query with every filler word stripped at its ends, for near-match search. */
  core: readonly string[]
}

/** The ways to read a query as a company name by stripping filler words from its start and end. */
function nameVariants(ix: AgencyIndexes, tokens: readonly string[]): NameVariants {
  const n = tokens.length
  // A word that starts (ends) a registered name is not stripped from the start (end) of a query: "X Ya" may be a
  // company of its own, not "X" with a "ya?".
  const any = (t: string) => PURE_FILLER.has(t) || CONTENT_FILLER.has(t)
  const leadingPure = countWhile(tokens, (t) => PURE_FILLER.has(t) && (t === 'pt' || !ix.firstWords.has(t)))
  const leadingAny = countWhile(tokens, any)
  const reversed = [...tokens].reverse()
  const trailingPure = countWhile(reversed, (t) => PURE_FILLER.has(t) && (t === 'pt' || !ix.lastWords.has(t)))
  const trailingAny = countWhile(reversed, any)
  const exact: string[] = []
  const near: string[] = []
  for (let a = 0; a <= leadingAny; a++) {
    for (let b = 0; b <= trailingAny && a + b < n; b++) {
      const variant = tokens.slice(a, n - b).join(' ')
      if (a <= leadingPure && b <= trailingPure) exact.push(variant)
      else near.push(variant)
    }
  }
  const core = leadingAny >= n ? [] : tokens.slice(leadingAny, n - trailingAny)
  return { exact, near, core }
}

function countWhile(tokens: readonly string[], ok: (t: string) => boolean): number {
  let i = 0
  while (i < tokens.length && ok(tokens[i]!)) i++
  return i
}

/** Allowed typos in a string of this length: none below 4 characters, one below 8, two from 8. */
function maxTypos(length: number): number {
  return length < 4 ? 0 : length < 8 ? 1 : 2
}

/** Near matches for the name part of a query: typos, spacing, part of a longer name, a longer text containing a name. */
function findNearNames(
  ix: AgencyIndexes,
  core: readonly string[],
  addHit: (id: number, score: number, exact: boolean) => void,
): void {
  const name = core.join(' ')
  // Whole-name typos ("maju jyaa abadi").
  const typos = maxTypos(name.length)
  if (typos > 0 && name.length <= 80) {
    for (const [candidate, [ids, d]] of ix.names.fuzzyGet(name, typos)) {
      if (d === 0) continue // the exact name: handled by the exact path (or stripped to a suggestion on purpose)
      const score = 1 - d / Math.max(name.length, candidate.length)
      for (const id of ids) addHit(id, Math.min(score, SCORE_NEAR_CAP), false)
    }
  }
  // Spacing ("majujaya", "maju jay a").
  for (const id of ix.byCompact.get(core.join('')) ?? []) {
    if (ix.entries[id]!.name !== name) addHit(id, SCORE_COMPACT, false)
  }
  // A registered name inside a longer text ("PT Maju Jaya Cirebon", "kerja lewat maju jaya di cirebon").
  for (let start = 0; start < core.length; start++) {
    for (let end = start + 1; end <= Math.min(core.length, start + ix.maxNameTokens); end++) {
      if (end - start === core.length) continue
      for (const id of ix.byName.get(core.slice(start, end).join(' ')) ?? []) {
        addHit(id, (0.9 * (end - start)) / core.length, false)
      }
    }
  }
  findContaining(ix, core, addHit, true)
}

/**
 * Registered names that contain every word of the query (with `typos`, each word exactly or with a typo): the query
 * is part of a longer registered name ("Maju Jaya" → "PT Maju Jaya Abadi Sentosa"). Words with digits never get
 * typo alternatives: "0001" and "0002" are different companies.
 */
function findContaining(
  ix: AgencyIndexes,
  core: readonly string[],
  addHit: (id: number, score: number, exact: boolean) => void,
  typos: boolean,
): void {
  // For each query word: the registered words it may stand for, with their similarity, most similar first.
  const alternatives = core.map((word) => {
    const alts = new Map<string, number>()
    if (ix.postings.has(word)) alts.set(word, 1)
    const allowed = typos && !/\d/.test(word) ? maxTypos(word.length) : 0
    if (allowed > 0) {
      for (const [candidate, [, d]] of ix.vocabulary.fuzzyGet(word, allowed)) {
        if (d > 0) alts.set(candidate, 1 - d / Math.max(word.length, candidate.length))
      }
    }
    return alts
  })
  const known = core.flatMap((_, i) => (alternatives[i]!.size > 0 ? [i] : []))
  if (known.length === core.length) scanContaining(ix, core, alternatives, addHit, 1)
  else if (typos && sharesEnough(known.length, core.length)) {
    // Words no registered name has ("CV", "Cirebon"): suggest names with the other words, scored lower, when those
    // words are not only the common ones of company names.
    const words = known.map((i) => core[i]!)
    if (words.every((w) => GENERIC_NAME_WORDS.has(w))) return
    if (words.join('').length >= 4) scanContaining(ix, words, known.map((i) => alternatives[i]!), addHit, known.length / core.length)
  }
}

/**
 * Whether a query whose words are only partly in the registry still looks like a registered name: most of its words
 * must be known, and at least two of them when it has more than one. One shared generic word ("PT Mitra Karya
 * Sejahtera" and the registered "Bahari Sejahtera") is not a similar name.
 */
export function sharesEnough(known: number, total: number): boolean {
  return known * 2 > total && (known >= 2 || total === 1)
}

/** Walks the entries of the rarest query word (shortest names first) and adds those that contain every word. */
function scanContaining(
  ix: AgencyIndexes,
  words: readonly string[],
  alternatives: readonly ReadonlyMap<string, number>[],
  addHit: (id: number, score: number, exact: boolean) => void,
  factor: number,
): void {
  const sizes = alternatives.map((alts) => [...alts.keys()].reduce((s, w) => s + (ix.postings.get(w)?.length ?? 0), 0))
  const rarestIndex = sizes.indexOf(Math.min(...sizes))
  // The other words, rarest first (most candidates fail on them), as arrays for a fast inner loop.
  const others = alternatives
    .map((alts, i) => ({ alts: [...alts], size: sizes[i]!, i }))
    .filter((a) => a.i !== rarestIndex)
    .sort((a, b) => a.size - b.size)
    .map((a) => a.alts)
  const name = words.join(' ')
  const seen = new Set<number>()
  let scanned = 0
  let found = 0
  for (const [word, wordSimilarity] of alternatives[rarestIndex]!) {
    for (const id of ix.postings.get(word) ?? []) {
      if (++scanned > MAX_CONTAINMENT_SCAN || found >= MAX_MATCHES * 2) return
      if (seen.has(id)) continue
      seen.add(id)
      const entry = ix.entries[id]!
      // Exact same words in the same order is the exact path's business.
      if (entry.name === name) continue
      const similarity = containedSimilarity(entry, others)
      if (similarity < 0) continue
      // The words in the typed order rank above the same words shuffled.
      const inOrder = ` ${entry.name} `.includes(` ${name} `) ? 0.02 : 0
      const score = (0.95 * (similarity + wordSimilarity)) / Math.max(words.length, entry.tokens.length) + inOrder
      addHit(id, factor * score, false)
      found++
    }
  }
}

/** Sum of the best similarity of each query word within the entry's words; -1 when a word is missing. */
function containedSimilarity(entry: IndexedAgency, alternatives: readonly (readonly [string, number])[][]): number {
  let sum = 0
  for (const alts of alternatives) {
    let best = 0
    for (const [alt, sim] of alts) if (sim > best && entry.tokenSet.has(alt)) best = sim
    if (best === 0) return -1
    sum += best
  }
  return sum
}

/**
 * Licence numbers with one typo (a wrong, missing or extra character, or two neighbouring characters swapped): in
 * each piece with at least two digits, and in the whole query when it is short.
 */
function findNearLicenses(
  ix: AgencyIndexes,
  chunks: readonly string[],
  text: string,
  addHit: (id: number, score: number, exact: boolean) => void,
): void {
  const pieces = new Set<string>()
  for (const chunk of chunks) pieces.add(normalizeLicense(trimPunctuation(chunk)))
  if (chunks.length <= MAX_LICENSE_CHUNKS) pieces.add(normalizeLicense(trimPunctuation(text)))
  for (const piece of pieces) {
    if (piece.length < 6 || (piece.match(/\d/g)?.length ?? 0) < 2) continue
    const score = 1 - 1 / piece.length
    for (const [candidate, [ids, d]] of ix.licenses.fuzzyGet(piece, 1)) {
      if (d > 0) for (const id of ids) addHit(id, Math.min(1 - d / Math.max(piece.length, candidate.length), SCORE_NEAR_CAP), false)
    }
    for (let i = 0; i + 1 < piece.length; i++) {
      if (piece[i] === piece[i + 1]) continue
      const swapped = piece.slice(0, i) + piece[i + 1] + piece[i] + piece.slice(i + 2)
      for (const id of ix.byLicense.get(swapped) ?? []) addHit(id, Math.min(score, SCORE_NEAR_CAP), false)
    }
  }
}

/** The JSON shape printed by `agencies check --json`: exactly these keys, best match first. */
export function agencyCheckJson(check: AgencyCheck): {
  query: string
  verdict: Verdict
  as_of: string | null
  matches: { name: string; license: string; status: EffectiveStatus; valid_until: string | null; score: number }[]
} {
  return {
    query: check.query,
    verdict: check.verdict,
    as_of: check.as_of,
    matches: check.matches.map((m) => ({
      name: m.name,
      license: m.license,
      status: m.status,
      valid_until: m.valid_until,
      score: m.score,
    })),
  }
}
