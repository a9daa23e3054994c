import { describe, expect, it } from 'vitest'
import { helpVars, placeNamed } from '../../src/engine/abroad.ts'
import { otherCrisisQuestion } from '../../src/engine/crisis-reply.ts'
import { nowKeys } from '../../src/engine/help-mode-turns.ts'
import type { CrisisContext } from '../../src/engine/crisis-follow-up.ts'
import { realBundle } from '../helpers/bundle.ts'

const self: CrisisContext = { category: 'violence', about: 'self', place: 'abroad', at: 0 }

describe('help mode after a crisis answer: where, and what changed (blind test B, 2026-12-03)', () => {
  const bundle = realBundle()

  it('names the police and mission of where the person is, never Indonesia 110 abroad', () => {
    const saudi = bundle.abroad!.places.get('saudi_arabia')!
    const known = helpVars(bundle, 'en', 'abroad', saudi)
    expect(known.police).toContain('Saudi Arabia')
    expect(known.mission).toContain('Saudi Arabia')
    for (const vars of [known, helpVars(bundle, 'en', 'abroad'), helpVars(bundle, 'id', 'abroad')]) {
      expect(vars.police).not.toContain('110')
      expect(`${vars.mission}${vars.hotline}`).not.toMatch(/Taiwan|Taipei|Hong Kong/)
    }
    expect(helpVars(bundle, 'id', 'indonesia').police).toContain('110')
    expect(helpVars(bundle, 'en', 'unknown').police).toContain('110')
  })

  it('reads the one place a cry for help names, and none when it names several', () => {
    expect(placeNamed(bundle, 'we are locked in a house in erbil')?.id).toBe('iraq')
    expect(placeNamed(bundle, 'my employer locked me in the house in dubai')?.id).toBe('uae')
    // Two places, one of them where someone was taken: that one (crisis18); two places otherwise: none.
    expect(placeNamed(bundle, 'agen bilang kerja di malaysia tapi sy dibawa ke kamboja')?.id).toBe('cambodia')
    expect(placeNamed(bundle, 'i came for job in thailand but they bring me to myanmar')?.id).toBe('myanmar')
    expect(placeNamed(bundle, 'sy pernah kerja di malaysia sama taiwan, tolong')).toBeUndefined()
    expect(placeNamed(bundle, 'tolong sy dipukul')).toBeUndefined()
  })

  it('answers what changed with its own short text, and the family with what the family can do', () => {
    expect(nowKeys(bundle, 'dia dateng lg', self, ['danger_now'])).toEqual({ keys: ['crisis.follow.danger_now'], short: true })
    expect(nowKeys(bundle, 'dia dateng lg', { ...self, place: 'indonesia' }, ['danger_now'])?.keys).toEqual(['crisis.follow.danger_now_indonesia'])
    expect(nowKeys(bundle, 'please dont tell agency', self, ['secret'])).toEqual({ keys: ['crisis.follow.private'], short: false })
    expect(nowKeys(bundle, 'is that legal', { ...self, category: 'documents_taken' }, ['legal'])?.keys).toEqual(['crisis.legal.documents_taken'])
    expect(nowKeys(bundle, 'is that legal', { ...self, category: 'deprivation' }, ['legal'])?.keys).toEqual(['crisis.legal.general'])
    expect(nowKeys(bundle, 'what i do', { ...self, about: 'other', writer: 'home' }, ['what_to_do'])?.keys).toEqual(['crisis.follow.family_home'])
    expect(nowKeys(bundle, 'what i do', { ...self, about: 'other' }, ['what_to_do'])?.keys).toEqual(['crisis.follow.other_next'])
    expect(nowKeys(bundle, 'i no have money for ticket', self, [])?.keys).toEqual(['abroad.go_home'])
    expect(nowKeys(bundle, 'namanya Siti', self, [])).toBeUndefined()
    for (const key of ['crisis.follow.danger_now', 'crisis.follow.away', 'crisis.follow.battery', 'crisis.follow.borrowed_phone', 'crisis.follow.private', 'crisis.follow.phone_number', 'crisis.follow.callback_family', 'crisis.follow.other_next', 'crisis.follow.self_harm_other_now', 'crisis.legal.general']) {
      expect(bundle.texts.en.has(key) && bundle.texts.id.has(key), key).toBe(true)
    }
  })

  it('finds the other question of a cry for help, to offer after the help', () => {
    expect(otherCrisisQuestion(bundle, 'majikan sy mukul sy terus. btw cara cek agensi resmi gimana?', undefined)).toBe('cek-agensi')
    expect(otherCrisisQuestion(bundle, 'majikan sy mukul sy terus', undefined)).toBeUndefined()
  })
})
