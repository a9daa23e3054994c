import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import type { FaqEntry } from '../../src/content/types.ts'
import { loadBundle } from '../../src/content/load.ts'
import { ACTION_SPECS } from '../../src/engine/actions.ts'
import { bilingualLexicon, bilingualLexiconCached } from '../../src/understanding/bilingual.ts'
import type { WeightCache } from '../../src/understanding/linear-model.ts'
import { confidence, FaqMatcher, type MessageReading } from '../../src/understanding/faq-matcher.ts'
import { crossValidationReadings, crossValidate } from '../../src/understanding/faq-eval.ts'
import { fitConfidence } from '../../src/understanding/faq-calibrate.ts'
import { normalizeLexicon, parseLexicon, tokenize } from '../../src/understanding/normalize.ts'
import { searchFollowUp } from '../../src/understanding/follow-up.ts'
import { STOPWORDS } from '../../src/understanding/text-features.ts'

/** Fictional FAQ entries for these tests only: their English words are in the Indonesian variants only. */
function entry(id: string, qId: string[], qEn: string[], keywords: string[], answer: string): FaqEntry {
  return { id, topic: 'umum', q: { id: qId, en: qEn }, keywords, a: { id: answer, en: answer }, source: 'test', confidence: 'verified', reviewed: '2026-01-01', followups: [] }
}

const entries: FaqEntry[] = [
  entry(
    'gaji-korea',
    ['berapa gaji kerja di korea', 'gaji di korea berapa sebulan', 'gaji pabrik korea brp', 'upah kerja korea berapa'],
    ['what will i get in korea per month'],
    ['gaji', 'upah'],
    'Gaji ditentukan kontrak kerja.',
  ),
  entry(
    'biaya-korea',
    ['berapa biaya ke korea', 'biaya program korea berapa', 'ke korea bayar berapa', 'ongkos kerja di korea'],
    ['korea programme'],
    ['biaya', 'bayar'],
    'Program ke Korea tidak memungut biaya penempatan.',
  ),
  entry(
    'paspor-ditahan',
    ['paspor saya ditahan agen', 'boleh tidak agen menyimpan paspor', 'majikan menahan paspor saya', 'paspor diambil perusahaan'],
    ['agency and my document'],
    ['paspor', 'ditahan'],
    'Paspor adalah milik Anda; tidak seorang pun boleh menahannya.',
  ),
  entry(
    'syarat-umum',
    ['apa saja syarat kerja ke luar negeri', 'syarat jadi pekerja migran apa', 'persyaratan daftar kerja luar negeri', 'mau kerja di luar negeri harus punya apa'],
    ['what do i need'],
    ['syarat', 'persyaratan'],
    'Calon pekerja migran berusia minimal 18 tahun, sehat, dan dokumennya lengkap.',
  ),
]

const slang = parseLexicon({ slang: { brp: 'berapa', ga: 'tidak', passport: 'paspor', 'cek kesehatan': 'medical', jd: 'jadi' } })
const english = { salary: 'gaji', wage: 'upah', fee: 'biaya', keep: 'menahan', 'health check': 'cek kesehatan', requirement: 'syarat', kept: 'ditahan' }
const words = { fillers: ['hi', 'hello', 'min'], clause_breaks: ['also'] }

/** Derived data in memory (the `getData`/`setData` half of a model cache), with what was read and written. */
function memoryCache(): WeightCache & { data: Map<string, Uint8Array>; reads: number; writes: number } {
  const data = new Map<string, Uint8Array>()
  const cache = {
    data,
    reads: 0,
    writes: 0,
    get: () => undefined,
    set: () => undefined,
    getData: (key: string) => {
      cache.reads++
      return data.get(key)
    },
    setData: (key: string, value: Uint8Array) => {
      cache.writes++
      data.set(key, value)
    },
  }
  return cache
}

describe('bilingualLexiconCached: the table kept in the model cache', () => {
  const withProblem = { ...english, brp: 'berapa', lottery: 'lotre' }
  const fresh = bilingualLexicon(slang, withProblem, entries)

  it('stores the table on a miss and gives the same entries, in the same order, and the same problems from it', () => {
    const cache = memoryCache()
    const first = bilingualLexiconCached(slang, withProblem, entries, cache)
    expect(cache.writes).toBe(1)
    expect(fresh.problems.length).toBeGreaterThan(0)
    const second = bilingualLexiconCached(slang, withProblem, entries, cache)
    expect(cache.writes).toBe(1)
    for (const got of [first, second]) {
      expect([...got.lexicon]).toEqual([...fresh.lexicon])
      expect(got.problems).toEqual(fresh.problems)
    }
    // The restored table counts as normalized (not cleaned again into a copy), and reads texts as the fresh one does.
    expect(normalizeLexicon(second.lexicon)).toBe(second.lexicon)
    for (const text of ['how much is the salary in korea', 'agency keeps my passport', 'requirements?']) {
      expect(tokenize(text, second.lexicon)).toEqual(tokenize(text, fresh.lexicon))
    }
  })

  it('reads afresh when an input changes: another FAQ text, English word or slang word', () => {
    const cache = memoryCache()
    bilingualLexiconCached(slang, withProblem, entries, cache)
    const edited = entries.map((e, i) => (i === 0 ? { ...e, keywords: [...e.keywords, 'salary'] } : e))
    const changed = bilingualLexiconCached(slang, withProblem, edited, cache)
    expect(cache.writes).toBe(2)
    expect([...changed.lexicon]).toEqual([...bilingualLexicon(slang, withProblem, edited).lexicon])
    bilingualLexiconCached(slang, { ...withProblem, visa: 'visa' }, entries, cache)
    bilingualLexiconCached(parseLexicon({ slang: { brp: 'berapa' } }), withProblem, entries, cache)
    expect(cache.writes).toBe(4)
  })

  it('ignores a stored value that is not JSON or not a table, computes the table again and stores it', () => {
    for (const bad of ['{not json', '{"entries":[["a",1]],"problems":[]}', '{"entries":[],"problems":[{"key":"x"}]}', '[]', 'null']) {
      const cache = memoryCache()
      bilingualLexiconCached(slang, withProblem, entries, cache)
      const key = [...cache.data.keys()][0]!
      cache.data.set(key, Buffer.from(bad))
      const got = bilingualLexiconCached(slang, withProblem, entries, cache)
      expect([...got.lexicon], bad).toEqual([...fresh.lexicon])
      expect(got.problems).toEqual(fresh.problems)
      expect(cache.writes).toBe(2)
      // What was stored again is good: the next load takes it.
      expect([...bilingualLexiconCached(slang, withProblem, entries, cache).lexicon]).toEqual([...fresh.lexicon])
      expect(cache.writes).toBe(2)
    }
  })
})

describe('bilingualLexicon: English domain words on top of the slang table', () => {
  it('maps English words onto the Indonesian ones, plurals included, and leaves the slang table alone', () => {
    const { lexicon, problems } = bilingualLexicon(slang, english)
    expect(problems).toEqual([])
    expect(tokenize('Salary, wages and fees in Korea', lexicon)).toEqual(['gaji', 'upah', 'and', 'biaya', 'in', 'korea'])
    expect(tokenize('my passport kept by the agency', lexicon)).toContain('ditahan')
    expect(slang.has('salary')).toBe(false)
  })

  it("reads the content's little English words as the Indonesian function words, so they weigh as little", () => {
    const read = (file: string): unknown => parse(readFileSync(resolve('content/lexicon', file), 'utf8'))
    const englishTable = (read('english.yaml') as { english: Record<string, string> }).english
    const { lexicon } = bilingualLexicon(parseLexicon(read('slang.yaml')), englishTable)
    const words = tokenize('still cannot register, already tried, doesnt work', lexicon)
    expect(words.filter((w) => !STOPWORDS.has(w))).toEqual(['daftar', 'tried', 'kerja'])
    expect(tokenize('cheaper and safer', lexicon)).toEqual(['murah', 'and', 'aman'])
  })

  it('normalizes values through the slang table (a phrase value comes out as the slang word)', () => {
    const { lexicon } = bilingualLexicon(slang, english)
    expect(tokenize('health check before leaving', lexicon)).toEqual(['medical', 'before', 'leaving'])
  })

  it('reads the inflections of English keys, and of slang keys the English variants use, but never an Indonesian word', () => {
    const withEnglish = [...entries, entry('paspor-ditahan-2', ['passport sy ditahan'], ['agent keeps my passport', 'the passport was kept'], [], 'Paspor milik Anda.')]
    const { lexicon } = bilingualLexicon(slang, { ...english, apply: 'daftar', verify: 'cek', gaji: 'gaji' }, withEnglish)
    // "passport" is a slang key that the English variants use more than the Indonesian ones: its plural maps too.
    expect(tokenize('passports applied verified', lexicon)).toEqual(['paspor', 'daftar', 'cek'])
    expect(tokenize('applying keeps', lexicon)).toEqual(['daftar', 'menahan'])
    // "ga" is Indonesian slang: "gas" is left alone; "berapa", a word of the Indonesian variants, is never a form.
    expect(tokenize('gas', lexicon)).toEqual(['gas'])
    const { lexicon: plain } = bilingualLexicon(slang, { ...english, apply: 'daftar' }, [])
    expect(tokenize('applying', plain)).toEqual(['applying'])
  })

  it('refuses a key the slang table has too, and warns about a word no FAQ entry uses', () => {
    const { problems } = bilingualLexicon(slang, { passport: 'paspor', salary: 'gaji', lottery: 'lotre' }, entries)
    expect(problems).toContainEqual(expect.objectContaining({ key: 'passport', severity: 'error' }))
    expect(problems).toContainEqual(expect.objectContaining({ key: 'lottery', severity: 'warn' }))
    expect(problems.some((p) => p.key === 'salary')).toBe(false)
  })
})

describe('FaqMatcher with the English lexicon', () => {
  const plain = FaqMatcher.build(entries, slang, words)
  const bilingual = FaqMatcher.build(entries, bilingualLexicon(slang, english).lexicon, words)

  it('answers short English questions whose words only the Indonesian variants have', () => {
    for (const q of ['korea salary?', 'salary in korea how much', 'my agency keep my passport']) {
      const found = bilingual.search(q)
      expect(found.kind, q).toBe('answer')
    }
    expect(bilingual.search('korea salary?').hits[0]?.id).toBe('gaji-korea')
    expect(bilingual.search('my agency keep my passport').hits[0]?.id).toBe('paspor-ditahan')
    // Without the lexicon, "salary" is an unknown word: no direct answer about salaries.
    const without = plain.search('korea salary?')
    expect(without.kind === 'answer' && without.hits[0]?.id === 'gaji-korea').toBe(false)
  })

  it('still answers Indonesian questions the same way', () => {
    for (const q of ['gaji di korea brp', 'paspor sy ditahan agen', 'syarat kerja luar negeri apa aja']) {
      expect(bilingual.search(q).hits[0]?.id, q).toBe(plain.search(q).hits[0]?.id)
    }
  })
})

describe('FaqMatcher: the classifier and BM25 disagreeing', () => {
  const matcher = FaqMatcher.build(entries, slang, words)
  // A reading made by hand: the classifier prefers gaji-korea, BM25 prefers biaya-korea; blended (0.45),
  // gaji-korea leads with 0.62 and biaya-korea is far enough behind for a plain answer.
  const reading: MessageReading = {
    words: ['korea'],
    whole: {
      scorers: {
        candidates: [
          { id: 'gaji-korea', p: 0.8, bm25: 0.4, coverage: 1 },
          { id: 'biaya-korea', p: 0.1, bm25: 0.5, coverage: 1 },
        ],
        outside: 0,
      },
    },
    parts: [],
    ops: 0,
  }

  it('answers when the blend is sure enough despite the disagreement', () => {
    const result = matcher.withThresholds({ answerConfidence: 2, blend: 0.45, disagreeScore: 0.6 }).decide(reading).result
    expect(result.kind).toBe('answer')
    expect(result.hits[0]?.id).toBe('gaji-korea')
  })

  it('asks "maksud Anda" with both entries below disagreeScore, never answers', () => {
    const result = matcher.withThresholds({ answerConfidence: 2, blend: 0.45, disagreeScore: 0.7 }).decide(reading).result
    expect(result.kind).toBe('clarify')
    expect(result.hits.map((h) => h.id)).toEqual(['gaji-korea', 'biaya-korea'])
  })

  it('the same numbers with both scorers agreeing are answered', () => {
    const agreeing: MessageReading = {
      ...reading,
      whole: { scorers: { candidates: [{ id: 'gaji-korea', p: 0.8, bm25: 0.6, coverage: 1 }, { id: 'biaya-korea', p: 0.1, bm25: 0.3, coverage: 1 }], outside: 0 } },
    }
    expect(matcher.withThresholds({ answerConfidence: 2, blend: 0.45, disagreeScore: 0.9 }).decide(agreeing).result.kind).toBe('answer')
  })
})

describe('FaqMatcher: the confidence model decides whether to answer', () => {
  const matcher = FaqMatcher.build(entries, slang, words).withThresholds({ blend: 0.45, minScore: 0.2, answerConfidence: 0.65 })
  const reading = (p: [number, number], bm25: [number, number]): MessageReading => ({
    words: ['korea'],
    whole: {
      scorers: {
        candidates: [
          { id: 'gaji-korea', p: p[0], bm25: bm25[0], coverage: 1 },
          { id: 'biaya-korea', p: p[1], bm25: bm25[1], coverage: 1 },
        ],
        outside: 0,
      },
    },
    parts: [],
    ops: 0,
  })
  // The score rules answer this one (0.62, far ahead) and ask back on the close one.
  const clear = reading([0.8, 0.1], [0.6, 0.3])
  const close = reading([0.45, 0.35], [0.5, 0.45])

  it('an answer the model is not sure of becomes "maksud Anda" with both entries, ranked', () => {
    const unsure = matcher.withConfidence([-5])
    expect(unsure.withThresholds({ answerConfidence: 2 }).decide(clear).result.kind).toBe('answer')
    const result = unsure.decide(clear).result
    expect(result.kind).toBe('clarify')
    expect(result.hits.map((h) => h.id)).toEqual(['gaji-korea', 'biaya-korea'])
  })

  it('a "maksud Anda" the model is sure of becomes the answer', () => {
    expect(matcher.withThresholds({ answerConfidence: 2 }).decide(close).result.kind).toBe('clarify')
    const result = matcher.withConfidence([5]).decide(close).result
    expect(result.kind).toBe('answer')
    expect(result.hits[0]?.id).toBe('gaji-korea')
  })

  it('never answers with an entry the classifier hardly sees (BM25 alone on a rare word)', () => {
    const bm25Only = reading([0.04, 0.03], [0.95, 0.05])
    expect(matcher.withConfidence([5]).decide(bm25Only).result.kind).not.toBe('answer')
  })

  it('keeps an answer of the score rules from keepConfidence on', () => {
    const middling = matcher.withConfidence([0]) // 0.5 for every reading
    expect(middling.withThresholds({ keepConfidence: 0.5, answerConfidence: 0.7 }).decide(clear).result.kind).toBe('answer')
    expect(middling.withThresholds({ keepConfidence: 0.6, answerConfidence: 0.7 }).decide(clear).result.kind).toBe('clarify')
  })

  it('the fallback stays the fallback, however sure the model', () => {
    const offTopic: MessageReading = { ...clear, whole: { scorers: { ...clear.whole.scorers, outside: 0.9 } } }
    expect(matcher.withConfidence([5]).decide(offTopic).result.kind).toBe('none')
  })

  it('is fitted on held-out readings: a clear lead is surer than a close one', () => {
    // Clear leads were right, close ones wrong half the time.
    const held = [
      ...Array.from({ length: 20 }, () => ({ reading: clear, expect: new Set(['gaji-korea']) })),
      ...Array.from({ length: 10 }, () => ({ reading: close, expect: new Set(['gaji-korea']) })),
      ...Array.from({ length: 10 }, () => ({ reading: close, expect: new Set(['biaya-korea']) })),
    ]
    const weights = fitConfidence(matcher, held)
    const fitted = matcher.withConfidence(weights)
    expect(confidence(weights, fitted.decide(clear).candidates, 0)).toBeGreaterThan(0.8)
    expect(confidence(weights, fitted.decide(close).candidates, 0)).toBeLessThan(0.6)
  })
})

describe('FaqMatcher: a story clause answered on its own, the question elsewhere', () => {
  const matcher = FaqMatcher.build(entries, slang, words).withThresholds({ blend: 0.45, minScore: 0.2 }).withConfidence([5])
  const scorers = (a: [string, number, number], b: [string, number, number]) => ({
    candidates: [a, b].map(([id, p, bm25]) => ({ id, p, bm25, coverage: 1 })),
    outside: 0,
  })
  // "kak suami sy kerja di korea, gajinya kecil. kalau ke korea bayar berapa": the story clause is clear on its own
  // (gaji-korea), the question clause is not, and the whole message leans to the question (biaya-korea).
  const story = (asked: boolean): MessageReading => ({
    words: ['suami', 'gaji', 'korea', 'bayar', 'berapa'],
    whole: { scorers: scorers(['biaya-korea', 0.45, 0.5], ['gaji-korea', 0.4, 0.45]) },
    parts: [
      { asked: false, words: ['suami', 'gaji', 'korea'], scorers: scorers(['gaji-korea', 0.9, 0.8], ['biaya-korea', 0.05, 0.2]) },
      { asked, marked: asked, words: ['bayar', 'berapa'], scorers: scorers(['biaya-korea', 0.3, 0.3], ['gaji-korea', 0.28, 0.29]) },
    ],
    ops: 0,
  })

  it('asks which one was meant, the answered clause first, however sure of that clause', () => {
    const result = matcher.withThresholds({ storyConfidence: 2 }).decide(story(false)).result
    expect(result.kind).toBe('clarify')
    expect(result.hits.map((h) => h.id)).toEqual(['gaji-korea', 'biaya-korea'])
  })

  it("answers the whole message's best entry when the confidence model is sure of it (storyConfidence)", () => {
    // withConfidence([5]): about 0.99 for every reading; [0]: 0.5.
    const sure = matcher.withThresholds({ storyConfidence: 0.95 }).decide(story(false)).result
    expect(sure.kind).toBe('answer')
    expect(sure.hits[0]?.id).toBe('biaya-korea')
    expect(matcher.withConfidence([0]).withThresholds({ storyConfidence: 0.95, keepConfidence: 0.4 }).decide(story(false)).result.kind).toBe('clarify')
  })

  it('falls back when the whole message of several clauses reads as outside the FAQ (wholeOutsideP)', () => {
    const reading = story(false)
    const outside: MessageReading = { ...reading, whole: { scorers: { ...reading.whole.scorers, outside: 0.6 } } }
    expect(matcher.withThresholds({ wholeOutsideP: 0.5 }).decide(outside).result.kind).toBe('none')
    expect(matcher.withThresholds({ wholeOutsideP: 0.7 }).decide(outside).result.kind).not.toBe('none')
  })

  it('never answers from a clause that only tells a story when another clause asks', () => {
    // The story clause ("suami sy, gaji korea") is clear on its own; the asking clause and the whole point elsewhere.
    const reading = story(false)
    const asking: MessageReading = { ...reading, parts: [reading.parts[0]!, { ...reading.parts[1]!, asked: true, scorers: scorers(['biaya-korea', 0.7, 0.7], ['gaji-korea', 0.1, 0.2]) }] }
    const result = matcher.decide(asking).result
    expect(result.kind).toBe('answer')
    expect(result.hits[0]?.id).toBe('biaya-korea')
  })

  it('keeps the answer when the other entry is what a clause ending in "?" asks (two questions)', () => {
    expect(matcher.decide(story(true)).result.kind).toBe('answer')
  })
})

describe('fitConfidence: unanswerable readings', () => {
  const matcher = FaqMatcher.build(entries, slang, words).withThresholds({ blend: 0.45, minScore: 0.2 })
  const clear: MessageReading = {
    words: ['korea'],
    whole: { scorers: { candidates: [{ id: 'gaji-korea', p: 0.8, bm25: 0.6, coverage: 1 }, { id: 'biaya-korea', p: 0.1, bm25: 0.3, coverage: 1 }], outside: 0 } },
    parts: [],
    ops: 0,
  }

  it('count as "not right" when the score rules would answer them, so the model is less sure of such rankings', () => {
    const right = Array.from({ length: 20 }, () => ({ reading: clear, expect: new Set(['gaji-korea']) }))
    const unanswerable = Array.from({ length: 20 }, () => ({ reading: clear, expect: new Set<string>() }))
    const p = (weights: number[]) => confidence(weights, matcher.decide(clear).candidates, 0)
    expect(p(fitConfidence(matcher, right))).toBeGreaterThan(0.9)
    expect(p(fitConfidence(matcher, [...right, ...unanswerable]))).toBeLessThan(0.6)
  })
})

describe('cross-validation of the FAQ matcher', () => {
  const outside = ['cuaca besok hujan tidak', 'resep rendang enak', 'skor bola semalam berapa', 'tell me a joke']
  const matcher = FaqMatcher.build(entries, slang, words, { outside })
  const wrappers = { id: ['halo kak, sy mau tanya. {q} makasih ya'], en: ['hi admin. {q} thank you'] }

  it('asks every held-out variant and outside question also wrapped in a chatty message, each held out once', () => {
    const [variants, wrapped, held, wrappedOutside] = crossValidate(matcher, 2, wrappers)
    expect(wrapped!.n).toBe(variants!.n)
    expect(held!.n).toBe(outside.length)
    expect(held!.unanswerable).toBe(outside.length)
    expect(wrappedOutside!.n).toBe(outside.length)
    expect(wrappedOutside!.unanswerable).toBe(outside.length)
    const readings = crossValidationReadings(matcher, 2, wrappers)
    expect(readings.filter((r) => r.reading.words.includes('makasih') || r.reading.words.includes('thank')).length).toBe(variants!.n + outside.length)
    expect(readings.filter((r) => r.expect.size === 0)).toHaveLength(2 * outside.length)
  })
})

describe('FaqMatcher: an entry both scorers rank first', () => {
  const matcher = FaqMatcher.build(entries, slang, words)
  // Blended (0.45): gaji-korea 0.55 × 0.3 + 0.45 × 0.35 ≈ 0.32, well ahead; the classifier and BM25 both rank it first.
  const weakButAgreed: MessageReading = {
    words: ['korea'],
    whole: { scorers: { candidates: [{ id: 'gaji-korea', p: 0.3, bm25: 0.35, coverage: 1 }, { id: 'biaya-korea', p: 0.05, bm25: 0.1, coverage: 1 }], outside: 0 } },
    parts: [],
    ops: 0,
  }

  it('is answered below answerScore from agreedScore on, and not below it', () => {
    expect(matcher.withThresholds({ answerConfidence: 2, blend: 0.45, minScore: 0.3, answerScore: 0.45, agreedScore: 0.3 }).decide(weakButAgreed).result.kind).toBe('answer')
    expect(matcher.withThresholds({ answerConfidence: 2, blend: 0.45, minScore: 0.3, answerScore: 0.45, agreedScore: 0.45 }).decide(weakButAgreed).result.kind).toBe('none')
  })

  it('is not answered when the scorers disagree, whatever agreedScore says', () => {
    const disagreeing: MessageReading = {
      ...weakButAgreed,
      whole: { scorers: { candidates: [{ id: 'gaji-korea', p: 0.3, bm25: 0.3, coverage: 1 }, { id: 'biaya-korea', p: 0.05, bm25: 0.35, coverage: 1 }], outside: 0 } },
    }
    expect(matcher.withThresholds({ answerConfidence: 2, blend: 0.45, minScore: 0.2, answerScore: 0.45, answerRatio: 0.9, agreedScore: 0.2 }).decide(disagreeing).result.kind).not.toBe('answer')
  })
})

describe('FaqMatcher: the "outside" class', () => {
  const outside = [
    'cuaca besok hujan tidak',
    'besok cuaca jakarta panas tidak',
    'resep rendang enak',
    'cara bikin kue bolu',
    'skor bola semalam berapa',
    'what is the weather tomorrow',
    'tell me a joke',
    'recommend a good movie',
  ]
  const matcher = FaqMatcher.build(entries, slang, words, { outside })

  it('gives off-topic questions a high probability of being outside, and questions of the FAQ a low one', () => {
    expect(matcher.read('cuaca lusa di bandung gimana').whole.scorers.outside).toBeGreaterThan(0.5)
    expect(matcher.read('berapa gaji di korea').whole.scorers.outside).toBeLessThan(0.2)
  })

  it('falls back at outsideP, and never offers the outside class as an entry', () => {
    const found = matcher.search('cuaca besok di bandung hujan tidak')
    expect(found.kind).toBe('none')
    expect(found.hits.every((h) => entries.some((e) => e.id === h.id))).toBe(true)
    expect(matcher.search('berapa gaji di korea').kind).toBe('answer')
  })

  it('survives retraining for cross-validation (rebuild keeps the outside examples)', () => {
    expect(matcher.rebuild(entries).read('resep kue bolu coklat').whole.scorers.outside).toBeGreaterThan(0.5)
  })
})

describe('content: english.yaml and faq-outside.yaml are validated', () => {
  function withContent(change: (contentDir: string) => void) {
    const dir = mkdtempSync(join(tmpdir(), 'ma-faq-lexicon-'))
    try {
      cpSync(resolve('flows'), join(dir, 'flows'), { recursive: true })
      cpSync(resolve('content'), join(dir, 'content'), { recursive: true })
      change(join(dir, 'content'))
      return loadBundle({ flowsDir: join(dir, 'flows'), contentDir: join(dir, 'content'), actions: ACTION_SPECS, baseDir: dir })
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }

  it('refuses an English key that slang.yaml has too and an outside example that an entry answers', () => {
    const { bundle, problems } = withContent((content) => {
      appendFileSync(join(content, 'lexicon', 'english.yaml'), '  passport: paspor\n')
      appendFileSync(join(content, 'faq-outside.yaml'), '    - "how do i check if an agency is licensed"\n')
    })
    expect(bundle).toBeUndefined()
    const messages = problems.filter((p) => p.severity === 'error').map((p) => `${p.file}: ${p.message}`)
    expect(messages.some((m) => m.includes('english.yaml') && m.includes('"passport" is in content/lexicon/slang.yaml'))).toBe(true)
    expect(messages.some((m) => m.includes('faq-outside.yaml') && m.includes('cek-agensi'))).toBe(true)
  })
})

describe('short follow-ups use every entry the message shares a word with, not only its top three', () => {
  const matcher = FaqMatcher.build(entries, slang, words)

  it('candidateIds lists the entries sharing a word with the message', () => {
    expect(matcher.candidateIds('bayar berapa')).toContain('biaya-korea')
    expect(matcher.candidateIds('resep rendang')).toEqual([])
  })

  it('a joined answer ranked fourth by the follow-up alone is still its own candidate', () => {
    const joinedAnswer = { kind: 'answer' as const, hits: [{ id: 'biaya-korea', score: 0.6 }] }
    const index = {
      search: (text: string) => (text.startsWith('topik') ? joinedAnswer : { kind: 'none' as const, hits: [{ id: 'gaji-korea', score: 0.2 }, { id: 'syarat-umum', score: 0.2 }, { id: 'paspor-ditahan', score: 0.2 }] }),
      candidateIds: () => ['gaji-korea', 'syarat-umum', 'paspor-ditahan', 'biaya-korea'],
    }
    const r = searchFollowUp(index, 'harus bayar ga', { text: 'topik', at: 0 }, 1)
    expect(r.withTopic).toBe(true)
    expect(r.found).toEqual(joinedAnswer)
    // Without the deeper candidates, the joined answer is not the follow-up's own.
    expect(searchFollowUp({ search: index.search }, 'harus bayar ga', { text: 'topik', at: 0 }, 1).withTopic).toBe(false)
  })
})
