import { describe, expect, it } from 'vitest'
import { nameOnly } from '../../src/engine/answers.ts'
import { realBundle } from '../helpers/bundle.ts'

describe('a name typed in a sentence', () => {
  const bundle = realBundle()
  it.each([
    ['nama saya Siti Aminah', 'Siti Aminah'],
    ['panggil aja Ujang', 'Ujang'],
    ['panggil aja Ujang kak', 'Ujang'],
    ['Namaku Dewi Lestari, kak', 'Dewi Lestari'],
    ['my name is Budi Santoso', 'Budi Santoso'],
    ["I'm Rina", 'Rina'],
    ['saya Agus', 'Agus'],
    ['Siti Aminah', 'Siti Aminah'],
    ['Namira Putri', 'Namira Putri'],
    ['Saya', 'Saya'],
    ['Muhammad Imam Syafii', 'Muhammad Imam Syafii'],
  ])('%s → %s', (typed, name) => {
    expect(nameOnly(typed, bundle)).toBe(name)
  })
})
