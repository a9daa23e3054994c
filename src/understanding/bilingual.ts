/**
 * The lexicon the FAQ matcher reads with: the slang table (`content/lexicon/slang.yaml`) plus the English domain
 * words of `content/lexicon/english.yaml`, so that "how much is the salary in korea" is read as
 * "berapa gaji korea" and meets the FAQ's Indonesian variants, keywords and answers, not only its English
 * variants. Emergency detection and routing keep reading the slang table alone.
 *
 * - an English key that the slang table has too is a problem (one word, one place);
 * - values are normalized through the slang table once, here ("cek kesehatan" → the slang table's word for it),
 *   because the phrase pass of `tokenize` inserts values as they are;
 * - a single-word key gets its plural with -s for free ("recruiter" → "recruiters"), unless that form is a key
 *   already;
 * - a value word that no FAQ entry uses (in an Indonesian variant, keyword or answer) makes a warning: the
 *   mapping would only turn one unknown word into another;
 * - English single-word keys (those of `english:`, and the slang table's keys that the FAQ's English variants use
 *   more than its Indonesian ones: "pay", "work", "nurse") get their inflections for free ("pays", "paid" is its
 *   own key; "worked", "working", "nurses", "verified", "factories"), unless the form is a key already, a function
 *   word, or a word of the FAQ's Indonesian text ("gas", "sms" stay as they are): a fresh English question is read
 *   through the table whatever form it uses its words in.
 */
import type { FaqEntry, Lexicon } from '../content/types.ts'
import { derivedKey, readDerived, writeDerived } from './derived-cache.ts'
import type { WeightCache } from './linear-model.ts'
import { adoptNormalizedLexicon, normalizeLexicon, tokenize } from './normalize.ts'
import { STOPWORDS } from './text-features.ts'

export interface LexiconProblem {
  /** The key of `english:` the problem is about. */
  key: string
  message: string
  severity: 'error' | 'warn'
}

/** The slang table with the English domain words added (slang wins on a clash, which is also reported). */
export function bilingualLexicon(
  slang: Lexicon,
  english: Readonly<Record<string, string>>,
  entries: readonly FaqEntry[] = [],
): { lexicon: Lexicon; problems: LexiconProblem[] } {
  const problems: LexiconProblem[] = []
  const slangLex = normalizeLexicon(slang)
  const merged = new Map(slang)
  const added: [string, string][] = []
  for (const [rawKey, rawValue] of Object.entries(english)) {
    const key = rawKey.toLowerCase().trim()
    if (slang.has(key)) {
      problems.push({ key: rawKey, severity: 'error', message: `"${rawKey}" is in content/lexicon/slang.yaml too; keep it in one of the two files` })
      continue
    }
    const value = tokenize(rawValue, slangLex).join(' ')
    if (value === '') {
      problems.push({ key: rawKey, severity: 'error', message: `"${rawKey}" maps to no word; give the Indonesian word(s) it means` })
      continue
    }
    added.push([key, value])
  }
  for (const [key, value] of added) merged.set(key, value)
  for (const [key, value] of added) {
    if (/^[a-z]+$/.test(key) && !key.endsWith('s') && !merged.has(`${key}s`)) merged.set(`${key}s`, value)
  }
  if (entries.length > 0) {
    const used = new Set<string>()
    for (const e of entries) {
      for (const text of [...(e.q.id ?? []), ...e.keywords, e.a.id]) for (const w of tokenize(text, slangLex)) used.add(w)
    }
    addInflections(merged, added, slang, entries)
    for (const [key, value] of added) {
      const unknown = value.split(' ').filter((w) => !used.has(w) && !STOPWORDS.has(w))
      if (unknown.length > 0) {
        problems.push({ key, severity: 'warn', message: `"${key}" maps to ${unknown.map((w) => `"${w}"`).join(', ')}, which no FAQ entry uses in Indonesian; map it to a word the FAQ uses` })
      }
    }
  }
  return { lexicon: normalizeLexicon(merged), problems }
}

/** What `bilingualLexicon` gives, as kept in the model cache: the table's entries in order, and the problems. */
interface BilingualDerived {
  entries: [string, string][]
  problems: LexiconProblem[]
}

/**
 * `bilingualLexicon`, or its result stored in `cache` by an earlier load with the same inputs (the slang table, the
 * English words, the FAQ texts it reads; the code of src/understanding/ through `derivedKey`): a warm load skips
 * tokenizing every FAQ text. Stored after it was computed here; a stored value of the wrong shape is ignored (and
 * computed afresh).
 */
export function bilingualLexiconCached(
  slang: Lexicon,
  english: Readonly<Record<string, string>>,
  entries: readonly FaqEntry[],
  cache: WeightCache | undefined,
): { lexicon: Lexicon; problems: LexiconProblem[] } {
  if (!cache?.getData) return bilingualLexicon(slang, english, entries)
  const key = derivedKey('faq-lexicon', [[...slang], english, entries.map((e) => [e.q.id ?? [], e.q.en ?? [], e.keywords, e.a.id])])
  const stored = readDerived<BilingualDerived>(cache, key)
  if (stored && isBilingualDerived(stored)) {
    return { lexicon: adoptNormalizedLexicon(new Map(stored.entries)), problems: stored.problems }
  }
  const built = bilingualLexicon(slang, english, entries)
  writeDerived(cache, key, { entries: [...built.lexicon], problems: built.problems } satisfies BilingualDerived)
  return built
}

function isBilingualDerived(value: unknown): value is BilingualDerived {
  if (typeof value !== 'object' || value === null) return false
  const { entries, problems } = value as Partial<BilingualDerived>
  return (
    Array.isArray(entries) &&
    entries.every((e) => Array.isArray(e) && e.length === 2 && typeof e[0] === 'string' && typeof e[1] === 'string') &&
    Array.isArray(problems) &&
    problems.every((p) => typeof p === 'object' && p !== null && typeof p.key === 'string' && typeof p.message === 'string' && (p.severity === 'error' || p.severity === 'warn'))
  )
}

/**
 * Adds the regular inflections of the English single-word keys to `merged` (see the module comment). A slang key
 * counts as English when the FAQ's English variants use it more often than its Indonesian variants do.
 */
function addInflections(merged: Map<string, string>, added: readonly [string, string][], slang: Lexicon, entries: readonly FaqEntry[]): void {
  const raw = (text: string): string[] => text.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean)
  const inEnglish = new Map<string, number>()
  const indonesian = new Set<string>()
  const inIndonesian = new Map<string, number>()
  for (const e of entries) {
    for (const text of e.q.en ?? []) for (const w of raw(text)) inEnglish.set(w, (inEnglish.get(w) ?? 0) + 1)
    for (const text of e.q.id ?? []) for (const w of raw(text)) inIndonesian.set(w, (inIndonesian.get(w) ?? 0) + 1)
    for (const text of [...(e.q.id ?? []), ...e.keywords, e.a.id]) for (const w of raw(text)) indonesian.add(w)
  }
  const english: [string, string][] = [...added]
  for (const [key, value] of slang) {
    if ((inEnglish.get(key) ?? 0) > (inIndonesian.get(key) ?? 0)) english.push([key, value])
  }
  for (const [key, value] of english) {
    // Already inflected ("registered", "learning", "papers"): no forms of its own.
    if (!/^[a-z]{3,}$/.test(key) || /(ed|ing|s)$/.test(key) || value === '') continue
    for (const form of englishInflections(key)) {
      if (merged.has(form) || indonesian.has(form) || STOPWORDS.has(form)) continue
      merged.set(form, value)
    }
  }
}

/** Regular English inflections of a base form: plural / third person, past, -ing ("stop" → "stops", "stopped", "stopping"). */
export function englishInflections(base: string): string[] {
  const out: string[] = []
  const consonant = (c: string | undefined): boolean => c !== undefined && !'aeiou'.includes(c)
  if (/(s|x|z|ch|sh)$/.test(base)) out.push(`${base}es`)
  else if (base.endsWith('y') && consonant(base.at(-2))) out.push(`${base.slice(0, -1)}ies`, `${base.slice(0, -1)}ied`)
  else out.push(`${base}s`)
  // "fee" and "free" have no past ("feed", "freed" are other words).
  if (base.endsWith('ee')) out.push()
  else if (base.endsWith('e')) out.push(`${base}d`, `${base.slice(0, -1)}ing`)
  else if (!(base.endsWith('y') && consonant(base.at(-2)))) out.push(`${base}ed`, `${base}ing`)
  else out.push(`${base}ing`)
  // A short final consonant-vowel-consonant doubles ("stop" → "stopped"); both spellings are added.
  if (/[^aeiou][aeiou][bdgklmnprt]$/.test(base)) {
    const last = base.at(-1)!
    out.push(`${base}${last}ed`, `${base}${last}ing`)
  }
  return out
}
