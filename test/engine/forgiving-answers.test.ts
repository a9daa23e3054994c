import { describe, expect, it } from 'vitest'
import { readConfirmation } from '../../src/engine/confirm.ts'
import { parseNumberWords } from '../../src/engine/number-words.ts'
import { readYesNoWords } from '../../src/engine/yes-no.ts'
import { realBundle } from '../helpers/bundle.ts'

const words = () => realBundle().commands

describe('yes, no and "I don\'t know" as people type them', () => {
  it.each([
    ['iya', 'yes'],
    ['iya sih', 'yes'],
    ['ya kalo ga salah', 'yes'],
    ['kayaknya iya', 'yes'],
    ['I think so yes', 'yes'],
    ['ga pernah', 'no'],
    ['kayaknya ngga', 'no'],
    ['belum kak', 'no'],
    ['no thanks', 'no'],
    ['gatau', 'unsure'],
    ['ga tau juga sih', 'unsure'],
    ['ga yakin', 'unsure'],
    ['not sure', 'unsure'],
    ['mungkin', 'unsure'],
  ] as const)('%s → %s', (text, expected) => {
    expect(readYesNoWords(text, words())).toBe(expected)
  })

  it('the first clause answers: "ga mau, sy cuma mau tau info aja" is a no', () => {
    expect(readYesNoWords('ga mau, sy cuma mau tau info aja', words())).toBe('no')
    expect(readYesNoWords('iya boleh. sy mau daftar kak', words())).toBe('yes')
    expect(readYesNoWords('kemarin sponsornya datang, katanya boleh', words())).toBeUndefined()
  })

  it('a long sentence is not read as yes or no', () => {
    expect(readYesNoWords('iya jadi kemarin sponsornya datang ke rumah terus minta uang lima juta katanya buat visa', words())).toBeUndefined()
    expect(readYesNoWords('berapa biaya ke jepang', words())).toBeUndefined()
  })

  it('a confirmation takes its number, its label and a short sentence', () => {
    const choices = [
      { id: 'y', label: 'Ya, hapus' },
      { id: 'n', label: 'Tidak' },
    ]
    expect(readConfirmation('1', undefined, choices, words(), 'y', 'n')).toBe('yes')
    expect(readConfirmation('Ya, hapus', undefined, choices, words(), 'y', 'n')).toBe('yes')
    expect(readConfirmation('ga jadi', undefined, choices, words(), 'y', 'n')).toBe('no')
    expect(readConfirmation('Budi Santoso', undefined, choices, words(), 'y', 'n')).toBe('unclear')
  })
})

describe('numbers written as words', () => {
  it.each([
    ['sembilan belas', 19],
    ['umur saya dua puluh lima tahun', 25],
    ['sebelas', 11],
    ['tiga puluh', 30],
    ['seratus dua', 102],
    ['nineteen', 19],
    ['twenty-three years old', 23],
    ['one hundred and five', 105],
  ] as const)('%s → %d', (text, expected) => {
    expect(parseNumberWords(text)).toBe(expected)
  })

  it('text without number words gives nothing', () => {
    expect(parseNumberWords('rahasia dong')).toBeUndefined()
  })
})
