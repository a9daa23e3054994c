import { describe, expect, it } from 'vitest'
import { hasCue, placeStated } from '../../src/engine/abroad.ts'
import { normalizeMobile } from '../../src/knowledge/phone.ts'
import { realBundle } from '../helpers/bundle.ts'

describe('where the writer is (content/abroad.yaml)', () => {
  const bundle = realBundle()
  it.each([
    ['sy di kamboja', 'cambodia'],
    ['di hongkong udh 8 bln', 'hong_kong'],
    ['assalamualaikum mbak, sy kerja di hongkong udh 8 bln', 'hong_kong'],
    ['Hi. I work in a factory in Taichung, Taiwan.', 'taiwan'],
    ["I'm already in Taiwan for 1 year", 'taiwan'],
    ['sy sebenarnya lg di riyadh', 'saudi_arabia'],
    ['aku kerja di kebun sawit di sabah', 'malaysia'],
    // A Taiwanese fishing boat is where the crew is, not Taiwan: the flag is not the place (blind tester tA26, tA7).
    ['anak sy kerja di kapal ikan taiwan', 'at_sea'],
    // A departure told next to where the writer is now: the place counts.
    ['sy skrg di dubai, dulu berangkatnya pake visa turis lewat sponsor', 'uae'],
  ])('"%s" → %s', (text, id) => {
    expect(placeStated(bundle, text)?.id).toBe(id)
  })
  it.each([
    'sy mau kerja di taiwan',
    'I want to work in Japan',
    'pengen ke korea',
    'Saya baca berita soal WNI yang disekap di Myanmar dan Kamboja.',
    'majikan ngajak piknik ke ocean park',
    'saya di rumah di malang',
    // An offer or a departure still to come: nobody is there yet (blind tester, a parent's long message).
    'anak saya bisa kerja di hotel di Dubai gaji 12 juta, berangkatnya pakai visa kunjungan dulu',
    'anak sy kerja di hongkong nanti, berangkatnya lewat sponsor',
    'my daughter can work in Dubai as a cleaner, she will leave next month',
  ])('"%s" says no place abroad', (text) => {
    expect(placeStated(bundle, text)).toBeUndefined()
  })
  it('reads the cues: a phone about to be taken, going home, unpaid wages, the writer\'s own work', () => {
    expect(hasCue(bundle, 'dikurung di gedung, hp mau diambil', 'phone_taken')).toBe(true)
    expect(hasCue(bundle, 'tp bisa pulang gak kalo paspor gak ada?', 'go_home')).toBe(true)
    expect(hasCue(bundle, 'gaji sy 3 bulan blm dibayar majikan', 'wages')).toBe(true)
    expect(hasCue(bundle, 'trs gaji sy yg blm dibayar gmn mbak?', 'self')).toBe(true)
    expect(hasCue(bundle, 'gaji adik sy belum keluar', 'self')).toBe(false)
  })
})

describe('normalizeMobile: the phone question of a form', () => {
  it('accepts a foreign mobile number with its country code', () => {
    expect(normalizeMobile('+966 55 123 4567')).toEqual({ ok: true, e164: '+966551234567' })
    expect(normalizeMobile('00852 6123 4567')).toEqual({ ok: true, e164: '+85261234567' })
    expect(normalizeMobile('0812-3456-7890')).toEqual({ ok: true, e164: '+6281234567890' })
  })
  it('still refuses landlines and words', () => {
    expect(normalizeMobile('+62 21 555 1234')).toEqual({ ok: false, reason: 'not_mobile' })
    expect(normalizeMobile('+966 11 123 4567').ok).toBe(false)
    expect(normalizeMobile('nomor saudi')).toEqual({ ok: false, reason: 'letters' })
  })
})
