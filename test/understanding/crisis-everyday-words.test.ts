import { describe, expect, it } from 'vitest'
import { loadCrisisContent } from '../../src/understanding/crisis-eval.ts'

const { detector } = loadCrisisContent()
const category = (text: string): string => detector.detect(text)?.category ?? 'none'
/** The category of the phrase the rules keep (the classifier aside). */
const rules = (text: string): string | undefined => detector.explain(text).matches.find((m) => m.kept)?.category

describe('crisis: everyday Javanese, krama and Sundanese, everyday wording, laughter that is serious (blind batch 9)', () => {
  it('reads Javanese, krama and Sundanese words through the slang table', () => {
    expect(rules('kulo mboten angsal medal saking griya sampun setunggal taun')).toBe('confinement')
    expect(rules('abdi teu meunang kaluar ti imah ku dunungan')).toBe('confinement')
    expect(rules('piye carane ben ora tangi maneh')).toBe('self_harm')
    expect(rules('capek idup')).toBe('self_harm')
  })

  it('reads everyday wording the batches showed, and leaves its calm look-alikes alone', () => {
    expect(rules('ada yg ngejar sy dari tadi')).toBe('danger')
    expect(rules('someone is following me since i left the shop')).toBe('danger')
    expect(rules('kata agen utang sy harus lunas dulu baru boleh berhenti kerja')).toBe('trafficking')
    expect(rules('di penampungan semua hp dikumpulin')).toBe('documents_taken')
    expect(category('hp dikumpulin pas training bahasa, nanti dibalikin kan?')).toBe('none')
    expect(category('the kids follow me on tiktok, how do i make my account private')).toBe('none')
  })

  it('reads laughter followed by "tp serius" as meant, laughter alone as a joke', () => {
    expect(category('sy kaya tahanan disini wkwk tp serius, gabisa keluar')).toBe('confinement')
    expect(category('sy kaya tahanan disini wkwk, gabisa keluar')).toBe('none')
  })
})
