/**
 * Guesses whether a chat message is Indonesian or English from the small words people cannot avoid ("yang",
 * "gak", "apa" / "the", "what", "is"). Says `undefined` when it cannot tell: "EPS TOPIK", "visa", "SISKOP2MI".
 */
import type { Lang } from '../engine/types.ts'
import { cleanText, collapseRepeats } from './normalize.ts'
import { ENGLISH_FUNCTION_WORDS, INDONESIAN_FUNCTION_WORDS } from './stopwords.ts'
import { TextMemo } from './text-cache.ts'

/** Chat spellings and everyday words that only Indonesian messages use. */
const INDONESIAN_MARKERS: ReadonlySet<string> = new Set([
  ...INDONESIAN_FUNCTION_WORDS,
  ...`ga gak gk g nggak ngga enggak engga ndak tdk gmn gimana bgmn gmana brp brapa aja aj doang yg dgn utk sy
    gw gue gua aq ak km lu lo udah udh sdh blm dah emg emang gitu gini bgt banget kalo klo tp tpi jd jadi krn
    karna trs mksd maksud bener bnr kerja krja syarat biaya gaji daftar luar negeri negri berangkat resmi
    tanya nanya cara apaan gmna kah pake pakai punya bikin kasih kasi dapet dapat mohon info dmn dpt bs msh sblm
    stlh hrs jt rb thn bln tgl sm kmn knp skrg lg dr krn bgt wajar beneran disuruh suruh bayar kapal korban
    alamat lolos ikut cewe cowo bekas kursus nomor berapa lewat lwt bisa boleh sudah belum pulang uang duit
    pesan minta ganti rugi kerjaan majikan agen calo paspor dokumen umur usia cek cekin`.split(/\s+/),
])

/** Words that only English messages use (function words plus the commonest content words of this domain). */
const ENGLISH_MARKERS: ReadonlySet<string> = new Set([
  ...ENGLISH_FUNCTION_WORDS,
  ...`work working worker workers job jobs abroad overseas requirements requirement cost costs fee fees salary
    wage wages agency agent register registration apply application passport legal safe help report
    contract employer country become old age minimum free pay paid official licensed license check say give real
    message phone good money recommend tell send want know about`.split(/\s+/),
])

/** Ignored: words both languages use, or that are names ("visa", "korea"), or too short to say anything. */
const SHARED: ReadonlySet<string> = new Set(['a', 'i', 'di', 'info', 'visa', 'ok', 'okay', 'min', 'no'])

/** Legal forms written before a company name. */
const LEGAL_FORMS: ReadonlySet<string> = new Set(['pt', 'cv'])

/** Words looked at: a language shows in a message's first words; a 1,000-character message costs no more. */
const MAX_WORDS = 80

/**
 * `'id'` or `'en'` when one language's words clearly outnumber the other's, `undefined` when the message has
 * none of them or as many of each.
 */
export function detectLang(text: string): Lang | undefined {
  const { id, en } = countLangWords(text)
  if (id > en) return 'id'
  if (en > id) return 'en'
  return undefined
}

/**
 * Like {@link detectLang}, but only when one language leads by at least `margin` words: strong enough to change
 * the language of a conversation already going on ("what documents do I need" does; "PT Contoh Skorsing" does not).
 */
export function confidentLang(text: string, margin = 2): Lang | undefined {
  const { id, en } = countLangWords(text)
  if (id >= en + margin) return 'id'
  if (en >= id + margin) return 'en'
  return undefined
}

/** Every message is weighed for its language several times (the engine, the FAQ, the crisis reply). */
const counted = new TextMemo<{ id: number; en: number }>(20_000, 200)

function countLangWords(text: string): { id: number; en: number } {
  return counted.get(text, countUncached)
}

function countUncached(text: string): { id: number; en: number } {
  const words = cleanText(text).split(' ', MAX_WORDS)
  let id = 0
  let en = 0
  // After "PT"/"CV" comes a company name: its words ("Skorsing", "Sentosa") say nothing about the language, so
  // only listed words count there, and the first listed word ends the name.
  let inName = false
  let listed = 0
  for (const raw of words) {
    if (!raw) continue
    const word = collapseRepeats(raw)
    if (LEGAL_FORMS.has(word)) {
      inName = true
      continue
    }
    if (SHARED.has(word)) continue
    const listedId = INDONESIAN_MARKERS.has(word)
    const listedEn = ENGLISH_MARKERS.has(word)
    if (inName && !listedId && !listedEn) continue
    inName = false
    const isId = listedId || (word.length > 5 && /(nya|kan)$/.test(word))
    const isEn = listedEn || (word.length > 5 && /(tion|ing|ly)$/.test(word))
    if (isId && !isEn) id++
    else if (isEn && !isId) en++
    if (listedId !== listedEn) listed++
  }
  // Word endings alone ("Skorsing", a name) are too weak to choose a language.
  if (listed === 0) return { id: 0, en: 0 }
  return { id, en }
}
