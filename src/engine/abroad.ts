/**
 * Workers already abroad (content/abroad.yaml): where the user is, read from what they write ("sy di kamboja",
 * "I work in a factory in Taichung", "lg di riyadh"), and what helps there: numbers that work from abroad first,
 * the mission of that country by name (its hotline only where shared/facts has one, with its date), never
 * pre-departure advice.
 */
import { z } from 'zod'
import type { Bundle } from '../content/bundle.ts'
import { localizedSchema } from '../content/schemas.ts'
import { fill, pick } from './text.ts'
import type { Localized } from '../content/types.ts'
import type { Lang } from './types.ts'
import { TextMemo } from '../understanding/text-cache.ts'

const words = z.array(z.string().min(1)).default([])
const CUES = ['phone_taken', 'go_home', 'contacts', 'wages', 'self', 'other', 'fees', 'in_indonesia', 'not_towns', 'flag', 'before', 'past', 'injured', 'care_refused', 'heights', 'family', 'reported', 'ashamed', 'unknown_details', 'phone_checked', 'run_away', 'fine', 'known_address', 'contact_when', 'helpers', 'mental_lines', 'distress', 'call_cost', 'report_data', 'trace', 'pick_up', 'not_in_danger', 'all_clear', 'departure', 'now', 'taken', 'arrest', 'detained', 'detained_not', 'silent', 'unknown_address', 'which_mission', 'what_kbri', 'ransom', 'airport_language', 'sleep_tonight', 'window_escape', 'food', 'passport_words', 'waiting', 'debt_help', 'stop_thinking', 'after_report', 'airport', 'stranded', 'airport_home', 'sent_on_visit_visa', 'sent_to_work', 'airport_abroad', 'safe_now', 'contrast', 'report', 'holiday', 'work_words', 'contact_ask', 'not_answered', 'trip_cost', 'documents_home', 'documents_ransom', 'documents_back', 'documents_danger', 'moved_to', 'not_indonesian', 'place_swap', 'penalty_ask', 'penalty_words', 'papers_words', 'passport_phone_words', 'documents_not_left'] as const
/** Cues the engine cannot do without (help mode would never end on "udah aman" without `safe_now`). */
const REQUIRED_CUES: readonly AbroadCue[] = ['safe_now']
const placeSchema = z.strictObject({
  id: z.string().regex(/^[a-z][a-z0-9_]{0,29}$/),
  label: localizedSchema,
  synonyms: words,
  mission: localizedSchema.optional(),
  hotline: words,
  local: words,
})
export const abroadSchema = z.strictObject({
  places: z.array(placeSchema).default([]),
  destinations: z.array(placeSchema.omit({ label: true })).default([]),
  presence: z.strictObject({ subject: words, lead: words, plan: words, prepositions: words, me: words, them: words }),
  cues: z.record(z.enum(CUES), words),
})
export type AbroadFile = z.output<typeof abroadSchema>

export interface Place {
  id: string
  label: Localized
  mission?: Localized
  hotline: string[]
  local: string[]
}

export type AbroadCue = (typeof CUES)[number]

/** The places (destinations of countries.yaml and the places of abroad.yaml) and the words around them. */
export interface AbroadIndex {
  readonly places: ReadonlyMap<string, Place>
  /** [phrase tokens, place id], longest phrase first. */
  readonly names: readonly (readonly [string[], string])[]
  readonly subject: readonly string[][]
  readonly lead: readonly string[][]
  readonly plan: ReadonlySet<string>
  readonly prepositions: ReadonlySet<string>
  /** Words of the writer ("aku", "kita", "my") and of someone else ("dia", "she", "her"), for who is in danger. */
  readonly me: ReadonlySet<string>
  readonly them: ReadonlySet<string>
  readonly cues: ReadonlyMap<AbroadCue, readonly string[][]>
}

export function tokens(text: string): string[] {
  // Asked of the same message (and its sentences) by several readers in a turn: remembered, a copy given out.
  // A long text is read afresh (not kept, and a copy plus the memo's freeze of hundreds of words would cost more).
  if (text.length > TOKENS_KEPT_LENGTH) return tokensUncached(text)
  return rememberedTokens.get(text, tokensUncached).slice()
}

const TOKENS_KEPT_LENGTH = 300

const rememberedTokens = new TextMemo<string[]>(10_000, TOKENS_KEPT_LENGTH)

function tokensUncached(text: string): string[] {
  return text.toLowerCase().replace(/[’`]/g, "'").replace(/[^\p{L}\p{N}']+/gu, ' ').trim().split(' ').filter((w) => w !== '')
}

export function buildAbroad(file: AbroadFile, countries: readonly { id: string; label: Localized; synonyms: readonly string[] }[], contacts: ReadonlySet<string>): { index: AbroadIndex; problems: string[] } {
  const problems: string[] = []
  const places = new Map<string, Place>()
  const names: [string[], string][] = []
  const extra = new Map(file.destinations.map((d) => [d.id, d]))
  for (const d of file.destinations) if (!countries.some((c) => c.id === d.id)) problems.push(`destinations: "${d.id}" is not a country in countries.yaml`)
  const add = (id: string, label: Localized, synonyms: readonly string[], mission: Localized | undefined, hotline: string[], local: string[]): void => {
    if (places.has(id)) problems.push(`places: "${id}" is listed twice`)
    for (const h of [...hotline, ...local]) if (!contacts.has(h)) problems.push(`places: "${id}" names hotline "${h}", which is not in contacts.yaml`)
    places.set(id, { id, label, hotline, local, ...(mission ? { mission } : {}) })
    for (const s of new Set([label.id, label.en ?? '', ...synonyms])) {
      const t = tokens(s)
      if (t.length > 0 && !names.some(([n]) => n.join(' ') === t.join(' '))) names.push([t, id])
    }
  }
  for (const p of file.places) add(p.id, p.label, p.synonyms, p.mission, p.hotline, p.local)
  for (const c of countries) {
    if (c.id === 'europe_other') continue
    const d = extra.get(c.id)
    add(c.id, c.label, [...c.synonyms, ...(d?.synonyms ?? [])], d?.mission, d?.hotline ?? [], d?.local ?? [])
  }
  names.sort((a, b) => b[0].length - a[0].length)
  const phrases = (list: readonly string[]): string[][] => list.map(tokens).filter((t) => t.length > 0)
  const cues = new Map<AbroadCue, string[][]>()
  for (const [k, v] of Object.entries(file.cues)) cues.set(k as AbroadCue, phrases(v))
  // Help mode ends on these ("udah aman", "I'm safe", "ga bahaya"): without them it would never end that way.
  for (const needed of REQUIRED_CUES) if ((cues.get(needed) ?? []).length === 0) problems.push(`cues: "${needed}" is missing or empty; list the words that say so (see the comment above it in content/abroad.yaml)`)
  return {
    index: {
      places,
      names,
      subject: phrases(file.presence.subject),
      lead: phrases(file.presence.lead),
      plan: new Set(file.presence.plan.flatMap(tokens)),
      prepositions: new Set(file.presence.prepositions.flatMap(tokens)),
      me: new Set(file.presence.me.flatMap(tokens)),
      them: new Set(file.presence.them.flatMap(tokens)),
      cues,
    },
    problems,
  }
}

function at(t: readonly string[], i: number, phrase: readonly string[]): boolean {
  return phrase.every((w, k) => t[i + k] === w)
}

/** Where the writer (or the person they write about) is now, when the message says so; undefined otherwise. */
export function placeStated(bundle: Bundle, text: string): Place | undefined {
  const index = bundle.abroad
  if (!index) return undefined
  // Every message is read for a place: the answer per text is remembered (a place of the content, or none).
  let known = statedPlaces.get(index)
  if (!known) statedPlaces.set(index, (known = new Map()))
  if (known.has(text)) return known.get(text)
  const place = readPlaceStated(index, text)
  if (text.length <= 300) {
    if (known.size >= 5_000) known.clear()
    known.set(text, place)
  }
  return place
}

const statedPlaces = new WeakMap<AbroadIndex, Map<string, Place | undefined>>()

function readPlaceStated(index: AbroadIndex, text: string): Place | undefined {
  // A departure still to come ("berangkatnya pakai visa kunjungan", "anak saya bisa kerja di hotel di Dubai", "before
  // she leaves"): the job abroad is an offer or a plan, nobody is there yet; unless the message also says where
  // someone is now ("skrg di", "now in").
  const all = tokens(text)
  const says = (cue: AbroadCue): boolean => (index.cues.get(cue) ?? []).some((phrase) => all.some((_, i) => at(all, i, phrase)))
  if (says('departure') && !says('now')) return undefined
  // Sentences are read apart: "Saya baca berita. WNI disekap di Kamboja" does not put the writer in Cambodia.
  // A place after a word of where one is now ("skrg di", "now im in") wins over an earlier one: "they said i work in
  // thailand but now im in cambodia" is in Cambodia.
  let first: Place | undefined
  for (const sentence of text.split(/[.!?\n]+/)) {
    const t = tokens(sentence)
    const byFirst = namesByFirstWord(index)
    for (let i = 0; i < t.length; i++) {
      const hit = byFirst.get(t[i]!)?.find(([n]) => at(t, i, n))
      if (!hit) continue
      // "kapal ikan taiwan", "kapal china": the flag of the boat, not where anyone is.
      if (flagAt(index, t, i)) {
        i += hit[0].length - 1
        continue
      }
      if (presentAt(index, t, i)) {
        if (leadBefore(index, t, i)) return index.places.get(hit[1])
        first ??= index.places.get(hit[1])
      }
      i += hit[0].length - 1
    }
  }
  return first
}

/** A word of being there now (`presence.lead`: "skrg di", "now im in") ends right before the place at `p`. */
function leadBefore(index: AbroadIndex, t: readonly string[], p: number): boolean {
  return index.lead.some((l) => p - l.length >= 0 && at(t, p - l.length, l))
}

/** `names` by their first word, in the same order (longest first): a message's words look up only their own. */
const namesIndex = new WeakMap<AbroadIndex, Map<string, (readonly [string[], string])[]>>()
function namesByFirstWord(index: AbroadIndex): Map<string, (readonly [string[], string])[]> {
  let byFirst = namesIndex.get(index)
  if (!byFirst) {
    byFirst = new Map()
    for (const name of index.names) {
      const list = byFirst.get(name[0][0]!) ?? []
      list.push(name)
      byFirst.set(name[0][0]!, list)
    }
    namesIndex.set(index, byFirst)
  }
  return byFirst
}

/** The place at token `p` is where someone is: "di kamboja" opening the message, "lg di …", "sy kerja di … di …". */
function presentAt(index: AbroadIndex, t: readonly string[], p: number): boolean {
  if (p >= 1 && p <= 2 && index.prepositions.has(t[p - 1]!) && !t.slice(0, p).some((w) => index.plan.has(w))) return true
  // A plan word between the start and the place ("sy mau kerja di taiwan") makes it a wish, not where they are.
  const clear = (s: number): boolean => !t.slice(Math.max(0, s - 2), p).some((w) => index.plan.has(w))
  for (let s = Math.max(0, p - 6); s < p; s++) {
    const lead = index.lead.find((l) => at(t, s, l))
    if (lead && s + lead.length <= p && clear(s)) return true
  }
  for (let s = Math.max(0, p - 9); s < p; s++) {
    const subject = index.subject.find((l) => at(t, s, l))
    if (!subject || !clear(s)) continue
    // subject, at most 4 words, a preposition, at most 4 words, the place
    for (let q = s + subject.length; q < p && q <= s + subject.length + 4; q++) {
      if (index.prepositions.has(t[q]!) && p - q - 1 <= 4) return true
    }
  }
  return false
}

/**
 * The one place a message names anywhere ("locked in a house in erbil"), without saying who is there; undefined when
 * it names none or several. For a cry for help whose place the detector could not tell.
 */
export function placeNamed(bundle: Bundle, text: string): Place | undefined {
  const index = bundle.abroad
  if (!index) return undefined
  const t = tokens(text)
  const byFirst = namesByFirstWord(index)
  const found = new Set<string>()
  // Two places, one of them where someone was taken ("job in thailand but they bring me to myanmar"): that one.
  const movedTo = new Set<string>()
  const moved = index.cues.get('moved_to') ?? []
  for (let i = 0; i < t.length; i++) {
    const hit = byFirst.get(t[i]!)?.find(([n]) => at(t, i, n))
    if (!hit) continue
    if (!flagAt(index, t, i)) found.add(hit[1])
    if (moved.some((m) => i - m.length >= 0 && at(t, i - m.length, m))) movedTo.add(hit[1])
    i += hit[0].length - 1
  }
  if (found.size > 1 && movedTo.size === 1) return index.places.get([...movedTo][0]!)
  return found.size === 1 ? index.places.get([...found][0]!) : undefined
}

/** A word of a boat's flag (`cues.flag`: "kapal", "bendera", "vessel") ends at most two words before the place at `p`. */
function flagAt(index: AbroadIndex, t: readonly string[], p: number): boolean {
  const flags = index.cues.get('flag') ?? []
  return flags.some((f) => [1, 2].some((gap) => p - gap - f.length + 1 >= 0 && at(t, p - gap - f.length + 1, f) && (gap === 1 || !index.prepositions.has(t[p - 1]!))))
}

/**
 * How the message names places abroad: `none`; `elsewhere`, each only where someone will go ("mau berangkat ke
 * hongkong": `cues.before` or a plan word at most three words before it) or was ("dulu aku dijual ke kamboja": a
 * sentence with a word of `cues.past`), or as a boat's flag; `here` when one may be where someone is.
 */
export function abroadMentions(bundle: Bundle, text: string): 'none' | 'elsewhere' | 'here' {
  const index = bundle.abroad
  if (!index) return 'none'
  const byFirst = namesByFirstWord(index)
  const before = index.cues.get('before') ?? []
  let named = false
  for (const sentence of text.split(/[.!?\n]+/)) {
    const t = tokens(sentence)
    const past = saysCue(bundle, t, 'past')
    for (let i = 0; i < t.length; i++) {
      const hit = byFirst.get(t[i]!)?.find(([n]) => at(t, i, n))
      if (!hit) continue
      named = true
      const planned = t.slice(Math.max(0, i - 3), i).some((w) => index.plan.has(w)) || before.some((b) => i - b.length >= 0 && at(t, i - b.length, b))
      if (!past && !planned && !flagAt(index, t, i)) return 'here'
      i += hit[0].length - 1
    }
  }
  return named ? 'elsewhere' : 'none'
}

/**
 * The writer (or the person they write about) is in Indonesia now, as the message says: a cue of content/abroad.yaml
 * `in_indonesia` ("sy di penampungan", "di rumah sponsor", "sy udah pulang"), or a town or province of
 * content/regions.csv where someone is ("sy di cilacap", "aku lagi di indramayu"; not a town of `not_towns`).
 * The caller lets a place abroad named in the same message win.
 */
export function inIndonesia(bundle: Bundle, text: string): boolean {
  if (hasCue(bundle, text, 'in_indonesia')) return true
  const towns = townIndex(bundle)
  return !!towns && readPlaceStated(towns, text) !== undefined
}

/** The towns and provinces of Indonesia as an index of places (read like a place abroad), built once per bundle. */
const towns = new WeakMap<Bundle, AbroadIndex | undefined>()
function townIndex(bundle: Bundle): AbroadIndex | undefined {
  if (towns.has(bundle)) return towns.get(bundle)
  const abroad = bundle.abroad
  let index: AbroadIndex | undefined
  if (abroad) {
    const skip = new Set((abroad.cues.get('not_towns') ?? []).map((t) => t.join(' ')))
    const abroadNames = new Set(abroad.names.map(([n]) => n.join(' ')))
    const places = new Map<string, Place>()
    const names: [string[], string][] = []
    const provinces = bundle.regions.provinces()
    for (const region of [...provinces, ...provinces.flatMap((p) => bundle.regions.regencies(p.code))]) {
      const name = tokens(region.name.replace(/^(kabupaten|kab\.?|kota(?=\s))\s*/i, ''))
      const key = name.join(' ')
      if (name.length === 0 || skip.has(key) || abroadNames.has(key) || names.some(([n]) => n.join(' ') === key)) continue
      names.push([name, region.code])
      places.set(region.code, { id: region.code, label: { id: region.name }, hotline: [], local: [] })
    }
    names.sort((a, b) => b[0].length - a[0].length)
    index = { ...abroad, places, names }
  }
  towns.set(bundle, index)
  return index
}

/** Whether the message says one of the cue phrases (content/abroad.yaml `cues`). */
export function hasCue(bundle: Bundle, text: string, cue: AbroadCue): boolean {
  // A cue never spans two sentences: "…dipukulin majikan. sy di cilacap" is not "majikan sy".
  return text.split(/[.!?\n]+/).some((sentence) => saysCue(bundle, tokens(sentence), cue))
}

/** The message's tokens without the phrases of a cue ("adik saya" taken out of "adik saya bilang …"). */
export function withoutCue(bundle: Bundle, t: readonly string[], cue: AbroadCue): string[] {
  const phrases = bundle.abroad?.cues.get(cue) ?? []
  const rest: string[] = []
  for (let i = 0; i < t.length; ) {
    const p = phrases.find((phrase) => at(t, i, phrase))
    if (p) i += p.length
    else rest.push(t[i++]!)
  }
  return rest
}

/** `hasCue` for a message already read into tokens (several cues of one message: it is tokenized once). */
export function saysCue(bundle: Bundle, t: readonly string[], cue: AbroadCue): boolean {
  const phrases = bundle.abroad?.cues.get(cue)
  if (!phrases) return false
  return t.some((_, i) => phrases.some((p) => at(t, i, p)))
}

/** The mission to contact, by name: "KJRI Hong Kong", else "KBRI/KJRI di Kamboja". */
export function missionName(place: Place, lang: Lang): string {
  if (place.mission) return pick(place.mission, lang)
  return lang === 'en' ? `the Indonesian embassy or consulate (KBRI/KJRI) in ${pick(place.label, lang)}` : `KBRI/KJRI di ${pick(place.label, lang)}`
}

/** The mission's hotline numbers (dated, from shared/facts), joined; '' when the facts have none. */
export function missionHotline(bundle: Bundle, place: Place): string {
  return place.hotline.map((id) => bundle.contacts.get(id)?.value ?? '').filter((v) => v !== '').join(' / ')
}

/** The text variables for a place: {country}, {mission}, {hotline} (dated, or nothing), {local}. */
export function placeVars(bundle: Bundle, lang: Lang, place: Place): Record<string, string> {
  const mission = missionName(place, lang)
  const numbers = missionHotline(bundle, place)
  const hotline = numbers ? fill(bundle, bundle.texts[lang].get('abroad.hotline') ?? bundle.texts.id.get('abroad.hotline') ?? '', { numbers, mission }, lang) : ''
  const line = bundle.texts[lang].get('abroad.local_line') ?? bundle.texts.id.get('abroad.local_line') ?? ''
  const local = place.local
    .map((id) => bundle.contacts.get(id))
    .filter((c) => c !== undefined)
    .map((c) => fill(bundle, line, { label: pick(c.label, lang), value: c.value }, lang))
    .join('')
  return { country: pick(place.label, lang), mission, hotline, local }
}

/**
 * The text variables of help for where the person is (texts `crisis.where.*`): {police}, never a number the facts do
 * not have (a known country: "the local police emergency number in Saudi Arabia"; Indonesia: police 110; unknown:
 * both), and {mission}: the country's mission when known, the nearest KBRI/KJRI abroad, KP2MI in Indonesia. With a
 * known country also {country}, {hotline} and {local}, as `placeVars`.
 */
export function helpVars(bundle: Bundle, lang: Lang, place: 'abroad' | 'indonesia' | 'unknown', where?: Place): Record<string, string> {
  const text = (key: string, vars: Record<string, string> = {}): string =>
    fill(bundle, bundle.texts[lang].get(`crisis.where.${key}`) ?? bundle.texts.id.get(`crisis.where.${key}`) ?? '', vars, lang)
  if (place === 'indonesia') return { mission: text('mission_indonesia'), hotline: '', local: '', police: text('police_indonesia') }
  if (where) {
    const vars = placeVars(bundle, lang, where)
    // A place with its own line (at sea: no police number, WhatsApp KP2MI over the boat's wifi).
    const own = bundle.texts.id.has(`crisis.where.police_place_${where.id}`) ? `police_place_${where.id}` : 'police_place'
    return { ...vars, police: text(own, { country: vars.country ?? '' }) }
  }
  return { mission: text('mission_abroad'), hotline: '', local: '', police: text(place === 'abroad' ? 'police_abroad' : 'police_unknown') }
}

/** What a message from someone abroad asks for (help mode, or a contact question once the country is known). */
export interface AbroadAsk {
  stated: boolean
  phone: boolean
  home: boolean
  contacts: boolean
  /** A number was asked that the facts do not have for this place. */
  unknownNumber?: boolean
}

export function readAbroadAsk(bundle: Bundle, text: string, stated: boolean, numbers: boolean): AbroadAsk {
  const t = tokens(text)
  return {
    stated,
    phone: saysCue(bundle, t, 'phone_taken'),
    home: saysCue(bundle, t, 'go_home'),
    contacts: numbers || saysCue(bundle, t, 'contacts'),
  }
}

/**
 * The answer for someone abroad, one short message per need: where they are (its numbers), their contacts, what to
 * do before the phone is taken, going home. `place` unknown: the nearest KBRI/KJRI stands for the mission.
 */
export function abroadReplies(bundle: Bundle, lang: Lang, place: Place | undefined, ask: AbroadAsk): { text: string; key: string }[] {
  const vars: Record<string, string> = place ? placeVars(bundle, lang, place) : { mission: lang === 'en' ? 'the nearest KBRI/KJRI (Indonesian embassy or consulate)' : 'KBRI/KJRI terdekat', hotline: '', local: '' }
  const say = (base: string): { text: string; key: string } => {
    const own = place ? `${base}_${place.id}` : undefined
    const key = own && bundle.texts.id.has(own) ? own : base
    return { text: fill(bundle, bundle.texts[lang].get(key) ?? bundle.texts.id.get(key) ?? key, vars, lang), key }
  }
  const out: { text: string; key: string }[] = []
  if (ask.unknownNumber) out.push(say('crisis.follow.numbers'))
  else if (place && ask.contacts) out.push(say('abroad.contacts'))
  else if (place && ask.stated) out.push(say('abroad.located'))
  else if (ask.contacts) out.push(say('crisis.follow.numbers'))
  if (ask.phone) out.push(say('abroad.phone_taken'))
  if (ask.home) out.push(say('abroad.go_home'))
  return out
}

/**
 * A short follow-up that only names another place ("and for japan?", "kalo di taiwan gmn?", "kalo di korea juga
 * gitu?"; the rest are words of `cues.place_swap`): the previous question `before` with its place put as that one
 * ("gaji sy di hongkong blm dibayar" → "gaji sy di taiwan blm dibayar"), so the same question is asked about the new
 * place (blind tester B, B-16, B-17). Undefined when the message says more, names no place or the same one, or the
 * previous question named no place.
 */
export function swapPlace(bundle: Bundle, before: string, text: string): { text: string; place: Place; words: string } | undefined {
  const index = bundle.abroad
  if (!index) return undefined
  const t = withoutCue(bundle, tokens(text), 'place_swap')
  const to = placeNamed(bundle, t.join(' '))
  if (!to || t.length === 0) return undefined
  // Every word left is the place's own name.
  const names = index.names.filter(([, id]) => id === to.id)
  for (let i = 0; i < t.length; ) {
    const hit = names.find(([n]) => at(t, i, n))
    if (!hit) return undefined
    i += hit[0].length
  }
  const b = tokens(before)
  let swapped = false
  const out: string[] = []
  for (let i = 0; i < b.length; ) {
    const hit = index.names.find(([n, id]) => id !== to.id && at(b, i, n))
    if (hit) {
      out.push(...t)
      swapped = true
      i += hit[0].length
    } else out.push(b[i++]!)
  }
  return swapped ? { text: out.join(' '), place: to, words: t.join(' ') } : undefined
}
