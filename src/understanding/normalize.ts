/**
 * Turns what people type in chat into comparable words. It is the first step of FAQ search and emergency
 * detection.
 *
 * People write "syarat2 jd TKW gmn???", "PTnya resmi gaaa", "brp biaya ke taiwan". `tokenize` makes
 * `["syarat", "syarat", "jadi", "pmi", "bagaimana"]` out of the first one:
 *
 * 1. lower case; accents, zero-width and control characters removed; full-width letters folded to ASCII;
 * 2. apostrophes inside words dropped ("don't" → "dont"); every other non-letter, non-digit → a space;
 * 3. per word: the slang table (`content/lexicon/slang.yaml`), then letters repeated three or more times
 *    collapsed ("bangeeet" → "banget"), then a doubled last letter of a chat elongation ("gimanaa" →
 *    "gimana"), then reduplication written with a 2 ("syarat2" → "syarat syarat", "kerja2an" →
 *    "kerja kerjaan"), then a number glued to a unit ("5jt" → "5 juta"), then a clitic on a slang word
 *    ("agennya" → "p3mi");
 * 4. the slang table again on every piece a rule produced;
 * 5. phrases of the slang table, matched on the words so far, longest first ("g to g" → "g2g",
 *    "tenaga kerja wanita" → "pmi").
 *
 * Stemming and stop words are not done here: they belong to the search (`faq-search.ts`).
 */
import type { Lexicon } from '../content/types.ts'
import { rememberingText, TextMemo } from './text-cache.ts'

/**
 * Lower case, no accents, no zero-width or control characters, full-width forms folded, apostrophes inside
 * words removed, and everything that is not a letter or a digit turned into a single space.
 * `"Ｐａｓｐｏｒ  di-tahan!!"` → `"paspor di tahan"`.
 */
/** Words with a letter in them ("saya", "17thn"; not "2", "?", "🙏"): how long a message is, as people count. */
export function wordCount(text: string): number {
  // Asked of the same message by several readers, and of the same short answers again and again.
  return countedWords.get(text, (t) => t.split(/\s+/).filter((w) => /\p{L}/u.test(w)).length)
}

const countedWords = new TextMemo<number>(10_000, 300)

export function cleanText(text: string): string {
  // The same labels, synonyms and words are cleaned on every message: recent results are remembered.
  return rememberedClean(text)
}

const rememberedClean = rememberingText((text) => cleanUncached(text), 20_000, 200)

/** Text of ASCII characters only (most messages): cleaned by the same steps with plain ASCII patterns. */
const ASCII_ONLY = /^[\x00-\x7f]*$/

function cleanUncached(text: string): string {
  // For ASCII, NFKD and the accent/format removal change nothing, a letter is [a-z] once lower-cased and a digit
  // [0-9]: the same result as below, about five times faster (a fuzz test compares the two).
  if (ASCII_ONLY.test(text)) return text.toLowerCase().replace(/([a-z])['`]([a-z])/g, '$1$2').replace(/[^a-z0-9]+/g, ' ').trim()
  return cleanUnicode(text)
}

/** `cleanText` for any text (exported for the test that compares it with the ASCII path). */
export function cleanUnicode(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\p{M}\p{Cf}]/gu, '') // combining accents; zero-width and other format characters
    .toLowerCase()
    .replace(/(\p{L})['’`‘](\p{L})/gu, '$1$2')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
}

/** Letters that chat elongation doubles at the end of a word ("gimanaa", "kakk", "yahh") but that standard
 * Indonesian and English words rarely end on twice. `e`, `o`, `l`, `s`, `f`, `t` are left alone for "fee",
 * "too", "will", "pass", "staff", "watt". */
const ELONGATED_FINAL = /^(.{2,}?)([aiuhkgnmywr])\2$/

/**
 * Letters written three or more times become one ("bangeeet" → "banget", "tolooong" → "tolong"); a doubled
 * final letter of the kind chat elongation produces becomes one ("gimanaa" → "gimana"). Digits are kept.
 */
export function collapseRepeats(word: string): string {
  const collapsed = word.replace(/(\p{L})\1{2,}/gu, '$1')
  const elongated = ELONGATED_FINAL.exec(collapsed)
  return elongated ? elongated[1]! + elongated[2]! : collapsed
}

/** What may follow the reduplication "2": "syarat2nya", "kerja2an", "dipukul2in". */
const REDUPLICATION = /^(\p{L}{3,})2(an|nya|in|kan|i|lah|kah|pun|ku|mu|annya)?$/u

/**
 * Indonesian reduplication written with a 2: `"syarat2"` → `["syarat", "syarat"]`, `"kerja2an"` →
 * `["kerja", "kerjaan"]`, `"anak2nya"` → `["anak", "anaknya"]`. Names that merely contain a 2 ("siskop2mi",
 * "bp2mi", "g2g") are not reduplication and come back as they are.
 */
export function splitReduplication(word: string): string[] {
  const m = REDUPLICATION.exec(word)
  if (!m) return [word]
  const base = m[1]!
  return [base, base + (m[2] ?? '')]
}

/** A number glued to its unit: "5jt", "18thn", "3x". Letters glued after digits are split off. */
const NUMBER_UNIT = /^(\d+)(\p{L}+)$/u
/** "rp5", "rp15000": the currency glued to the amount. */
const CURRENCY_NUMBER = /^(rp)(\d+)$/

/** Clitics that chat glues to a word whose base is itself slang: "agennya", "ptnya", "gajiku". */
const CLITIC = /^(\p{L}{2,}?)(nya|lah|kah|ku|mu|pun)$/u

/**
 * The words of `text`, normalized as described at the top of this file. `lexicon` maps informal words and
 * abbreviations to standard words (a value may be several words: "ln" → "luar negeri").
 */
export function tokenize(text: string, lexicon?: Lexicon): string[] {
  const cleaned = cleanText(text)
  if (!cleaned) return []
  const out: string[] = []
  const memo = wordMemo(lexicon)
  for (const raw of cleaned.split(' ')) {
    let pieces = memo.get(raw)
    if (!pieces) {
      pieces = normalizeWord(raw, lexicon)
      if (memo.size >= WORD_MEMO_SIZE) memo.clear()
      memo.set(raw, pieces)
    }
    for (const piece of pieces) out.push(piece)
  }
  const phrases = lexicon ? phraseTable(lexicon) : undefined
  return phrases && phrases.size > 0 ? replacePhrases(out, phrases) : out
}

/** Normalized words per lexicon, remembered: the same words come back in every message. */
const WORD_MEMO_SIZE = 20_000
const wordMemos = new WeakMap<Lexicon, Map<string, readonly string[]>>()
const plainWordMemo = new Map<string, readonly string[]>()

function wordMemo(lexicon: Lexicon | undefined): Map<string, readonly string[]> {
  if (!lexicon) return plainWordMemo
  let memo = wordMemos.get(lexicon)
  if (!memo) wordMemos.set(lexicon, (memo = new Map()))
  return memo
}

/** Phrase keys of a lexicon ("g to g"), by their first word, longest first. */
type PhraseTable = ReadonlyMap<string, readonly { words: readonly string[]; value: readonly string[] }[]>

const phraseTables = new WeakMap<Lexicon, PhraseTable>()

function phraseTable(lexicon: Lexicon): PhraseTable {
  const cached = phraseTables.get(lexicon)
  if (cached) return cached
  const table = new Map<string, { words: string[]; value: string[] }[]>()
  for (const [key, value] of lexicon) {
    if (!key.includes(' ')) continue
    // The key's words are normalized like user words, so "luar negri" in the table meets "luar negri" typed.
    const words = cleanText(key).split(' ').flatMap((w) => normalizeWord(w, lexicon))
    if (words.length < 2) continue
    const list = table.get(words[0]!) ?? []
    list.push({ words, value: value.split(' ').filter((w) => w !== '') })
    table.set(words[0]!, list)
  }
  for (const list of table.values()) list.sort((a, b) => b.words.length - a.words.length)
  phraseTables.set(lexicon, table)
  return table
}

function replacePhrases(tokens: readonly string[], table: PhraseTable): string[] {
  const out: string[] = []
  let i = 0
  while (i < tokens.length) {
    const match = table.get(tokens[i]!)?.find((p) => p.words.every((w, k) => tokens[i + k] === w))
    if (match) {
      out.push(...match.value)
      i += match.words.length
    } else {
      out.push(tokens[i]!)
      i++
    }
  }
  return out
}

/** `tokenize`, joined with single spaces: `"Syarat2 jd TKW gmn???"` → `"syarat syarat jadi pmi bagaimana"`. */
export function normalizeText(text: string, lexicon?: Lexicon): string {
  return tokenize(text, lexicon).join(' ')
}

/** One cleaned word → its normalized word(s). */
function normalizeWord(word: string, lexicon: Lexicon | undefined): string[] {
  const direct = lookup(word, lexicon)
  if (direct) return direct
  const collapsed = collapseRepeats(word)
  const afterCollapse = collapsed === word ? undefined : lookup(collapsed, lexicon)
  if (afterCollapse) return afterCollapse

  let pieces: string[]
  const unit = NUMBER_UNIT.exec(collapsed)
  const currency = CURRENCY_NUMBER.exec(collapsed)
  if (unit) pieces = [unit[1]!, unit[2]!]
  else if (currency) pieces = [currency[1]!, currency[2]!]
  else pieces = splitReduplication(collapsed)

  const out: string[] = []
  for (const piece of pieces) {
    const found = lookup(piece, lexicon) ?? lookupWithoutClitic(piece, lexicon)
    if (found) out.push(...found)
    else out.push(piece)
  }
  return out
}

function lookup(word: string, lexicon: Lexicon | undefined): string[] | undefined {
  const value = lexicon?.get(word)
  return value === undefined ? undefined : value.split(' ').filter((w) => w !== '')
}

/** "agennya" → "p3mi" when "agen" is in the lexicon; the clitic carries nothing a search needs. */
function lookupWithoutClitic(word: string, lexicon: Lexicon | undefined): string[] | undefined {
  if (!lexicon) return undefined
  const m = CLITIC.exec(word)
  return m ? lookup(m[1]!, lexicon) : undefined
}

/**
 * Builds a lexicon from the parsed `content/lexicon/slang.yaml` (`{ slang: { word: replacement } }`). Keys and
 * values are cleaned the same way user text is, so "PT" and "pt" are one key; a value may hold several words
 * (or none: the word is dropped), and a key of several words is a phrase. Throws an `Error` that says what
 * to fix when the shape is wrong.
 */
export function parseLexicon(yamlObject: unknown): Map<string, string> {
  const slang = isRecord(yamlObject) ? yamlObject['slang'] : undefined
  if (!isRecord(slang)) {
    throw new Error('lexicon: expected a map under `slang:`, e.g. `slang: { gmn: bagaimana, tkw: pmi }`')
  }
  const entries: [string, string][] = []
  for (const [key, value] of Object.entries(slang)) {
    if (typeof value !== 'string' && typeof value !== 'number') {
      throw new Error(`lexicon: the replacement for "${key}" must be text, e.g. \`${key}: kata baku\``)
    }
    if (!cleanText(key)) throw new Error(`lexicon: "${key}" has no letters or digits; remove it`)
    entries.push([key, String(value)])
  }
  return cleanLexicon(new Map(entries))
}

/**
 * The same lexicon with keys and replacements cleaned like user text (`cleanText`), so that a lexicon read by
 * another loader ("PT" → "P3MI") works too. A key of several words is a phrase. Empty keys are dropped.
 */
export function normalizeLexicon(lexicon: Lexicon): Lexicon {
  // Lexicons are not changed once built: the same one normalized again (the content load passes the slang table and
  // the FAQ's table through several builders) is the same table, so the words that `tokenize` remembers per table
  // and its phrase table are shared, not built again for each copy.
  if (normalizedLexicons.has(lexicon)) return lexicon
  let out = normalizedCopies.get(lexicon)
  if (!out) {
    out = cleanLexicon(lexicon)
    normalizedCopies.set(lexicon, out)
    normalizedLexicons.add(out)
  }
  return out
}

/**
 * `table`, the output of an earlier `normalizeLexicon` kept elsewhere (the model cache) with its entries in their
 * order, taken as normalized: `normalizeLexicon` returns it as it is.
 */
export function adoptNormalizedLexicon(table: Map<string, string>): Lexicon {
  normalizedLexicons.add(table)
  return table
}

const normalizedLexicons = new WeakSet<Lexicon>()
const normalizedCopies = new WeakMap<Lexicon, Lexicon>()

function cleanLexicon(lexicon: Lexicon): Map<string, string> {
  const out = new Map<string, string>()
  for (const [key, value] of lexicon) {
    const word = cleanText(key)
    if (word) out.set(word, cleanText(value))
  }
  return out
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/**
 * An Indonesian mobile number as typed inside a sentence ("sy Rina 0812 3456 7890, mau tanya …", "+62 812-…"): no
 * word of a question. Amounts ("15.000.000") and other numbers stay.
 */
const MOBILE_NUMBER = /(?:\+\s?62|\b62|\b0)[\s.-]?8\d(?:[\s.-]?\d){6,11}(?!\d)/g

/** `text` with the mobile numbers in it replaced by a space: what a question asks, without who asks it. */
export function withoutPhoneNumbers(text: string): string {
  return /\d{3}/.test(text) ? text.replace(MOBILE_NUMBER, ' ') : text
}
