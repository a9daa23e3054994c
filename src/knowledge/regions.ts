/**
 * Provinces and regencies/cities of Indonesia (`content/regions.csv`), and understanding how people type them:
 * "jabar", "jawa barta", "kab bandung", "kota bdg", "cianjr", "jaksel", "solo".
 *
 * A match is `exact` when one region is meant for certain, `close` when the answer fits one or more regions
 * only by guessing or is ambiguous ("bekasi" is both Kota Bekasi and Kabupaten Bekasi): ask back with
 * `matches`. `none` when nothing fits.
 */
import { parse } from 'csv-parse/sync'
import type { Region } from '../content/types.ts'
import { matchOption, type CatalogOption } from './catalog.ts'
import { cleanText } from '../understanding/normalize.ts'
import { TermIndex } from './match-text.ts'

export interface RegionMatch {
  kind: 'exact' | 'close' | 'none'
  matches: Region[]
}

/**
 * Other names of provinces, by code: abbreviations people use every day, older and full official names, and
 * the English names ("west java").
 * Normalized when used, so write them plainly.
 */
const PROVINCE_ALIASES: Record<string, readonly string[]> = {
  '11': ['nad', 'nanggroe aceh darussalam', 'aceh darussalam', 'aceh province'],
  '12': ['sumut', 'sumatra utara', 'north sumatra', 'north sumatera'],
  '13': ['sumbar', 'sumatra barat', 'west sumatra', 'west sumatera'],
  '14': [],
  '15': [],
  '16': ['sumsel', 'sumatra selatan', 'south sumatra', 'south sumatera'],
  '17': [],
  '18': [],
  '19': ['babel', 'bangka belitung', 'kep bangka belitung', 'bangka', 'belitung', 'bangka belitung islands'],
  '21': ['kepri', 'kep riau', 'riau islands'],
  '31': ['dki', 'jakarta', 'jkt', 'daerah khusus ibukota jakarta', 'daerah khusus jakarta', 'dkj', 'jakarta special region', 'special capital region of jakarta'],
  '32': ['jabar', 'west java'],
  '33': ['jateng', 'central java'],
  '34': ['diy', 'di yogyakarta', 'yogyakarta', 'jogja', 'jogjakarta', 'yogya', 'jogya', 'djogja', 'special region of yogyakarta'],
  '35': ['jatim', 'east java'],
  '36': [],
  '51': [],
  '52': ['ntb', 'west nusa tenggara'],
  '53': ['ntt', 'east nusa tenggara'],
  '61': ['kalbar', 'west kalimantan', 'west borneo'],
  '62': ['kalteng', 'central kalimantan', 'central borneo'],
  '63': ['kalsel', 'south kalimantan', 'south borneo'],
  '64': ['kaltim', 'east kalimantan', 'east borneo'],
  '65': ['kaltara', 'north kalimantan', 'north borneo'],
  '71': ['sulut', 'north sulawesi'],
  '72': ['sulteng', 'central sulawesi'],
  '73': ['sulsel', 'south sulawesi'],
  '74': ['sultra', 'southeast sulawesi', 'south east sulawesi'],
  '75': [],
  '76': ['sulbar', 'west sulawesi'],
  '81': [],
  '82': ['malut', 'north maluku'],
  '91': [],
  '92': ['pabar', 'west papua'],
  '93': ['papsel', 'south papua'],
  '94': ['papteng', 'central papua'],
  '95': ['papeg', 'highland papua', 'papua highlands'],
  '96': ['pbd', 'southwest papua', 'south west papua'],
}

/** Short forms inside regency answers, word by word: "kota bdg" → "kota bandung", "jaksel" → "jakarta selatan". */
const REGENCY_WORDS: Record<string, string> = {
  kab: 'kabupaten',
  kabupaten: 'kabupaten',
  kb: 'kabupaten',
  kota: 'kota',
  kodya: 'kota',
  kotamadya: 'kota',
  kotmadya: 'kota',
  kep: 'kepulauan',
  kepl: 'kepulauan',
  adm: 'administrasi',
  sel: 'selatan',
  utr: 'utara',
  brt: 'barat',
  tim: 'timur',
  tgh: 'tengah',
  bdg: 'bandung',
  jkt: 'jakarta',
  jaksel: 'jakarta selatan',
  jakut: 'jakarta utara',
  jakbar: 'jakarta barat',
  jaktim: 'jakarta timur',
  jakpus: 'jakarta pusat',
  tangsel: 'tangerang selatan',
  tng: 'tangerang',
  tgr: 'tangerang',
  bks: 'bekasi',
  bgr: 'bogor',
  dpk: 'depok',
  sby: 'surabaya',
  smg: 'semarang',
  mlg: 'malang',
  jogja: 'yogyakarta',
  jogjakarta: 'yogyakarta',
  yogya: 'yogyakarta',
  jogya: 'yogyakarta',
  solo: 'surakarta',
  dps: 'denpasar',
  mks: 'makassar',
  plg: 'palembang',
  pku: 'pekanbaru',
  bpn: 'balikpapan',
  btm: 'batam',
  mdn: 'medan',
  tsk: 'tasikmalaya',
  tasik: 'tasikmalaya',
  pangkep: 'pangkajene dan kepulauan',
  oku: 'ogan komering ulu',
  oki: 'ogan komering ilir',
  pali: 'penukal abab lematang ilir',
  muba: 'musi banyuasin',
  mura: 'musi rawas',
  muratara: 'musi rawas utara',
  tapsel: 'tapanuli selatan',
  tapteng: 'tapanuli tengah',
  taput: 'tapanuli utara',
  bolmong: 'bolaang mongondow',
  sitaro: 'kepulauan siau tagulandang biaro',
  kukar: 'kutai kartanegara',
  kutim: 'kutai timur',
  kubar: 'kutai barat',
}

/**
 * Words people put before a place ("saya dari …", "dr medan", "skrg tinggal di …", "provinsi …", "I'm from …", "I live
 * in …"), dropped before matching.
 */
const LEADING_WORDS = new Set([
  'saya', 'aku', 'sy', 'aq', 'gw', 'gue', 'dari', 'dr', 'dri', 'asal', 'asli', 'tinggal', 'tgl', 'domisili', 'di', 'sekarang', 'skrg', 'skg',
  'provinsi', 'propinsi', 'prov', 'prop', 'i', 'im', 'am', 'from', 'live', 'living', 'in', 'now',
])

function dropLeadingWords(normalized: string, keepLast = true): string {
  const words = normalized.split(' ')
  while (words.length > (keepLast ? 1 : 0) && LEADING_WORDS.has(words[0] ?? '')) words.shift()
  return words.join(' ')
}

type RegencyKind = 'kabupaten' | 'kota'

interface RegencyEntry {
  region: Region
  kind: RegencyKind
  /** Normalized name without "Kabupaten", "Kota" and "Administrasi": "jakarta selatan". */
  core: string
}

/** "kabupaten administrasi kepulauan seribu" → { kind: 'kabupaten', core: 'kepulauan seribu' } */
function splitKind(normalized: string): { kind?: RegencyKind; core: string } {
  const words = normalized.split(' ').filter((w) => w !== 'administrasi')
  const first = words[0]
  if (first === 'kabupaten' || first === 'kota') return { kind: first, core: words.slice(1).join(' ') }
  return { core: words.join(' ') }
}

function expandRegencyWords(normalized: string): string {
  return normalized
    .split(' ')
    .map((w) => REGENCY_WORDS[w] ?? w)
    .join(' ')
}

const NONE: RegionMatch = { kind: 'none', matches: [] }

/** Regency names that are everyday words too ("batu", "puncak", "metro"): in free text they name no place. */
const COMMON_WORD_PLACES: ReadonlySet<string> = new Set(['batu', 'metro', 'pesisir', 'puncak', 'bone', 'landak', 'malaka', 'paser', 'muna', 'karo', 'belu', 'alor', 'ende', 'sigi', 'tual', 'buru', 'banjar', 'lebak', 'bima', 'toba', 'pati', 'badung', 'kapuas', 'berau', 'barru', 'luwu', 'pinrang', 'nduga', 'paniai', 'asmat', 'mappi'])

/** All provinces and regencies/cities, with typo-tolerant lookup. Immutable once built. */
export class RegionIndex {
  readonly #provinces: readonly Region[]
  readonly #byProvince: ReadonlyMap<string, readonly Region[]>
  readonly #entries: readonly RegencyEntry[]
  readonly #provinceOptions: readonly CatalogOption[]
  readonly #byCode: ReadonlyMap<string, Region>
  /** The most words a province name or alias has; a longer ending of an answer is not a province. */
  readonly #provinceWords: number
  /** Regency names indexed per province (`''`: all) and kind (`''`: any), built when first asked for. */
  readonly #regencyIndexes = new Map<string, TermIndex<RegencyEntry>>()

  private constructor(regions: readonly Region[]) {
    this.#provinces = regions.filter((r) => r.province === undefined)
    const byProvince = new Map<string, Region[]>()
    const entries: RegencyEntry[] = []
    for (const region of regions) {
      if (region.province === undefined) continue
      const list = byProvince.get(region.province) ?? []
      list.push(region)
      byProvince.set(region.province, list)
      const { kind, core } = splitKind(cleanText(region.name))
      entries.push({ region, kind: kind ?? 'kabupaten', core })
    }
    this.#byProvince = byProvince
    this.#entries = entries
    this.#byCode = new Map(regions.map((r) => [r.code, r]))
    this.#provinceOptions = this.#provinces.map((p) => ({
      id: p.code,
      label: { id: p.name },
      synonyms: [...(PROVINCE_ALIASES[p.code] ?? []), `provinsi ${p.name}`],
    }))
    this.#provinceWords = this.#provinceOptions
      .flatMap((o) => [o.label.id, ...(o.synonyms ?? [])])
      .reduce((max, name) => Math.max(max, cleanText(name).split(' ').length), 1)
  }

  /**
   * Reads `regions.csv` (`code,name,province_code`; province rows have an empty `province_code`).
   * Throws an Error naming the line when a row is malformed, a code repeats or a regency names an unknown
   * province.
   */
  static fromCsv(text: string): RegionIndex {
    const rows = parse(text, { columns: true, skip_empty_lines: true, trim: true, bom: true, info: true }) as {
      record: Record<string, string | undefined>
      info: { lines: number }
    }[]
    const regions: Region[] = []
    const seen = new Set<string>()
    for (const { record, info } of rows) {
      const code = record.code ?? ''
      const name = record.name ?? ''
      const province = record.province_code ?? ''
      if (!code || !name) {
        throw new Error(`line ${info.lines}: every row needs a code and a name (columns: code,name,province_code)`)
      }
      if (seen.has(code)) throw new Error(`line ${info.lines}: the code ${code} appears twice`)
      seen.add(code)
      regions.push(Object.freeze(province ? { code, name, province } : { code, name }))
    }
    const provinces = new Set(regions.filter((r) => !r.province).map((r) => r.code))
    for (const r of regions) {
      if (r.province && !provinces.has(r.province)) {
        throw new Error(`${r.code} ${r.name}: province_code ${r.province} is not a province in this file`)
      }
    }
    if (provinces.size === 0) throw new Error('no provinces: rows with an empty province_code are provinces')
    return new RegionIndex(regions)
  }

  /**
   * Every way a place is written, normalized: regency and city names without "Kota"/"Kabupaten" ("jakarta timur",
   * "bandung"), province names and their aliases ("jawa timur", "jogja", "jkt"), and the short forms of cities
   * ("bdg", "jaksel", "sby"). For reading a city typed after a company's name ("pt al-amin sejahtera jkt").
   */
  placeNames(): string[] {
    const names = new Set<string>()
    for (const entry of this.#entries) {
      names.add(entry.core)
      // "Lombok Timur", "Sumba Barat": the island or area ("dari lombok") is a place too.
      const area = /^(\p{L}+) (?:barat|timur|utara|selatan|tengah)(?: daya| laut)?$/u.exec(entry.core)
      if (area) names.add(area[1]!)
    }
    for (const option of this.#provinceOptions) for (const name of [option.label.id, ...(option.synonyms ?? [])]) names.add(cleanText(name))
    for (const [short, long] of Object.entries(REGENCY_WORDS)) if (names.has(long)) names.add(short)
    names.delete('')
    return [...names].filter((n) => !n.startsWith('provinsi ') && !COMMON_WORD_PLACES.has(n))
  }

  /** The provinces, in file order (by code). */
  provinces(): Region[] {
    return [...this.#provinces]
  }

  /** The regencies and cities of a province, in file order; empty for an unknown code. */
  regencies(provinceCode: string): Region[] {
    return [...(this.#byProvince.get(provinceCode) ?? [])]
  }

  /** A province or regency by its code. */
  byCode(code: string): Region | undefined {
    return this.#byCode.get(code)
  }

  /** "Jawa Barat", "jabar", "jawa barta", "prov. jawa barat", "jawa" (close: the three Jawa provinces). */
  matchProvince(text: string): RegionMatch {
    const query = dropLeadingWords(cleanText(text))
    if (!query) return NONE
    const { kind, ids } = matchOption(query, this.#provinceOptions, { numbers: false })
    return { kind, matches: ids.map((id) => this.#byCode.get(id)).filter((r): r is Region => r !== undefined) }
  }

  /**
   * "Kabupaten Bandung", "kab bandung", "kota bdg", "bandung barat", "cianjr", "bekasi" (close: Kota and
   * Kabupaten Bekasi), "bekasi jabar" (the province narrows it). With `provinceCode`, only that province's
   * regencies are considered.
   */
  matchRegency(text: string, provinceCode?: string): RegionMatch {
    const normalized = expandRegencyWords(dropLeadingWords(cleanText(text)))
    let { kind, core } = splitKind(normalized)
    if (!core) return NONE
    let province = provinceCode
    const first = this.#matchRegencyCore(core, kind, province)
    if (first.kind !== 'none') return first
    // "bekasi jawa barat", "bandung jabar": a province at the end narrows the search (shortest ending first,
    // so that "tanjung jabung barat jambi" keeps "tanjung jabung barat" whole).
    // Endings longer than any province name (plus a leading word or two) are not tried: bounded work.
    const words = core.split(' ')
    const shortestCut = Math.max(1, words.length - this.#provinceWords - 2)
    for (let cut = words.length - 1; cut >= shortestCut; cut--) {
      const tail = this.matchProvince(words.slice(cut).join(' '))
      const named = tail.matches[0]
      if (tail.kind !== 'exact' || !named || (province && province !== named.code)) continue
      ;({ kind, core } = splitKind(words.slice(0, cut).join(' ')))
      province = named.code
      return this.#matchRegencyCore(core, kind, province)
    }
    return NONE
  }

  #matchRegencyCore(core: string, kind: RegencyKind | undefined, provinceCode: string | undefined): RegionMatch {
    if (!core) return NONE
    const same = this.#regencyIndex(provinceCode, undefined).exact(core)
    if (same.length > 0) {
      const sameKind = kind ? same.filter((e) => e.kind === kind) : same
      if (sameKind.length === 1 && sameKind[0]) return { kind: 'exact', matches: [sameKind[0].region] }
      return { kind: 'close', matches: (sameKind.length > 0 ? sameKind : same).map((e) => e.region) }
    }
    const ofKind = kind ? this.#regencyIndex(provinceCode, kind) : undefined
    const index = ofKind && ofKind.terms.length > 0 ? ofKind : this.#regencyIndex(provinceCode, undefined)
    let found = index.closest(core)
    if (found.length === 0) found = index.prefixed(core)
    if (found.length === 0) return NONE
    return { kind: 'close', matches: found.map((e) => e.region) }
  }

  /** The cores of the regencies of a province (or all) of a kind (or any), indexed once. */
  #regencyIndex(provinceCode: string | undefined, kind: RegencyKind | undefined): TermIndex<RegencyEntry> {
    const key = `${provinceCode ?? ''}|${kind ?? ''}`
    let index = this.#regencyIndexes.get(key)
    if (!index) {
      const pool = this.#entries.filter((e) => (!provinceCode || e.region.province === provinceCode) && (!kind || e.kind === kind))
      index = new TermIndex(pool.map((e) => ({ term: e.core, value: e })))
      this.#regencyIndexes.set(key, index)
    }
    return index
  }
}
