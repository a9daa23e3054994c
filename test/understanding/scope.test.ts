import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadBundle } from '../../src/content/load.ts'
import { ACTION_SPECS } from '../../src/engine/actions.ts'
import { tokenize } from '../../src/understanding/normalize.ts'
import { isOutOfScope } from '../../src/understanding/scope.ts'
import { sharedModelCache } from '../helpers/bundle.ts'

const { bundle } = loadBundle({ flowsDir: resolve('flows'), contentDir: resolve('content'), actions: ACTION_SPECS, ...sharedModelCache() })

describe('out of scope (not about working abroad at all)', () => {
  it('is said for sport, recipes and weather, in Indonesian and English', () => {
    for (const text of ['siapa yang menang piala dunia kemarin?', 'resep rendang gimana ya', 'cuaca besok hujan ga', 'who won the football match last night', 'how to cook nasi goreng']) {
      expect(isOutOfScope(text, bundle!), text).toBe(true)
    }
  })
  it('is never said for a question with one word of the domain, answered or not', () => {
    for (const text of ['kontrak mau habis, kalo mau perpanjang harus pulang dulu gk?', 'gaji pabrik di taiwan', 'macam mana nak pindah majikan kat malaysia', 'what happen if my employer die?', 'berapa biaya ke hongkong']) {
      expect(isOutOfScope(text, bundle!), text).toBe(false)
    }
  })
  it('is not said for typos and words no content list knows (officers should see those questions)', () => {
    expect(isOutOfScope('qwerty zxcv blorf snarg', bundle!)).toBe(false)
  })
  it('is not said for greetings and numbers alone (they have no content words)', () => {
    expect(isOutOfScope('halo kak', bundle!)).toBe(false)
    expect(isOutOfScope('123', bundle!)).toBe(false)
  })
})

describe('Sundanese and Javanese krama words', () => {
  it('read as Indonesian', () => {
    expect(tokenize('abdi bade naros upami hoyong damel di jepang', bundle!.lexicon)).toEqual(['saya', 'mau', 'tanya', 'kalau', 'ingin', 'kerja', 'di', 'jepang'])
    expect(tokenize('kula badhe nyuwun pirsa menawi badhe nyambut damel dhateng taiwan', bundle!.lexicon)).toEqual(['saya', 'mau', 'tanya', 'kalau', 'mau', 'kerja', 'ke', 'taiwan'])
  })
})
