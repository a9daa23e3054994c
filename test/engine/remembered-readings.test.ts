/**
 * Readings remembered per content for speed (perf18): the list words of `readListPick`, yes/no readings and filled
 * content-only templates. What is remembered must answer exactly as reading afresh, per content (another bundle's
 * word lists are another memory), and never hand out an object a caller could change for the next message.
 */
import { describe, expect, it } from 'vitest'
import type { Bundle, CommandWords } from '../../src/content/bundle.ts'
import { readListPick } from '../../src/engine/ordinal-pick.ts'
import { fill } from '../../src/engine/text.ts'
import { readYesNoWords, type YesNoWords } from '../../src/engine/yes-no.ts'

function commands(raw: Record<string, unknown>, hedge: string[] = ['aja', 'kak']): CommandWords {
  return { hedge, raw } as unknown as CommandWords
}

const lists = commands({
  ordinals: [['pertama', 'the first one'], ['kedua']],
  last_choice: ['terakhir'],
  none_of_choices: ['none of them', 'pertama'],
  ordinal_lead: ['yg ke', 'nomor'],
})

describe('readListPick with the list words read once per content', () => {
  it('reads places, the last one, none of them and a lead word with a number as before', () => {
    expect(readListPick('Pertama aja kak', lists)).toEqual({ place: 0 })
    expect(readListPick('the first one!', lists)).toEqual({ place: 0 })
    expect(readListPick('kedua', lists)).toEqual({ place: 1 })
    expect(readListPick('yg terakhir', lists)).toBeUndefined()
    expect(readListPick('terakhir', lists)).toEqual({ place: 'last' })
    expect(readListPick('none of them', lists)).toEqual({ none: true })
    expect(readListPick('yg ke4 aja', lists)).toEqual({ place: 3 })
    expect(readListPick('nomor 2', lists)).toEqual({ place: 1 })
    expect(readListPick('kamar 2', lists)).toBeUndefined()
    expect(readListPick('4', lists)).toBeUndefined()
  })

  it('lets the first list that names a phrase decide (ordinals before none of them)', () => {
    expect(readListPick('pertama', lists)).toEqual({ place: 0 })
  })

  it('gives out a fresh answer each time and keeps each content apart', () => {
    const first = readListPick('kedua', lists) as { place: number }
    first.place = 7
    expect(readListPick('kedua', lists)).toEqual({ place: 1 })
    const other = commands({ ordinals: [['kedua']], ordinal_lead: [] })
    expect(readListPick('kedua', other)).toEqual({ place: 0 })
    expect(readListPick('nomor 2', other)).toBeUndefined()
  })
})

describe('readYesNoWords remembered per word lists', () => {
  const words = (yes: string[], no: string[]): YesNoWords => ({ yes: new Set(yes), no: new Set(no), hedge: ['sih'], unsure: new Set(['mungkin']) })
  it('answers each word list by its own words, also for a text asked before', () => {
    const a = words(['ya'], ['ga'])
    const b = words(['ga'], ['ya'])
    expect(readYesNoWords('ya sih', a)).toBe('yes')
    expect(readYesNoWords('ya sih', a)).toBe('yes')
    expect(readYesNoWords('ya sih', b)).toBe('no')
    expect(readYesNoWords('entahlah', a)).toBeUndefined()
    expect(readYesNoWords('entahlah', a)).toBeUndefined()
  })
})

describe('fill remembered for content-only templates', () => {
  const bundle = (phone: string): Bundle =>
    ({ contacts: new Map([['hotline', { value: phone }]]), texts: { id: new Map([['sign', 'Salam']]), en: new Map() }, agencies: undefined }) as unknown as Bundle
  it('fills contacts per content, and a template with values every time', () => {
    const one = bundle('111')
    const two = bundle('222')
    expect(fill(one, 'Telepon {contact.hotline}. {text.sign}', {})).toBe('Telepon 111. Salam')
    expect(fill(one, 'Telepon {contact.hotline}. {text.sign}', {})).toBe('Telepon 111. Salam')
    expect(fill(two, 'Telepon {contact.hotline}. {text.sign}', {})).toBe('Telepon 222. Salam')
    expect(fill(one, 'Halo {name}, telepon {contact.hotline}', { name: 'Siti' })).toBe('Halo Siti, telepon 111')
    expect(fill(one, 'Halo {name}, telepon {contact.hotline}', { name: 'Budi' })).toBe('Halo Budi, telepon 111')
    expect(fill(one, 'Halo {name}, telepon {contact.hotline}', {})).toBe('Halo , telepon 111')
  })
})
