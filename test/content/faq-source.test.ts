import { describe, expect, it } from 'vitest'
import { sourceLineProblems } from '../../src/content/source-line.ts'
import { faqAnswer } from '../../src/engine/faq-reply.ts'
import { realBundle } from '../helpers/bundle.ts'

const bundle = realBundle()
const LABEL = { id: 'ℹ️ Sumber: ', en: 'ℹ️ Source: ' } as const
const DATE = { id: / · diperiksa (\d{1,2} [A-Z][a-z]{2} \d{4})$/, en: / · checked (\d{1,2} [A-Z][a-z]{2} \d{4})$/ } as const
const OFFICIAL = ['bp2mi.go.id', 'kemlu.go.id', 'kemnaker.go.id', 'bpjsketenagakerjaan.go.id', 'kemkes.go.id', 'labour.gov.hk', 'wda.gov.tw']

/** The source line of a rendered answer, without its label and date. */
function sourceLine(text: string, lang: 'id' | 'en'): { source: string; date: string } {
  const line = text.split('\n').at(-1)!
  expect(line.startsWith(LABEL[lang]), line).toBe(true)
  const date = DATE[lang].exec(line)
  expect(date, line).not.toBeNull()
  return { source: line.slice(LABEL[lang].length, date!.index), date: date![1]! }
}

describe('the source line users see under every FAQ answer', () => {
  it.each(['id', 'en'] as const)('is short, official and in the reply language for all entries (%s)', (lang) => {
    expect(bundle.faq.entries.length).toBeGreaterThanOrEqual(126)
    for (const entry of bundle.faq.entries) {
      const { source } = sourceLine(faqAnswer(bundle, entry, lang).text, lang)
      const where = `${entry.id} (${lang}): ${source}`
      expect(source.length, where).toBeGreaterThan(2)
      expect(source.length, where).toBeLessThanOrEqual(120)
      expect(source, where).not.toMatch(/§/)
      expect(source, where).not.toMatch(/\.(md|ts|ya?ml|csv|json)\b|shared\/|facts\//i)
      const domains = [...source.matchAll(/\b((?:[a-z0-9-]+\.)+[a-z]{2,})\b/gi)].map((m) => m[1]!.toLowerCase())
      expect(domains.length, where).toBeLessThanOrEqual(1)
      for (const d of domains) expect(OFFICIAL.some((o) => d === o || d.endsWith(`.${o}`)), where).toBe(true)
      expect(sourceLineProblems(source, lang, { officialDomains: OFFICIAL }), where).toEqual([])
      // the research notes never reach users
      if (entry.evidence) expect(faqAnswer(bundle, entry, lang).text, where).not.toContain(entry.evidence)
    }
  })

  it('shows the review date in the user language', () => {
    const entry = { ...bundle.faq.byId.get('biaya-penempatan')!, reviewed: '2026-08-05' }
    expect(sourceLine(faqAnswer(bundle, entry, 'id').text, 'id').date).toBe('5 Agu 2026')
    expect(sourceLine(faqAnswer(bundle, entry, 'en').text, 'en').date).toBe('5 Aug 2026')
  })

  it('moved the research notes of every entry into evidence', () => {
    const missing = bundle.faq.entries.filter((e) => !e.evidence).map((e) => e.id)
    expect(missing).toEqual([])
  })
})

describe('who runs this assistant', () => {
  it('the "official bot?" answer shows the officer-set about.operator text in the user language, then the official channels', () => {
    const entry = bundle.faq.byId.get('bot-resmi')!
    const id = faqAnswer(bundle, entry, 'id').text
    const en = faqAnswer(bundle, entry, 'en').text
    expect(id.startsWith(bundle.texts.id.get('about.operator')!)).toBe(true)
    expect(en.startsWith(bundle.texts.en.get('about.operator')!)).toBe(true)
    expect(id).toContain('bukan kanal resmi pemerintah')
    expect(en).toContain('not an official government channel')
    for (const text of [id, en]) {
      expect(text).not.toMatch(/\{text\./)
      expect(text).toContain(bundle.contacts.get('hotline')!.value)
      expect(text).toContain(bundle.contacts.get('siskop2mi')!.value)
    }
  })
})

describe('sourceLineProblems', () => {
  const rules = { officialDomains: OFFICIAL }
  it('refuses news domains, look-alikes and staging hosts', () => {
    expect(sourceLineProblems('peduliwni.com', 'id', rules)[0]).toMatch(/not an official domain/)
    expect(sourceLineProblems('Kompas, ohayo-staging-k8s.kompas.com/read/4571', 'id', rules)[0]).toMatch(/not an official domain/)
    expect(sourceLineProblems('Kemlu, peduliwni.kemlu.go.id', 'id', rules)).toEqual([])
  })
  it('refuses file names, section marks, two links and long lines', () => {
    expect(sourceLineProblems('programme-context.md (Destinations)', 'both', rules).join(' ')).toMatch(/names a file/)
    expect(sourceLineProblems('UU 18/2017 §3a', 'both', rules).join(' ')).toMatch(/section mark/)
    expect(sourceLineProblems('bp2mi.go.id; siskop2mi.bp2mi.go.id', 'both', rules).join(' ')).toMatch(/2 links/)
    expect(sourceLineProblems(`UU 18/2017 ${'Pasal 1, '.repeat(20)}`, 'both', rules).join(' ')).toMatch(/characters long/)
  })
  it('refuses words of the other language', () => {
    expect(sourceLineProblems('UU 18/2017 Pasal 30 and §4', 'id', rules).join(' ')).toMatch(/English words \(and\)/)
    expect(sourceLineProblems('Lifting and MoU signing unverified', 'id', rules).join(' ')).toMatch(/English words/)
    expect(sourceLineProblems('Wamen P2MI dan Dubes Belanda', 'en', rules).join(' ')).toMatch(/Indonesian words \(dan\)/)
    expect(sourceLineProblems('Perban BP2MI 9/2020 tentang Pembebasan Biaya', 'both', rules).join(' ')).toMatch(/per language/)
    expect(sourceLineProblems('Minister P2MI, 21 Nov 2025', 'en', rules)).toEqual([])
    expect(sourceLineProblems('Menteri P2MI, 18 Des 2025', 'id', rules)).toEqual([])
  })
})
