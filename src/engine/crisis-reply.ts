/**
 * What a person in crisis is told, in short messages of one idea each (texts in content/texts/<lang>/crisis.yaml):
 *
 *   self-harm         a calm, caring line → the mental-health lines (healing119.id, SEJIWA) → the officer offer;
 *   sexual violence   acknowledgement → SAPA 129 first → where to call by place → family → the officer offer;
 *   anything else     acknowledgement → where to call by place → family → the FAQ answer (passport held, wages
 *                     unpaid, …) → the officer offer.
 *   a second kind     a clause stating another kind by its own phrase ("…, paspor sy juga ditahan"): one more
 *                     message, that kind's next step (crisis.next.*), or the mental-health lines for self-harm.
 *
 * Where to call: abroad (or unknown) → local emergency number, KBRI/KJRI, Safe Travel, KP2MI from abroad; in
 * Indonesia → police 110 and KP2MI; unknown adds a one-line Indonesia fallback. Someone writing about another
 * person gets the same help written for them ("Anda bisa melapor untuk dia"). A message without a category
 * ("tolong") keeps the general `emergency.text`; a general danger about someone else (a worker the family cannot
 * reach) gets how the family reports for them (the category's FAQ answer) and the numbers abroad.
 */
import type { Bundle } from '../content/bundle.ts'
import type { CrisisResult } from '../understanding/crisis.ts'
import { hasCue, helpVars, tokens, type Place } from './abroad.ts'
import { followUpWords } from './crisis-follow-up.ts'
import { faqAnswer } from './faq-reply.ts'
import { messageClauses } from '../understanding/plan.ts'
import { renderText } from './text.ts'
import type { Lang, Reply } from './types.ts'

/**
 * The help the FAQ agrees on. A crisis about someone else that the classifier alone (or the general "danger"
 * phrases) raised gets the help of the crisis.yaml category or phrase whose FAQ entry answers the message
 * confidently: "suami sy ke malaysia, udah 3 bulan ga ada kabar" is a family member out of contact (the "hilang
 * kontak" phrases: keluarga-hilang-kontak), whatever kind the classifier guessed from its words. Self-harm is never
 * given, and a self-harm phrase is never taken away.
 */
export function agreedCrisis(bundle: Bundle, text: string, crisis: CrisisResult | undefined): CrisisResult | undefined {
  if (!crisis || crisis.about !== 'other') return crisis
  // A phrase of a kind (a self-harm phrase above all) keeps it; the classifier's guess and "dalam bahaya" may be told.
  if (!crisis.phrase.startsWith('(classifier') && crisis.category !== GENERAL_CRISIS) return crisis
  const detector = bundle.crisis
  const found = bundle.faq.index.search(text)
  const entry = found.kind === 'answer' ? found.hits[0]?.id : undefined
  if (!entry || entry === crisis.faq) return crisis
  const categories = detector.categories
  const agreed = detector
    .faqRefs()
    .filter((ref) => ref.id === entry)
    .map((ref) => categories[ref.path[1] as number])
    .find((id): id is string => !!id && !detector.keepsKind.includes(id))
  return agreed ? { ...crisis, category: agreed, faq: entry } : crisis
}

/**
 * The other danger told next to self-harm: the message read again without its clauses that state self-harm. Undefined
 * when nothing else is left, or what is left is self-harm or only a general danger.
 */
export function secondCrisis(bundle: Bundle, text: string): CrisisResult | undefined {
  const clauses = crisisClauses(text)
  if (clauses.length < 2) return undefined
  const rest = clauses.filter((c) => bundle.crisis.detect(c)?.category !== 'self_harm')
  if (rest.length === 0 || rest.length === clauses.length) return undefined
  const found = bundle.crisis.detect(rest.join(', '))
  return found && found.category !== 'self_harm' && found.category !== GENERAL_CRISIS && bundle.texts.id.has(`crisis.intro.${found.category}`) ? found : undefined
}

const DOCUMENTS = 'documents_taken'
const DEPRIVATION = 'deprivation'

/** A clause of the message is itself a deprivation crisis ("majikan gk kasih makan udah 2 hari"). */
function deniedFood(bundle: Bundle, text: string): boolean {
  if (!bundle.texts.id.has(`crisis.next.${DEPRIVATION}`)) return false
  return text.split(/[,.;!?\n]+/u).some((c) => /\p{L}/u.test(c) && hasCue(bundle, c, 'food') && bundle.crisis.detect(c)?.category === DEPRIVATION)
}

/** The general category of crisis.yaml ("dalam bahaya"), whose phrases say little about the kind. */
const GENERAL_CRISIS = 'danger'

/** The id of the choice that asks for a human officer (handled by the handoff feature). */
export const HANDOFF_CHOICE = 'g:handoff'

/**
 * Where the person is, when known (content/abroad.yaml): the help names that country's mission and leads with the
 * numbers that work from abroad, and the pre-departure FAQ answer is left out. `placeGiven`: this conversation
 * already showed that country's numbers (help mode), so they are not repeated.
 */
export interface CrisisPlace {
  where?: Place | undefined
  text?: string
  placeGiven?: boolean
}

export function crisisReplies(bundle: Bundle, lang: Lang, crisis: CrisisResult | undefined, at: CrisisPlace = {}): Reply[] {
  const replies = mainReplies(bundle, lang, crisis, at)
  // "majikan kunci sy di rumah, paspor sy juga ditahan": the main kind's help, then one line of the other kind's.
  const found = crisis && crisis.about === 'self' && crisis.category !== 'self_harm' ? alsoCrisis(bundle, at.text ?? '', crisis.category) : undefined
  // Held by traffickers, the beating or the locked door is part of it: not "stay where you can lock the door".
  const also = crisis?.category === 'trafficking' && (found === 'violence' || found === 'confinement') ? undefined : found
  if (!also) return replies
  const key = also === 'self_harm' ? selfHarmLinesKey(crisis!.place, crisis!.place !== 'indonesia' ? at.where : undefined) : nextKey(bundle, also, crisis!.place, hasCue(bundle, at.text ?? '', 'food'))
  if (replies.some((r) => r.key === key)) return replies
  const vars = helpVars(bundle, lang, crisis!.place, crisis!.place !== 'indonesia' ? at.where : undefined)
  return [...replies, { text: renderText(bundle, lang, key, vars), key }]
}

/**
 * The most important next step of a kind of danger (`crisis.next.*`), or for someone in Indonesia its own version
 * (`crisis.next_indonesia.*`: police 110 and KP2MI, no KBRI or Safe Travel) where there is one.
 */
export function nextKey(bundle: Bundle, kind: string, place: CrisisResult['place'], food = true): string {
  // "Deprivation" is also wages unpaid: the food text ("Tidak diberi makan…") only when food was said.
  if (kind === DEPRIVATION && !food && bundle.texts.id.has(`crisis.next.${DEPRIVATION}_wages`)) kind = `${DEPRIVATION}_wages`
  const home = `crisis.next_indonesia.${kind}`
  return place === 'indonesia' && bundle.texts.id.has(home) ? home : `crisis.next.${kind}`
}

/** At most this many clauses of a message are read for a second danger (each is one detector pass). */
const MAX_CRISIS_CLAUSES = 12

/** The clauses a crisis message is read in, one detector pass each: a bounded number however many commas it has. */
export function crisisClauses(text: string): string[] {
  return text.split(/[,.;!?\n]+|\s(?:dan|and|terus|trus|tapi|but)\s/u).map((c) => c.trim()).filter((c) => /\p{L}/u.test(c)).slice(0, MAX_CRISIS_CLAUSES)
}

/**
 * A help answer's first line (`crisis.intro.*`, `crisis.other`, or a country's own wording of one): warm words that
 * say help follows, so never sent with nothing under it (blind tester B, B-19).
 */
export function introOnly(key: string | undefined): boolean {
  return !!key && (key === 'crisis.other' || key.startsWith('crisis.other_') || key.startsWith('crisis.intro.'))
}

/** The kinds whose own help is added in one line when a clause of the message states one next to the main kind. */
const ALSO_KINDS = ['self_harm', 'confinement', 'violence', 'sexual_violence', 'deprivation', 'documents_taken']

/**
 * A second kind of danger a clause of the message states by a phrase of its own (not the classifier's guess), other
 * than `main`: self-harm before any other. Undefined when there is none.
 */
export function alsoCrisis(bundle: Bundle, text: string, main: string): string | undefined {
  const clauses = crisisClauses(text)
  if (clauses.length < 2) return undefined
  const kinds = clauses
    .map((c) => bundle.crisis.detect(c))
    .filter((f) => f && f.about === 'self' && !f.phrase.startsWith('(classifier'))
    .map((f) => f!.category)
    .filter((k) => k !== main && ALSO_KINDS.includes(k) && (k === 'self_harm' || bundle.texts.id.has(`crisis.next.${k}`)))
  return kinds.includes('self_harm') ? 'self_harm' : kinds[0]
}

function mainReplies(bundle: Bundle, lang: Lang, crisis: CrisisResult | undefined, at: CrisisPlace): Reply[] {
  // {police} and {mission} of where the person is (a known country's own, never another country's).
  const vars = helpVars(bundle, lang, crisis?.place ?? 'unknown', crisis?.place !== 'indonesia' ? at.where : undefined)
  const has = (key: string): boolean => bundle.texts.id.has(key)
  // A place with texts of its own ("abroad.block_at_sea": at sea there is no police number and no one mission).
  const say = (key: string): Reply => {
    const own = crisis?.place !== 'indonesia' && at.where ? `${key}_${at.where.id}` : undefined
    const chosen = own && has(own) ? own : key
    return { text: renderText(bundle, lang, chosen, vars), key: chosen }
  }
  if (!crisis || !has(`crisis.intro.${crisis.category}`)) {
    // Someone else in a situation a phrase's FAQ entry answers (a family member out of contact: "hilang kontak"):
    // how to help them, then that entry. Otherwise the general emergency answer.
    const entry = crisis?.about === 'other' && crisis.faq ? bundle.faq.byId.get(crisis.faq) : undefined
    if (!crisis || !entry) return [say('emergency.text')]
    const replies = [say('crisis.other'), ...familyOther(crisis.place, say, has)]
    // The country known ("adik saya kerja di hongkong"): its mission by name, not "if they are abroad".
    if (crisis.place !== 'indonesia') replies.push(say(at.where ? 'abroad.block_other' : 'crisis.abroad_other'))
    // Hurt and care refused ("temen sy kecelakaan di pabrik, bos ga mau bawa ke RS"): medical help first, and no
    // lost-contact entry (blind tester C, C-5; crisis18).
    const t = ` ${(at.text ?? '').toLowerCase().replace(/\s+/g, ' ')} `
    if ((hasCue(bundle, at.text ?? '', 'care_refused') || followUpWords(bundle).medical.test(t)) && has('crisis.follow.medical_other')) {
      return [say(medicalOtherKey(crisis.place, !!at.where)), ...replies]
    }
    return writtenFor(bundle, entry.a.id, crisis.place) ? [...replies, faqAnswer(bundle, entry, lang, crisis.place === 'abroad' && crisis.about === 'self')] : replies
  }
  const other = crisis.about === 'other'
  const replies: Reply[] = [say(other ? 'crisis.other' : `crisis.intro.${crisis.category}`)]
  // "majikan gk kasih makan udah 2 hari, hp mau diambil": being denied food comes first (warm line, what to do when
  // weak), then the passport or phone.
  if (!other && crisis.category === DOCUMENTS && deniedFood(bundle, at.text ?? '')) {
    replies.unshift(say(`crisis.intro.${DEPRIVATION}`), say(`crisis.next.${DEPRIVATION}`))
  }
  const words = followUpWords(bundle)
  const t = ` ${(at.text ?? '').toLowerCase().replace(/\s+/g, ' ')} `
  // "raped… i am bleeding", "kaki sy patah": medical help comes right after the first line.
  const injured = !other && (words.medical.test(t) || hasCue(bundle, at.text ?? '', 'injured'))
  // Medical care refused ("bos gk mau bawa ke RS", "employer wont take her to hospital"): the medical help leads, and
  // for someone else it says that anyone may call for help (blind tester C, C-3).
  const refused = hasCue(bundle, at.text ?? '', 'care_refused')
  if (other && (refused || words.medical.test(t)) && has('crisis.follow.medical_other')) replies.unshift(say(medicalOtherKey(crisis.place, !!at.where)))
  else if (injured && refused) replies.unshift(say(medicalKey(crisis.place, !!at.where)))
  else if (injured) replies.push(say(medicalKey(crisis.place, !!at.where)))
  // "aku mau kabur lewat jendela, lantai 3": not from up high (workers fall), before anything else.
  if (!other && !injured && crisis.category !== 'self_harm' && hasCue(bundle, at.text ?? '', 'window_escape') && has('crisis.follow.window_escape')) replies.push(say('crisis.follow.window_escape'))
  if (crisis.category === 'self_harm') {
    // A means or a plan ("I have a rope", "udah beli obat banyak"): immediate safety before the lines.
    // A window or a roof ("loncat dari jendela"): away from the edge, not "put the pills away".
    const urgent = !other && (words.means.test(t) || hasCue(bundle, at.text ?? '', 'taken')) ? urgentKey(bundle, at.text ?? '') : undefined
    // Already done (pills swallowed): the hospital leads, before any other line.
    if (urgent === 'crisis.follow.urgent_taken') replies.unshift(say(urgent))
    else if (urgent) replies.push(say(urgent))
    // Abroad, SEJIWA (dialled from Indonesia, office hours) is no help: the online line and the local number lead;
    // in a known country, its name and its mission (the facts have no crisis line per country).
    const abroad = crisis.place === 'abroad' ? '_abroad' : ''
    replies.push(say(other ? `crisis.self_harm_other${abroad}` : selfHarmLinesKey(crisis.place, at.where)))
    // "jam segini ga ada yg angkat": which help is open now.
    if (!other && !abroad && words.night.test(t)) replies.push(say('crisis.follow.self_harm_night'))
    // "pengen mati aja, gaji 5 bulan ga dibayar, majikan ngancem": after the calm lines, the other danger's help
    // too (where to call, wages, passport), without its first line (the feeling was answered already).
    const second = other ? undefined : secondCrisis(bundle, at.text ?? '')
    if (second) replies.push(...crisisReplies(bundle, lang, { ...second, about: 'self', place: crisis.place }, at).slice(1))
    return replies
  }
  if (crisis.category === 'sexual_violence') replies.push(say('crisis.sapa'))
  const where = crisis.place !== 'indonesia' ? at.where : undefined
  if (where && at.placeGiven) {
    // Help mode, the country's numbers already given: only what is new, the kind's most important next step.
    // (Sexual violence: SAPA, said above, is that step; a bad injury: the medical help said above.)
    if (!other && !injured && crisis.category !== 'sexual_violence' && has(`crisis.next.${crisis.category}`)) replies.push(say(nextKey(bundle, crisis.category, 'abroad', hasCue(bundle, at.text ?? '', 'food'))))
  } else if (other) {
    replies.push(...familyOther(crisis.place, say, has))
    if (crisis.place !== 'indonesia') replies.push(say(where ? 'abroad.block_other' : 'crisis.abroad_other'))
  } else if (crisis.place === 'indonesia') {
    replies.push(say('crisis.indonesia'))
    // Violence in Indonesia: SAPA 129 takes it when the person is a woman or a child (sexual violence said it above).
    if (crisis.category === 'violence' && has('crisis.sapa_indonesia')) replies.push(say('crisis.sapa_indonesia'))
  } else if (where) {
    replies.push(say('abroad.block'))
    replies.push(say('crisis.family'))
  } else {
    replies.push(say('crisis.abroad'))
    if (crisis.place === 'unknown') replies.push(say('crisis.indonesia_short'))
    replies.push(say('crisis.family'))
  }
  // Unpaid wages named next to another danger ("paspor dipegang, gaji 3 bulan blm dibayar"): both are answered.
  const wages = where && !other && hasCue(bundle, at.text ?? '', 'wages')
  const fees = where && !other && hasCue(bundle, at.text ?? '', 'fees')
  if (wages) replies.push(say('abroad.wages'))
  if (fees) replies.push(say('abroad.fees'))
  if (wages || fees) return replies
  // The country is known: its numbers replace the general FAQ answer (written for anywhere, often pre-departure).
  // Asked whether it is allowed ("boleh gk sih menurut hukum? temen sy di hongkong paspornya dipegang majikan"): the
  // answer to that question comes right after the first line, the country known or not (blind tester C, C-14).
  const asksLaw = words.legal.test(t)
  const entry = crisis.faq && (!where || asksLaw) ? bundle.faq.byId.get(crisis.faq) : undefined
  // Abroad, somewhere not known: not an answer that names another country's rules or mission, or Indonesia's police.
  if (entry && !(crisis.place === 'abroad' && !where && namesElsewhere(bundle, entry.a.id)) && writtenFor(bundle, entry.a.id, crisis.place)) {
    const answer = faqAnswer(bundle, entry, lang, crisis.place === 'abroad' && crisis.about === 'self')
    if (asksLaw && where) replies.splice(1, 0, answer)
    else replies.push(answer)
  }
  return replies
}

/**
 * How the family reports for someone else: for someone in Indonesia (a shelter, a sponsor's house) the address and
 * the company, then police 110 and BP3MI (`crisis.indonesia_other`); elsewhere the country and the employer.
 */
function familyOther(place: CrisisResult['place'], say: (key: string) => Reply, has: (key: string) => boolean): Reply[] {
  if (place !== 'indonesia' || !has('crisis.family_other_indonesia')) return [say('crisis.family_other')]
  return [say('crisis.family_other_indonesia'), ...(has('crisis.indonesia_other') ? [say('crisis.indonesia_other')] : [])]
}

/** An FAQ answer fits where the person is: in Indonesia, not one written for a country abroad ("di Hong Kong…, KBRI"). */
function writtenFor(bundle: Bundle, answer: string, place: CrisisResult['place']): boolean {
  return place !== 'indonesia' || placesIn(bundle, answer).size === 0
}

/** The self-harm lines for where the person is: in a known country its name and mission (`crisis.self_harm_lines_place`). */
export function selfHarmLinesKey(place: CrisisResult['place'], where: Place | undefined): string {
  if (place === 'abroad' && where) return 'crisis.self_harm_lines_place'
  return place === 'abroad' ? 'crisis.self_harm_lines_abroad' : 'crisis.self_harm_lines'
}

/** Immediate safety after a plan: away from the edge for a height (content/abroad.yaml `cues.heights`), else the means away. */
export function urgentKey(bundle: Bundle, text: string): string {
  // Pills already swallowed ("aku udh nelen obat 1 strip"): a hospital now, even when feeling fine.
  if (hasCue(bundle, text, 'taken') && bundle.texts.id.has('crisis.follow.urgent_taken')) return 'crisis.follow.urgent_taken'
  return hasCue(bundle, text, 'heights') && bundle.texts.id.has('crisis.follow.urgent_height') ? 'crisis.follow.urgent_height' : 'crisis.follow.urgent'
}

/**
 * Medical help now ("i am bleeding", "sesak napas"): 119 in Indonesia; abroad the local number, never guessed, then
 * the mission (by name and its dated hotline where the facts have one, `known`: the country is known).
 */
export function medicalKey(place: CrisisResult['place'], known = false): string {
  if (place === 'indonesia') return 'crisis.follow.medical_indonesia'
  if (known) return 'crisis.follow.medical_place'
  return place === 'abroad' ? 'crisis.follow.medical_abroad' : 'crisis.follow.medical'
}

/** Medical help now for someone else (a friend who fainted): anyone may call for help, the employer's word aside. */
export function medicalOtherKey(place: CrisisResult['place'], known = false): string {
  if (place === 'indonesia') return 'crisis.follow.medical_other_indonesia'
  return known ? 'crisis.follow.medical_other_place' : 'crisis.follow.medical_other'
}

/** An answer written for one place: it names a country or city of content/abroad.yaml, or Indonesia's police. */
function namesElsewhere(bundle: Bundle, answer: string): boolean {
  return answer.includes('{contact.polisi}') || placesIn(bundle, answer).size > 0
}

/** The places of content/abroad.yaml an answer names. */
export function placesIn(bundle: Bundle, answer: string): Set<string> {
  const index = bundle.abroad
  const found = new Set<string>()
  if (!index) return found
  const t = tokens(answer)
  for (const [name, id] of index.names) if (t.some((_, i) => name.every((w, k) => t[i + k] === w))) found.add(id)
  return found
}

/**
 * An FAQ answer that names other countries only ("In Taiwan, the mission is KDEI Taipei"), given to someone who is in
 * or asks about `place` (Seoul, Dubai): true when that place's own contacts should follow it.
 */
export function answerMissesPlace(bundle: Bundle, answer: string, place: Place): boolean {
  const named = placesIn(bundle, answer)
  return named.size > 0 && !named.has(place.id)
}

/**
 * The other question of a cry for help ("majikan masuk kamar pegang2 sy… bs gk ganti majikan di taiwan?"): the FAQ
 * entry of a question clause that states no danger itself, when the FAQ answers it with confidence, to be given
 * after the help (never before it). Undefined when there is none, or it is the crisis' own entry.
 */
export function otherCrisisQuestion(bundle: Bundle, text: string, crisis: CrisisResult | undefined): string | undefined {
  const asked = crisisQuestion(bundle, text, crisis)
  return asked?.kind === 'answer' ? asked.id : undefined
}

/**
 * What the other question of a cry for help gets after the help: `answer`, the FAQ entry it is sure of; `likely`, the
 * entries the FAQ finds close when it is not sure enough to answer ("kontrak sy kapan habis?"), offered as choices.
 * The first question clause that states no danger and that the FAQ answers with something other than the crisis'
 * own entry decides.
 */
export type CrisisQuestion = { kind: 'answer'; id: string } | { kind: 'likely'; ids: string[] }

/** At most this many close FAQ entries are offered for the other question of a cry for help. */
const MAX_LIKELY = 3

export function crisisQuestion(bundle: Bundle, text: string, crisis: CrisisResult | undefined): CrisisQuestion | undefined {
  const router = bundle.router
  const clauses = messageClauses(text)
  if (!router || clauses.length < 2) return undefined
  let likely: string[] | undefined
  for (const clause of clauses.slice(0, MAX_CRISIS_CLAUSES)) {
    if (bundle.crisis.detect(clause) || !router.isQuestion(clause)) continue
    const found = bundle.faq.index.search(clause)
    const id = found.kind === 'answer' ? found.hits[0]?.id : undefined
    if (id && id !== crisis?.faq) return { kind: 'answer', id }
    if (found.kind === 'clarify' && !likely) {
      const ids = found.hits.map((h) => h.id).filter((h) => h !== crisis?.faq)
      if (ids.length > 0) likely = ids.slice(0, MAX_LIKELY)
    }
  }
  return likely ? { kind: 'likely', ids: likely } : undefined
}
