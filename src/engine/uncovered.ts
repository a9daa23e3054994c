/**
 * Whether a question asked again about the entry just answered asks something that answer does not say (blind tester
 * B, B-3: "is OPP free or she pay?" after the OPP answer got the same answer word for word). Read by words: the
 * message's content words (function words out, stemmed) that appear neither in the answer (both languages) nor in
 * its title. A question asked again in other words or another language shares its words with the answer and is
 * answered again; one with at least UNCOVERED_MIN words of its own, or a complaint that it was not answered
 * ("td yg soal rekomendasi blm dijawab": content/abroad.yaml cue `not_answered`), is told honestly that the
 * assistant knows no more. Pure (the words of an entry are read once and kept with it).
 */
import type { Bundle } from '../content/bundle.ts'
import type { FaqEntry } from '../content/types.ts'
import { contentWords } from '../understanding/scope.ts'
import { stem } from '../understanding/stemmer.ts'

/** Words of its own a repeated question needs to be read as asking beyond the answer. */
export const UNCOVERED_MIN = 2

function words(text: string, lexicon: Bundle['lexicon']): string[] {
  return contentWords(text, lexicon)
    .filter((w) => !/^\d+$/.test(w))
    .map((w) => stem(w))
}

/** The stemmed words an entry's answers, title and first questions say, read once per entry (entries belong to one bundle). */
const saidByEntry = new WeakMap<FaqEntry, ReadonlySet<string>>()

function saidWords(bundle: Bundle, entry: FaqEntry): ReadonlySet<string> {
  const known = saidByEntry.get(entry)
  if (known) return known
  const said = new Set<string>()
  for (const part of [entry.a.id, entry.a.en, entry.abroad_answer?.id, entry.abroad_answer?.en, entry.title?.id, entry.title?.en, entry.q.id?.[0], entry.q.en?.[0]]) {
    if (part) for (const w of words(part, bundle.lexicon)) said.add(w)
  }
  saidByEntry.set(entry, said)
  return said
}

/** The content words of `text` that the entry's answer and title do not have. */
export function uncoveredWords(bundle: Bundle, entry: FaqEntry, text: string): string[] {
  const said = saidWords(bundle, entry)
  return [...new Set(words(text, bundle.lexicon).filter((w) => !said.has(w)))]
}
