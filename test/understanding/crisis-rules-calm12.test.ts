import { describe, expect, it } from 'vitest'
import { category, detector, reasons } from '../helpers/crisis-rules.ts'

describe('crisis rules: calm look-alikes of crisis-calm12, by general rules', () => {
  it('matches a marker phrase by its first word as typed and as normalized ("skrg sudah pulang")', () => {
    expect(detector.explain('dulu sempat ditahan di penampungan, skrg sudah pulang').silenced).toBe(true)
  })

  it('does not read "meninggal" (died) as "ditinggal" (left behind)', () => {
    expect(reasons('majikannya meninggal, dia di kantor agen', 'danger')).toEqual([])
    expect(category('sy ditinggal agen di terminal, ga tau harus kemana')).toBe('danger')
  })

  it('reads "used to" as over, unless it goes on', () => {
    expect(reasons('my uncle used to beat me when I was small, he moved far away years ago and we never talk. can I work in Japan with a family record like that?', 'violence')).toContain('past')
    expect(category('my husband used to hit me and he still does, last night again')).toBe('violence')
  })

  it('takes a year in the next sentence as the time of the story', () => {
    expect(reasons('dulu aku kerja di Kuwait, majikan ngunci aku di rumah, itu tahun 2010. sekarang aku mau jadi pembicara di desa', 'confinement')).toContain('past')
  })

  it('reads self-harm as over only when the writer says it is fine now', () => {
    const over = 'my cousin once told me she wanted to jump off the bridge after her divorce, but that was years ago and she is happy now. is there a support group in Taipei?'
    expect(reasons(over, 'self_harm')).toContain('past')
    expect(category('i once wanted to jump off the roof. now i think about it every night')).toBe('self_harm')
  })

  it('reads teaching material about a danger as calm, not the writer in danger', () => {
    expect(detector.explain('How should a maid respond if her employer tries to kiss her? I am preparing a lesson for our weekend class.').overruled ?? 'teaching').toBe('teaching')
    expect(reasons('What to do when the boss beat a maid? I am making a guide for our group', 'violence')).not.toContain(undefined)
    expect(category('I am preparing a lesson for our class. my employer kissed me last night and locks my door')).not.toBe('none')
  })

  it('reads a police check asking for papers as a rules question', () => {
    expect(detector.explain('kalo ada razia imigrasi di Johor dan petugas minta liat paspor, harus dikasih? paspor sy ada di sy kok').overruled ?? 'calm context').toBe('calm context')
    expect(category('polisi razia minta paspor trus paspor sy ditahan, sy ditangkap')).not.toBe('none')
  })

  it('reads song lyrics and a figure of speech as calm', () => {
    expect(reasons('lagi dengerin lagu "lebih baik mati daripada kehilanganmu" sambil nyuci, kangen suami. cuti tahunan di Taiwan berapa hari?', 'self_harm')).toContain('calm context')
    expect(category('my sister says "I\'m trapped in this job" meaning the contract is boring and long. She is fine. Can she change employer in Hong Kong?')).toBe('none')
    expect(category('sy terjebak di rumah majikan, pintu dikunci, tolong')).toBe('confinement')
  })

  it('reads a curfew with days out, a threat to fire and a machine accident as calm', () => {
    expect(category('di asrama pabrik kami ga boleh keluar kecuali hari sabtu, wajar ga? sy sih betah')).toBe('none')
    expect(category('my supervisor threatened to sack me if I am late again, is two warnings enough in Singapore?')).toBe('none')
    expect(category('kaki temen sy kena mesin potong di pabrik, udh dijahit di RS. cara klaim BPJS gimana?')).toBe('none')
    // The danger itself still raises the alarm.
    expect(category('majikan ga bolehin aku keluar kecuali buang sampah, pintu dikunci terus')).toBe('confinement')
    expect(category('majikan ngancam mau bunuh sy kalo sy kabur')).toBe('violence')
  })
})
