/**
 * FAQ search for chat questions: "syarat jd tkw apa aja", "PT nya resmi ga?", "brp biaya ke taiwan",
 * "how much does it cost to work in korea".
 *
 * One MiniSearch document per FAQ entry, with fields of falling weight: the question variants (both
 * languages), the keywords, the topic and entry id, and the answer text. Query and entries go through the
 * same analysis: `tokenize` (slang table, stretched letters, reduplication), stop words out, then `Stemmer`
 * (whose tie-breaking vocabulary is the FAQ's own words). BM25 scores the entries; fuzzy and prefix matching
 * forgive typos and half-typed words. The best entries then get a bonus for their single closest question
 * variant (weighted cosine of the terms), so that "umur 45 masih bisa kerja di luar negeri?" goes to the
 * entry that asks "umur 40 masih bisa ga kerja di luar negeri", not to the one that says "umur" most often.
 *
 * Then a confidence rule decides what the assistant does with the ranking:
 * - `answer`: the best entry covers most of what was asked (coverage weighted by how rare each query word is
 *   in the FAQ) and clearly beats the second;
 * - `clarify`: two or three entries are plausible ("maksud Anda…?");
 * - `none`: nothing covers enough of the question: the honest fallback, and the question is logged.
 * The thresholds (`DEFAULT_THRESHOLDS`) were calibrated with `npm run eval` on `test/eval/queries.yaml`.
 *
 * Everything is built once per content bundle; `search` is pure, synchronous and takes microseconds.
 */
import MiniSearch, { type SearchResult } from 'minisearch'
import type { FaqEntry, Lexicon } from '../content/types.ts'
import type { Lang } from '../engine/types.ts'
import { detectLang } from './lang-detect.ts'
import { normalizeLexicon, tokenize } from './normalize.ts'
import { Stemmer } from './stemmer.ts'
import { ENGLISH_FUNCTION_WORDS, INDONESIAN_FUNCTION_WORDS } from './stopwords.ts'
import { derivedKey, readDerived, writeDerived } from './derived-cache.ts'
import type { WeightCache } from './linear-model.ts'


export interface FaqHit {
  id: string
  score: number
}

export interface FaqSearchResult {
  /** `answer`: show `hits[0]`. `clarify`: offer `hits` (2–3) as "maksud Anda…?". `none`: fall back honestly. */
  kind: 'answer' | 'clarify' | 'none'
  /** Best first, at most 3. Present for every kind (for `none` they are only weak candidates). */
  hits: FaqHit[]
  /** The language the question seems to be in, when it can be told. */
  lang?: Lang
}

/** When to answer, when to ask back, when to give up. See `FaqIndex.decide`. */
export interface FaqThresholds {
  /** Below this weighted coverage of the best entry: `none`. */
  minCoverage: number
  /** Below this score of the best entry: `none`. */
  minScore: number
  /** An answer needs at least this weighted coverage… */
  answerCoverage: number
  /** …and the second entry's score at most this fraction of the best one's. */
  answerRatio: number
  /** Entries scoring at least this fraction of the best one are offered in `clarify`. */
  clarifyRatio: number
}

/**
 * Calibrated with `npm run eval` on the 207 labelled questions of `test/eval/queries.yaml` (2026-11-22):
 * top-1 90.3%, wrong-confident answers 1.0%. Coverage 0.5 is where unrelated questions that share two
 * common words with the FAQ ("tolong buatin surat lamaran kerja") stop being offered as "maksud Anda…?".
 */
export const DEFAULT_THRESHOLDS: Readonly<FaqThresholds> = {
  minCoverage: 0.5,
  minScore: 1,
  answerCoverage: 0.55,
  answerRatio: 0.7,
  clarifyRatio: 0.4,
}

/** How much each field of an entry counts. */
export interface FieldBoosts {
  q: number
  keywords: number
  topic: number
  answer: number
  /**
   * The closest-variant bonus: an entry's score is multiplied by `1 + variant × similarity`, where the
   * similarity (0–1) is the weighted cosine between the question and the entry's closest question variant.
   */
  variant: number
}

export const DEFAULT_BOOSTS: Readonly<FieldBoosts> = { q: 3, keywords: 2, topic: 1, answer: 0.4, variant: 2 }

/** How many of the best entries get the closest-variant bonus. */
const VARIANT_RERANK_DEPTH = 10

/** One question variant for the closest-variant bonus: its distinct terms with their idf weights, and their sum. */
interface WeightedVariant {
  terms: readonly string[]
  weights: readonly number[]
  total: number
}

/**
 * Bounded work per question: at most this many different words are searched, and at most `MAX_LOOSE_TERMS` of
 * the words the FAQ does not use are looked up as typos or half words (a fuzzy lookup costs about 0.4 ms; a
 * 1,000-character message of made-up words took 55–100 ms before). Real questions stay far below both.
 */
const MAX_QUERY_TERMS = 40
const MAX_LOOSE_TERMS = 6

export interface FaqIndexOptions {
  thresholds?: Partial<FaqThresholds>
  boosts?: Partial<FieldBoosts>
  /** BM25 parameters (MiniSearch's: k, b, d). */
  bm25?: Partial<BM25Params>
}

export interface BM25Params {
  /** Term-frequency saturation. */
  k: number
  /** Length normalization: 0 none, 1 full. */
  b: number
  /** Lower bound of a matching term's contribution. */
  d: number
}

export const DEFAULT_BM25: Readonly<BM25Params> = { k: 1.2, b: 0.7, d: 0.5 }

/** The numbers behind one decision, for evaluation and debugging. */
export interface FaqExplanation {
  /** The query terms after normalization, stop words and stemming. */
  terms: string[]
  top?: { id: string; score: number; coverage: number }
  second?: { id: string; score: number }
  result: FaqSearchResult
}

interface FaqDoc {
  id: string
  q: string
  keywords: string
  topic: string
  answer: string
}

const FIELDS = ['q', 'keywords', 'topic', 'answer'] as const

/** How a text becomes index terms: one way for the real index, another for the plain baseline. */
interface Analyzer {
  /** Query or field text → terms, in order, without repeats only for queries. */
  terms(text: string): string[]
  /** Fuzzy and prefix matching for a query term (edit distance, or false). */
  fuzzy(term: string): number | false
  prefix(term: string): boolean
}

/** A search index over FAQ entries. Build it once per content bundle; `search` is pure and synchronous. */
export class FaqIndex {
  private constructor(
    private readonly mini: MiniSearch<FaqDoc>,
    private readonly analyzer: Analyzer,
    /** Inverse document frequency of each index term, for weighted coverage. */
    private readonly idf: ReadonlyMap<string, number>,
    private readonly maxIdf: number,
    private readonly thresholds: FaqThresholds,
    private readonly boosts: FieldBoosts,
    private readonly bm25: BM25Params,
    /** Each entry's question variants: their distinct terms, each term's weight and the sum of the weights. */
    private readonly variants: ReadonlyMap<string, readonly WeightedVariant[]>,
  ) {}

  /**
   * Indexes `entries` with normalization (`lexicon`: the slang table), stop words and stemming. `options`
   * override the calibrated thresholds and field boosts (for experiments and tests).
   */
  static build(entries: readonly FaqEntry[], lexicon: Lexicon, options: FaqIndexOptions = {}, cache?: WeightCache): FaqIndex {
    const lex = normalizeLexicon(lexicon)
    // The analysis of every entry's texts (most of building the index) as an earlier load with the same entries,
    // slang table and code stored it, or done here (and stored).
    const key = cache?.getData ? derivedKey('faq-index', [entries.map(docOf), [...lex]]) : undefined
    const stored = key ? readDerived<AnalyzedEntries & { words: string[] }>(cache, key) : undefined
    const restored = stored && Array.isArray(stored.words) && stored.fields?.length === entries.length && stored.variants?.length === entries.length
    let vocabulary: Iterable<string>
    /** Each entry text's words, read once for the stemmer's vocabulary and used again for its terms below. */
    const read = new Map<string, string[]>()
    if (restored) vocabulary = stored.words
    else {
      const words = new Set<string>()
      for (const entry of entries) {
        for (const text of Object.values(docOf(entry))) {
          const tokens = tokenize(text, lex)
          read.set(text, tokens)
          for (const t of tokens) words.add(t)
        }
      }
      vocabulary = words
    }
    const stemmer = new Stemmer({ vocabulary })
    const analyzer: Analyzer = {
      terms: (text) => analyzeTokens(tokenize(text, lex), stemmer),
      fuzzy: (term) => (/\d/.test(term) ? false : term.length >= 8 ? 2 : term.length >= 5 ? 1 : false),
      prefix: (term) => term.length >= 4 && !/^\d+$/.test(term),
    }
    const analyzed = restored ? stored : analyzeEntries(entries, { ...analyzer, terms: (text) => analyzeTokens(read.get(text) ?? tokenize(text, lex), stemmer) })
    if (key && !restored) writeDerived(cache, key, { words: stemmer.words(), ...analyzed })
    return FaqIndex.create(entries, analyzer, options, analyzed)
  }

  private static create(entries: readonly FaqEntry[], analyzer: Analyzer, options: FaqIndexOptions, analyzed = analyzeEntries(entries, analyzer)): FaqIndex {
    // Each field is analyzed once; MiniSearch then only splits the analyzed text on spaces.
    const mini = new MiniSearch<FaqDoc>({
      fields: [...FIELDS],
      storeFields: [],
      tokenize: (text) => (text === '' ? [] : text.split(' ')),
      processTerm: (term) => term,
    })
    const df = new Map<string, number>()
    const docs = entries.map((entry, i) => {
      const doc: FaqDoc = { id: entry.id, q: '', keywords: '', topic: '', answer: '' }
      const seen = new Set<string>()
      FIELDS.forEach((field, f) => {
        const terms = analyzed.fields[i]![f]!
        doc[field] = terms.join(' ')
        for (const term of terms) seen.add(term)
      })
      for (const term of seen) df.set(term, (df.get(term) ?? 0) + 1)
      return doc
    })
    mini.addAll(docs)
    const n = Math.max(docs.length, 1)
    const idfOf = (count: number): number => Math.log(1 + (n - count + 0.5) / (count + 0.5))
    const idf = new Map([...df].map(([term, count]) => [term, idfOf(count)]))
    // Weighed once here, not for every candidate of every message.
    const weighted = (terms: ReadonlySet<string>): WeightedVariant => {
      const weights = [...terms].map((t) => idf.get(t) ?? idfOf(0))
      let total = 0
      for (const w of weights) total += w
      return { terms: [...terms], weights, total }
    }
    const variants = new Map(entries.map((e, i) => [e.id, analyzed.variants[i]!.map((terms) => weighted(new Set(terms)))]))
    return new FaqIndex(
      mini,
      analyzer,
      idf,
      idfOf(0),
      { ...DEFAULT_THRESHOLDS, ...options.thresholds },
      { ...DEFAULT_BOOSTS, ...options.boosts },
      { ...DEFAULT_BM25, ...options.bm25 },
      variants,
    )
  }

  /**
   * The plain baseline for evaluation: the same MiniSearch, field boosts and decision rule, but MiniSearch's
   * own tokenizer and lower-casing only: no slang, no stop words, no stemming, no fuzzy or prefix matching,
   * no closest-variant bonus.
   */
  static buildPlain(entries: readonly FaqEntry[], options: FaqIndexOptions = {}): FaqIndex {
    const split = MiniSearch.getDefault('tokenize') as (text: string) => string[]
    const analyzer: Analyzer = {
      terms: (text) => split(text).map((t) => t.toLowerCase()).filter((t) => t !== ''),
      fuzzy: () => false,
      prefix: () => false,
    }
    return FaqIndex.create(entries, analyzer, { ...options, boosts: { ...options.boosts, variant: 0 } })
  }

  /** Searches the FAQ for a chat question. */
  search(text: string): FaqSearchResult {
    return this.explain(text).result
  }

  /** `search`, with the numbers that led to the decision. */
  explain(text: string): FaqExplanation {
    const lang = detectLang(text)
    const terms = unique(this.analyzer.terms(text)).slice(0, MAX_QUERY_TERMS)
    const withLang = (r: Omit<FaqSearchResult, 'lang'>): FaqSearchResult => (lang ? { ...r, lang } : r)
    if (terms.length === 0) return { terms, result: withLang({ kind: 'none', hits: [] }) }

    const results = this.rank(terms)
    const hits = results.slice(0, 3).map((r) => ({ id: String(r.id), score: round(r.score) }))
    const top = results[0]
    if (!top) return { terms, result: withLang({ kind: 'none', hits }) }
    const coverage = this.coverage(terms, top)
    const second = results[1]
    const kind = this.decide(top.score, second?.score ?? 0, coverage, results)
    const shown = kind === 'clarify' ? this.clarifyHits(results) : hits
    return {
      terms,
      top: { id: String(top.id), score: round(top.score), coverage: round(coverage) },
      ...(second ? { second: { id: String(second.id), score: round(second.score) } } : {}),
      result: withLang({ kind, hits: shown }),
    }
  }

  /**
   * The best `depth` entries for already normalized words (as `Discourse` makes them), each with its BM25
   * score (with the closest-variant bonus) and its weighted coverage of the question; for the FAQ matcher.
   */
  candidates(words: readonly string[], depth: number): { terms: string[]; hits: (FaqHit & { coverage: number; missing: number })[] } {
    const terms = unique(this.analyzer.terms(words.join(' '))).slice(0, MAX_QUERY_TERMS)
    if (terms.length === 0) return { terms, hits: [] }
    const hits = this.rank(terms)
      .slice(0, depth)
      .map((r) => ({ id: String(r.id), score: r.score, coverage: this.coverage(terms, r), missing: this.missing(terms, r) }))
    return { terms, hits }
  }

  /**
   * How rare the rarest query term is that the entry does not have at all (0 to 1, relative to the rarest term
   * of the FAQ; a word the FAQ never uses is 1): "beasiswa anak pmi" shares "anak" and "pmi" with an entry, but
   * not "beasiswa", and that is what the question is about.
   */
  private missing(terms: readonly string[], result: SearchResult): number {
    const matched = new Set(result.queryTerms)
    let most = 0
    for (const term of terms) if (!matched.has(term)) most = Math.max(most, this.idf.get(term) ?? this.maxIdf)
    return this.maxIdf > 0 ? most / this.maxIdf : 0
  }

  /** Entries by score, best first: BM25 over the entry's fields, then the closest-variant bonus. */
  private rank(terms: readonly string[]): SearchResult[] {
    // A word the FAQ uses is taken as typed; only unknown words (the first few) are looked up as typos or half words.
    const loose = new Set(terms.filter((t) => !this.idf.has(t)).slice(0, MAX_LOOSE_TERMS))
    const results = this.mini.search(terms.join(' '), {
      tokenize: (q) => q.split(' '),
      processTerm: (t) => t,
      fuzzy: (t) => loose.has(t) && this.analyzer.fuzzy(t),
      prefix: (t) => loose.has(t) && this.analyzer.prefix(t),
      maxFuzzy: 2,
      boost: { q: this.boosts.q, keywords: this.boosts.keywords, topic: this.boosts.topic, answer: this.boosts.answer },
      bm25: this.bm25,
      combineWith: 'OR',
    })
    if (this.boosts.variant > 0) {
      const query = new Set(terms)
      let queryWeight = 0
      for (const t of terms) queryWeight += this.idf.get(t) ?? this.maxIdf
      for (const r of results.slice(0, VARIANT_RERANK_DEPTH)) {
        r.score *= 1 + this.boosts.variant * this.closestVariant(query, queryWeight, String(r.id))
      }
      results.sort((a, b) => b.score - a.score)
    }
    return results
  }

  /**
   * How close the entry's closest question variant is to the query (0–1): the shared terms' weight over the
   * geometric mean of both sides' total weight, each term weighing its rarity (a cosine of the two term sets
   * with idf weights).
   */
  private closestVariant(query: ReadonlySet<string>, queryWeight: number, entryId: string): number {
    let best = 0
    for (const { terms, weights, total } of this.variants.get(entryId) ?? []) {
      let shared = 0
      for (let i = 0; i < terms.length; i++) if (query.has(terms[i]!)) shared += weights[i]!
      if (total > 0 && queryWeight > 0) best = Math.max(best, shared / Math.sqrt(total * queryWeight))
    }
    return best
  }


  /**
   * `none` when the best entry covers too little of the question or scores too low; `answer` when it covers
   * enough and the runner-up is clearly behind; else `clarify` (or `answer` when there is nothing else to
   * offer).
   */
  private decide(top: number, second: number, coverage: number, results: SearchResult[]): FaqSearchResult['kind'] {
    const t = this.thresholds
    if (coverage < t.minCoverage || top < t.minScore) return 'none'
    const clear = second <= top * t.answerRatio
    if (coverage >= t.answerCoverage && clear) return 'answer'
    if (this.clarifyHits(results).length >= 2) return 'clarify'
    return coverage >= t.answerCoverage ? 'answer' : 'none'
  }

  private clarifyHits(results: SearchResult[]): FaqHit[] {
    const top = results[0]?.score ?? 0
    return results
      .slice(0, 3)
      .filter((r) => r.score >= top * this.thresholds.clarifyRatio)
      .map((r) => ({ id: String(r.id), score: round(r.score) }))
  }

  /**
   * The share of the question the entry answers: each query term weighted by its rarity in the FAQ, and
   * credited fully when the entry's questions, keywords or topic have it, half when only its answer text
   * mentions it or it matched only as a typo or half word. Words the FAQ never uses weigh the most, so a
   * question about something the FAQ does not cover ("tiket konser") is not answered from one common word it
   * shares.
   */
  private coverage(terms: readonly string[], result: SearchResult): number {
    const matched = new Set(result.queryTerms)
    let total = 0
    let covered = 0
    for (const term of terms) {
      const weight = this.idf.get(term) ?? this.maxIdf
      total += weight
      if (!matched.has(term)) continue
      const fields = result.match[term]
      const strong = fields !== undefined && fields.some((f) => f !== 'answer')
      covered += strong ? weight : weight * WEAK_MATCH_CREDIT
    }
    return total === 0 ? 0 : covered / total
  }
}

/** Coverage credit for a query term found only in an answer's text, or only by typo or prefix. */
const WEAK_MATCH_CREDIT = 0.5

/** Every entry's texts as index terms: per entry its fields' terms (in `FIELDS` order) and its variants' distinct terms. */
interface AnalyzedEntries {
  fields: string[][][]
  variants: string[][][]
}

function analyzeEntries(entries: readonly FaqEntry[], analyzer: Analyzer): AnalyzedEntries {
  return {
    fields: entries.map((entry) => {
      const doc = docOf(entry)
      return FIELDS.map((field) => analyzer.terms(doc[field]))
    }),
    variants: entries.map((e) => [...(e.q.id ?? []), ...(e.q.en ?? [])].map((v) => [...new Set(analyzer.terms(v))])),
  }
}

/** The plain baseline index (see `FaqIndex.buildPlain`), for evaluation. */
export function buildPlainIndex(entries: readonly FaqEntry[], options: FaqIndexOptions = {}): FaqIndex {
  return FaqIndex.buildPlain(entries, options)
}

const STOPWORDS: ReadonlySet<string> = new Set([...INDONESIAN_FUNCTION_WORDS, ...ENGLISH_FUNCTION_WORDS])

/** A text's words (`tokenize`) as terms: stop words out (before and after stemming), stemmed; one-letter words dropped (digits stay). */
function analyzeTokens(tokens: readonly string[], stemmer: Stemmer): string[] {
  const out: string[] = []
  for (const token of tokens) {
    if (STOPWORDS.has(token) || (token.length < 2 && !/\d/.test(token))) continue
    const stem = stemmer.stem(token)
    // "menjadi", "buatin", "harusnya" stem to function words.
    if (!STOPWORDS.has(stem)) out.push(stem)
  }
  return out
}

/**
 * The answer as search text: without placeholders (`{contact.hotline}` is not a word of the answer).
 */
function answerText(text: string): string {
  return text.replace(/\{[^}]*\}/g, ' ')
}

function docOf(entry: FaqEntry): FaqDoc {
  return {
    id: entry.id,
    q: [...(entry.q.id ?? []), ...(entry.q.en ?? [])].join('\n'),
    keywords: entry.keywords.join('\n'),
    topic: `${entry.topic} ${entry.id}`.replace(/-/g, ' '),
    answer: answerText([entry.a.id, entry.a.en ?? ''].join('\n')),
  }
}

function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)]
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000
}
