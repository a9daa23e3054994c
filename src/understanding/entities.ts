/**
 * What a message names: a company ("PT Maju Jaya", "namanya Sinar Abadi", "is Maju Jaya legit?"), a licence number
 * ("KEP.123/SIP3MI/2024"), trainings from `content/trainings.yaml` ("kursus las", "bahasa jepang") and a destination
 * from `content/countries.yaml` ("kerja di Taiwan"). Every word list comes from `content/intents.yaml` and the
 * catalogs; this file only knows how to read them. Everything runs in one pass over the message (linear in length).
 */
import type { Country, Lexicon, Training } from '../content/types.ts'
import { ENGLISH_FUNCTION_WORDS } from './stopwords.ts'
import { cleanText } from './normalize.ts'
import type { IntentsFile } from './intents-format.ts'

export interface Entities {
  /** The company name as typed, with its legal form ("PT Maju Jaya"). */
  company?: string
  /** The legal form typed before the name, upper case ("PT", "CV"), when there was one. */
  form?: string
  /** The company with the words after it up to punctuation, when the name was cut before them ("PT Nusa Fiktif ih"). */
  companyClause?: string
  /** Capitalized words without a marker ("report that Sinar Terang Manpower is …"): a name if the intent wants one. */
  named?: string
  /** The kind of institution typed before the company's name ("LPK" in "cek LPK Sakura Mandiri"), as typed. */
  institution?: string
  /**
   * A city or region typed right after the company's name, without "di" ("pt surya abadi lestari jakarta timur", "pt
   * al-amin sejahtera jkt"), as typed: not part of the name read, but handed to the agency check with it (a registered
   * name may end so, and "PT Maju Jaya Malang" may be another company: the check decides).
   */
  place?: string
  /** A licence number as typed, trimmed. */
  license?: string
  /** Training ids from the catalog, in the order typed. */
  interests?: string[]
  /** A country id from the catalog. */
  destination?: string
}

/** One word of the message as typed, with its comparable key and whether a punctuation break follows it. */
/** Pronouns and articles that follow a verb, never the second word of a company's name. */
const OBJECT_WORDS = new Set(['their', 'the', 'my', 'me', 'his', 'her', 'our', 'us', 'them', 'him', 'a', 'an', 'all', 'your', 'you', 'its', 'it', 'everything', 'everyone', 'to', 'that', 'this'])

interface RawWord {
  raw: string
  /** Where `raw` starts in the text read. */
  at: number
  /** Lower case, letters and digits only ("PT-nya" → "ptnya", "P.T." → "pt"). */
  key: string
  /** The key through the slang table ("agennya" → "p3mi"). */
  norm: string
  /** Starts with a capital letter. */
  cap: boolean
  breakAfter: boolean
  /** The break after it is a colon alone ("company: Maju Jaya"): after a marker, the name follows. */
  colonAfter?: boolean
  /** The break after it ends a sentence (".", "?", "!", a new line): the next word's capital says nothing. */
  sentenceAfter?: boolean
}

/** A name found in the message; `clause` when words follow it before punctuation. */
interface NameFound {
  name: string
  /** Index of the name's first word (after the legal form), in the words it was read from. */
  start?: number
  form?: string
  /** The institution word before the name ("LPK", "yayasan"). */
  institution?: string
  words: number
  clause?: string
}

/** Words after a legal form ("PT", "CV") in an FAQ text that are taken as a company's name, not terms of the domain. */
const NAME_IN_DOMAIN_TEXT = 4

/** Words read after a name's start, at most, to the end of its clause. */
const MAX_CLAUSE_WORDS = 10

/** Words as typed: letters and digits, with inner dots, dashes, slashes, apostrophes and "&" kept. */
const RAW_WORD = /[\p{L}\p{N}]+(?:[.'’\-/&][\p{L}\p{N}]+)*\.?/gu
const BREAK = /[,?!;:()"“”«»\n]|\.\s/
const COLON_ONLY = /^\s*:\s*$/
const SENTENCE_END = /[?!\n]|\.\s/
const INITIALS = /^(?:\p{L}\.)+$/u
/** Messages are read up to this many characters (the engine cuts at 1,000 anyway). */
const MAX_CHARS = 1000

const CAPITAL = /^\p{Lu}/u
/**
 * A name in quotes: double quotes, or single quotes that open after a space and close before one ("lewat 'al-falah
 * travel & manpower' di jakarta"; never the apostrophe of "I'm" or "Assalamu'alaikum").
 */
const QUOTED = /["“”«]([^"“”«»\n]{2,60})["“”»]|(?:^|[\s(])['‘]([^'‘’"\n]{2,60})['’](?=$|[\s,.?!;:)])/gu
/** An Indonesian verb with me-/di- … -kan ("mengumpulkan", "dikirimkan"): never a word of a name typed in lower case. */
const VERB_KAN = /^(?:me|di)[a-z]{3,}kan$/
/** Pronouns after a verb ("lie to me", "cheated us"): the word before them ends a name. */
const OBJECT_PRONOUNS: ReadonlySet<string> = new Set(['me', 'us', 'him', 'them'])
const OBJECT_LINKS: ReadonlySet<string> = new Set(['to'])
/** Negations: "pt mulia sarana kerja gk mau tanggung jawab" (the name ends at "kerja", not before it). */
const NEGATIONS: ReadonlySet<string> = new Set(['gk', 'ga', 'gak', 'nggak', 'ngga', 'enggak', 'engga', 'tidak', 'tdk', 'tak', 'blm', 'belum', 'not', 'never'])
const GLUED_FORM = /^(p\.?t|cv)\.(\p{L}.*)$/iu
const DATE_LIKE = /^\d{1,2}\s?\/\s?\d{1,2}(?:\s?\/\s?\d{2,4})?$/
/** The country id that means "not decided yet": taken only when no country is named. */
const NOT_SURE = 'not_sure'

const keyOf = (raw: string): string => cleanText(raw).replace(/ /g, '')

/** Words between "my name" and the name itself ("my name is Dewi", "nama saya adalah Siti"). */
const COPULAS: ReadonlySet<string> = new Set(['is', 'was', 'adalah', 'ialah'])
/** A number with its unit glued on ("12jt", "5rb", "500k"). */
const GLUED_AMOUNT = /^\d+(?:[.,]\d+)?([a-z]+)$/

/** Compiled readers of the entity cues of `content/intents.yaml` and the catalogs. */
export class EntityReader {
  private readonly forms: ReadonlySet<string>
  private readonly markers: ReadonlySet<string>
  /** Two words that introduce a person's own name ("my name"), keys joined: no company follows. */
  private readonly personMarkers: ReadonlySet<string>
  /** Words that end a company name and say its kind ("manpower", "recruitment"). */
  private readonly nameEnds: ReadonlySet<string>
  /** Roles of a person ("calo", "sponsor", "broker"): a one-word name after them is a person's. */
  private readonly personRoles: ReadonlySet<string>
  /** Titles before a person's name ("pak", "bu", "mr"). */
  private readonly personTitles: ReadonlySet<string>
  /** Units after a number ("juta", "million"): an amount, not part of a name. */
  private readonly amountWords: ReadonlySet<string>
  private readonly subjectStarts: ReadonlySet<string>
  private readonly stops: ReadonlySet<string>
  private readonly capitalizedOk: ReadonlySet<string>
  private readonly insideOk: ReadonlySet<string>
  private readonly subjectNeeds: ReadonlySet<string>
  /** Plainer verdict words ("ok", "safe"): after a subject only for a plain name of two words or more. */
  private readonly subjectPlain: ReadonlySet<string>
  /** Articles and adverbs between a subject's name and its legitimacy word (`company.subject_between`). */
  private readonly subjectBetween: ReadonlySet<string>
  /** "via", "lewat", "with": the company gone with follows (`company.via`). */
  private readonly via: ReadonlySet<string>
  /** Words that ask about legitimacy or a check (cues `legit` and `check_word`): a name after `via` needs one. */
  private readonly askWords: ReadonlySet<string>
  private readonly licenseMarkers: ReadonlySet<string>
  private readonly license: RegExp
  private readonly destinationBefore: ReadonlySet<string>
  private readonly courseBefore: ReadonlySet<string>
  private readonly purposeWords: ReadonlySet<string>
  /** Words before a job ("working in", "as"): see `findCatalog`. */
  private readonly workWords: ReadonlySet<string>
  /** Words next to a training that say it is a course ("kursus", "training", "bahasa"): `course_before` and `course_after`. */
  private readonly courseWords: ReadonlySet<string>
  /** "atau", "or": a country next to one and another place is one of alternatives. */
  private readonly orWords: ReadonlySet<string>
  /** "mau", "want": a country shortly after one is the one wished for. */
  private readonly wishWords: ReadonlySet<string>
  /** Places outside the catalog (`company.not_names`: "australia", "malaysia") that make a country an alternative. */
  private readonly placeWords: ReadonlySet<string>
  /** Words about places ("negara", "where"): "not sure" next to one is about the destination. */
  private readonly placeAsked: ReadonlySet<string>
  /** "Not sure" phrases that are about places in themselves ("anywhere", "di mana saja"). */
  private readonly notSureAlone: ReadonlySet<string>
  /** A language course's country, and the words pointing at it (`language_countries`, `there_words`). */
  private readonly languageCountries: ReadonlyMap<string, string>
  /** `languageCountries` the other way: a country's language course ("korea" → "korean"). */
  private readonly countryLanguages: ReadonlyMap<string, string>
  private readonly thereWords: readonly string[][]
  /** Words before a name of a training institute or foundation ("lpk", "yayasan"). */
  private readonly institutions: ReadonlySet<string>
  private readonly maxWords: number
  /** Phrases asking about another company right after a result ("kalau", "what about"), as key lists. */
  private readonly otherBefore: readonly string[][]
  /** Greeting and filler words: a capitalized run starting with one is a greeting ("Selamat Pagi"), not a name. */
  private readonly notNameStart: ReadonlySet<string>
  /** Words of country names: a capitalized run starting with one is a place, not a company. */
  private readonly countryWords = new Set<string>()
  /** Words and word pairs of the FAQ's texts ("triple win", "eps topik"): terms of the domain, not company names. */
  private readonly domainWords = new Set<string>()
  private readonly domainPairs = new Set<string>()
  /** Regencies, cities and provinces (content/regions.csv and their short forms), normalized. */
  private readonly places: ReadonlySet<string>
  /** "atau", "or": countries joined by one are a choice, and the first one named is taken. */
  private readonly eitherWords: ReadonlySet<string>
  /** "bahasanya", "the language": a language asked for by the country named (`language_words`). */
  private readonly languageWords: readonly string[][]
  /** Catalog terms by first word: trainings and countries. */
  private readonly terms = new Map<string, { words: string[]; kind: 'training' | 'country'; ids: string[] }[]>()

  constructor(
    file: IntentsFile,
    trainings: readonly Training[],
    countries: readonly Country[],
    private readonly lexicon?: Lexicon,
    domainTexts: Iterable<string> = [],
    /** Regencies, cities and provinces of Indonesia as normalized words ("jakarta timur", "jkt", "bandung"). */
    places: Iterable<string> = [],
  ) {
    this.places = new Set(places)
    const set = (list: readonly string[]) => new Set(list.map(keyOf).filter(Boolean))
    this.forms = set(file.company.forms)
    // The capitalized words after "LPK"/"yayasan" in an FAQ variant are an example institute's name too ("… an LPK
    // called LPK Harapan Sakura Mandiri …"): skipped like those after a legal form, or "mau lapor LPK Sakura Mandiri"
    // would name nothing ("lpk dekat rumah" stays words of the domain).
    const institutions = set(file.company.institutions)
    // The same words come back in every FAQ text: each word's key is worked out once here.
    const keys = new Map<string, string>()
    const keyOfWord = (w: string): string => {
      let key = keys.get(w)
      if (key === undefined) keys.set(w, (key = keyOf(w)))
      return key
    }
    for (const text of domainTexts) {
      const words = cleanText(text).split(' ').filter(Boolean)
      const capitalized = new Set(text.split(/\s+/).filter((w) => CAPITAL.test(w)).map((w) => cleanText(w)))
      // A company an FAQ variant names as an example ("PT Sinar Harapan Jaya is legal?") is no term of the domain:
      // the words after a legal form are skipped, or "Is Sinar Harapan a licensed agency?" would name nothing.
      let skip = 0
      let onlyCapitalized = false
      let skipped = false
      words.forEach((w, k) => {
        const key = keyOfWord(w)
        const form = this.forms.has(key)
        const institute = !form && institutions.has(key) && capitalized.has(words[k + 1] ?? '')
        if (skip > 0 && !form && !institute && (!onlyCapitalized || capitalized.has(w))) {
          skip--
          skipped = true
          return
        }
        skip = 0
        this.domainWords.add(w)
        // No pair with a skipped word: "LPK Harapan Sakura Mandiri" leaves no "sakura mandiri".
        if (k > 0 && !skipped) this.domainPairs.add(`${words[k - 1]} ${w}`)
        skipped = false
        skip = form || institute ? NAME_IN_DOMAIN_TEXT : 0
        onlyCapitalized = institute
      })
    }
    this.markers = set(file.company.markers)
    this.personMarkers = set(file.company.person_markers)
    this.nameEnds = set(file.company.name_ends)
    this.personRoles = set(file.company.person_roles)
    this.personTitles = set(file.company.person_titles)
    this.amountWords = set(file.company.amount_words)
    this.subjectStarts = set(file.company.subject_starts)
    this.stops = new Set([...set(file.company.stops)].map((k) => this.normOf(k)).concat([...set(file.company.stops)]))
    this.capitalizedOk = set(file.company.capitalized_ok)
    this.insideOk = set(file.company.inside_ok)
    this.subjectNeeds = set(file.cues[file.company.subject_needs] ?? [])
    this.subjectPlain = set(file.company.subject_plain)
    this.subjectBetween = set(['a', 'an', 'the', 'itu', 'ini', 'tsb', ...file.company.subject_between])
    this.via = set(file.company.via)
    this.askWords = set([...(file.cues[file.company.subject_needs] ?? []), ...(file.cues['check_word'] ?? [])].filter((w) => !w.includes(' ')))
    this.licenseMarkers = set(file.license.markers)
    this.license = new RegExp(file.license.pattern, 'gu')
    this.destinationBefore = set(file.destination_before)
    this.courseBefore = set(file.course_before)
    this.purposeWords = set(file.purpose_words)
    this.workWords = set(file.work_words)
    const phrases = (list: readonly string[]) => new Set(list.map((w) => cleanText(w)).filter(Boolean))
    this.courseWords = new Set([...this.courseBefore, ...set(file.course_after)])
    this.orWords = set(file.or_words)
    this.eitherWords = set(file.either_words)
    this.languageWords = file.language_words.map((w) => cleanText(w).split(' ').filter(Boolean)).filter((p) => p.length > 0)
    this.wishWords = new Set([...set(file.wish_words)].flatMap((k) => [k, this.normOf(k)]))
    this.placeWords = set(file.company.not_names)
    this.placeAsked = phrases(file.destination_words)
    this.notSureAlone = phrases(file.not_sure_alone)
    this.languageCountries = new Map(Object.entries(file.language_countries))
    this.countryLanguages = new Map([...this.languageCountries].map(([training, country]) => [country, training]))
    this.thereWords = file.there_words.map((w) => cleanText(w).split(' ').filter(Boolean)).filter((p) => p.length > 0)
    this.institutions = institutions
    this.maxWords = file.company.max_words
    this.otherBefore = file.company.other_before.map((p) => p.split(/\s+/).map(keyOf).filter(Boolean)).filter((p) => p.length > 0)
    this.notNameStart = set([...(file.cues['greeting'] ?? []), ...(file.cues['filler'] ?? []), ...file.company.not_names].flatMap((w) => w.split(' ')))
    const add = (kind: 'training' | 'country', id: string, names: readonly string[]) => {
      for (const name of names) {
        const words = cleanText(name).split(' ').filter(Boolean)
        if (words.length === 0) continue
        const bucket = this.terms.get(words[0]!) ?? []
        const same = bucket.find((t) => t.kind === kind && t.words.join(' ') === words.join(' '))
        if (same) {
          if (!same.ids.includes(id)) same.ids.push(id)
        } else bucket.push({ words, kind, ids: [id] })
        this.terms.set(words[0]!, bucket)
      }
    }
    for (const t of trainings) add('training', t.id, [t.id.replace(/_/g, ' '), t.label.id, t.label.en ?? '', ...t.synonyms, ...(file.training_aliases[t.id] ?? [])])
    for (const c of countries) {
      add('country', c.id, [c.label.id, c.label.en ?? '', ...c.synonyms, ...(file.destination_aliases[c.id] ?? [])])
      if (c.id === NOT_SURE) continue
      for (const name of [c.label.id, c.label.en ?? '', ...c.synonyms]) for (const w of cleanText(name).split(' ')) if (w) this.countryWords.add(w)
    }
    for (const bucket of this.terms.values()) bucket.sort((a, b) => b.words.length - a.words.length)
  }

  private normOf(key: string): string {
    return this.lexicon?.get(key) ?? key
  }

  /** How many words at `i` name a city, regency or province ("lombok", "jakarta timur"), longest first; 0 when none. */
  placeAt(words: readonly string[], i: number): number {
    if (this.places.size === 0) return 0
    for (const n of [3, 2, 1]) if (i + n <= words.length && this.places.has(words.slice(i, i + n).join(' '))) return n
    return 0
  }

  /** Every entity the message names. */
  read(text: string): Entities {
    const input = text.length > MAX_CHARS ? text.slice(0, MAX_CHARS) : text
    const words = this.rawWords(input)
    const out: Entities = {}
    const license = this.findLicense(input, words)
    if (license) out.license = license
    // The licence number is not part of a name ("cek no izin KEP 45/2019").
    const rest = license ? input.replace(license, ' , ') : input
    const restWords = license ? this.rawWords(rest) : words
    const company = this.findCompany(rest, restWords, license)
    if (company) {
      out.company = company.name
      const place = company.start === undefined ? 0 : this.placeAtEnd(restWords, company.start, company.words)
      if (place > 0) {
        const parts = company.name.split(' ')
        out.company = parts.slice(0, -place).join(' ')
        out.place = parts.slice(-place).join(' ')
      }
      if (company.form) out.form = company.form
      if (company.institution) out.institution = company.institution
      if (company.clause) out.companyClause = company.clause
    } else {
      const named = this.findNamedRun(restWords)
      if (named) out.named = named
    }
    Object.assign(out, this.findCatalog(input))
    return out
  }

  /**
   * Another company asked about without "PT" or a marker, right after an agency result: two words or more after one of
   * `company.other_before` ("kalau Bumi Prima Jasa gimana?", "what about Cahaya Timur Abadi?"), up to punctuation or
   * a stop word, with no number, place, training or term of the FAQ among them. Undefined otherwise: "kalau ikut
   * pelatihan gimana", "what about the fees" name nothing. The caller reads it only where a company is expected.
   */
  otherCompany(text: string): string | undefined {
    const words = this.rawWords(text.length > MAX_CHARS ? text.slice(0, MAX_CHARS) : text)
    const capitals = this.usesCapitals(words)
    for (let i = 0; i < words.length; i++) {
      for (const phrase of this.otherBefore) {
        const end = i + phrase.length
        if (end >= words.length || !phrase.every((key, k) => words[i + k]!.key === key && (k === phrase.length - 1 || !words[i + k]!.breakAfter))) continue
        if (words[end - 1]!.breakAfter) continue
        const name = this.nameFrom(words, end, undefined, { needCapital: capitals })
        if (!name || name.words < 2) continue
        const keys = words.slice(end, end + name.words).map((w) => w.key)
        // A whole catalog term inside ("Timur Tengah", "Korea Selatan", "bahasa jepang") is a place or a training;
        // one of its words alone ("Cahaya Timur Abadi") is not.
        const term = keys.some((key, k) => this.terms.get(key)?.some((t) => t.words.every((w, n) => keys[k + n] === w)))
        const plain = (key: string) => !/\d/.test(key) && !this.placeWords.has(key) && !this.courseWords.has(key) && !this.notNameStart.has(key)
        if (!term && keys.every(plain) && !this.isDomainTerm(name.name)) return name.name
      }
    }
    return undefined
  }

  private rawWords(text: string): RawWord[] {
    const words: RawWord[] = []
    let previousEnd = 0
    for (const match of text.matchAll(RAW_WORD)) {
      const start = match.index
      // One space between words is the common case: no slice, no pattern.
      const plainGap = start === previousEnd + 1 && text.charCodeAt(previousEnd) === 32
      if (words.length > 0 && !plainGap) {
        const gap = text.slice(previousEnd, start)
        if (BREAK.test(gap)) {
          const last = words[words.length - 1]!
          last.breakAfter = true
          if (COLON_ONLY.test(gap)) last.colonAfter = true
          if (SENTENCE_END.test(gap)) last.sentenceAfter = true
        }
      }
      let raw = match[0]
      // A legal form glued to the name ("pt.bintang"): two words.
      const glued = raw.includes('.') ? GLUED_FORM.exec(raw) : null
      if (glued) {
        words.push({ raw: glued[1]!, at: start, key: keyOf(glued[1]!), norm: this.normOf(keyOf(glued[1]!)), cap: CAPITAL.test(glued[1]!), breakAfter: false })
        raw = glued[2]!
      }
      // A word ending a sentence ("Jaya. Resmi?") ends the name; initials ("P.T.") do not.
      let breakAfter = false
      let sentenceAfter = false
      if (raw.endsWith('.') && !INITIALS.test(raw) && !this.forms.has(keyOf(raw))) {
        raw = raw.slice(0, -1)
        // "pt Hj. Siti Aminah": an abbreviated title inside a name does not end it.
        breakAfter = !this.personTitles.has(keyOf(raw))
        sentenceAfter = breakAfter
      }
      const key = keyOf(raw)
      if (key) words.push({ raw, at: start + match[0].indexOf(raw), key, norm: this.normOf(key), cap: CAPITAL.test(raw), breakAfter, ...(sentenceAfter ? { sentenceAfter } : {}) })
      previousEnd = start + match[0].length
    }
    return words
  }

  /**
   * After "PT" or a marker, a word like "kerja" or "mas" inside a name ("pt tenaga kerja mandiri terdaftar?", "pt
   * sinar mas resmi?"): one of `inside_ok`, followed in the same clause by a word that is no stop, or by a
   * legitimacy word.
   */
  private insideName(words: readonly RawWord[], k: number): boolean {
    const w = words[k]!
    const next = words[k + 1]
    if (!next || w.breakAfter || !(this.insideOk.has(w.key) || this.capitalizedOk.has(w.key))) return false
    // "pt mulia sarana kerja gk mau tanggung jawab": a negation and more words after it; "pt maju kerja gak?" asks.
    return !this.isStop(next) || this.subjectNeeds.has(next.key) || (NEGATIONS.has(next.key) && !next.breakAfter && k + 2 < words.length)
  }

  /** Whether an object pronoun follows the word at `k` ("lie to me", "cheated us"): the word is a verb. */
  private objectFollows(words: readonly RawWord[], k: number): boolean {
    const next = words[k + 1]
    if (!next || words[k]!.breakAfter) return false
    if (OBJECT_PRONOUNS.has(next.key)) return true
    const after = words[k + 2]
    return OBJECT_LINKS.has(next.key) && !next.breakAfter && after !== undefined && OBJECT_PRONOUNS.has(after.key)
  }

  /**
   * How many of the last words of the name at `start` (`count` words) are a city, regency or province
   * (content/regions.csv: "jakarta timur", "jkt", "bandung"), leaving two name words or more; 0 when none.
   */
  private placeAtEnd(words: readonly RawWord[], start: number, count: number): number {
    if (this.places.size === 0) return 0
    for (const n of [3, 2, 1]) {
      // "PT Mitra Karya Bandung": a city written with a capital inside a capitalized name may be part of it.
      if (count - n < 2 || (words[start + count - n]!.cap && words[start + count - n - 1]!.cap)) continue
      const typed = words.slice(start + count - n, start + count).map((w) => w.key).join(' ')
      if (this.places.has(typed)) return n
    }
    return 0
  }

  /** Whether the word at `k` is an amount: a number before a unit ("12 juta"), or with the unit glued on ("12jt"). */
  private isAmount(words: readonly RawWord[], k: number): boolean {
    const w = words[k]!
    if (!/^\d/.test(w.key)) return false
    const glued = GLUED_AMOUNT.exec(w.key)
    if (glued) return this.amountWords.has(glued[1]!)
    const next = words[k + 1]
    return /^\d+$/.test(w.key) && next !== undefined && this.amountWords.has(next.key)
  }

  private isStop(w: RawWord): boolean {
    return this.stops.has(w.key) || this.stops.has(w.norm)
  }

  /** A licence number: one written in the usual shape, or the word after "nomor izin"/"SIP3MI" when it has a digit. */
  private findLicense(text: string, words: readonly RawWord[]): string | undefined {
    this.license.lastIndex = 0
    // A licence number has digits: most messages have none, and the pattern need not run.
    if (!/\d/.test(text)) return undefined
    for (let shaped = this.license.exec(text); shaped; shaped = this.license.exec(text)) {
      // "12/10/2024" and "24/7" are dates and hours, not licences.
      if (!DATE_LIKE.test(shaped[0].trim())) return shaped[0].trim().replace(/[.\-/]+$/, '')
    }
    for (let i = 0; i < words.length; i++) {
      const two = i + 1 < words.length ? `${words[i]!.key}${words[i + 1]!.key}` : ''
      const width = this.licenseMarkers.has(two) ? 2 : this.licenseMarkers.has(words[i]!.key) ? 1 : 0
      if (width === 0) continue
      const next = words[i + width]
      if (next && /\d/.test(next.raw) && next.raw.replace(/\D/g, '').length >= 3) return next.raw
    }
    return undefined
  }

  /**
   * A company name: in quotes; after a legal form ("PT", "P.T.", "CV"); after a marker ("namanya", "PT-nya",
   * "perusahaan", "company"); or between "apakah/is/cek" and a legitimacy word ("is Maju Jaya legit?").
   * The name runs until punctuation, a stop word or `max_words` words; a name that starts with a capital ends at
   * the first word without one ("PT Anugrah Jaya nipu"). In a message written with capitals, a name after a
   * marker must start with a capital ("verify a company before paying": no name). A later name that goes on from an
   * earlier one is the one meant ("pt bumi, maksudnya pt bumi aksara sentosa"). A marker of a person's own name
   * ("my name is", `person_markers`) is no company's.
   */
  private findCompany(text: string, words: readonly RawWord[], license: string | undefined): NameFound | undefined {
    for (const quoted of text.matchAll(QUOTED)) {
      const typed = quoted[1] ?? quoted[2]!
      const inner = this.rawWords(typed)
      // Single quotes hold terms as often as names ("'loan'", "'menunggu verifikasi'", "akun fb 'Loker Taiwan'"): a
      // name only with its kind in it ("'LPK Eiko'", "'al-falah travel & manpower'").
      if (quoted[1] === undefined && !inner.some((w) => this.forms.has(w.key) || this.institutions.has(w.key) || this.nameEnds.has(w.key))) continue
      const start = this.skipLead(inner, 0)
      const name = start >= 0 ? this.nameFrom(inner, start, license, { quoted: true }) : undefined
      // Every word quoted is the name, with what joins them as typed ("'al-falah travel & manpower'").
      if (name && name.words === inner.length - start) {
        const whole = typed.slice(inner[start]!.at).replace(/[\s.,!?;:]+$/u, '')
        const { start: _start, ...rest } = name
        return { ...rest, name: (name.form ? `${name.form} ` : '') + whole }
      }
      if (name) return { ...name, start: undefined }
      break
    }
    const capitals = this.usesCapitals(words)
    for (const formsOnly of [true, false]) {
      let found: NameFound | undefined
      for (let i = 0; i < words.length; i++) {
        const w = words[i]!
        // "P T" typed apart
        const two = i + 1 < words.length ? w.key + words[i + 1]!.key : ''
        const isForm = this.forms.has(w.key) || (this.forms.has(two) && w.key.length === 1)
        if (formsOnly ? !isForm : isForm || !(this.markers.has(w.key) || this.markers.has(two))) continue
        if (!formsOnly && i > 0 && this.personMarkers.has(words[i - 1]!.key + w.key)) continue
        const start = this.skipLead(words, i)
        const name =
          start < 0
            ? undefined
            : !formsOnly && start < words.length && COPULAS.has(words[start]!.key) && !words[start]!.breakAfter
              ? this.nameAfterCopula(words, start + 1, license, capitals)
              : this.nameFrom(words, start, license, { needCapital: capitals && !formsOnly, afterLead: true, afterForm: formsOnly })
        if (!name || (!formsOnly && (this.isVerbAfterMarker(name, words[start]!, words[start + 1]) || this.isPersonName(name, words, i) || this.isPlaceAfterMarker(words, start, name)))) continue
        if (!found || goesOn(found, name)) found = name
      }
      if (found) return found
    }
    const institute = this.findInstitute(words, license, capitals)
    if (institute) return institute
    const via = this.findVia(words, license, capitals)
    if (via) return via
    for (let i = 0; i < words.length; i++) {
      if (!this.subjectStarts.has(words[i]!.key) || words[i]!.breakAfter) continue
      // Between "is" and a legitimacy word, a word like "mas" belongs to the name even in lower case ("is bintang mas licensed").
      const name = this.nameFrom(words, i + 1, license, { needCapital: capitals, honorificsInside: true })
      if (!name) continue
      // Articles between the name and the legitimacy word: "is Maju Jaya a licensed agency", "is X still licensed".
      let k = i + 1 + name.words
      while (k < words.length && this.subjectBetween.has(words[k]!.key)) k++
      if (!name.form && this.isDomainTerm(name.name)) continue
      if (k < words.length && this.subjectNeeds.has(words[k]!.key)) return name
      // A plainer verdict ("is delta karya mandiri ok?"): only for a plain name of two words or more.
      if (k === i + 1 + name.words && k < words.length && this.subjectPlain.has(words[k]!.key) && this.plainName(words, i + 1, name)) return name
      // Or what it is, after it: "check anugrah sejahtera company", "is Maju Jaya agency legit".
      let marked = false
      while (k < words.length && (this.markers.has(words[k]!.key) || this.forms.has(words[k]!.key)) && !words[k - 1]!.breakAfter) {
        marked = true
        k++
      }
      if (marked && (k >= words.length || words[k - 1]!.breakAfter || this.subjectNeeds.has(words[k]!.key))) return name
    }
    return undefined
  }

  /**
   * The company someone goes or went with, after "via", "lewat", "with" (`company.via`): "my wife's going to Hong Kong
   * via mandala jaya persada next month … are they properly registered?". Only in a message that asks about
   * legitimacy or a check, and only a plain name of two words or more ("with my family", "lewat jalur resmi" name none).
   */
  private findVia(words: readonly RawWord[], license: string | undefined, capitals: boolean): NameFound | undefined {
    if (this.via.size === 0 || !words.some((w) => this.askWords.has(w.key) || this.askWords.has(w.norm))) return undefined
    for (let i = 0; i + 2 < words.length; i++) {
      if (!this.via.has(words[i]!.key) || words[i]!.breakAfter) continue
      const name = this.nameFrom(words, i + 1, license, { needCapital: capitals })
      if (name && this.plainName(words, i + 1, name)) return name
    }
    return undefined
  }

  /**
   * Whether the name at `start` is plain enough to be taken without a marker or a legitimacy word: two words or more,
   * none a number, a place, a course word, a training or country term, a greeting or filler, or an English function
   * word, and not a term of the FAQ.
   */
  private plainName(words: readonly RawWord[], start: number, name: NameFound): boolean {
    if (name.words < 2 || name.form) return false
    const parts = words.slice(start, start + name.words)
    // Words of the FAQ's texts only ("lewat aplikasi pemerintah") are no name.
    if (parts.every((w) => this.domainWords.has(w.key))) return false
    const plain = (w: RawWord) =>
      !/\d/.test(w.key) && !this.placeWords.has(w.key) && !this.countryWords.has(w.key) && !this.courseWords.has(w.key) && !this.terms.has(w.key) && !this.notNameStart.has(w.key) && !ENGLISH_FUNCTION_WORDS.has(w.key)
    return parts.every(plain) && !this.isDomainTerm(name.name)
  }

  /**
   * A name after a marker and "is"/"adalah" ("the company is rizki barokah internasional, …", "agensinya adalah Maju
   * Jaya"): two words or more that end the clause (or come before a legitimacy word), the first no word of the FAQ's
   * texts, none an English function word or verb or adverb form ("the agency is very slow", "the company is asking
   * money", "the agency is quite big in jakarta"): what the company is like or does, not its name.
   */
  private nameAfterCopula(words: readonly RawWord[], start: number, license: string | undefined, capitals: boolean): NameFound | undefined {
    const name = this.nameFrom(words, start, license, { needCapital: capitals, afterLead: true })
    if (!name || name.words < 2 || this.domainWords.has(words[start]!.key)) return undefined
    const end = start + name.words
    const next = words[end]
    if (next && !words[end - 1]!.breakAfter && !this.subjectNeeds.has(next.key)) return undefined
    return words.slice(start, end).some((w) => ENGLISH_FUNCTION_WORDS.has(w.key) || /[a-z]{2}(?:ing|ed|ly)$/.test(w.key)) ? undefined : name
  }

  /**
   * The name of a training institute or foundation after "lpk", "lembaga", "yayasan" (`institutions`): "lpk sakura
   * mirai jaya itu resmi?", "mau lapor yayasan cahaya insani". Two words or more, none of them a course word or a place
   * ("lpk bahasa korea" is none), not starting with a training in lower case, and not a term of the FAQ.
   */
  private findInstitute(words: readonly RawWord[], license: string | undefined, capitals: boolean): NameFound | undefined {
    for (let i = 0; i + 2 < words.length; i++) {
      if (!this.institutions.has(words[i]!.key) || words[i]!.breakAfter) continue
      const name = this.nameFrom(words, i + 1, license, { needCapital: capitals, afterLead: true })
      if (!name || name.words < 2) continue
      // A city after the name ("lpk yuki gakuen bandung") is where it is (read() leaves it out of the name).
      const parts = words.slice(i + 1, i + 1 + name.words - this.placeAtEnd(words, i + 1, name.words))
      const plain = (w: RawWord) => !this.courseWords.has(w.key) && !this.countryWords.has(w.key) && !this.placeWords.has(w.key) && !this.institutions.has(w.key) && !/^\d/.test(w.key)
      // A training word first ("lpk las murah", "lpk perhotelan terbaik") is what the institute teaches, unless the
      // name is written with a capital ("LPK Surya Mandiri").
      const first = parts[0]!
      if (parts.every(plain) && (first.cap || !this.terms.has(first.key)) && !this.isDomainTerm(name.name)) return { ...name, institution: words[i]!.raw }
    }
    return undefined
  }

  /**
   * A run of two or more capitalized words in a message otherwise written mostly in lower case ("report that Sinar
   * Terang Manpower is …", "Bintang Mas Sejahtera, are they licensed?", "Check Arta Graha please"): a name without
   * a marker. Used only by intents that already know a company is meant. A run that starts with a greeting
   * ("Selamat Pagi") or a country is none; in a message Written Like A Title nothing stands out, so nothing is taken.
   */
  private findNamedRun(words: readonly RawWord[]): string | undefined {
    for (let i = 0; i < words.length; i++) {
      const w = words[i]!
      if (!w.cap || (this.countryWords.has(w.key) && !this.placeStartsName(words, i)) || this.notNameStart.has(w.key)) continue
      const name = this.nameFrom(words, i, undefined, { needCapital: true })
      if (!name || name.words < 2 || name.name.split(' ').filter((part) => !/^\d/.test(part)).length < 2) continue
      if (this.isPersonRun(words, i)) {
        i += name.words - 1
        continue
      }
      if (this.lowerOutside(words, i, i + name.words) && !this.isDomainTerm(name.name)) return name.name
      i += name.words - 1
    }
    return this.findKindEnding(words)
  }

  /**
   * A capitalized country word that starts a company's name ("by Emirat Jaya Manpower"): not after "in"/"ke" (a
   * place), and two capitalized words or more that are no place follow it.
   */
  private placeStartsName(words: readonly RawWord[], i: number): boolean {
    const before = words[i - 1]
    if (before && !before.breakAfter && this.destinationBefore.has(before.key)) return false
    let k = i
    while (k < words.length && words[k]!.cap && this.countryWords.has(words[k]!.key) && !words[k]!.breakAfter) k++
    let rest = 0
    for (; k < words.length && words[k]!.cap && !this.countryWords.has(words[k]!.key) && !this.isStop(words[k]!); k++) {
      rest++
      if (words[k]!.breakAfter) break
    }
    return rest >= 2
  }

  /**
   * A run of capitalized words that names a person: after a title ("Pak Budi Santoso", "Mr Tan Wei") or after a
   * marker of a person's own name ("my name is Dewi Lestari", "nama saya Siti Aminah").
   */
  private isPersonRun(words: readonly RawWord[], i: number): boolean {
    const before = words[i - 1]
    // "Pastor John", "Father Reyes": the run starts with a title.
    if (this.personTitles.has(words[i]!.key)) return true
    if (!before || before.breakAfter) return false
    // "I'm Pastor John", "I am Dewi": a one-word marker before the run.
    if (this.personTitles.has(before.key) || this.personMarkers.has(before.key)) return true
    // "nama saya Siti", "my name is Dewi", "her name was Rina"
    for (const k of [i - 2, i - 3]) {
      if (k < 0 || !this.personMarkers.has(words[k]!.key + words[k + 1]!.key) || words[k + 1]!.breakAfter) continue
      if (words.slice(k + 2, i).every((w) => !w.breakAfter && COPULAS.has(w.key))) return true
    }
    return false
  }

  /**
   * Lower-case words ending in a word that says what kind of company it is ("i paid 500 usd to north maple careers",
   * "check golden star manpower please"; `name_ends`): a name, when the words before it are no stops.
   */
  private findKindEnding(words: readonly RawWord[]): string | undefined {
    for (let end = 1; end < words.length; end++) {
      if (!this.nameEnds.has(words[end]!.key)) continue
      let start = end
      while (start > 0 && end - start + 1 < this.maxWords) {
        const w = words[start - 1]!
        if (w.breakAfter || this.isStop(w) || /^\d/.test(w.raw) || this.countryWords.has(w.key) || this.notNameStart.has(w.key)) break
        start--
      }
      if (start === end) continue
      const name = words.slice(start, end + 1).map((w) => w.raw).join(' ')
      if (!this.isDomainTerm(name)) return name
    }
    return undefined
  }

  /**
   * One word, no legal form, after a marker that follows a person's role ("calo namanya Heru", "an agent called
   * Rizky", "sponsor sy namanya Budi"; `person_roles`): a person's name, not a company's.
   */
  private isPersonName(name: NameFound, words: readonly RawWord[], marker: number): boolean {
    if (name.words !== 1 || name.form) return false
    for (let k = marker; k >= 0 && k >= marker - 2; k--) if (this.personRoles.has(words[k]!.key)) return true
    return false
  }

  /**
   * One lower-case word after a marker that is a word of the FAQ's texts or an English past tense ("the agency asked
   * me", "my agent took my passport", "agent told me"): what the agency did, not its name. Longer, the same when
   * a lower-case past tense is followed by a pronoun or article ("the agency closed their office", "agent
   * promised us a job"): a sentence, not a name.
   */
  private isVerbAfterMarker(name: NameFound, first: RawWord, second: RawWord | undefined): boolean {
    if (first.cap) return false
    const pastTense = /[a-z]{2}ed$/.test(first.key)
    if (name.words === 1) return this.domainWords.has(first.key) || pastTense
    return pastTense && second !== undefined && !second.cap && OBJECT_WORDS.has(second.key)
  }

  /**
   * A country and at most one more word after a marker ("banyak perusahaan jepang datang", "agency malaysia"): where
   * the companies are from, not a name ("agen Korea Jaya Abadi" goes on with a name).
   */
  private isPlaceAfterMarker(words: readonly RawWord[], start: number, name: NameFound): boolean {
    let k = start
    while (k < start + name.words && this.countryWords.has(words[k]!.key)) k++
    return k > start && start + name.words - k < 2
  }

  /**
   * A name written without "PT" that the FAQ itself uses ("Triple Win", "IM Japan", "Karirhub Kemnaker"): two of its
   * words in a row in the FAQ's texts, or its only word there. Company names are not in the FAQ.
   */
  private isDomainTerm(name: string): boolean {
    const words = cleanText(name).split(' ').filter(Boolean)
    if (words.length === 1) return this.domainWords.has(words[0]!)
    // A name that starts with a word the FAQ never uses is a name, whatever words of the domain follow ("Rajawali
    // Tenaga Kerja": "tenaga kerja" is everywhere in the FAQ).
    if (!this.domainWords.has(words[0]!)) return false
    for (let k = 1; k < words.length; k++) if (this.domainPairs.has(`${words[k - 1]} ${words[k]}`)) return true
    return false
  }

  /**
   * Whether the writer uses capital letters (beyond the first word): then names are written with them too. Sentence
   * starts, "I", places and greetings ("Surabaya", "Taiwan", "Hi") do not tell: "the agency bina karya in Surabaya".
   */
  private usesCapitals(words: readonly RawWord[]): boolean {
    for (let i = 1; i < words.length; i++) {
      const w = words[i]!
      if (w.cap && w.key !== 'i' && !words[i - 1]!.sentenceAfter && !this.countryWords.has(w.key) && !this.notNameStart.has(w.key)) return true
    }
    return false
  }

  /** Whether most words outside `[from, to)` are lower case, not counting sentence starts and "I". */
  private lowerOutside(words: readonly RawWord[], from: number, to: number): boolean {
    let counted = 0
    let lower = 0
    for (let k = 0; k < words.length; k++) {
      if (k >= from && k < to) continue
      const sentenceStart = k === 0 || words[k - 1]!.breakAfter
      if (sentenceStart || words[k]!.key === 'i' || /^\d/.test(words[k]!.raw)) continue
      counted++
      if (!words[k]!.cap) lower++
    }
    return lower * 2 >= counted
  }

  /**
   * Skips legal forms and markers at `i` ("PT-nya namanya", "perusahaan bernama"); -1 when punctuation follows
   * them ("PT, resmi?"): no name there.
   */
  private skipLead(words: readonly RawWord[], i: number): number {
    let k = i
    for (;;) {
      const w = words[k]
      if (!w) return k
      const two = k + 1 < words.length ? w.key + words[k + 1]!.key : ''
      const width = this.markers.has(two) || (this.forms.has(two) && w.key.length === 1) ? 2 : this.isLead(words, k) ? 1 : 0
      if (width === 0) return k
      const last = words[k + width - 1]!
      // "company: Maju Jaya" names it; "PT, resmi?" does not.
      if (last.colonAfter) return k + width
      if (last.breakAfter) return -1
      k += width
    }
  }

  private isLead(words: readonly RawWord[], k: number): boolean {
    const w = words[k]!
    return this.forms.has(w.key) || this.markers.has(w.key) || ['nya', 'yaitu', 'yakni'].includes(w.key)
  }

  /**
   * The name starting at `start` (in quotes: every word); the legal form is the last form word before it.
   * `needCapital`: the first word must start with a capital letter.
   */
  private nameFrom(
    words: readonly RawWord[],
    start: number,
    license: string | undefined,
    options: { quoted?: boolean; needCapital?: boolean; honorificsInside?: boolean; afterLead?: boolean; afterForm?: boolean } = {},
  ): NameFound | undefined {
    const parts: string[] = []
    const first = words[start]
    if (!first) return undefined
    const capitalized = first.cap
    if (options.needCapital && !capitalized) return undefined
    const licenseHead = license?.split(/[\s/]/)[0]
    // Right after "PT", a capitalized word that is a stop elsewhere starts a capitalized name ("PT Kasih Bunda Lestari").
    const next = words[start + 1]
    const capitalizedStart = options.afterForm === true && capitalized && !first.breakAfter && next !== undefined && next.cap && (!this.isStop(next) || this.capitalizedOk.has(next.key))
    for (let k = start; k < words.length && parts.length < this.maxWords; k++) {
      const w = words[k]!
      // A number that is an amount ("PT Bahtera Jaya 12 million", "PT Maju 15jt") ends the name.
      if (!options.quoted && k > start && this.isAmount(words, k)) break
      const capitalizedNameWord =
        (k === start && (capitalizedStart || (options.afterForm === true && this.insideName(words, k)))) ||
        (k > start &&
          (((options.honorificsInside || (capitalized && w.cap)) && this.capitalizedOk.has(w.key)) || (options.afterLead && this.insideName(words, k))))
      if (!options.quoted && ((this.isStop(w) && !capitalizedNameWord) || (capitalized && k > start && !w.cap && !/^[\d&]/.test(w.raw)))) break
      // A verb after a name typed in lower case ("pt bumi karya nusantara mengumpulkan KTP", "pt nur insani lie to me").
      if (!options.quoted && k > start && !w.cap && (VERB_KAN.test(w.key) || this.objectFollows(words, k))) break
      if (licenseHead && w.raw.includes(licenseHead)) break
      if (/^\d+$/.test(w.key) && parts.length === 0) break
      parts.push(w.raw)
      if (w.breakAfter) break
    }
    if (parts.length === 0) return undefined
    let form: string | undefined
    for (let k = start - 1; k >= 0 && k >= start - 3; k--) {
      if (this.forms.has(words[k]!.key)) {
        form = words[k]!.key.toUpperCase()
        break
      }
    }
    // The words up to the end of the clause: the name may have been cut before a word of a longer registered name.
    const clause: string[] = []
    for (let k = start; k < words.length && clause.length < MAX_CLAUSE_WORDS; k++) {
      clause.push(words[k]!.raw)
      if (words[k]!.breakAfter) break
    }
    const prefix = form ? `${form} ` : ''
    return {
      name: prefix + parts.join(' '),
      start,
      ...(form ? { form } : {}),
      words: parts.length,
      ...(clause.length > parts.length ? { clause: prefix + clause.join(' ') } : {}),
    }
  }

  /**
   * Trainings and a destination named in the message, longest catalog term first at each place. A term that
   * fits several entries of one catalog ("bahasa", "energi", "arab") is not taken. A word that is both a
   * language course and a country ("jepang") is a training right after "belajar/kursus/bahasa" (`course_before`),
   * a destination otherwise.
   *
   * Which of the things named the person wants:
   * - a training named after the first one and a purpose word ("buat jadi perawat") is the work, not a second
   *   training; so is one shortly after a work word ("as factory worker", "working in a restaurant kitchen"), wherever
   *   it stands, when another training is named as a course ("kursus bahasa jepang", "cooking training");
   * - a country joined to another place by "atau/or" ("australia or canada", "jepang atau korea") is not decided;
   * - "not sure" is a destination only next to a word about places ("negara tujuan blm tau", "not sure where"):
   *   "blm tau bidang apa" is about the training.
   */
  private findCatalog(text: string): Pick<Entities, 'interests' | 'destination'> {
    return this.scanCatalog(text).found
  }

  /**
   * The destination when a destination word stands right before the country ("kerja di jepang", "ke qatar",
   * `destination_before`): a form asking which training reads it as the destination, not as "Bahasa Jepang".
   */
  markedDestination(text: string): string | undefined {
    const { found, words, countries } = this.scanCatalog(text)
    if (!found.destination || found.destination === NOT_SURE) return undefined
    const marked = countries.some((c) => c.id === found.destination && this.destinationBefore.has(words[c.start - 1] ?? ''))
    return marked ? found.destination : undefined
  }

  private scanCatalog(text: string): { found: Pick<Entities, 'interests' | 'destination'>; words: string[]; countries: { id: string; start: number; end: number }[] } {
    const words = cleanText(text).split(' ').filter(Boolean)
    const trainings: { id: string; start: number; end: number; course: boolean; work: boolean; afterPurpose: boolean }[] = []
    const countries: { id: string; start: number; end: number }[] = []
    // After a training was named, a purpose ("buat jadi perawat", "for work in a restaurant") names the work.
    let purpose = false
    for (let i = 0; i < words.length; ) {
      if (trainings.length > 0 && this.purposeWords.has(words[i]!)) purpose = true
      const bucket = this.terms.get(words[i]!)
      const before = i > 0 ? words[i - 1]! : ''
      let taken = 0
      if (bucket) {
        let length = 0
        const atLength: { kind: 'training' | 'country'; ids: string[] }[] = []
        for (const term of bucket) {
          const n = term.words.length
          if (length > 0 && n < length) break
          if (i + n > words.length || !term.words.every((w, k) => words[i + k] === w)) continue
          length = n
          atLength.push(term)
        }
        if (length > 0) {
          taken = length
          const country = atLength.find((t) => t.kind === 'country')
          const training = atLength.find((t) => t.kind === 'training')
          const pick = country && (!training || this.destinationBefore.has(before) || !this.courseBefore.has(before)) ? country : training
          if (pick && pick.ids.length === 1) {
            const id = pick.ids[0]!
            const end = i + length
            if (pick.kind === 'training') {
              const course = this.courseWords.has(before) || this.courseWords.has(words[end] ?? '') || words.slice(i, end).some((w) => this.courseWords.has(w))
              const work = words.slice(Math.max(0, i - WORK_REACH), i).some((w) => this.workWords.has(w))
              // A training named as a course is wanted, even after a purpose ("… my friends at work say I need a
              // certificate. Can I join your manufacturing training and the Japanese class?").
              const afterPurpose = purpose && !course
              const seen = trainings.find((t) => t.id === id)
              if (!seen) trainings.push({ id, start: i, end, course, work, afterPurpose })
              else {
                // Named again, as a course or not as the job ("kerja di pabrik korea … kalau ada kelas pabrik", "work
                // in a factory … join the Japanese program and also the manufacturing one"): wanted too.
                seen.course ||= course
                seen.work &&= work
                seen.afterPurpose &&= afterPurpose
              }
            } else if (id !== NOT_SURE || this.notSureMeant(words, i, end)) countries.push({ id, start: i, end })
          }
        }
      }
      i += Math.max(taken, 1)
    }
    const anyCourse = trainings.some((t) => t.course)
    const interests = trainings.filter((t) => !t.afterPurpose && !(anyCourse && !t.course && t.work)).map((t) => t.id)
    this.languageOfCountries(words, countries, interests)
    const destination = this.destinationOf(words, countries) ?? this.languageThere(words, interests)
    return { found: { ...(interests.length > 0 ? { interests } : {}), ...(destination ? { destination } : {}) }, words, countries }
  }

  /**
   * The first country named that is not one of alternatives ("australia or canada": not decided), or "not sure"
   * when no country is named.
   */
  private destinationOf(words: readonly string[], countries: readonly { id: string; start: number; end: number }[]): string | undefined {
    const named = countries.filter((c) => c.id !== NOT_SURE)
    if (named.length > 0) {
      const chosen = named.filter((c) => !this.alternative(words, c))
      // Several countries, one of them wished for ("ibu dulu TKW di taiwan, sy maunya ke jepang"): that one.
      const wished = new Set(chosen.filter((c) => this.wishedBefore(words, c.start)).map((c) => c.id))
      if (wished.size === 1 && new Set(named.map((c) => c.id)).size > 1) return [...wished][0]
      // Countries offered as a choice ("taiwan atau jepang bagusnya?", "Saudi or Kuwait"): the first one named, when
      // it opens the choice ("australia or canada": the first is no country of the catalog, nothing decided).
      if (chosen.length === 0 && this.opensChoice(words, named[0]!)) return named[0]!.id
      // Two different countries, one of them an alternative: nothing decided.
      return chosen.length > 0 && named.every((c) => !this.alternative(words, c) || c.id === chosen[0]!.id) ? chosen[0]!.id : undefined
    }
    return countries.length > 0 ? NOT_SURE : undefined
  }

  /**
   * A language asked for without saying which ("belajar bahasanya dulu", "sekalian bahasanya"; `language_words`), and no
   * language course named: the language course of each country named that has one ("korea atau jepang … bahasanya" →
   * Korean and Japanese), added to `interests` in the order named.
   */
  private languageOfCountries(words: readonly string[], countries: readonly { id: string }[], interests: string[]): void {
    if (countries.length === 0 || this.languageWords.length === 0) return
    if (interests.some((id) => this.languageCountries.has(id))) return
    if (!this.languageWords.some((p) => words.some((_, i) => p.every((w, k) => words[i + k] === w)))) return
    for (const c of countries) {
      const training = this.countryLanguages.get(c.id)
      if (training && !interests.includes(training)) interests.push(training)
    }
  }

  /**
   * No country named, one language course with a country of its own, and "there" pointing at it ("ada kursus bahasa
   * jepang gk kak? sy pengen jd caregiver disana", "any german class? I want to be a nurse there"): that country.
   */
  private languageThere(words: readonly string[], interests: readonly string[]): string | undefined {
    const places = [...new Set(interests.map((id) => this.languageCountries.get(id)).filter((c): c is string => c !== undefined))]
    if (places.length !== 1) return undefined
    const there = this.thereWords.some((p) => words.some((_, i) => p.every((w, k) => words[i + k] === w)))
    return there ? places[0] : undefined
  }

  /**
   * The country at `c` is one of alternatives ("australia or canada", "ke jepang atau ke korea"). Methods, not
   * closures: under tsx each named closure costs a `defineProperty` of its name (about 1 µs).
   */
  private alternative(words: readonly string[], c: { start: number; end: number }): boolean {
    return (
      (this.orWords.has(words[c.start - 1] ?? '') && this.isPlace(words[c.start - 2])) ||
      (this.orWords.has(words[c.end] ?? '') && this.isPlace(words[c.end + 1] === 'ke' || words[c.end + 1] === 'to' ? words[c.end + 2] : words[c.end + 1]))
    )
  }

  /** Whether the country at `c` comes first in a choice ("taiwan atau jepang", "ke korea or ke jepang"), not after one. */
  private opensChoice(words: readonly string[], c: { start: number; end: number }): boolean {
    const after = words[c.end]
    const next = words[c.end + 1] === 'ke' || words[c.end + 1] === 'to' ? words[c.end + 2] : words[c.end + 1]
    const before = this.orWords.has(words[c.start - 1] ?? '') && this.isPlace(words[c.start - 2])
    return after !== undefined && this.eitherWords.has(after) && this.isPlace(next) && !before
  }

  private isPlace(w: string | undefined): boolean {
    return w !== undefined && (this.countryWords.has(w) || this.placeWords.has(w))
  }

  /** Whether a wish word ("mau", "maunya", "want") stands shortly before the word at `start`. */
  private wishedBefore(words: readonly string[], start: number): boolean {
    for (let k = Math.max(0, start - WISH_REACH); k < start; k++) {
      const w = words[k]!
      if (this.wishWords.has(w) || this.wishWords.has(this.normOf(w)) || (w.endsWith('nya') && this.wishWords.has(w.slice(0, -3)))) return true
    }
    return false
  }

  /** "Not sure" said about the destination: a word about places near it ("negara", "where"), or a phrase that is one ("anywhere"). */
  private notSureMeant(words: readonly string[], start: number, end: number): boolean {
    const phrase = words.slice(start, end).join(' ')
    if (this.notSureAlone.has(phrase)) return true
    const from = Math.max(0, start - NOT_SURE_REACH)
    const to = Math.min(words.length, end + NOT_SURE_REACH)
    for (let k = from; k < to; k++) {
      if (k >= start && k < end) continue
      if (this.placeAsked.has(words[k]!) || (k + 1 < to && this.placeAsked.has(`${words[k]} ${words[k + 1]}`))) return true
    }
    return false
  }
}

/** A training named at most this many words after a work word ("working in a small restaurant") is the job. */
const WORK_REACH = 4
/** A country at most this many words after a wish word is the one wished for ("want to go to Japan"). */
const WISH_REACH = 4
/** Words on either side of "not sure" where a word about places makes it the destination ("negara tujuan blm tau"). */
const NOT_SURE_REACH = 3

/** Whether the later name goes on from the earlier one: the same words and more ("pt bumi" → "pt bumi aksara sentosa"). */
function goesOn(earlier: NameFound, later: NameFound): boolean {
  const bare = (n: NameFound) => cleanText(n.form ? n.name.slice(n.form.length) : n.name)
  return later.words > earlier.words && bare(later).startsWith(`${bare(earlier)} `)
}
