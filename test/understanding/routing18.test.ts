/**
 * First messages of the routing blind16 dev set's kinds and blind tester A's report (sixteenth session): company names
 * inside a sentence (before a verb, before a city, in single quotes, with a negation after them), countries offered as
 * a choice, a language asked for by its country ("sekalian bahasanya"), a programme that names its country, and a
 * greeting that says where the writer is from. Variants written for this test, not taken from the dev sets.
 */
import { describe, expect, it } from 'vitest'
import { classifyFirstMessage } from '../../src/understanding/routing-eval.ts'
import { planRoute } from '../../src/understanding/plan.ts'
import { realBundle } from '../helpers/bundle.ts'

const classify = (text: string, lang: 'id' | 'en' = 'id') => classifyFirstMessage(realBundle(), text, lang)
const read = (text: string) => realBundle().router!.read(text)

describe('where a company name ends', () => {
  it('before an Indonesian me-/di-…-kan verb typed in lower case', () => {
    expect(read('ada orang dari pt cahaya nusa lestari mendaftarkan warga ke taiwan, resmi ga?').company).toBe('PT cahaya nusa lestari')
    expect(read('katanya pt mekar jaya abadi dikirimkan surat dr dinas, asli ga').company).toBe('PT mekar jaya abadi')
  })

  it('before an English verb with an object pronoun', () => {
    expect(read('my agency pt. sinar terang abadi lied to me about the job').company).toBe('PT sinar terang abadi')
    expect(read('pt bumi raya sentosa cheated us, i want to report').company).toBe('PT bumi raya sentosa')
    // "for me" after a name is a request, not a verb's object
    expect(read('can you check pt lautan mas jaya for me').company).toBe('PT lautan mas jaya')
  })

  it('keeps a name word before a negation and more words ("kerja gk mau …")', () => {
    expect(read('pt. prima sarana kerja gk mau balikin uang sy').company).toBe('PT prima sarana kerja')
    expect(read('pt maju kerja gak?').company).toBe('PT maju')
  })

  it('reads a city typed after the name apart, and hands both to the check', () => {
    const got = read('tolong cek pt. sumber rejeki utama jakarta timur, resmi?')
    expect(got).toMatchObject({ company: 'PT sumber rejeki utama', place: 'jakarta timur' })
    expect(read('pt harapan baru sejahtera jkt udh lama ga bales').place).toBe('jkt')
    const plan = planRoute(realBundle(), 'tolong cek pt. sumber rejeki utama jakarta timur, resmi?', 'id')
    expect(plan.kind === 'start' && plan.answers.agency_query).toBe('PT sumber rejeki utama jakarta timur')
  })

  it('keeps a city written with a capital inside a capitalized name, and leaves a two-word name whole', () => {
    expect(read('PT Mitra Usaha Malang itu resmi?').company).toBe('PT Mitra Usaha Malang')
    expect(read('pt bumi malang resmi ga').place).toBeUndefined()
  })

  it('reads an LPK by name with its city after it', () => {
    const got = classify('lpk hikari gakuen surabaya itu terdaftar gk ya')
    expect(got.intent).toBe('agency_check')
    expect(got.entities).toMatchObject({ company: 'hikari gakuen', place: 'surabaya' })
  })

  it("reads a name in single quotes when its kind is in it ('LPK …', '… manpower'), with what joins its words", () => {
    expect(read("anak sy ikut 'LPK Hikari' di malang, mau sy laporin").company).toBe('LPK Hikari')
    expect(read("ditawari lewat 'nur iman travel & manpower', resmi ga?").company).toBe('nur iman travel & manpower')
    // A term in single quotes is no name: the company named after it is.
    expect(read("PT Sinar Kasih Abadi potong gaji buat 'biaya admin' tiap bulan, mau lapor").company).toBe('PT Sinar Kasih Abadi')
    expect(read("translate 'good morning' ke bahasa jepang").company).toBeUndefined()
  })
})

describe('intents', () => {
  it('checks a licence number feared forged, and reports a forger when asked to', () => {
    expect(classify('brosur PT Sinar Mulia, no SIP3MI KEP 77/2020, takut dipalsuin. asli ga?').intent).toBe('agency_check')
    expect(classify('sponsor malsuin umur sy biar bisa berangkat, sy mau laporin sponsornya').intent).toBe('report_recruiter')
    expect(classify('agen bilang bisa palsuin umur sy').intent).toBe('faq')
  })

  it('asks for a person, not the bot', () => {
    expect(classify('ga usah bot2an, kasih aku ke operatornya aja').intent).toBe('talk_to_human')
    expect(classify('kulo ajeng matur kalih tiyang asli, sanes mesin').intent).toBe('talk_to_human')
    expect(classify('mau ngadu soal agen tp sama orang aja jgn bot').intent).toBe('talk_to_human')
  })

  it('gives the SISKOP2MI guide for applying online the government way', () => {
    expect(classify('mau daftar kerja ke jepang lewat online yg resmi dari pemerintah, caranya?').intent).toBe('siskop2mi')
  })

  it('greets a salam that says where the writer is from', () => {
    expect(classify('asslm min, mau tanya dulu boleh? saya dari lombok timur').intent).toBe('greeting')
    expect(classify('halo kak, aku dr sumbawa').intent).toBe('greeting')
  })
})

describe('trainings and destinations', () => {
  it('takes the first of countries offered as a choice', () => {
    expect(read('mau ikut pelatihan masak, negaranya jepang atau taiwan ya enaknya').destination).toBe('japan')
    expect(read('want a welding course for Qatar or Saudi').destination).toBe('qatar')
    // a first place outside the catalog, or both named ("dan"), leave it open
    expect(read('mining course for australia or canada').destination).toBeUndefined()
    expect(read('pelatihan las buat ke jepang dan korea').destination).toBeUndefined()
  })

  it('reads "bahasanya" as the language course of the countries named', () => {
    expect(read('ada pelatihan kerja pabrik buat ke korea? sama bahasanya sekalian').interests).toEqual(['manufacturing', 'korean'])
    expect(read('bingung jepang ato korea, mau belajar bahasanya dulu').interests).toEqual(['japanese', 'korean'])
  })

  it('reads Ausbildung as Germany and "tukang las listrik" as welding', () => {
    expect(read('mau les bahasa jerman buat ausbildung').destination).toBe('germany')
    expect(read('sy tukang las listrik, mau pelatihan biar ada sertifikat').interests).toEqual(['welding'])
  })
})
