/**
 * An Indonesian stemmer for search: "persyaratannya" → "syarat", "diberangkatkan" → "angkat", "menyiksa" →
 * "siksa", "dipukulin" → "pukul", "pengecekan" → "cek". Query and FAQ text go through the same stemmer, so a
 * word only has to come out the same in both, not as the dictionary form.
 *
 * How it works (after Nazief–Adriani and the confix-stripping family, written for this project):
 * - suffixes come off in order: particle (-lah, -kah, -pun), possessive (-ku, -mu, -nya), derivational
 *   (-kan, -an, -i, and chat "-in");
 * - then up to three prefixes: di-, ke-, se-, ter-, ber-/be-, per-, me-/pe- with their nasal forms and the
 *   consonant they swallow (men+t: "menulis" → "tulis", mem+p: "memukul" → "pukul", meny+s: "menyiksa" →
 *   "siksa", meng+k: "mengirim" → "kirim"), and chat prefixes (nge-, ng-, ny-, n-: "ngurus", "nyari", "nanya");
 * - every way of taking affixes off is a candidate. A candidate must keep two syllables (or be a known
 *   root: "cek", "las"). The winner: a known root (deepest first); else the deepest reading, where the
 *   project's vocabulary (the FAQ's own words) and the regular sound rules break ties. Chat affixes and a
 *   "-i" after a vowel or "s" ("sampai", "migrasi") count only when they reveal a known root.
 *
 * There is no general dictionary: Sastrawi's (from Kateglo) is CC-BY-NC-SA and not usable here. Instead a
 * short list of roots of this domain is below, plus words stemming would break ("berita", "kelas",
 * "perempuan") and names. Words that are not Indonesian-looking get a light English stemmer
 * ("requirements" → "requirement", "agencies" → "agency").
 */

/** Roots of the migration domain and common words whose stems the rules alone would get wrong. */
const ROOTS = `
  adu ajak ajar akhir alam alamat ambil ancam aniaya angkat antar antri anak asal asuh atas atur awas
  bahasa baik balik bangun bantu barang batal bawa bayar beda beli benar berat berkas besar betul biaya
  bicara bina buat bujuk bunuh buruh butuh cair calon cari catat cek cerai cicil cuci culik cuti
  daftar dagang dapat darurat datang dengar didik diri duga duit dukung duta gaji gagal ganti guna
  hadap hamil harap harus hasil hidup hilang hina hubung hukum ikat ikut ingat isi izin jadi jaga jalan
  jamin janji jemput jerat jual kabur kait kasih kantor kapal kebun keluh kembali kena kenal kerja
  kirim klaim kontrak kunci kurang kurung laku lalu lamar lapar lapor las latih layan leceh lewat lindung
  lulus lupa luar maaf majikan makan maki malu mampu mandi masak masalah masuk mati minta mohon
  mudah mulai nama nanti nikah nilai paksa pakai palsu panggil pasang pecat pegang pelihara penuh perintah
  periksa perkosa pesan pikir pilih pindah pinjam pisah potong proses pukul pulang punya putus rampas rawat
  rekrut resmi rugi rumah sakit salur sampai sandera santun sedia sehat sekap selamat seleksi selesai sewa
  siap siksa simpan sita suruh syarat tabung tahan tahu tampar tanda tanggung tangkap tanya tawar tekan
  telantar teliti tempat tendang tentu terang terbang terima tetap tindak tinggal tipu titip tolak tolong
  tuju tulis tunggu uang uji ulang ungkap urus usaha usir utang
`

/**
 * Words the rules would mangle and that must stay as they are: words that only look affixed, names, and
 * domain words whose meaning stemming would blur ("perawat" nurse is not "rawat" care).
 */
const UNSTEMMED = `
  belanda berapa berita beras bekasi kelas kemarin kepala keras kertas keluarga kenapa ketua
  medan mesir pesawat perawat perempuan pernah persen sekolah sekarang sertifikat seperti sendiri sesuatu
  taiwan tentang terus majalah sawah salah jerman jepang korea saudi dubai brunei malaysia
`

/** Irregular forms no rule covers. */
const IRREGULAR: Readonly<Record<string, string>> = {
  belajar: 'ajar',
  pelajar: 'ajar',
  pelajaran: 'ajar',
  mempelajari: 'ajar',
  dipelajari: 'ajar',
}

const BUILTIN_ROOTS: ReadonlySet<string> = new Set([...words(ROOTS), ...words(UNSTEMMED)])

function words(list: string): string[] {
  return list.split(/\s+/).filter((w) => w !== '')
}

export interface StemmerOptions {
  /**
   * Words known to occur as they are (the FAQ's own words). They break ties between readings of a prefix:
   * "mengirim" becomes "kirim" rather than "irim" when "kirim" is a known word.
   */
  vocabulary?: Iterable<string>
  /** Extra roots that stop stripping and win over other readings (tests, experiments). */
  roots?: Iterable<string>
}

/** Memoizes at most this many words; the cache starts over when full (queries bring unbounded new words). */
const CACHE_LIMIT = 50_000

/** An Indonesian (and light English) stemmer with its own memo. Create one per search index. */
export class Stemmer {
  private readonly roots: ReadonlySet<string>
  private readonly vocabulary: ReadonlySet<string>
  private readonly cache = new Map<string, string>()

  constructor(options: StemmerOptions = {}) {
    this.roots = options.roots ? new Set([...BUILTIN_ROOTS, ...options.roots]) : BUILTIN_ROOTS
    this.vocabulary = new Set(options.vocabulary ?? [])
  }

  /** What makes this stemmer differ from another (its extra roots and its words), for cache keys. */
  signature(): string {
    return JSON.stringify([[...this.roots].filter((r) => !BUILTIN_ROOTS.has(r)).sort(), [...this.vocabulary].sort()])
  }

  /** The words of `vocabulary` (to build the same stemmer again). */
  words(): string[] {
    return [...this.vocabulary]
  }

  /** The stem of one lower-case word (as `tokenize` makes them). Words with digits come back unchanged. */
  stem(word: string): string {
    const cached = this.cache.get(word)
    if (cached !== undefined) return cached
    const indonesian = stemIndonesian(word, this.roots, this.vocabulary)
    const stem = indonesian === word && !this.roots.has(word) ? stemEnglish(word) : indonesian
    if (this.cache.size >= CACHE_LIMIT) this.cache.clear()
    this.cache.set(word, stem)
    return stem
  }
}

/** Whether `word` is one of the built-in roots (a real word, so never someone's typo of another). */
export function isKnownRoot(word: string): boolean {
  return BUILTIN_ROOTS.has(word)
}

const defaultStemmer = new Stemmer()

/** Stems one word with the built-in roots only. */
export function stem(word: string): string {
  return defaultStemmer.stem(word)
}

// ── Indonesian ─────────────────────────────────────────────────────────────────────────────────────

const VOWELS = 'aiueo'

function isVowel(ch: string | undefined): boolean {
  return ch !== undefined && VOWELS.includes(ch)
}

/** Syllables, counted as vowels with the diphthongs ai, au, oi (not followed by a vowel) as one. */
export function syllables(word: string): number {
  let count = 0
  for (let i = 0; i < word.length; i++) {
    const ch = word[i]!
    if (!isVowel(ch)) continue
    const prev = word[i - 1]
    const diphthong = (ch === 'i' && (prev === 'a' || prev === 'o')) || (ch === 'u' && prev === 'a')
    if (diphthong && !isVowel(word[i + 1])) continue
    count++
  }
  return count
}

/** One way of reading a word as affixes around a stem. */
interface Reading {
  stem: string
  /** How many affixes were taken off. */
  affixes: number
  /** Uses a less regular sound rule ("meng" + vowel read as k-). Lower is more regular. */
  penalty: number
  /** Needs a known root to count: chat affixes, "-i" after a vowel or "s". */
  needsRoot: boolean
}

interface Part {
  rest: string
  penalty?: number
  needsRoot?: boolean
}

function stemIndonesian(word: string, roots: ReadonlySet<string>, vocabulary: ReadonlySet<string>): string {
  if (word.length < 4 || !/^[a-z]+$/.test(word) || roots.has(word)) return word
  const irregular = IRREGULAR[word]
  if (irregular) return irregular

  let best: Reading | undefined
  let bestRank: number[] = []
  const memo = new Map<string, Reading[]>()
  for (const base of suffixReadings(word)) {
    for (const pre of prefixReadings(base.stem, 0, memo)) {
      const reading: Reading = {
        stem: pre.stem,
        affixes: base.affixes + pre.affixes,
        penalty: base.penalty + pre.penalty,
        needsRoot: base.needsRoot || pre.needsRoot,
      }
      if (reading.affixes === 0 || !isValidStem(reading.stem, roots)) continue
      const isRoot = roots.has(reading.stem)
      const known = isRoot || vocabulary.has(reading.stem)
      if (reading.needsRoot && !known) continue
      // Higher is better, compared left to right.
      const rank = [isRoot ? 1 : 0, reading.affixes, known ? 1 : 0, -reading.penalty, -reading.stem.length]
      if (!best || compareRanks(rank, bestRank) > 0) {
        best = reading
        bestRank = rank
      }
    }
  }
  return best ? best.stem : word
}

function compareRanks(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) {
    const d = a[i]! - b[i]!
    if (d !== 0) return d
  }
  return 0
}

function isValidStem(stem: string, roots: ReadonlySet<string>): boolean {
  // No Indonesian root starts with a doubled letter ("difference" is not di- + "fference").
  if (stem.length < 3 || stem[0] === stem[1]) return false
  if (roots.has(stem)) return true
  return syllables(stem) >= 2
}

/** The word with none, some or all of its suffixes taken off, in the order they attach. */
function suffixReadings(word: string): Reading[] {
  let readings: Reading[] = [{ stem: word, affixes: 0, penalty: 0, needsRoot: false }]
  const layers: ((w: string) => Part[])[] = [particle, possessive, derivational]
  for (const layer of layers) {
    const next = [...readings]
    for (const r of readings) {
      for (const part of layer(r.stem)) {
        if (part.rest.length < 3) continue
        next.push({
          stem: part.rest,
          affixes: r.affixes + 1,
          penalty: r.penalty + (part.penalty ?? 0),
          needsRoot: r.needsRoot || (part.needsRoot ?? false),
        })
      }
    }
    readings = next
  }
  return readings
}

function particle(w: string): Part[] {
  const m = /^(.+)(lah|kah|pun)$/.exec(w)
  return m ? [{ rest: m[1]! }] : []
}

function possessive(w: string): Part[] {
  const m = /^(.+)(ku|mu|nya)$/.exec(w)
  return m ? [{ rest: m[1]! }] : []
}

function derivational(w: string): Part[] {
  const parts: Part[] = []
  if (w.endsWith('kan')) parts.push({ rest: w.slice(0, -3) })
  if (w.endsWith('an')) parts.push({ rest: w.slice(0, -2), penalty: w.endsWith('kan') ? 1 : 0 })
  if (w.endsWith('in')) parts.push({ rest: w.slice(0, -2), needsRoot: true })
  if (w.endsWith('i')) {
    const before = w[w.length - 2]
    parts.push({ rest: w.slice(0, -1), needsRoot: isVowel(before) || before === 's' })
  }
  return parts
}

/**
 * The word with none or some of its prefixes taken off (at most three), each with its sound rule. `memo`
 * shares the work between the suffix readings of one word.
 */
function prefixReadings(word: string, depth: number, memo: Map<string, Reading[]>): Reading[] {
  const key = `${depth}:${word}`
  const known = memo.get(key)
  if (known) return known
  const readings: Reading[] = [{ stem: word, affixes: 0, penalty: 0, needsRoot: false }]
  memo.set(key, readings)
  if (depth >= 3) return readings
  for (const part of prefixParts(word, depth)) {
    if (part.rest.length < 3) continue
    for (const inner of prefixReadings(part.rest, depth + 1, memo)) {
      readings.push({
        stem: inner.stem,
        affixes: inner.affixes + 1,
        penalty: inner.penalty + (part.penalty ?? 0),
        needsRoot: inner.needsRoot || (part.needsRoot ?? false),
      })
    }
  }
  return readings
}

/** The ways one prefix can come off the front of `w`. `depth` 0 is the outermost prefix. */
function prefixParts(w: string, depth: number): Part[] {
  const parts: Part[] = []
  const at = (i: number): string | undefined => w[i]
  const consonantVowel = (i: number): boolean => !isVowel(at(i)) && isVowel(at(i + 1))

  if (depth === 0) {
    if (w.startsWith('di')) parts.push({ rest: w.slice(2) })
    if (w.startsWith('se') && consonantVowel(2)) parts.push({ rest: w.slice(2) })
    parts.push(...nasalPrefix(w, 'me'))
    // Chat prefixes: "ngurus", "ngelamar", "nyari", "nanya". Count only when a known root appears.
    if (w.startsWith('nge') && !isVowel(at(3))) parts.push({ rest: w.slice(3), needsRoot: true })
    if (w.startsWith('ng') && isVowel(at(2))) {
      parts.push({ rest: w.slice(2), needsRoot: true }, { rest: 'k' + w.slice(2), needsRoot: true })
    }
    if (w.startsWith('ny') && isVowel(at(2))) {
      parts.push({ rest: 's' + w.slice(2), needsRoot: true }, { rest: 'c' + w.slice(2), needsRoot: true })
    }
    if (w.startsWith('n') && isVowel(at(1))) parts.push({ rest: 't' + w.slice(1), needsRoot: true })
  }
  if (depth <= 1) {
    if (w.startsWith('ke')) parts.push({ rest: w.slice(2) })
    parts.push(...nasalPrefix(w, 'pe'))
  }
  if (w.startsWith('ter')) parts.push({ rest: w.slice(3) })
  if (w.startsWith('ber')) parts.push({ rest: w.slice(3) })
  // be- before a syllable "Cer": "bekerja", "beserta".
  if (w.startsWith('be') && !isVowel(at(2)) && at(3) === 'e' && at(4) === 'r') parts.push({ rest: w.slice(2) })
  if (w.startsWith('per')) parts.push({ rest: w.slice(3) })
  return parts
}

/**
 * me- and pe- with the nasal they take before the root: me+l/r/w/y ("melapor"), mem+b/f/v/p
 * ("membayar"), mem+vowel for a root in p ("memukul"), men+c/d/j/z/s ("mendaftar"), men+vowel for a root
 * in t ("menunggu"), meng+g/h/k ("mengganti"), meng+vowel (root in a vowel, or in k: "mengirim"), meny+vowel
 * for a root in s ("menyiksa"), menge+one-syllable root ("mengecek"). me+m/n roots ("meminta", "menikah")
 * are the less regular reading.
 */
function nasalPrefix(w: string, p: 'me' | 'pe'): Part[] {
  if (!w.startsWith(p)) return []
  const parts: Part[] = []
  const r = w.slice(2)
  const c0 = r[0]
  if (c0 === undefined) return parts
  if ('lrwy'.includes(c0)) parts.push({ rest: r })
  if (p === 'pe' && !isVowel(c0) && !'mn'.includes(c0)) {
    // pe+consonant: "pekerja", "petugas", "pedagang" (l, r, w, y are already taken above).
    if (!'lrwy'.includes(c0)) parts.push({ rest: r })
  }
  if ('mn'.includes(c0)) parts.push({ rest: r, penalty: 1 })
  if (r.startsWith('m')) {
    const rest = r.slice(1)
    if (rest[0] !== undefined && 'bfvp'.includes(rest[0])) parts.push({ rest })
    if (isVowel(rest[0])) parts.push({ rest: 'p' + rest })
  }
  if (r.startsWith('n') && !r.startsWith('ng') && !r.startsWith('ny')) {
    const rest = r.slice(1)
    if (rest[0] !== undefined && 'cdjzs'.includes(rest[0])) parts.push({ rest })
    if (isVowel(rest[0])) parts.push({ rest: 't' + rest })
  }
  if (r.startsWith('ng')) {
    const rest = r.slice(2)
    if (rest[0] !== undefined && 'ghk'.includes(rest[0])) parts.push({ rest })
    if (isVowel(rest[0])) parts.push({ rest }, { rest: 'k' + rest, penalty: 1 })
    if (rest.startsWith('e') && !isVowel(rest[1])) parts.push({ rest: rest.slice(1) })
  }
  if (r.startsWith('ny') && isVowel(r[2])) parts.push({ rest: 's' + r.slice(2) })
  return parts
}

// ── English ────────────────────────────────────────────────────────────────────────────────────────

/** A light English stemmer: plural -s/-es/-ies, -ing, -ed. "requirements" → "requirement". */
export function stemEnglish(word: string): string {
  if (word.length < 4 || !/^[a-z]+$/.test(word)) return word
  if (word.endsWith('ies') && word.length >= 5) return word.slice(0, -3) + 'y'
  if (word.endsWith('sses')) return word.slice(0, -2)
  if (word.endsWith('ing') && hasVowel(word.slice(0, -3)) && word.length >= 7) return word.slice(0, -3)
  if (word.endsWith('ed') && hasVowel(word.slice(0, -2)) && word.length >= 6) return word.slice(0, -2)
  if (word.endsWith('s') && !/(ss|us|is)$/.test(word) && hasVowel(word.slice(0, -1))) return word.slice(0, -1)
  return word
}

function hasVowel(w: string): boolean {
  return /[aiueoy]/.test(w)
}
