/**
 * A registered company named in free text without a legal form in front ("Contoh Kembar Fiktif resmi?",
 * "Contoh Kembar Fiktif, PT"): the entity reader finds names after "PT" or a marker only, so a message that is a
 * registry name plus conversational words would otherwise go to the FAQ.
 *
 * Strict, to keep false positives out: the name must be an exact normalized registry name of at least two words,
 * and every other word of the message must be a filler word (`resmi`, `ga`, `cek`, `pt`…). Cost: a message of at
 * most {@link MAX_TOKENS} words is tried at each start with spans up to the longest registered name (bounded, no
 * scan of the registry).
 */
import { agencyNameTokens, CONTENT_FILLER, PURE_FILLER, type AgencyRegistry } from '../knowledge/agencies.ts'

/** Longer messages say more than a name: they are not looked at. */
const MAX_TOKENS = 16
const MAX_CHARS = 200
/** Legal forms that may stand after a name ("Contoh Kembar Fiktif, PT"); a trailing CV is passed on to the lookup. */
const FORMS: ReadonlySet<string> = new Set(['pt', 'cv'])
/** English words around a name in a legitimacy question ("Contoh Kembar Fiktif legit?"). */
const ENGLISH_FILLER: ReadonlySet<string> = new Set(
  'is it this the a an legit licensed registered real safe verify please hello hi'.split(' '),
)

/** The registered name the message is about, as the lookup should see it; undefined when there is none. */
export function registryMention(registry: AgencyRegistry | undefined, text: string): string | undefined {
  if (!registry || registry.agencies.length === 0 || text.length > MAX_CHARS) return undefined
  const ix = registry.indexes
  const tokens = agencyNameTokens(text)
  if (tokens.length < 2 || tokens.length > MAX_TOKENS) return undefined
  const filler = (t: string) => PURE_FILLER.has(t) || CONTENT_FILLER.has(t) || ENGLISH_FILLER.has(t) || FORMS.has(t)
  // nonFiller[i]: words before i that are not filler, so "only filler outside the span" is two subtractions.
  const nonFiller = [0]
  for (const t of tokens) nonFiller.push(nonFiller[nonFiller.length - 1]! + (filler(t) ? 0 : 1))
  const total = nonFiller[tokens.length]!
  let best: [number, number] | undefined
  for (let start = 0; start < tokens.length; start++) {
    for (let end = start + 2; end <= Math.min(tokens.length, start + ix.maxNameTokens); end++) {
      const inside = nonFiller[end]! - nonFiller[start]!
      if (inside !== total) continue
      if (!ix.byName.has(tokens.slice(start, end).join(' '))) continue
      if (!best || end - start > best[1] - best[0]) best = [start, end]
    }
  }
  if (!best) return undefined
  const name = tokens.slice(best[0], best[1])
  // "Contoh Kembar Fiktif CV" is another company (a CV): the lookup sees the form and says so.
  if (tokens[best[1]] === 'cv') name.push('cv')
  return name.join(' ')
}

/** A part of a name typed alone ("bintang sejahtera") has at most this many words, and the message few more. */
const MAX_PART_WORDS = 4
const MAX_PART_MESSAGE = 6

/**
 * Part of a registered name typed alone ("bintang sejahtera", "global insani" for "PT Global Insani Mandiri"):
 * the message is at most a few words, its words that are no filler stand together, number at least two, and one
 * registered name holds every one of them in the same order. The lookup then decides (a part of a name is never
 * "licensed": it is a near match, offered as "Maksud Anda…?"). Callers use it only when the FAQ knows nothing
 * about the message.
 */
export function registryPartMention(registry: AgencyRegistry | undefined, text: string): string | undefined {
  if (!registry || registry.agencies.length === 0 || text.length > MAX_CHARS) return undefined
  const tokens = agencyNameTokens(text)
  if (tokens.length < 2 || tokens.length > MAX_PART_MESSAGE) return undefined
  const filler = (t: string) => PURE_FILLER.has(t) || CONTENT_FILLER.has(t) || ENGLISH_FILLER.has(t) || FORMS.has(t)
  const kept = tokens.map((t, i) => (filler(t) ? -1 : i)).filter((i) => i >= 0)
  if (kept.length < 2 || kept.length > MAX_PART_WORDS || kept[kept.length - 1]! - kept[0]! !== kept.length - 1) return undefined
  const words = kept.map((i) => tokens[i]!)
  // Digits alone ("2 3") are no name.
  if (words.some((w) => w.length < 2 || /^\d+$/.test(w))) return undefined
  const ix = registry.indexes
  const first = ix.postings.get(words[0]!) ?? []
  const inOrder = (id: number): boolean => {
    const name = ix.entries[id]!.tokens
    let at = name.indexOf(words[0]!)
    for (const w of words.slice(1)) {
      at = name.indexOf(w, at + 1)
      if (at < 0) return false
    }
    return at >= 0
  }
  return first.some(inOrder) ? words.join(' ') : undefined
}
