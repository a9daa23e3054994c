import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { FaqEntry } from '../../src/content/types.ts'
import { parseLexicon } from '../../src/understanding/normalize.ts'
import { Discourse } from '../../src/understanding/discourse.ts'
import { FaqMatcher, MAX_WORDS } from '../../src/understanding/faq-matcher.ts'
import { SoftmaxClassifier } from '../../src/understanding/linear-model.ts'
import { analyzeWords, featurize, Vocabulary } from '../../src/understanding/text-features.ts'
import { Stemmer } from '../../src/understanding/stemmer.ts'

/** Fictional FAQ entries for these tests only (the real content changes). */
function entry(id: string, qId: string[], qEn: string[], keywords: string[], answer: string): FaqEntry {
  return { id, topic: 'umum', q: { id: qId, en: qEn }, keywords, a: { id: answer, en: answer }, source: 'test', confidence: 'verified', reviewed: '2026-01-01', followups: [] }
}

const entries: FaqEntry[] = [
  entry(
    'syarat-umum',
    ['apa saja syarat kerja ke luar negeri', 'syarat jadi pekerja migran apa', 'persyaratan daftar kerja luar negeri', 'mau kerja di luar negeri harus punya apa'],
    ['what are the requirements to work abroad', 'requirements for migrant workers'],
    ['syarat', 'persyaratan'],
    'Calon pekerja migran berusia minimal 18 tahun, sehat, dan dokumennya lengkap.',
  ),
  entry(
    'paspor-ditahan',
    ['paspor saya ditahan agen', 'boleh tidak agen menyimpan paspor', 'majikan pegang paspor saya', 'paspor diambil perusahaan'],
    ['my agency keeps my passport', 'employer holds my passport'],
    ['paspor', 'ditahan'],
    'Paspor adalah milik Anda; tidak seorang pun boleh menahannya.',
  ),
  entry(
    'pelatihan-las',
    ['di mana ikut pelatihan las', 'kursus las gratis ada dimana', 'mau belajar mengelas', 'pelatihan welder dimana'],
    ['where can i learn welding', 'welding training'],
    ['las', 'welder'],
    'Pelatihan las gratis ada di balai latihan kerja.',
  ),
  entry(
    'biaya-korea',
    ['berapa biaya ke korea', 'biaya program korea berapa', 'ke korea bayar berapa', 'ongkos kerja di korea'],
    ['how much does it cost to go to korea', 'korea program fee'],
    ['biaya', 'korea'],
    'Program ke Korea tidak memungut biaya penempatan.',
  ),
  entry(
    'biaya-taiwan',
    ['berapa biaya ke taiwan', 'biaya kerja di taiwan berapa', 'ke taiwan bayar berapa', 'ongkos ke taiwan'],
    ['how much does it cost to go to taiwan', 'taiwan placement fee'],
    ['biaya', 'taiwan'],
    'Tanyakan rincian biaya resmi ke Taiwan di kantor layanan.',
  ),
]

const lexicon = parseLexicon({ slang: { jd: 'jadi', tkw: 'pekerja migran', brp: 'berapa', gmn: 'bagaimana', ga: 'tidak', aja: 'saja', trus: 'terus', dmn: 'dimana' } })
const words = {
  fillers: ['assalamualaikum', 'selamat pagi', 'min', 'kak', 'mau tanya', 'permisi', 'hi admin', 'admin', 'hi'],
  clause_breaks: ['terus', 'satu lagi', 'also'],
  // As content/lexicon/discourse.yaml: a clause with one of these asks, also without "?".
  question_words: ['apa', 'berapa', 'dimana', 'boleh', 'how', 'where'],
}
const matcher = FaqMatcher.build(entries, lexicon, words)

describe('FaqMatcher: learns the FAQ from its variants', () => {
  it('answers paraphrases that no variant says word for word', () => {
    expect(matcher.search('syarat jd tkw apa aja').hits[0]?.id).toBe('syarat-umum')
    expect(matcher.search('agen nahan paspor saya, boleh ga').hits[0]?.id).toBe('paspor-ditahan')
    expect(matcher.search('pengen kursus ngelas').hits[0]?.id).toBe('pelatihan-las')
  })

  it('answers a clear question directly, in English too', () => {
    const found = matcher.search('What are the requirements to work abroad?')
    expect(found.kind).toBe('answer')
    expect(found.hits[0]?.id).toBe('syarat-umum')
    expect(found.lang).toBe('en')
  })

  it('forgives typos through character n-grams', () => {
    expect(matcher.search('pasport sy ditahan agen').hits[0]?.id).toBe('paspor-ditahan')
    expect(matcher.search('persyaratn kerja luar negri').hits[0]?.id).toBe('syarat-umum')
  })

  it('falls back on a question the FAQ does not cover', () => {
    expect(matcher.search('harga emas hari ini berapa').kind).toBe('none')
    expect(matcher.search('resep rendang padang yang enak').kind).toBe('none')
  })
})

describe('FaqMatcher: greetings and fillers do not drive the match', () => {
  it('reads the same question with or without a greeting', () => {
    const plain = matcher.explain('syarat kerja ke luar negeri apa saja')
    const greeted = matcher.explain('Assalamualaikum min, selamat pagi. Mau tanya kak, syarat kerja ke luar negeri apa saja')
    expect(greeted.words).toEqual(plain.words)
    expect(greeted.result.kind).toBe(plain.result.kind)
    expect(greeted.result.hits[0]?.id).toBe('syarat-umum')
  })

  it('a greeting alone matches nothing', () => {
    const found = matcher.search('assalamualaikum min, permisi, mau tanya')
    expect(found.kind).toBe('none')
    expect(found.hits).toEqual([])
  })
})

describe('Discourse: clauses', () => {
  const discourse = new Discourse(words, lexicon)

  it('splits at sentence ends and clause-break words, drops fillers and empty clauses', () => {
    const clauses = discourse.clauses('Permisi min. Syarat ke taiwan apa aja? trus biayanya brp\nsatu lagi, kursus las dmn')
    expect(clauses.map((c) => c.words.join(' '))).toEqual(['syarat ke taiwan apa saja', 'biayanya berapa', 'kursus las dimana'])
    expect(clauses.map((c) => c.marked)).toEqual([true, false, false])
    // Each has a question word (apa, berapa, dimana): each asks.
    expect(clauses.map((c) => c.asked)).toEqual([true, true, true])
  })

  it('takes a clause with a question word as asked without "?", and tells which ended with "?" (marked)', () => {
    const asking = new Discourse({ ...words, question_words: ['berapa', 'dimana', 'how much'] }, lexicon)
    const clauses = asking.clauses('temen sy ditawarin sponsor. trus biayanya brp. how much is it? kursus las')
    expect(clauses.map((c) => c.asked)).toEqual([false, true, true, false])
    expect(clauses.map((c) => c.marked)).toEqual([false, false, true, false])
  })

  it('does not split inside numbers like 1.500', () => {
    expect(discourse.clauses('biaya 1.500 dolar wajar?').map((c) => c.words.join(' '))).toEqual(['biaya 1 500 dolar wajar'])
  })

  it('keeps at most `limit` clauses, joining the rest into the last', () => {
    const clauses = discourse.clauses('a1. b2. c3. d4. e5', 3)
    expect(clauses.map((c) => c.words.join(' '))).toEqual(['a1', 'b2', 'c3 d4 e5'])
  })
})

describe('FaqMatcher: several questions in one message', () => {
  it('answers the main question and offers the other', () => {
    const found = matcher.search('min mau tanya, paspor saya ditahan agen boleh ga? terus kursus las gratis dimana')
    expect(found.kind).toBe('answer')
    const ids = [found.hits[0]!.id, ...(found.also ?? []).map((h) => h.id)]
    expect(ids).toContain('paspor-ditahan')
    expect(ids).toContain('pelatihan-las')
    expect(found.also?.map((h) => h.id)).not.toContain(found.hits[0]!.id)
  })

  it('offers nothing more when both clauses ask the same', () => {
    const found = matcher.search('paspor saya ditahan agen. majikan pegang paspor saya')
    expect(found.hits[0]?.id).toBe('paspor-ditahan')
    expect(found.also).toBeUndefined()
  })
})

describe('FaqMatcher: "maksud Anda…?"', () => {
  it('offers close entries ranked, best first', () => {
    const found = matcher.withThresholds({ answerRatio: 0.2 }).search('biaya berapa')
    expect(found.kind).toBe('clarify')
    expect(found.hits.length).toBeGreaterThanOrEqual(2)
    const scores = found.hits.map((h) => h.score)
    expect([...scores].sort((a, b) => b - a)).toEqual(scores)
  })

  it('never asks back with a single option, whatever is typed', () => {
    const vocabulary = ['biaya', 'korea', 'taiwan', 'paspor', 'las', 'syarat', 'berapa', 'min', 'apa', 'harga', 'emas', 'agen', 'kerja', '?', 'terus']
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...vocabulary), { minLength: 1, maxLength: 8 }), fc.double({ min: 0.1, max: 0.9, noNaN: true }), (picked, ratio) => {
        const found = matcher.withThresholds({ answerRatio: ratio, clarifyRatio: ratio }).search(picked.join(' '))
        if (found.kind === 'clarify') expect(found.hits.length).toBeGreaterThanOrEqual(2)
      }),
      { numRuns: 300 },
    )
  })
})

describe('FaqMatcher: bounded cost', () => {
  it('does work linear in the length of a message, capped for a long one (operation counts)', () => {
    const sentence = 'saya sudah lama kerja di taiwan dan majikan baik, tapi paspor saya ditahan agen. '
    const ops = (n: number): number => matcher.explain(sentence.repeat(n)).ops
    const one = ops(1)
    const thousandChars = matcher.explain(sentence.repeat(Math.ceil(1000 / sentence.length)))
    expect(thousandChars.words.length).toBeLessThanOrEqual(MAX_WORDS)
    // Whole message plus each clause: at most about twice the work per word of a one-sentence message.
    const perWord = one / matcher.explain(sentence).words.length
    expect(thousandChars.ops).toBeLessThanOrEqual(3 * perWord * thousandChars.words.length)
    // Beyond the cap, more text costs no more.
    expect(ops(100)).toBeLessThanOrEqual(ops(40) * 1.05)
  })
})

describe('SoftmaxClassifier', () => {
  it('learns a separable toy problem and gives probabilities that sum to 1', () => {
    const stemmer = new Stemmer()
    const vocabulary = new Vocabulary()
    const texts = [
      ['kucing', 'meong'],
      ['kucing', 'susu'],
      ['anjing', 'guguk'],
      ['anjing', 'tulang'],
    ]
    const examples = texts.map((t, i) => ({ x: featurize(analyzeWords(t, stemmer), vocabulary), y: i < 2 ? 0 : 1 }))
    vocabulary.freeze()
    const model = SoftmaxClassifier.train(examples, vocabulary.size, 2, { epochs: 30 })
    const p = model.predict(featurize(analyzeWords(['kucing'], stemmer), vocabulary))
    expect(p[0]).toBeGreaterThan(0.8)
    expect(p[0]! + p[1]!).toBeCloseTo(1, 6)
    expect(model.predict(featurize(analyzeWords(['anjing', 'meong', 'tulang'], stemmer), vocabulary))[1]).toBeGreaterThan(0.5)
  })
})
