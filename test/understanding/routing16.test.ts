/**
 * First messages from blind tester A (fifteenth session) and B (B-4): who answers here and whether it is an agency
 * (X-5), a Javanese training wish (X-12), a company whose name is not known or is no name at all (X-3), a relative out
 * of contact told in Javanese (B-4, b-21), a recommendation of an LPK, and money for a government programme asked by a
 * village head (X-1). Variants written for this test besides the testers' own messages; not taken from the dev sets.
 */
import { describe, expect, it } from 'vitest'
import { classifyFirstMessage } from '../../src/understanding/routing-eval.ts'
import { planRoute } from '../../src/understanding/plan.ts'
import { realBundle } from '../helpers/bundle.ts'

const classify = (text: string, lang: 'id' | 'en' = 'id') => classifyFirstMessage(realBundle(), text, lang)
const plan = (text: string, lang: 'id' | 'en' = 'id') => planRoute(realBundle(), text, lang)

describe('who answers here (X-5)', () => {
  it('answers about the assistant, not with the "perekrut perorangan" warning', () => {
    for (const text of ['ini siapa ya? dpt nomor dr grup fb', 'maksud sy ini nomor siapa? kalian agen penyalur ya? bisa berangkatin sy ke taiwan?', 'kalian penyalur kerja ya kak?', 'bisa berangkatin sy ke hongkong?']) {
      const got = plan(text)
      expect(got.kind, text).toBe('faq')
      expect(got.kind === 'faq' && got.answer, text).toBe('tentang-asisten')
    }
    for (const text of ['are you an agency? can you send me to taiwan?', 'who is this?']) {
      const got = plan(text, 'en')
      expect(got.kind === 'faq' && got.answer, text).toBe('tentang-asisten')
    }
  })

  it('leaves a recruiter who promises to send someone to the check or the FAQ', () => {
    const got = plan('sponsor bilang bisa berangkatin sy ke taiwan tanpa tes, aman ga?')
    expect(got.kind === 'faq' && got.answer).not.toBe('tentang-asisten')
  })

  it('greets "halo ini bot ya?"', () => {
    expect(classify('halo ini bot ya?').intent).toBe('greeting')
  })
})

describe('Javanese and Sundanese (X-12, B-4)', () => {
  it('starts the training form for "sinau ngelas … iso daftar neng kene?"', () => {
    const got = classify('lur aku pengen sinau ngelas terus kerjo neng jerman, iso daftar neng kene?')
    expect(got.intent).toBe('training_interest')
    expect(got.entities).toMatchObject({ interests: ['welding'], destination: 'germany' })
  })

  it('reads "tujuane durung ngerti" as no destination decided', () => {
    expect(classify('aku pengen melu kursus masak, tujuane durung ngerti').entities.destination).toBe('not_sure')
  })

  it('gives the help for a relative out of contact, not the report form', () => {
    const got = plan('nyuwun sewu, anak kulo kerja di malaysia lewat tekong, wis 3 sasi ora ono kabar, hp ne mati. kulo kudu piye bu, lapor nang endi')
    expect(got.kind === 'faq' && got.answer).toBe('keluarga-hilang-kontak')
  })

  it('asks for an officer in Javanese', () => {
    expect(classify('aku pengen ngomong karo wong tenan, dudu robot').intent).toBe('talk_to_human')
  })
})

describe('no company name (X-3)', () => {
  it('reads no name in "PT tp lupa namanya" and starts the check at its no-name answer', () => {
    const got = plan('mba sy ditawarin kerja di hongkong sm PT tp lupa namanya, yg kantornya di malang, aman gk ya')
    expect(got.kind).toBe('start')
    if (got.kind !== 'start') return
    expect(got.flow).toBe('agency')
    expect(got.step).toBe('no_name')
    expect(got.entities.company).toBeUndefined()
  })

  it('ends a name at "tp", "ngajak" and "still"', () => {
    expect(classify('sponsor sy bilang dr pt sinar bahari fiktif tp kantornya gk jelas').entities.company).toBe('PT sinar bahari fiktif')
    expect(classify('pt sinar bahari fiktif ngajak kerja di taiwan, resmi gk').entities.company).toBe('PT sinar bahari fiktif')
    expect(classify('is sinar bahari fiktif still licensed', 'en').entities.company).toBe('sinar bahari fiktif')
  })

  it('does not take a résumé for a company', () => {
    expect(classify('kak bisa bantu bikinin CV bahasa inggris gk buat lamar kerja').entities.company).toBeUndefined()
  })

  it('answers how to check an LPK when one is to be recommended', () => {
    const got = plan('kak ada rekomendasi LPK bahasa jepang yg resmi di surabaya gk')
    expect(got.kind === 'faq' && got.answer).toBe('cek-lpk')
  })
})

describe('a language course and "there"', () => {
  it('takes the course\'s country when the message points at it', () => {
    expect(classify('ada kursus bahasa korea gk kak? sy pengen kerja pabrik disana').entities.destination).toBe('south_korea')
  })

  it('takes none for a course alone', () => {
    expect(classify('mau ikut kursus bahasa korea').entities.destination).toBeUndefined()
  })
})

describe('money for a government programme asked by a village head (X-1)', () => {
  it('is a warning sign said first', () => {
    const signs = realBundle().redflags!.readFirst('anak sy mau ikut program magang ke jepang lewat disnaker, tp disuruh bayar uang pangkal 12 jt sama pak kades, wajar gk ya pak?')
    expect(signs.map((s) => s.id)).toContain('upfront_named')
  })
})
