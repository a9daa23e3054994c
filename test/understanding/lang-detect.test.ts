import { describe, expect, it } from 'vitest'
import { detectLang } from '../../src/understanding/lang-detect.ts'

describe('detectLang', () => {
  it('recognizes informal and formal Indonesian', () => {
    expect(detectLang('syarat jd tkw apa aja')).toBe('id')
    expect(detectLang('PT nya resmi ga?')).toBe('id')
    expect(detectLang('brp biaya ke taiwan')).toBe('id')
    expect(detectLang('gmn cara daftar siskop2mi')).toBe('id')
    expect(detectLang('Bagaimana cara mendaftar sebagai calon pekerja migran?')).toBe('id')
    expect(detectLang('gaaa bisaaa')).toBe('id')
  })

  it('recognizes English', () => {
    expect(detectLang('what are the requirements to work abroad')).toBe('en')
    expect(detectLang('How much does it cost to go to Korea?')).toBe('en')
    expect(detectLang('is this agency licensed')).toBe('en')
  })

  it('says undefined when it cannot tell', () => {
    expect(detectLang('EPS TOPIK')).toBeUndefined()
    expect(detectLang('SISKOP2MI')).toBeUndefined()
    expect(detectLang('visa')).toBeUndefined()
    expect(detectLang('')).toBeUndefined()
    expect(detectLang('👍')).toBeUndefined()
  })
})

describe('detectLang on company names', () => {
  it('does not read a name after PT/CV as English ("Skorsing" ends in -ing)', () => {
    expect(detectLang('cek PT Contoh Skorsing Fiktif')).toBe('id')
    expect(detectLang('PT Contoh Skorsing Fiktif')).toBeUndefined()
    expect(detectLang('Contoh Skorsing Fiktif')).toBeUndefined()
    expect(detectLang('PT Contoh Skorsing Fiktif aman ga')).toBe('id')
  })

  it('still reads the words around the name', () => {
    expect(detectLang('check PT Contoh Skorsing Fiktif')).toBe('en')
    expect(detectLang('is PT Contoh Skorsing Fiktif licensed?')).toBe('en')
    expect(detectLang('I am looking for training')).toBe('en')
  })
})
