import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { RegionIndex, type RegionMatch } from '../../src/knowledge/regions.ts'

const shipped = readFileSync(new URL('../../content/regions.csv', import.meta.url), 'utf8')
const index = RegionIndex.fromCsv(shipped)

/** "kind: name | name" for compact expectations. */
function show(match: RegionMatch): string {
  return `${match.kind}: ${match.matches.map((r) => r.name).join(' | ')}`
}

describe('content/regions.csv', () => {
  const provinces = index.provinces()
  const regencies = provinces.flatMap((p) => index.regencies(p.code))

  it('has the 38 provinces and the 514 regencies and cities', () => {
    expect(provinces).toHaveLength(38)
    expect(regencies).toHaveLength(514)
    expect(regencies.filter((r) => r.name.startsWith('Kota '))).toHaveLength(98)
    expect(regencies.filter((r) => r.name.startsWith('Kabupaten '))).toHaveLength(416)
  })

  it('writes names in title case, with the short form DKI Jakarta', () => {
    const names = provinces.map((p) => p.name)
    expect(names).toContain('Jawa Barat')
    expect(names).toContain('DKI Jakarta')
    expect(names).toContain('Papua Barat Daya')
    expect(index.regencies('32').map((r) => r.name)).toEqual(expect.arrayContaining(['Kabupaten Bandung', 'Kota Bandung']))
    for (const r of [...provinces, ...regencies]) {
      for (const word of r.name.split(/[ -]/)) {
        if (word === 'DKI' || word === 'dan') continue
        expect(word, r.name).toMatch(/^\p{Lu}\p{Ll}+$/u)
      }
    }
  })

  it('links every regency to its province by code', () => {
    expect(index.regencies('32')).toHaveLength(27)
    for (const r of regencies) expect(r.code.startsWith(`${r.province}.`), r.code).toBe(true)
    expect(index.byCode('32.04')?.name).toBe('Kabupaten Bandung')
    expect(index.regencies('99')).toEqual([])
  })
})

describe('RegionIndex.fromCsv', () => {
  const small = 'code,name,province_code\n32,Jawa Barat,\n32.16,Kabupaten Bekasi,32\n32.75,Kota Bekasi,32\n'

  it('reads a file with a byte-order mark and CRLF line ends', () => {
    const idx = RegionIndex.fromCsv(`\uFEFF${small.replace(/\n/g, '\r\n')}`)
    expect(idx.provinces()).toEqual([{ code: '32', name: 'Jawa Barat' }])
    expect(idx.regencies('32').map((r) => r.code)).toEqual(['32.16', '32.75'])
  })

  it('names the line of a repeated code', () => {
    expect(() => RegionIndex.fromCsv(`${small}32.16,Kabupaten Bekasi,32\n`)).toThrow(/line 5: the code 32\.16 appears twice/)
  })

  it('rejects a regency of an unknown province and a row without a name', () => {
    expect(() => RegionIndex.fromCsv(`${small}33.01,Kabupaten Cilacap,33\n`)).toThrow(/province_code 33 is not a province/)
    expect(() => RegionIndex.fromCsv(`${small}32.01,,32\n`)).toThrow(/line 5: every row needs a code and a name/)
    expect(() => RegionIndex.fromCsv('code,name,province_code\n')).toThrow(/no provinces/)
  })
})

describe('matchProvince', () => {
  it.each([
    ['Jawa Barat', 'exact: Jawa Barat'],
    ['jawa barta', 'close: Jawa Barat'],
    ['jabar', 'exact: Jawa Barat'],
    ['jateng', 'exact: Jawa Tengah'],
    ['JATIM', 'exact: Jawa Timur'],
    ['ntb', 'exact: Nusa Tenggara Barat'],
    ['NTT', 'exact: Nusa Tenggara Timur'],
    ['diy', 'exact: Daerah Istimewa Yogyakarta'],
    ['jogja', 'exact: Daerah Istimewa Yogyakarta'],
    ['Yogya', 'exact: Daerah Istimewa Yogyakarta'],
    ['dki', 'exact: DKI Jakarta'],
    ['jakarta', 'exact: DKI Jakarta'],
    ['Daerah Khusus Ibukota Jakarta', 'exact: DKI Jakarta'],
    ['sumut', 'exact: Sumatera Utara'],
    ['sulsel', 'exact: Sulawesi Selatan'],
    ['kaltim', 'exact: Kalimantan Timur'],
    ['kepri', 'exact: Kepulauan Riau'],
    ['Kep. Bangka Belitung', 'exact: Kepulauan Bangka Belitung'],
    ['Prov. Jawa Timur', 'exact: Jawa Timur'],
    ['saya dari jawa tengah', 'exact: Jawa Tengah'],
    ['papua', 'exact: Papua'],
    ['papua barat', 'exact: Papua Barat'],
    ['sulawesi selatn', 'close: Sulawesi Selatan'],
    ['jawa', 'close: Jawa Barat | Jawa Tengah | Jawa Timur'],
    ['sumatera', 'close: Sumatera Utara | Sumatera Barat | Sumatera Selatan'],
    ['bandung', 'none: '],
    ['', 'none: '],
    ['32', 'none: '],
  ])('%j → %s', (text, expected) => {
    expect(show(index.matchProvince(text))).toBe(expected)
  })
})

describe('matchRegency', () => {
  it.each([
    ['Kabupaten Bandung', 'exact: Kabupaten Bandung'],
    ['kab bandung', 'exact: Kabupaten Bandung'],
    ['Kab. Bandung', 'exact: Kabupaten Bandung'],
    ['bandung barat', 'exact: Kabupaten Bandung Barat'],
    ['kota bdg', 'exact: Kota Bandung'],
    ['kodya bandung', 'exact: Kota Bandung'],
    ['bandung', 'close: Kabupaten Bandung | Kota Bandung'],
    ['cianjr', 'close: Kabupaten Cianjur'],
    ['bekasi', 'close: Kabupaten Bekasi | Kota Bekasi'],
    ['kota bekasi', 'exact: Kota Bekasi'],
    ['bekasi jabar', 'close: Kabupaten Bekasi | Kota Bekasi'],
    ['kota bandung barat', 'close: Kabupaten Bandung Barat'],
    ['jaksel', 'exact: Kota Administrasi Jakarta Selatan'],
    ['Jakarta Timur', 'exact: Kota Administrasi Jakarta Timur'],
    ['kepulauan seribu', 'exact: Kabupaten Administrasi Kepulauan Seribu'],
    ['solo', 'exact: Kota Surakarta'],
    ['jogja', 'exact: Kota Yogyakarta'],
    ['tangsel', 'exact: Kota Tangerang Selatan'],
    ['pangkep', 'exact: Kabupaten Pangkajene dan Kepulauan'],
    ['tanjung balai', 'exact: Kota Tanjungbalai'],
    ['tolitoli', 'exact: Kabupaten Toli-Toli'],
    ['tanjung jabung barat jambi', 'exact: Kabupaten Tanjung Jabung Barat'],
    ['surabya', 'close: Kota Surabaya'],
    ['tasik', 'close: Kabupaten Tasikmalaya | Kota Tasikmalaya'],
    ['kota', 'none: '],
    ['zzzz', 'none: '],
  ])('%j → %s', (text, expected) => {
    expect(show(index.matchRegency(text))).toBe(expected)
  })

  it('looks only inside the given province', () => {
    expect(show(index.matchRegency('banjar'))).toBe('close: Kota Banjar | Kabupaten Banjar')
    expect(show(index.matchRegency('banjar', '32'))).toBe('exact: Kota Banjar')
    expect(show(index.matchRegency('banjar', '63'))).toBe('exact: Kabupaten Banjar')
    expect(show(index.matchRegency('malang', '32'))).toBe('none: ')
    expect(show(index.matchRegency('bekasi', '32'))).toBe('close: Kabupaten Bekasi | Kota Bekasi')
  })

  it('gives exact matches one region, and close matches at least one', () => {
    for (const text of ['garut', 'bandung', 'cianjr', 'sukabumi', 'lombok timur', 'xyz']) {
      const m = index.matchRegency(text)
      if (m.kind === 'exact') expect(m.matches).toHaveLength(1)
      if (m.kind === 'close') expect(m.matches.length).toBeGreaterThan(0)
      if (m.kind === 'none') expect(m.matches).toEqual([])
    }
  })

  it('finds every regency by its own name, exactly', () => {
    for (const p of index.provinces()) {
      for (const r of index.regencies(p.code)) {
        expect(index.matchRegency(r.name)).toEqual({ kind: 'exact', matches: [r] })
      }
    }
  })

  it('finds every province by its own name, exactly', () => {
    for (const p of index.provinces()) expect(index.matchProvince(p.name)).toEqual({ kind: 'exact', matches: [p] })
  })
})
