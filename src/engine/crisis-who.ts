/**
 * Who is in danger, and where they are now, read again from the message (and what the conversation already said)
 * before the help is written. The crisis detector reads one message alone: "temen sekamar aku pingsan, … kita
 * dikunci di rumahnya di ponorogo" names a friend, so it reads as about someone else; "anak saya di penampungan di
 * malang, mau berangkat ke hongkong" names Hong Kong, so it reads as abroad. The words are content
 * (content/abroad.yaml `presence.me`, `presence.them`, `cues.family`, `cues.reported`, `cues.before`, `cues.past`).
 */
import type { Bundle } from '../content/bundle.ts'
import type { CrisisResult } from '../understanding/crisis.ts'
import { abroadMentions, inIndonesia, saysCue, tokens, withoutCue, type Place } from './abroad.ts'
import type { CrisisContext } from './crisis-follow-up.ts'
import { crisisClauses } from './crisis-reply.ts'

/** A danger of a kind of its own (not the general "saya takut", nor self-harm, which is only the writer's own reading). */
function ownKind(found: CrisisResult): boolean {
  return found.category !== GENERAL && found.category !== 'self_harm'
}

/** English object forms: "she messaged me" tells of her, not of the writer in danger. */
const OBJECT_ONLY: ReadonlySet<string> = new Set(['me', 'us'])

/**
 * The writer is among those in danger, though the message names a friend: a clause states a danger of its own with
 * a word of the writer ("…, kita dikunci di rumahnya", "madam take my phone and passport, this is friend phone"), or,
 * when the writer said they are there themselves (`writerThere`: "saya ABK kapal ikan, sekarang di laut"), with nobody
 * else named ("kapten sering mukul, … teman saya meninggal").
 */
export function writerAmongVictims(bundle: Bundle, text: string, writerThere: boolean): boolean {
  const index = bundle.abroad
  if (!index) return false
  for (const clause of crisisClauses(text)) {
    // A clause of a friend or relative ("my brother went to …") is theirs; the general "saya takut" says no danger.
    if (namesRelative(bundle, clause)) continue
    const found = bundle.crisis.detect(clause)
    if (!found || found.about !== 'self' || !ownKind(found)) continue
    const t = tokens(clause)
    const them = t.some((w) => index.them.has(w))
    // "he sent me a voice note … they took him": with someone else in the clause, "me" is who was told, not the victim.
    if (t.some((w) => index.me.has(w) && !(them && OBJECT_ONLY.has(w)))) return true
    if (writerThere && !them) return true
  }
  return false
}

/**
 * The message tells of someone else, though the detector found no relative in it: a relative was named before in the
 * conversation (`relativeBefore`) or in this message, the danger is told of "dia" / "she" / "her", and the writer
 * appears only as "me" ("she messaged me … the family took her phone, she barely eats"), never as "aku", "I", "my".
 */
export function writesAboutThem(bundle: Bundle, text: string, relativeBefore: boolean): boolean {
  const index = bundle.abroad
  if (!index) return false
  const t = tokens(text)
  if (!relativeBefore && !saysCue(bundle, t, 'family')) return false
  if (t.some((w) => index.me.has(w) && !OBJECT_ONLY.has(w))) {
    // "adik saya …": "saya" owns the relative; the writer is not otherwise in it.
    const rest = withoutCue(bundle, t, 'family')
    if (rest.some((w) => index.me.has(w) && !OBJECT_ONLY.has(w))) return false
  }
  return crisisClauses(text).some((clause) => bundle.crisis.detect(clause) && tokens(clause).some((w) => index.them.has(w)))
}

/** A feeling told as someone else's words ("terakhir dia bilang …, katanya pengen pulang aja"). */
export function reportsTheirWords(bundle: Bundle, text: string): boolean {
  return saysCue(bundle, tokens(text), 'reported')
}

/** The message names a relative of the writer's, or says it writes for someone ("adik saya", "on behalf of my cousin"). */
export function namesRelative(bundle: Bundle, text: string): boolean {
  return saysCue(bundle, tokens(text), 'family')
}

/**
 * The person is in Indonesia now: the message says so (a shelter, a town of Indonesia: `inIndonesia`), states no
 * place abroad where someone is (`stated`), and every place abroad it names is where they will go, were, or a boat's
 * flag ("di penampungan di malang, mau berangkat ke hongkong"; "aku udah di rumah, di indramayu. dulu aku dijual ke
 * kamboja"). `place` is the detector's: when it read abroad, only a place named elsewhere tells it otherwise (the
 * family at home may write "sy di kampung" of a worker abroad).
 */
export function inIndonesiaNow(bundle: Bundle, text: string, stated: boolean, place: CrisisResult['place']): boolean {
  if (stated || place === 'indonesia' || !inIndonesia(bundle, text)) return false
  const mentions = abroadMentions(bundle, text)
  return place === 'abroad' ? mentions === 'elsewhere' : mentions !== 'here'
}

/** The detector's reading with who and where read again (see the functions above). */
export function rereadCrisis(
  bundle: Bundle,
  text: string,
  crisis: CrisisResult,
  seen: { writerThere: boolean; relativeBefore: boolean },
): CrisisResult {
  const relative = seen.relativeBefore || namesRelative(bundle, text)
  // "katanya pengen pulang aja" of a sister the family lost contact with: her words, not the writer's feeling; and
  // when only the classifier read self-harm in her wish to go home, the family's worry about her (the general danger
  // and its FAQ: how the family reports), not the mental-health lines.
  if (crisis.about === 'self' && crisis.category === 'self_harm' && relative && reportsTheirWords(bundle, text)) {
    if (crisis.phrase.startsWith('(classifier') && saysCue(bundle, tokens(text), 'go_home')) {
      const faq = categoryFaq(bundle, GENERAL)
      return { ...crisis, about: 'other', category: GENERAL, ...(faq ? { faq } : {}) }
    }
    return { ...crisis, about: 'other' }
  }
  let about = crisis.about
  if (about === 'other' && writerAmongVictims(bundle, text, seen.writerThere)) about = 'self'
  else if (about === 'self' && !seen.writerThere && writesAboutThem(bundle, text, seen.relativeBefore)) about = 'other'
  // "pak anak perempuan saya di saudi udah 2 bulan gak bisa dihubungi", "wa nya centang satu terus" after "anak saya
  // … gak ada kabar": a general danger told by a parent, the writer nowhere in it but as the relative's owner, is the
  // relative's (blind tester C, c51, c13): the family's help, never "if you are in danger".
  else if (about === 'self' && !seen.writerThere && crisis.category === GENERAL && relative && !writerInIt(bundle, text)) about = 'other'
  return about === crisis.about ? crisis : { ...crisis, about }
}

/** The writer is in the message other than as the owner of a relative named ("adik saya …" alone is not). */
function writerInIt(bundle: Bundle, text: string): boolean {
  const index = bundle.abroad
  if (!index) return true
  return withoutCue(bundle, tokens(text), 'family').some((w) => index.me.has(w) && !OBJECT_ONLY.has(w))
}

/** The message speaks of the writer ("saya ABK", "I am Indonesian maid in Dubai", "aku kerja ning malaysia"). */
export function statesSelf(bundle: Bundle, text: string): boolean {
  const index = bundle.abroad
  return !!index && tokens(text).some((w) => index.me.has(w) && !OBJECT_ONLY.has(w))
}

/**
 * A help-mode text of its own for the situation, where there is one: held by traffickers ("what you can do now" with
 * the mission first, not the local police), self-harm in a known country (its name and mission).
 */
export function ownFollowUpKey(bundle: Bundle, key: string, context: CrisisContext, where: Place | undefined): string {
  const own =
    key === 'crisis.follow.now_abroad' && context.category === 'trafficking' && context.about === 'self'
      ? 'crisis.follow.now_abroad_trafficking'
      : key === 'crisis.follow.self_harm_abroad' && where
        ? 'crisis.follow.self_harm_place'
        : undefined
  return own && bundle.texts.id.has(own) ? own : key
}

/** The general category of content/crisis.yaml ("dalam bahaya"). */
const GENERAL = 'danger'

/** The FAQ entry a category of content/crisis.yaml names (`faq:`), if any. */
function categoryFaq(bundle: Bundle, category: string): string | undefined {
  const c = bundle.crisis.categories.indexOf(category)
  return bundle.crisis.faqRefs().find((r) => r.path.length === 3 && r.path[0] === 'categories' && r.path[1] === c && r.path[2] === 'faq')?.id
}
