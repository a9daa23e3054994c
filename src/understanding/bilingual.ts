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
 *   mapping would only turn one unknown word into another.
 */
import type { FaqEntry, Lexicon } from '../content/types.ts'
import { normalizeLexicon, tokenize } from './normalize.ts'
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
    for (const [key, value] of added) {
      const unknown = value.split(' ').filter((w) => !used.has(w) && !STOPWORDS.has(w))
      if (unknown.length > 0) {
        problems.push({ key, severity: 'warn', message: `"${key}" maps to ${unknown.map((w) => `"${w}"`).join(', ')}, which no FAQ entry uses in Indonesian; map it to a word the FAQ uses` })
      }
    }
  }
  return { lexicon: normalizeLexicon(merged), problems }
}
