import { describe, expect, it } from 'vitest'
import { crisisExamples } from '../../src/understanding/crisis-model.ts'
import { loadCrisisContent } from '../../src/understanding/crisis-eval.ts'

const { detector } = loadCrisisContent()

describe('indirect self-harm, quoted farewells and relatives (blind tester B17, B23, B32, B34)', () => {
  it('finds farewells and burden talk, first and third person, in Indonesian, Javanese, Sundanese and English', () => {
    for (const text of [
      'honestly i think my family would be better off with the insurance money than with me',
      'buat apa sih daftar2, toh bentar lg aku jg udah gak ada. udah gak ada gunanya',
      'aku pamit ya mbak, titip ibu',
      'kula pamit, nitip bocah-bocah',
      'abdi pamit nya teh, titip indung',
      'i hope i dont wake up tomorrow',
      'they would be happier if i was gone',
    ]) {
      expect(detector.detect(text)?.category, text).toBe('self_harm')
    }
  })

  it('leaves the calm look-alikes alone: pamit pulang, titip salam, insurance questions, a last message before boarding', () => {
    for (const text of [
      'pamit pulang kampung dulu ya kak, makasih infonya',
      'titip salam buat mbak petugas ya',
      'kalau pmi meninggal, keluarga dapat santunan asuransi berapa?',
      'this is my last message before i board, thanks for the help',
      'bentar lagi sy udah ga ada di indonesia, paspor harus diurus kapan?',
    ]) {
      expect(detector.detect(text), text).toBeUndefined()
    }
  })

  it('reads a farewell quoted by a relative as about someone else', () => {
    const quoted = detector.detect("Kak, adekku di Hong Kong bilang di chat 'aku pamit ya mbak, titip ibu'. Terus gak bales lagi")
    expect(quoted).toMatchObject({ category: 'self_harm', about: 'other', place: 'abroad' })
    expect(detector.detect('aku pamit ya mbak, titip ibu')?.about).toBe('self')
  })

  it('takes a marker word as itself: "my brother" is a relative, not a typo of "brothel"', () => {
    const found = detector.explain('My brother went to Thailand for a job, now they took him to Myanmar and beat people who miss targets')
    expect(found.matches.map((m) => m.phrase)).not.toContain('brothel')
    expect(found.result?.about).toBe('other')
  })

  it('a mother who says who she is ("saya ibunya Dewi") writes about someone else', () => {
    const found = detector.detect('Pak saya ibunya Dewi, Dewi kerja di Malaysia jadi PRT di Johor. Udah 3 minggu HP nya gak aktif, majikannya gak bisa dihubungi. Saya takut terjadi apa2')
    expect(found).toMatchObject({ category: 'danger', about: 'other', faq: 'keluarga-hilang-kontak' })
  })
})

describe('content/crisis-examples.yaml blocks (`more:`)', () => {
  it('reads the messages of every block, and checks them across blocks', () => {
    const { examples, problems } = crisisExamples(
      {
        examples: { self_harm: { id: ['pengen mati aja'], en: [] } },
        more: {
          indirect: { self_harm: { id: ['aku pamit ya mbak, titip ibu'], en: [] }, none: { id: ['Pengen mati aja!'], en: [] }, nope: { id: ['x'], en: [] } },
        },
      },
      ['self_harm'],
    )
    expect(examples.map((e) => e.q)).toEqual(['pengen mati aja', 'aku pamit ya mbak, titip ibu'])
    expect(problems).toEqual([
      expect.objectContaining({ path: ['more', 'indirect', 'none', 'id', 0], severity: 'error', message: expect.stringMatching(/also an example of self_harm/) }),
      expect.objectContaining({ path: ['more', 'indirect', 'nope'], severity: 'error' }),
    ])
  })
})
