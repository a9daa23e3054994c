import { describe, expect, it } from 'vitest'
import { stem, stemEnglish, Stemmer, syllables } from '../../src/understanding/stemmer.ts'

describe('stem (Indonesian)', () => {
  const cases: [string, string][] = [
    ['persyaratannya', 'syarat'],
    ['persyaratan', 'syarat'],
    ['pendaftaran', 'daftar'],
    ['mendaftar', 'daftar'],
    ['terdaftar', 'daftar'],
    ['diberangkatkan', 'angkat'],
    ['keberangkatan', 'angkat'],
    ['pemberangkatan', 'angkat'],
    ['pekerjaan', 'kerja'],
    ['bekerja', 'kerja'],
    ['mempekerjakan', 'kerja'],
    ['penempatan', 'tempat'],
    ['ditempatkan', 'tempat'],
    ['pelatihan', 'latih'],
    ['menyiksa', 'siksa'],
    ['penyiksaan', 'siksa'],
    ['dipukul', 'pukul'],
    ['pemukulan', 'pukul'],
    ['ditahan', 'tahan'],
    ['penahanan', 'tahan'],
    ['menerima', 'terima'],
    ['diterima', 'terima'],
    ['mengirim', 'kirim'],
    ['pengiriman', 'kirim'],
    ['penipuan', 'tipu'],
    ['menipu', 'tipu'],
    ['pemeriksaan', 'periksa'],
    ['kesehatan', 'sehat'],
    ['pengecekan', 'cek'],
    ['pengelasan', 'las'],
    ['dibiayai', 'biaya'],
    ['gajinya', 'gaji'],
    ['perlindungan', 'lindung'],
    ['pelindungan', 'lindung'],
    ['memperpanjang', 'panjang'],
  ]
  it.each(cases)('%s → %s', (word, expected) => {
    expect(stem(word)).toBe(expected)
  })

  it('understands chat affixes when they reveal a known root', () => {
    expect(stem('dipukulin')).toBe('pukul')
    expect(stem('nanya')).toBe('tanya')
    expect(stem('ngurus')).toBe('urus')
    expect(stem('nyari')).toBe('cari')
    expect(stem('ngelas')).toBe('las')
  })

  it('leaves roots, short words, names and words that only look affixed', () => {
    for (const word of ['kerja', 'aman', 'jalan', 'bulan', 'tahan', 'tinggi', 'sampai', 'migrasi', 'informasi']) {
      expect(stem(word)).toBe(word)
    }
    for (const word of ['berita', 'berapa', 'kelas', 'perempuan', 'sekolah', 'keluarga', 'majikan', 'taiwan']) {
      expect(stem(word)).toBe(word)
    }
    expect(stem('perawat')).toBe('perawat')
    expect(stem('siskop2mi')).toBe('siskop2mi')
    expect(stem('ke')).toBe('ke')
  })

  it('uses the vocabulary to choose between readings of a nasal prefix', () => {
    expect(new Stemmer().stem('mengunjungi')).toBe('unjung')
    expect(new Stemmer({ vocabulary: ['kunjung'] }).stem('mengunjungi')).toBe('kunjung')
  })
})

describe('stemEnglish', () => {
  it('strips plural and verb endings', () => {
    expect(stemEnglish('requirements')).toBe('requirement')
    expect(stemEnglish('agencies')).toBe('agency')
    expect(stemEnglish('working')).toBe('work')
    expect(stemEnglish('status')).toBe('status')
  })
  it('is applied to words Indonesian rules leave alone', () => {
    expect(stem('documents')).toBe('document')
  })
})

describe('syllables', () => {
  it('counts diphthongs once', () => {
    expect(syllables('sampai')).toBe(2)
    expect(syllables('tua')).toBe(2)
    expect(syllables('tah')).toBe(1)
  })
})
