import { describe, expect, it } from 'vitest'
import { loadCrisisContent } from '../../src/understanding/crisis-eval.ts'
import { RULE_CALM } from '../../src/understanding/crisis.ts'

const { detector } = loadCrisisContent()
const category = (text: string): string => detector.detect(text)?.category ?? 'none'

describe('crisis: a danger that is over, a threat as coercion, a danger inside a long message (crisis-fresh8)', () => {
  it('sets a phrase aside when the writer says it happened once and how it is now', () => {
    for (const text of [
      'dulu sy pernah dikunci di kamar sm majikan, sekarang udh pindah kerja ke pabrik dan bebas. mau tanya soal cuti',
      'in 2017 my boss locked me in his house but that is long over and now i live with my kids. how do i check an agency?',
      'my cousin was beaten by a drunk man in the street last year, he recovered fine. now he wants a new employer, how?',
      'dulu paspor sy ditahan agen tp udah diselesaikan lewat kjri, mau tanya perpanjang paspor',
    ]) {
      expect(category(text), text).toBe('none')
    }
    expect(detector.explain('dulu sy dikurung majikan, sekarang sy kerja di toko dan bebas').matches.some((m) => m.reason === 'past')).toBe(true)
  })

  it('keeps the alarm when it still goes on, or only started then', () => {
    expect(category('dulu sy dikurung majikan, sekarang masih ga boleh keluar juga')).toBe('confinement')
    expect(category('tahun lalu paspor sy diambil agen, sampai sekarang belum dikembalikan')).toBe('documents_taken')
    expect(category('sy dikurung sejak tahun lalu, sekarang sy mau kabur')).toBe('confinement')
  })

  it('reads a threat told anywhere as the coercion unpaid wages need', () => {
    expect(category('gaji sy dipegang majikan semua. pas sy minta, dia bilang kalo sy protes lagi dia bakal kirim sy balik ke agen tanpa apa2')).toBe('deprivation')
    expect(category('boss has not paid me for 6 months and says if i go to the consulate he will say i stole from him')).toBe('deprivation')
    // The plain complaint stays calm.
    expect(category('gaji sy dipegang agen, katanya ditabung')).toBe('none')
  })

  it('reads the part of a long message that tells the danger, when the whole reads calm', () => {
    const text =
      'hello, my contract in qatar finished two weeks ago and i already bought the ticket home with my own savings, the flight is on friday, but the employer not give back my passport, he says i must stay one more year. what can i do?'
    expect(category(text)).toBe('documents_taken')
    // (Whether the whole or the part carries it depends on the trained weights; the long-story death wish in
    // test/understanding/crisis-long-message-sentence.test.ts and its transcript check the part's reading.)
  })

  it('reads the known gaps of the sixth batch: little food, a naked video asked for', () => {
    expect(category('madam give me little food')).toBe('deprivation')
    expect(category('the agent made me send a naked video to him')).toBe('sexual_violence')
  })

  it('holds a recruiter at home keeping papers, to be reported, calm however sure the classifier is (calm_together)', () => {
    const text =
      'PT Sumber Rejeki hold my passport and diploma in their Bekasi office. I cancelled because my father is sick, but they say i must pay penalty 12 million before they give back. I want to complain about them'
    const e = detector.explain(text)
    expect(e.result).toBeUndefined()
    // Below `sure` the rules' calm reasons ("calm context") hold first; at or above it only the product rule can.
    expect(e.overruled).toBe((e.score?.p ?? 0) >= 0.95 ? RULE_CALM : 'calm context')
  })

  it('leaves idioms of killing and death alone', () => {
    for (const text of ['exam tomorrow, i am so dead', 'mau bunuh nyamuk di kamar mess pake apa ya', 'just killing time at the airport, how long is the transit']) {
      expect(category(text), text).toBe('none')
    }
  })
})
