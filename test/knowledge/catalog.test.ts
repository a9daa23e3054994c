import { readFileSync } from 'node:fs'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import type { Country, Training } from '../../src/content/types.ts'
import { matchMany, matchOption, type CatalogOption } from '../../src/knowledge/catalog.ts'

function readContent<T>(file: string): T {
  return parse(readFileSync(new URL(`../../content/${file}`, import.meta.url), 'utf8')) as T
}

const trainings = readContent<{ trainings: Training[] }>('trainings.yaml').trainings
const countries = readContent<{ countries: Country[] }>('countries.yaml').countries

describe.each([
  ['trainings.yaml', trainings as CatalogOption[]],
  ['countries.yaml', countries as CatalogOption[]],
])('content/%s', (_file, options) => {
  it('has unique short ascii ids', () => {
    const ids = options.map((o) => o.id)
    expect(new Set(ids).size).toBe(ids.length)
    for (const id of ids) expect(id).toMatch(/^[a-z][a-z0-9_]{0,19}$/)
  })

  it('has labels in both languages that fit a WhatsApp list row (24 characters)', () => {
    for (const o of options) {
      expect(o.label.en, o.id).toBeTruthy()
      for (const label of [o.label.id, o.label.en ?? '']) expect(label.length, label).toBeLessThanOrEqual(24)
    }
  })

  it('finds every option by each of its labels, exactly', () => {
    for (const o of options) {
      expect(matchOption(o.label.id, options), o.label.id).toEqual({ kind: 'exact', ids: [o.id] })
      expect(matchOption(o.label.en ?? '', options), o.label.en).toEqual({ kind: 'exact', ids: [o.id] })
    }
  })
})

describe('content/trainings.yaml', () => {
  it('offers the fields of the KP2MI programme', () => {
    expect(trainings.map((t) => t.id)).toEqual([
      'welding',
      'hospitality',
      'caregiving',
      'culinary',
      'manufacturing',
      'oil_gas',
      'electricity',
      'renewables',
      'mining',
      'plantation',
      'japanese',
      'korean',
      'german',
      'english',
    ])
  })
})

describe('content/countries.yaml', () => {
  it('offers the focus countries, Middle East choices under moratorium, and "not sure"', () => {
    const ids = countries.map((c) => c.id)
    expect(ids).toEqual(
      expect.arrayContaining(['japan', 'south_korea', 'taiwan', 'germany', 'netherlands', 'colombia', 'canada', 'usa', 'china', 'europe_other', 'not_sure']),
    )
    const moratorium = countries.filter((c) => c.moratorium).map((c) => c.id)
    expect(moratorium).toEqual(['saudi_arabia', 'uae', 'qatar', 'kuwait', 'oman', 'bahrain', 'jordan', 'middle_east_other'])
  })

  it.each([
    ['jepang', 'japan'],
    ['korsel', 'south_korea'],
    ['dubai', 'uae'],
    ['mau ke arab saudi', 'saudi_arabia'],
    ['mesir', 'middle_east_other'],
    ['blm tau', 'not_sure'],
    ["don't know", 'not_sure'],
    ['amerika', 'usa'],
  ])('%j → %s', (text, id) => {
    expect(matchOption(text, countries)).toEqual({ kind: 'exact', ids: [id] })
  })

  it('asks back for "arab": Saudi Arabia, UAE or elsewhere in the Middle East', () => {
    expect(matchOption('arab', countries)).toEqual({ kind: 'close', ids: ['saudi_arabia', 'uae', 'middle_east_other'] })
  })
})

describe('matchOption', () => {
  it.each([
    ['2', { kind: 'exact', ids: ['hospitality'] }],
    [' 14 ', { kind: 'exact', ids: ['english'] }],
    ['15', { kind: 'none', ids: [] }],
    ['0', { kind: 'none', ids: [] }],
    ['welding', { kind: 'exact', ids: ['welding'] }],
    ['LAS', { kind: 'exact', ids: ['welding'] }],
    ['oil gas', { kind: 'exact', ids: ['oil_gas'] }],
    ['Oil & Gas', { kind: 'exact', ids: ['oil_gas'] }],
    ['saya mau belajar las', { kind: 'exact', ids: ['welding'] }],
    ['kelas memasak', { kind: 'exact', ids: ['culinary'] }],
    ['energi terbarukan', { kind: 'exact', ids: ['renewables'] }],
    ['pengelasn', { kind: 'close', ids: ['welding'] }],
    ['perhotelam', { kind: 'close', ids: ['hospitality'] }],
    ['mau kursus perhotelam', { kind: 'close', ids: ['hospitality'] }],
    ['energi', { kind: 'close', ids: ['oil_gas', 'electricity', 'renewables'] }],
    ['bahasa', { kind: 'close', ids: ['japanese', 'korean', 'german', 'english'] }],
    ['las dan jepang', { kind: 'close', ids: ['welding', 'japanese'] }],
    ['pertam', { kind: 'close', ids: ['mining'] }],
    ['xyz', { kind: 'none', ids: [] }],
    ['', { kind: 'none', ids: [] }],
    ['?!', { kind: 'none', ids: [] }],
  ])('%j → %o', (text, expected) => {
    expect(matchOption(text, trainings)).toEqual(expected)
  })

  it('does not take numbers as positions when told so', () => {
    expect(matchOption('2', trainings, { numbers: false })).toEqual({ kind: 'none', ids: [] })
  })

  it('works for any list, e.g. education levels', () => {
    const education: CatalogOption[] = [
      { id: 'sd', label: { id: 'SD', en: 'Primary school' } },
      { id: 'smp', label: { id: 'SMP', en: 'Junior high school' } },
      { id: 'sma_smk', label: { id: 'SMA / SMK', en: 'Senior high / vocational' }, synonyms: ['sma', 'smk', 'slta', 'stm'] },
      { id: 'diploma', label: { id: 'Diploma (D1–D4)', en: 'Diploma' }, synonyms: ['d1', 'd2', 'd3', 'd4'] },
    ]
    expect(matchOption('smk', education)).toEqual({ kind: 'exact', ids: ['sma_smk'] })
    expect(matchOption('lulusan SMK', education)).toEqual({ kind: 'exact', ids: ['sma_smk'] })
    expect(matchOption('D3', education)).toEqual({ kind: 'exact', ids: ['diploma'] })
    expect(matchOption('3', education)).toEqual({ kind: 'exact', ids: ['sma_smk'] })
    expect(matchOption('diplom', education)).toEqual({ kind: 'close', ids: ['diploma'] })
  })

  it('never throws, and always answers in the documented shape', () => {
    const ids = new Set(trainings.map((t) => t.id))
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (text) => {
        const m = matchOption(text, trainings)
        if (m.kind === 'exact') expect(m.ids).toHaveLength(1)
        if (m.kind === 'none') expect(m.ids).toEqual([])
        for (const id of m.ids) expect(ids.has(id)).toBe(true)
      }),
    )
  })
})

describe('matchMany', () => {
  it.each([
    ['las dan bahasa jepang', { kind: 'exact', ids: ['welding', 'japanese'], unmatched: [] }],
    ['welding, cooking', { kind: 'exact', ids: ['welding', 'culinary'], unmatched: [] }],
    ['1, 3', { kind: 'exact', ids: ['welding', 'caregiving'], unmatched: [] }],
    ['1 3', { kind: 'exact', ids: ['welding', 'caregiving'], unmatched: [] }],
    ['1 dan 11', { kind: 'exact', ids: ['welding', 'japanese'], unmatched: [] }],
    ['3,1,3', { kind: 'exact', ids: ['caregiving', 'welding'], unmatched: [] }],
    ['las jepang', { kind: 'exact', ids: ['welding', 'japanese'], unmatched: [] }],
    ['minyak dan gas', { kind: 'exact', ids: ['oil_gas'], unmatched: [] }],
    ['perhotelan / tata boga', { kind: 'exact', ids: ['hospitality', 'culinary'], unmatched: [] }],
    ['las\nmasak', { kind: 'exact', ids: ['welding', 'culinary'], unmatched: [] }],
    ['pengelasn dan masak', { kind: 'close', ids: ['welding', 'culinary'], unmatched: [] }],
    ['las, sepakbola', { kind: 'close', ids: ['welding'], unmatched: ['sepakbola'] }],
    ['1, 99', { kind: 'close', ids: ['welding'], unmatched: ['99'] }],
    ['energi', { kind: 'close', ids: ['oil_gas', 'electricity', 'renewables'], unmatched: [] }],
    ['sepakbola', { kind: 'none', ids: [], unmatched: ['sepakbola'] }],
    ['', { kind: 'none', ids: [], unmatched: [] }],
    // Inside a sentence a short word needs an exact match: "helper" is two edits from "welder", not a welder.
    ['domestic helper', { kind: 'none', ids: [], unmatched: ['domestic helper'] }],
    ['ART (helper)', { kind: 'none', ids: [], unmatched: ['ART (helper)'] }],
    ['mau belajar pengelasn', { kind: 'close', ids: ['welding'], unmatched: [] }],
  ])('%j → %o', (text, expected) => {
    expect(matchMany(text, trainings)).toEqual(expected)
  })

  it('does not take numbers as positions when told so', () => {
    expect(matchMany('1, 3', trainings, { numbers: false })).toEqual({ kind: 'none', ids: [], unmatched: ['1', '3'] })
  })
})
