import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { buildRegistry, checkAgency, sharesEnough } from '../../src/knowledge/agencies.ts'
import { fixtureRegistry } from '../../src/testing/transcripts.ts'
import { registryMention } from '../../src/understanding/registry-mention.ts'

const registry = fixtureRegistry(resolve('test/fixtures/agencies-fiktif.csv'), '2026-11-01', process.cwd()).registry!
const TODAY = '2026-12-03'

describe('registryMention: a registered name without "PT" in front', () => {
  it('finds the exact name among filler words, with a legal form after it', () => {
    expect(registryMention(registry, 'Contoh Kembar Fiktif, PT')).toBe('contoh kembar fiktif')
    expect(registryMention(registry, 'Contoh Kembar Fiktif resmi?')).toBe('contoh kembar fiktif')
    expect(registryMention(registry, 'apakah contoh skorsing fiktif itu resmi atau penipuan')).toBe('contoh skorsing fiktif')
    expect(registryMention(registry, 'Contoh Skorsing Fiktif, is it licensed?')).toBe('contoh skorsing fiktif')
  })

  it('prefers the longest registered name and keeps a trailing CV for the lookup', () => {
    expect(registryMention(registry, 'contoh maju jaya abadi fiktif aman ga')).toBe('contoh maju jaya abadi fiktif')
    expect(registryMention(registry, 'Contoh Kembar Fiktif CV resmi?')).toBe('contoh kembar fiktif cv')
    expect(checkAgency(registry, 'contoh kembar fiktif cv', TODAY).verdict).not.toBe('licensed')
  })

  it('says nothing for partial names, other words, long texts or no registry', () => {
    expect(registryMention(registry, 'contoh skorsing')).toBeUndefined()
    expect(registryMention(registry, 'saya kerja di Contoh Kembar Fiktif')).toBeUndefined()
    expect(registryMention(registry, 'Contoh Kembar Fiktif Cirebon')).toBeUndefined()
    expect(registryMention(registry, `${'resmi '.repeat(30)}contoh kembar fiktif`)).toBeUndefined()
    expect(registryMention(undefined, 'Contoh Kembar Fiktif')).toBeUndefined()
    expect(registryMention(buildRegistry([], '2026-11-01'), 'Contoh Kembar Fiktif')).toBeUndefined()
  })
})

describe('near matches need more than one shared generic word', () => {
  it('an unknown company sharing one word with a registered name is not_found', () => {
    expect(checkAgency(registry, 'PT Mitra Karya Sejahtera resmi ga?', TODAY)).toMatchObject({ verdict: 'not_found', matches: [] })
    expect(checkAgency(registry, 'PT Sumber Rejeki Abadi Nusantara resmi ga min', TODAY)).toMatchObject({ verdict: 'not_found', matches: [] })
  })

  it('an unknown company sharing only common name words with a registered name is not_found (blind tester A, A-4)', () => {
    // "jaya abadi" are in "PT Contoh Maju Jaya Abadi Fiktif", but every company name has such words.
    expect(checkAgency(registry, 'mitra jaya abadi', TODAY)).toMatchObject({ verdict: 'not_found', matches: [] })
    expect(checkAgency(registry, 'PT Mitra Jaya Abadi resmi ga?', TODAY)).toMatchObject({ verdict: 'not_found', matches: [] })
  })

  it('a name with most words registered is still suggested', () => {
    const check = checkAgency(registry, 'PT Contoh Maju Jaya Cirebon', TODAY)
    expect(check.verdict).toBe('ambiguous')
    expect(check.matches[0]!.name).toBe('PT Contoh Maju Jaya Fiktif')
  })

  it('sharesEnough wants a majority and at least two words', () => {
    expect(sharesEnough(1, 3)).toBe(false)
    expect(sharesEnough(1, 2)).toBe(false)
    expect(sharesEnough(2, 4)).toBe(false)
    expect(sharesEnough(2, 3)).toBe(true)
    expect(sharesEnough(1, 1)).toBe(true)
  })
})
