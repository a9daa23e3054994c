import { describe, expect, it } from 'vitest'
import {
  cleanText,
  cleanUnicode,
  collapseRepeats,
  normalizeLexicon,
  normalizeText,
  parseLexicon,
  splitReduplication,
  tokenize,
} from '../../src/understanding/normalize.ts'

const lexicon = parseLexicon({
  slang: {
    gmn: 'bagaimana',
    brp: 'berapa',
    jd: 'jadi',
    tkw: 'pmi',
    ga: 'tidak',
    sy: 'saya',
    pt: 'p3mi',
    agen: 'p3mi',
    thn: 'tahun',
    jt: 'juta',
    ati: 'hati',
    wkwk: '',
    ln: 'luar negeri',
    'g to g': 'g2g',
    'luar negri': 'luar negeri',
    negri: 'negeri',
  },
})

describe('cleanText', () => {
  it('lower-cases, strips accents, zero-width and control characters, and turns punctuation into spaces', () => {
    expect(cleanText('Syárat\u200B  PMI?!\u0007 (Korea)')).toBe('syarat pmi korea')
  })

  it('folds full-width letters and keeps digits', () => {
    expect(cleanText('ＰＴ ｎｙａ 18/2017')).toBe('pt nya 18 2017')
  })

  it("joins words split by an apostrophe: don't → dont", () => {
    expect(cleanText("don't worker’s")).toBe('dont workers')
  })

  it('cleans ASCII text (its fast path) exactly as the general path does', () => {
    const alphabet = `${Array.from({ length: 128 }, (_, i) => String.fromCharCode(i)).join('')}aeiouAEIOU''\`\`  `
    let seed = 1
    const random = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648
    for (let n = 0; n < 20_000; n++) {
      let text = ''
      for (let i = Math.floor(random() * 14); i > 0; i--) text += alphabet[Math.floor(random() * alphabet.length)]
      expect(cleanText(text), JSON.stringify(text)).toBe(cleanUnicode(text))
    }
    for (const text of ["a'b'c d`e", "  Don't  GO!! x'  'y ", 'PT-nya 5jt/bln', 'tab\there\nnew']) expect(cleanText(text)).toBe(cleanUnicode(text))
  })
})

describe('collapseRepeats', () => {
  it('collapses letters typed three or more times', () => {
    expect(collapseRepeats('bangeeet')).toBe('banget')
    expect(collapseRepeats('tolooong')).toBe('tolong')
  })

  it('drops a doubled last letter of a chat elongation, but keeps real double letters', () => {
    expect(collapseRepeats('gimanaa')).toBe('gimana')
    expect(collapseRepeats('maaf')).toBe('maaf')
    expect(collapseRepeats('tunggu')).toBe('tunggu')
    expect(collapseRepeats('fee')).toBe('fee')
    expect(collapseRepeats('1000')).toBe('1000')
  })
})

describe('splitReduplication', () => {
  it('splits a word reduplicated with a 2, with its suffix', () => {
    expect(splitReduplication('syarat2')).toEqual(['syarat', 'syarat'])
    expect(splitReduplication('kerja2an')).toEqual(['kerja', 'kerjaan'])
    expect(splitReduplication('anak2nya')).toEqual(['anak', 'anaknya'])
  })

  it('leaves names that merely contain a 2', () => {
    expect(splitReduplication('siskop2mi')).toEqual(['siskop2mi'])
    expect(splitReduplication('bp2mi')).toEqual(['bp2mi'])
    expect(splitReduplication('g2g')).toEqual(['g2g'])
  })
})

describe('tokenize', () => {
  it('maps slang and abbreviations through the lexicon', () => {
    expect(tokenize('syarat jd TKW gmn', lexicon)).toEqual(['syarat', 'jadi', 'pmi', 'bagaimana'])
    expect(tokenize('brp biaya ke taiwan', lexicon)).toEqual(['berapa', 'biaya', 'ke', 'taiwan'])
  })

  it('maps the "PT" of "PT nya resmi ga?" to the agency, with a clitic glued on too', () => {
    expect(tokenize('PT nya resmi ga?', lexicon)).toEqual(['p3mi', 'nya', 'resmi', 'tidak'])
    expect(tokenize('PTnya resmi gaaa', lexicon)).toEqual(['p3mi', 'resmi', 'tidak'])
    expect(tokenize('agennya', lexicon)).toEqual(['p3mi'])
  })

  it('splits reduplication and maps each half', () => {
    expect(tokenize('syarat2nya', lexicon)).toEqual(['syarat', 'syaratnya'])
    expect(tokenize('ati2 ya', lexicon)).toEqual(['hati', 'hati', 'ya'])
  })

  it('splits a number from its unit and maps the unit', () => {
    expect(tokenize('umur 18thn biaya 5jt', lexicon)).toEqual(['umur', '18', 'tahun', 'biaya', '5', 'juta'])
  })

  it('replaces phrases of the lexicon, also after word mapping', () => {
    expect(tokenize('jalur G to G', lexicon)).toEqual(['jalur', 'g2g'])
    expect(tokenize('kerja di luar negri', lexicon)).toEqual(['kerja', 'di', 'luar', 'negeri'])
    expect(tokenize('kerja di LN', lexicon)).toEqual(['kerja', 'di', 'luar', 'negeri'])
  })

  it('drops words the lexicon maps to nothing', () => {
    expect(tokenize('wkwk sy mau tanya', lexicon)).toEqual(['saya', 'mau', 'tanya'])
  })

  it('works without a lexicon, and on empty input', () => {
    expect(tokenize('Syarat2 KERJA!!')).toEqual(['syarat', 'syarat', 'kerja'])
    expect(tokenize('  ?! ')).toEqual([])
  })
})

describe('normalizeText', () => {
  it('joins the tokens with single spaces', () => {
    expect(normalizeText('Syarat2 jd TKW gmn???', lexicon)).toBe('syarat syarat jadi pmi bagaimana')
  })
})

describe('parseLexicon', () => {
  it('cleans keys and values', () => {
    const lex = parseLexicon({ slang: { PT: 'P3MI', 'Luar-Negri': 'luar negeri' } })
    expect(lex.get('pt')).toBe('p3mi')
    expect(lex.get('luar negri')).toBe('luar negeri')
  })

  it('says what is wrong with a bad file', () => {
    expect(() => parseLexicon({ words: {} })).toThrow(/slang/)
    expect(() => parseLexicon({ slang: { gmn: ['x'] } })).toThrow(/gmn/)
  })

  it('normalizeLexicon cleans a lexicon another loader read', () => {
    expect(normalizeLexicon(new Map([['TKW', 'PMI']])).get('tkw')).toBe('pmi')
  })
})
