import { describe, expect, it } from 'vitest'
import type { FaqEntry } from '../../src/content/types.ts'
import { benchFaqSearch } from '../../src/bench/faq-bench.ts'
import { buildPlainIndex, FaqIndex } from '../../src/understanding/faq-search.ts'
import { parseLexicon } from '../../src/understanding/normalize.ts'

/** Fictional FAQ entries for these tests only (the real content changes). */
function entry(id: string, topic: string, qId: string[], qEn: string[], keywords: string[], answer: string): FaqEntry {
  return {
    id,
    topic,
    q: { id: qId, en: qEn },
    keywords,
    a: { id: answer, en: answer },
    source: 'test',
    confidence: 'verified',
    reviewed: '2026-01-01',
    followups: [],
  }
}

const entries: FaqEntry[] = [
  entry(
    'syarat-umum',
    'persyaratan',
    ['apa saja persyaratan menjadi pekerja migran', 'syarat kerja ke luar negeri'],
    ['what are the requirements to work abroad'],
    ['syarat', 'kriteria'],
    'Calon pekerja migran harus berusia 18 tahun, sehat, dan dokumennya lengkap. Lihat {contact.siskop2mi}.',
  ),
  entry(
    'cek-agensi',
    'agensi',
    ['bagaimana mengecek perusahaan penempatan berizin', 'apakah P3MI ini resmi'],
    ['how do i check that an agency is licensed'],
    ['izin', 'resmi', 'SIP3MI'],
    'Cek daftar P3MI berizin di SISKOP2MI atau tanyakan ke Disnaker.',
  ),
  entry(
    'daftar-siskop2mi',
    'siskop2mi',
    ['bagaimana cara mendaftar akun di SISKOP2MI'],
    ['how to register on SISKOP2MI'],
    ['akun', 'registrasi'],
    'Buka situs SISKOP2MI, pilih daftar, isi data diri.',
  ),
  entry(
    'biaya-korea',
    'korea',
    ['berapa biaya penempatan ke Korea'],
    ['how much does it cost to go to Korea'],
    ['biaya', 'EPS'],
    'Program G to G ke Korea tidak memungut biaya penempatan.',
  ),
  entry(
    'biaya-taiwan',
    'negara-lain',
    ['berapa biaya penempatan ke Taiwan'],
    ['placement cost for Taiwan'],
    ['biaya', 'Taiwan'],
    'Untuk Taiwan, tanyakan rincian biaya resmi ke BP3MI.',
  ),
  entry(
    'umur-minimal',
    'persyaratan',
    ['berapa umur minimal jadi PMI'],
    ['minimum age to work abroad'],
    ['umur', 'usia'],
    'Usia minimal adalah 18 tahun.',
  ),
  entry(
    'paspor-ditahan',
    'waspada',
    ['paspor saya ditahan majikan', 'boleh tidak agen menyimpan paspor'],
    ['my employer keeps my passport'],
    ['paspor', 'ditahan'],
    'Paspor adalah milik Anda; tidak seorang pun boleh menahannya.',
  ),
  entry(
    'pelatihan-las',
    'pelatihan',
    ['di mana ikut pelatihan las'],
    ['welding training'],
    ['las', 'welder'],
    'Pelatihan las gratis ada di BLK dan BBPVP.',
  ),
]

const lexicon = parseLexicon({
  slang: {
    jd: 'jadi',
    tkw: 'pmi',
    'pekerja migran': 'pmi',
    gmn: 'bagaimana',
    brp: 'berapa',
    pt: 'p3mi',
    agen: 'p3mi',
    'perusahaan penempatan': 'p3mi',
    ga: 'tidak',
    aja: 'saja',
    sy: 'saya',
    krja: 'kerja',
    requirements: 'syarat',
    udah: 'sudah',
  },
})

const index = FaqIndex.build(entries, lexicon)
const plain = buildPlainIndex(entries)

describe('FaqIndex.search: informal questions', () => {
  it('answers chat Indonesian that the plain index cannot answer', () => {
    const found = index.search('syarat jd tkw apa aja')
    expect(found.kind).toBe('answer')
    expect(found.hits[0]?.id).toBe('syarat-umum')
    expect(found.lang).toBe('id')
    expect(plain.search('syarat jd tkw apa aja').kind).not.toBe('answer')
  })

  it('reads "PT nya resmi ga?" as a question about the agency licence', () => {
    const found = index.search('PT nya resmi ga?')
    expect(found.kind).toBe('answer')
    expect(found.hits[0]?.id).toBe('cek-agensi')
  })

  it('matches stems: "pendaftaran akun siskop2mi" finds "mendaftar akun"', () => {
    const found = index.search('gmn cara pendaftaran akun siskop2mi')
    expect(found.hits[0]?.id).toBe('daftar-siskop2mi')
    expect(found.kind).toBe('answer')
  })

  it('forgives typos and stretched letters', () => {
    expect(index.search('persyaratn krja').hits[0]?.id).toBe('syarat-umum')
    expect(index.search('pelatihaaan lass').hits[0]?.id).toBe('pelatihan-las')
  })

  it('answers English questions and says so', () => {
    const found = index.search('What are the requirements to work abroad?')
    expect(found.hits[0]?.id).toBe('syarat-umum')
    expect(found.lang).toBe('en')
  })

  it('picks the destination a cost question names', () => {
    const found = index.search('brp biaya ke taiwan')
    expect(found.kind).toBe('answer')
    expect(found.hits[0]?.id).toBe('biaya-taiwan')
  })
})

describe('FaqIndex.search: the closest question variant', () => {
  const filler = ['paspor hilang', 'biaya ke korea', 'cek agensi resmi', 'daftar akun siskop2mi', 'pelatihan las']
  const entriesForAges = [
    ...filler.map((q, i) => entry(`lain-${i}`, 'lain', [q], [], [], q)),
    entry(
      'umur-minimal',
      'persyaratan',
      ['berapa umur minimal jadi pmi', 'umur 17 boleh daftar', 'umur brp boleh berangkat'],
      [],
      ['umur', 'usia minimal', 'umur kerja luar negeri'],
      'Umur minimal 18 tahun untuk kerja di luar negeri. Umur dihitung dari akta lahir.',
    ),
    entry(
      'batas-usia',
      'persyaratan',
      ['umur 40 masih bisa kerja ke luar negeri', 'batas usia maksimal'],
      [],
      ['maksimal'],
      'Tiap program punya batas usia maksimal sendiri.',
    ),
  ]

  it('lifts the entry one of whose variants says nearly the same thing', () => {
    const question = 'umur 45 masih bisa kerja ke luar negeri'
    const plainRanking = FaqIndex.build(entriesForAges, lexicon, { boosts: { variant: 0 } }).search(question)
    expect(plainRanking.hits[0]?.id).toBe('umur-minimal')
    expect(FaqIndex.build(entriesForAges, lexicon).search(question).hits[0]?.id).toBe('batas-usia')
  })
})

describe('FaqIndex.search: confidence', () => {
  it('gives up on nonsense and on questions the FAQ does not cover', () => {
    expect(index.search('asdfgh qwerty zxcv').kind).toBe('none')
    expect(index.search('tiket konser taylor swift').kind).toBe('none')
    expect(index.search('halo kak').kind).toBe('none')
    expect(index.search('').kind).toBe('none')
  })

  it('asks back between close entries instead of guessing', () => {
    const found = index.search('brp biayanya')
    expect(found.kind).toBe('clarify')
    expect(found.hits.map((h) => h.id).sort()).toEqual(['biaya-korea', 'biaya-taiwan'])
  })

  it('returns at most three hits, best first', () => {
    const found = index.search('biaya syarat umur paspor pelatihan')
    expect(found.hits.length).toBeLessThanOrEqual(3)
    const scores = found.hits.map((h) => h.score)
    expect(scores).toEqual([...scores].sort((a, b) => b - a))
  })

  it('does not index placeholders of the answer text', () => {
    expect(index.search('contact').kind).toBe('none')
  })

  it('takes thresholds from the options', () => {
    const strict = FaqIndex.build(entries, lexicon, { thresholds: { answerCoverage: 1.01 } })
    expect(strict.search('syarat jd tkw apa aja').kind).not.toBe('answer')
  })

  it('explains its decision', () => {
    const explained = index.explain('syarat jd tkw apa aja')
    expect(explained.terms).toEqual(['syarat', 'pmi'])
    expect(explained.top?.id).toBe('syarat-umum')
    expect(explained.top?.coverage).toBeGreaterThan(0.5)
  })
})

describe('benchFaqSearch', () => {
  it('measures well under a millisecond per query', () => {
    const { perQueryMicros, calls } = benchFaqSearch(index, ['syarat jd tkw apa aja', 'PT nya resmi ga?'], 20)
    expect(calls).toBe(40)
    expect(perQueryMicros).toBeGreaterThan(0)
    expect(perQueryMicros).toBeLessThan(5000)
  })
})
