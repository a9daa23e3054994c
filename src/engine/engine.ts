/**
 * The conversation engine: pure and synchronous.
 *
 *     handleMessage(session, inbound, bundle) → { session', replies, effects }
 *
 * No I/O, no clock (time comes in with the message), no globals: every conversation is a fast unit test.
 *
 * Order of work for one message, first match wins:
 *  1. media → "I read text only", then the pending question again;
 *  2. a pending confirmation (delete my data) takes yes/no;
 *  3. a crisis (content/crisis.yaml: violence, self-harm, …) or "tolong" → the help for that situation and an
 *     offer to talk to an officer; a form in progress is kept (paused, offered back);
 *  4. global commands (menu, back, help, stop, language, delete, greeting), before any input validation;
 *  5. global choices (FAQ buttons, resume, language);
 *  6. the answer to the pending `ask` (typed number, label, word or button), or a question typed instead,
 *     which is answered before the flow resumes;
 *  7. outside a flow: a bare number shows the menu; text that asks for a job starts it with what it already says
 *     (content/intents.yaml, src/understanding/); anything else is a question for the FAQ. Inside a form, a
 *     question typed instead of an answer is answered (or the job it asks for is offered), then the step is
 *     asked again (src/understanding/form-question.ts).
 */
import type { Bundle, Flow } from '../content/bundle.ts'
import { choiceWireId } from '../content/checks.ts'
import { commandKey, mediaTextKey } from '../content/keys.ts'
import type { AskStep, ChoiceDef, Step, TextRef } from '../content/schemas.ts'
import type { FaqEntry } from '../content/types.ts'
import { confidentLang, detectLang } from '../understanding/lang-detect.ts'
import { agreedCrisis, answerMissesPlace, crisisQuestion, crisisReplies, HANDOFF_CHOICE, introOnly, medicalKey, placesIn, medicalOtherKey, nextKey, urgentKey } from './crisis-reply.ts'
import { crisisBesideQuestion, statesCrisis } from '../understanding/crisis-beside-question.ts'
import { asksCallBack, callbackKey, followUpWords, HELP_MODE_MS, mentionsAbroad, readFollowUp, statesMedical, wantedFaq, writesAsHelper, writesFromHome, type CrisisContext } from './crisis-follow-up.ts'
import { backToHelp, givesDetails, leavesHelpMode } from './help-mode-exit.ts'
import { BURST_MS, burstTexts, criedForHelp, crisisInBurst, isFragment, nextBurst } from './burst.ts'
import { leaveKey, repeatFree, worryKeys } from './help-mode-worries.ts'
import { asksForLine, helpTurn, lineGiven, nextStep, nowKeys, sameSituation } from './help-mode-turns.ts'
import { asksQuestion, looksLikeQuestion, saysMoreThanChoice } from '../understanding/form-question.ts'
import { inIndonesiaNow, namesRelative, ownFollowUpKey, rereadCrisis, statesSelf } from './crisis-who.ts'
import { abroadReplies, hasCue, helpVars, inIndonesia, missionHotline, placeNamed, placeStated, placeVars as placeVarsOf, readAbroadAsk, saysCue, swapPlace, tokens as abroadTokens, withoutCue, type Place } from './abroad.ts'
import { normalizeIndonesianMobile, phoneFromChat, phoneInSentence } from '../knowledge/phone.ts'
import type { CrisisResult } from '../understanding/crisis.ts'
import type { FaqMatch } from '../understanding/faq-matcher.ts'
import { isQuestionInForm } from '../understanding/form-question.ts'
import { planRoute, prefillAnswers, PREFILLED_KEY, type RoutePlan } from '../understanding/plan.ts'
import { FOLLOW_UP_WORDS, nextTopic, searchFollowUp, TOPIC_TTL_MS } from '../understanding/follow-up.ts'
import { registryMention } from '../understanding/registry-mention.ts'
import { answerByClauses, otherQuestions } from '../understanding/sub-questions.ts'
import { isOutOfScope } from '../understanding/scope.ts'
import { cleanText, withoutPhoneNumbers, wordCount } from '../understanding/normalize.ts'
import { deepFreeze, rememberingText, TextMemo } from '../understanding/text-cache.ts'
import { ACTIONS, todayWib } from './actions.ts'
import { companyPart } from './agency-query.ts'
import { checkAgency } from '../knowledge/agencies.ts'
import type { Value } from './conditions.ts'
import { faqAnswer, faqFollowups, faqTitle } from './faq-reply.ts'
import { collapseRepeats } from './repeats.ts'
import { readListPick } from './ordinal-pick.ts'
import { profileCues } from './profile-cues.ts'
import { UNCOVERED_MIN, uncoveredWords } from './uncovered.ts'
import { formWarning } from './form-warning.ts'
import { documentsHeldAtHome, documentsHomeKey, documentsRansomed } from './documents-home.ts'
import { readPersonName } from './person-name.ts'
import { nameOnly, readAnswer, type AnswerResult, type Option } from './answers.ts'
import { readConfirmation } from './confirm.ts'
import { readYesNoWords } from './yes-no.ts'
import { carriedAnswers } from './redflag-actions.ts'
import { FLAGS_KEY, messageSignAnswers, QUIZ_FLOW } from '../understanding/redflag-cues.ts'
import { ageBeforeSoon, keepsTypedText, mentions, nameCuePattern, optionsNamed, phrases, spaced, afterCorrection, afterLeaveWords, asksLeaveToAsk, saysEnough, withoutAlreadySaid } from './form-input.ts'
import { readRecruiterText, recruiterAnswer } from './recruiter-text.ts'
import { recruiterFrom, storyFrom } from './report-prefill.ts'
import { asksToResume, besidesLanguage, languageAsked, languageComplaint, readStopConfirmation, stopChoices, stopInText, STOP_NO, STOP_YES } from './stop-guard.ts'
import { fill, pick, renderText } from './text.ts'
import type { Choice, Effect, EngineEvent, EngineResult, FlowPosition, Inbound, Lang, Reply, Session, SystemEvent, Topic } from './types.ts'

/** The flow and step that show the main menu. */
export const MAIN_FLOW = 'main'
/** Forms for people still at home (checking a company, warning signs): not offered to someone already abroad. */
const PRE_DEPARTURE_FLOWS: ReadonlySet<string> = new Set(['agency', 'redflags'])
/** A message this short that names a place says where the writer is ("sy di kamboja", "lg di riyadh skrg"). */
const LOCATED_WORDS = 8
/** At most this many words for a stop said inside a sentence at a form question ("yaudah batal aja"). */
const STOP_SENTENCE_WORDS = 12
/**
 * At a free-text question (who recruited you, what happened), a stop phrase in a message of at most this many words
 * ("ga jadi deh, takut", "batal aja") is asked about first; a longer message is the answer ("dia bilang ga jadi
 * berangkat, uang sy ga dibalikin, …").
 */
const STOP_STORY_WORDS = 6
/** The warnings already said in this form (their FAQ ids): each is said once. */
const WARNED_KEY = '_warned'
/** The held-documents FAQ entry (content/faq/waspada.yaml), a form warning said by the documents-at-home answer. */
const DOCUMENTS_FAQ = 'paspor-ditahan'
const REPORT_FLOW = 'report'
/** A word of a report, with a correction wish at a delete request (askDeleteConfirmation). */
const REPORT_WORD = /\b(?:laporan\w*|lapor\w*|report\w*|aduan\w*|pengaduan\w*)\b/
/** An age (two digits, at most a unit) and what follows it: "I'm 20 from Bandung" → "from Bandung". */
const AGE_THEN_MORE = /(?:^|\D)\d{2}\s*(?:th|thn|tahun|taun|y|yo|yrs?|years?(?:\s+old)?)?(?![\p{L}\p{N}])[\s,.;]*(\p{L}.*)$/iu
/** At most this many words after an age are tried as a place. */
const REGION_AFTER_AGE_WORDS = 6

/**
 * Questions whose typed answer, once accepted, is a plain fact (an age, a phone number, a place from a list): no
 * "in danger? type SOS" line after it, however the crisis classifier reads "I am 20 from Bandung".
 */
const PLAIN_ANSWERS: ReadonlySet<string> = new Set(['number', 'phone', 'choice'])

/** At most this many words in small talk ("hehe makasih ya kak"). */
const SMALL_TALK_WORDS = 5

/** Warning signs said beside a yes/no answer in this form (see `sayDetailSigns`), not said again. */
const SIGNS_SAID_KEY = '_signs_said'

/** At least this many words at a yes/no question after the story are more details, added to it. */
const DETAIL_WORDS = 3
/** Set when a name was given for someone else ("ini data anak sy, namanya Dimas"): saved with the lead. */
const FOR_SOMEONE_KEY = 'for_someone_else'
/** A story typed at a report's consent question is held for the form when it has at least this many words. */
const HELD_STORY_WORDS = 6
/** The report's story step takes at most this many characters. */
const STORY_CHARS_HELD = 1000
/** Most steps one message may run before the engine assumes a loop in the content. */
const MAX_STEPS_PER_MESSAGE = 50
/** Longest text the engine reads; the rest is ignored. */
export const MAX_TEXT_LENGTH = 1000
const DEFAULT_MAX_TRIES = 3
/** Words a message needs before the session's language follows the language it is written in. */
const LANG_FOLLOW_WORDS = 4
/** A clear sentence of at least this many words switches a settled conversation's language at once. */
const LANG_SWITCH_WORDS = 8
/** Most choices in one message (WhatsApp lists hold 10 rows). */
export const MAX_CHOICES = 10
/** The choice that shows the next page of a long list; not a valid content id, so it never collides. */
const MORE_CHOICE = '_more'
/** Words from which a message at a name question may be a question without a "?" ("kaigo itu gajinya brp"). */
const QUESTION_AT_NAME_WORDS = 4
/** Answer slot that remembers the review step while one answer is being corrected. */
const REVIEW_KEY = '_review'
/** Answer slot: a place outside the destination list named in the message that started the form ("ke malaysia"). */
const UNLISTED_KEY = '_unlisted_destination'
/** Answer slot that holds a job offered inside a form (content/intents.yaml `offer_in_forms`). */
const OFFER_KEY = '_offer'
/**
 * A question typed inside a form is read up to this many characters (routing and FAQ): real questions are shorter,
 * and a pasted page must not cost a full search at every step.
 */
/** A message of fear or exhaustion longer than this tells more than a feeling: read as usual. */
const DISTRESS_MAX_WORDS = 8
/** A 'not in danger' message longer than this says more: read as usual. */
const NOT_IN_DANGER_MAX_WORDS = 12
const FORM_QUESTION_CHARS = 300
/** At a text step (a name, a story), a job request of at most this many words is offered instead of taken as the answer. */
const JOB_AT_TEXT_WORDS = 8
/** At a name question, a message of this many words that the FAQ answers is a statement, not a name. */
const STATEMENT_WORDS = 4
/** A question why a step asks ("ini buat apa?") has at most this many words; a longer message says more. */
const WHY_WORDS = 8
/** A phone number's digits in a message ("0813 9988 7766", "+62 813-9988-7766"): at least 9 digits with separators. */
const PHONE_DIGITS = /\+?\d(?:[\s.-]?\d){8,}/u

/**
 * A sum in rupiah ("15jt", "8 juta", "500rb"): in a pre-departure form, "yg 15jt itu gmn, sy kerja pabrik di taiwan"
 * asks about a fee before leaving; the place named is the job's, not where the writer is.
 */
const RUPIAH_SUM = /\d\s*(?:jt|juta|jutaan|rb|ribu|rupiah)\b/iu

/** Crisis kinds whose phrase in one clause of a longer message is an emergency whatever the rest says (see crisisInClause). */
const HARM_IN_CLAUSE: ReadonlySet<string> = new Set(['violence', 'sexual_violence', 'self_harm'])
/** Answer slot of the agency check's "which company?" (flows/agency.yaml). */
const AGENCY_QUERY = 'agency_query'
/** Answer slot that holds the company the user just checked (carried to the red flags and the report). */
const CHECKED_KEY = '_checked_agency'
/** The registry verdict of that company (`agency_verdict`), carried with it. */
const CHECKED_VERDICT_KEY = '_checked_verdict'
/** "yg td itu", "yang tadi", "the same one": the company just checked, at the recruiter question. */
const THE_ONE_CHECKED = /^(yg|yang|itu|pt|perusahaan)?\s*(td|tadi|barusan|sebelumnya|yg td|yang tadi|di atas)\b|^(the same|that one|the one (i|you) (just )?checked|same one)\b/i
/** Words that press the "Lanjutkan: …" button when the menu shows it. */
const RESUME_WORDS: ReadonlySet<string> = new Set(['lanjutkan', 'lanjut', 'lanjutin', 'terusin', 'teruskan', 'lanjutkan isian', 'continue', 'resume'])

export class EngineError extends Error {
  override readonly name = 'EngineError'
}

export function userKeyOf(inbound: Pick<Inbound, 'channel' | 'userId'>): string {
  return `${inbound.channel}:${inbound.userId}`
}

/** A new session for a user whose first message this is. */
export function newSession(inbound: Inbound, lang?: Lang): Session {
  return { v: 1, lang: lang ?? inbound.lang ?? 'id', createdAt: inbound.now, updatedAt: inbound.now }
}

/** What the engine may offer besides the content: a human officer only when the deployment has officers. */
export interface EngineOptions {
  /** Cases with human officers can be opened (default false: the gate says whether officers are configured). */
  handoff?: boolean
  /**
   * The caller hands over `previous` for this turn only (the gate: a session just decoded by the store), so the
   * engine may change it instead of copying it first. Default false: `previous` is left as it was.
   */
  ownsSession?: boolean
}

/**
 * "Siti Nurhaliza, umur 19", "rina 22th", "Budi, 20 years old", "Budi, I'm 20 from Bandung": a name, then an age (two
 * digits) and at most a unit, and perhaps where from (read by `regionBesideAge`).
 */
const NAME_WITH_AGE = /^([\p{L}][\p{L}' .-]*?)[\s,;]+(?:(?:i'?m|i am)\s+)?(?:umur|usia|umurku|umurnya|age|aged)?\s*(\d{2})\s*(?:th|thn|tahun|taun|thun|y|yo|yrs?|years?(?:\s+old)?)?\.?(?:[\s,;]+(?:from|dari|dr|asal|tinggal di|live in|in)\s+\p{L}[\p{L} .-]*)?$/iu

/** Option lists of ask steps, per bundle and step (see `optionsFor`); at most this many per step (regencies: one per province). */
const builtOptions = new WeakMap<Bundle, WeakMap<AskStep, Map<string, readonly Option[]>>>()
const OPTION_LISTS_PER_STEP = 200

/** Option lists with the page shown first (`pageFirst`), per list and page. */
const pagedFirst = new WeakMap<readonly Option[], Map<string, readonly Option[]>>()

/** The phrases of `stop_in_sentence` as command keys with a space on both sides, per content. */
const stopPhraseLists = new WeakMap<Bundle['commands'], readonly string[]>()
function stopPhrases(commands: Bundle['commands']): readonly string[] {
  let phrases = stopPhraseLists.get(commands)
  if (!phrases) stopPhraseLists.set(commands, (phrases = (commands.raw.stop_in_sentence ?? []).map((p) => ` ${commandKey(p)} `)))
  return phrases
}

const stopMemos = new WeakMap<Bundle['commands'], TextMemo<boolean>>()

/** Whether a stop phrase (`stop_in_sentence`) stands in `text`; remembered per text, as forms see the same answers. */
function saysStop(commands: Bundle['commands'], text: string): boolean {
  let memo = stopMemos.get(commands)
  if (!memo) stopMemos.set(commands, (memo = new TextMemo<boolean>(5_000, 300)))
  return memo.get(text, (typed) => {
    const t = ` ${commandKey(typed).replace(/[^\p{L}\p{N}' ]+/gu, ' ').replace(/\s+/g, ' ')} `
    return stopPhrases(commands).some((p) => t.includes(p))
  })
}

/** The flow that asks consent and opens a case with a human officer (flows/handoff.yaml). */
export const HANDOFF_FLOW = 'handoff'
/** How many recent texts the session keeps for an officer (shared only with consent). */
const RECENT_TEXTS = 8
/** How many texts typed outside a form the session keeps for a report started next. */
const TOLD_TEXTS = 3

/** Whether the form asks `name` at a text step that skips a prefilled answer, and it is not answered yet. */
function prefillable(steps: readonly Step[], pos: FlowPosition, name: string): boolean {
  return steps.some((s) => 'ask' in s && s.save === name && s.skip_if_prefilled && s.ask === 'text') && pos.answers[name] === undefined
}

/** These answers were taken from the user's words (skipped once when their question comes; `takePrefilled`). */
function markPrefilled(pos: FlowPosition, names: readonly string[]): void {
  const listed = Array.isArray(pos.answers[PREFILLED_KEY]) ? (pos.answers[PREFILLED_KEY] as string[]) : []
  pos.answers[PREFILLED_KEY] = [...listed.filter((n) => !names.includes(n)), ...names]
}

export function handleMessage(previous: Session | undefined, inbound: Inbound, bundle: Bundle, options: EngineOptions = {}): EngineResult {
  const turn = new Turn(previous, inbound, bundle, options)
  turn.run()
  return turn.result()
}

/** Removes what must never reach matching or storage: control characters, bidi marks, zero-width characters. */
export function sanitizeInput(text: string | undefined): string {
  if (!text) return ''
  return sanitized(text)
}

/** Menu numbers, commands and common answers come again and again: recent results are remembered. */
const sanitized = rememberingText((text) => sanitizeUncached(text), 5_000, 300)

function sanitizeUncached(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff\ufff0-\uffff]/g, '')
    .replace(/[\ud800-\udfff]/g, (c, i: number, s: string) => {
      // keep valid surrogate pairs (emoji), drop lone halves
      const code = c.charCodeAt(0)
      if (code <= 0xdbff) return /[\udc00-\udfff]/.test(s[i + 1] ?? '') ? c : ''
      return /[\ud800-\udbff]/.test(s[i - 1] ?? '') ? c : ''
    })
    .trim()
    .slice(0, MAX_TEXT_LENGTH)
}

class Turn {
  private session: Session | null
  private replies: Reply[] = []
  private readonly effects: Effect[] = []
  /** The message; only a correction at a form's first question ("bukan, maksudnya …") replaces it with its rest. */
  private text: string
  private steps = 0
  /** Choices shown in this turn; they become the menu that the next typed number refers to. */
  private shown?: Choice[]
  /** The routing of this message inside a form (see `formPlan`). */
  private planInForm?: RoutePlan
  /** How free text outside a form reads (help mode and the free-text path ask; routed once per message). */
  private planOfText?: RoutePlan
  /** An ask ran out of tries in this turn: the menu offers a human officer. */
  private offerOfficer = false
  /** This message asked about a job: its answer offers the job (`Session.offer`). */
  private offerHere = false
  /** The crisis detector nearly took this message for one (`CrisisDetector.possible`): the reply says how to ask for help. */
  private maybeDanger = false
  /** This message was accepted as a plain answer to a form's question (`PLAIN_ANSWERS`, a name with an age). */
  private plainAnswer = false
  /** This message asked the previous question again about another place (`swapPlace`): that place. */
  private swappedTo: Place | undefined
  /** The user had no session before this message. */
  private readonly isNew: boolean
  /** This message asked to be phoned: its number is kept nowhere (not in the recent texts, not in the topic). */
  private maskPhone = false
  /** The message came while a form was open: an answer to it, not a story told before one. */
  private readonly startedInForm: boolean
  /** This message started a report that took what was told before: it is not kept as told again. */
  private toldUsed = false
  /** A danger was answered in this turn: the short messages before it are not read with the next ones. */
  private burstDone = false

  constructor(
    previous: Session | undefined,
    private readonly inbound: Inbound,
    private readonly bundle: Bundle,
    private readonly options: EngineOptions = {},
  ) {
    this.text = sanitizeInput(inbound.text)
    this.isNew = !previous
    this.startedInForm = !!previous?.pos && previous.pos.flow !== MAIN_FLOW
    // "I cut myself again tonight" has none of the small words detectLang counts: the words of the labelled crisis
    // examples tell its language (blind tester C x07).
    const detected = this.text.startsWith('/') ? undefined : (detectLang(this.text) ?? bundle.crisis.langOf(this.text))
    const session: Session = previous ? (options.ownsSession ? previous : structuredClone(previous)) : newSession(inbound, inbound.lang ?? detected ?? 'id')
    // Until the user picks a language, answers follow the language of a clear sentence ("what documents do I need"):
    // a short reply ("ok", a name, a number) never switches it.
    // Nor does a name or a story typed at a form's text question ("Facebook account 'Bu Ratna Kerja Malaysia'").
    const ownWords = previous?.pos && bundle.flows.get(previous.pos.flow)?.steps.some((s) => s.id === previous.pos!.step && 'ask' in s && s.ask === 'text')
    const clear = previous && !ownWords && !session.langChosen && wordCount(this.text) >= LANG_FOLLOW_WORDS ? confidentLang(this.text) : undefined
    // In a form, one clear sentence in the other language after the conversation settled in one ("the welding one
    // please" in an Indonesian chat) is not enough: the next clear sentence must be in that language too.
    // A long clear sentence (a whole question in the other language) is enough at once.
    // Only inside a form (outside one, a new question in the other language is a new start, answered in it).
    const inForm = !!previous?.pos && previous.pos.flow !== MAIN_FLOW
    if (clear && clear !== session.lang && (!inForm || !session.langSettled || session.langSeen === clear || wordCount(this.text) >= LANG_SWITCH_WORDS)) session.lang = clear
    const inLang = clear ?? (!ownWords && !session.langChosen && wordCount(this.text) >= LANG_FOLLOW_WORDS ? detected : undefined)
    if (inLang) {
      if (inLang === session.lang) session.langSettled = true
      session.langSeen = inLang
    }
    // What the user wrote before this message, for a cry with no language of its own ("SOS", "help!!").
    this.earlierLang = session.langChosen ? session.lang : (session.langLast ?? inbound.lang)
    // One word says little of a language ("halo", "help", "ok"): two or more do ("boss hit me").
    if (detected && !ownWords && wordCount(this.text) >= 2) session.langLast = detected
    session.updatedAt = inbound.now
    this.session = session
  }

  /** The language the user wrote in before this message (or the phone's, when they wrote none); undefined: none known. */
  private readonly earlierLang: Lang | undefined

  /** The language to answer this message in: its own when it tells one (also by the crisis examples' words), else the session's. */
  private replyLang(): Lang {
    return detectLang(this.text) ?? this.bundle.crisis.langOf(this.text) ?? this.earlierLang ?? this.lang
  }

  result(): EngineResult {
    if (this.session) {
      const kept = this.maskPhone ? this.text.replace(/\+?\d[\d\s().\-/]{6,}\d/g, '…') : this.text
      if (this.text && !this.inbound.system) this.session.recent = [...(this.session.recent ?? []), kept.slice(0, 300)].slice(-RECENT_TEXTS)
      // Told outside a form (not an answer to one), and not the message that started the form now open.
      if (this.text && !this.inbound.system && !this.startedInForm && !this.toldUsed) this.session.told = [...(this.session.told ?? []), kept.slice(0, 300)].slice(-TOLD_TEXTS)
      // Short messages outside a form are kept a few minutes, to be read together (src/engine/burst.ts); an answered
      // danger ends the burst.
      if (this.text && !this.inbound.system && !this.inbound.choice) {
        const burst = this.burstDone || this.startedInForm || this.maskPhone ? undefined : nextBurst(this.session.burst, this.text, this.inbound.now)
        if (burst) this.session.burst = burst
        else delete this.session.burst
      }
      if (this.maskPhone && this.session.topic) this.session.topic.text = this.session.topic.text.replace(/\+?\d[\d\s().\-/]{6,}\d/g, '…')
      this.session.contentVersion = this.bundle.version
      if (this.replies.some((r) => r.key === 'handoff.unavailable')) this.session.noOfficer = this.inbound.now
      if (this.shown) this.session.menu = this.shown
      else if (!this.inbound.system) delete this.session.menu
      if (!this.inbound.system) {
        const inForm = !!this.session.pos && this.session.pos.flow !== MAIN_FLOW
        // An anonymous callback: a named one (`const render = …`) gets its name set (Object.defineProperty) on every
        // message under tsx's keepNames, about 1% of a mixed-script turn's CPU.
        const collapsed = collapseRepeats(this.replies, this.session.sent, this.inbound.now, (key) => renderText(this.bundle, this.lang, key), {
          burst: !inForm && !this.session.handoff,
        })
        this.replies = collapsed.replies
        if (collapsed.sent) this.session.sent = collapsed.sent
      }
    }
    return { session: this.session, replies: this.replies, effects: this.effects }
  }

  private get s(): Session {
    if (!this.session) throw new EngineError('session was deleted in this turn')
    return this.session
  }

  private get lang(): Lang {
    return this.session?.lang ?? 'id'
  }

  // ── the order of work ───────────────────────────────────────────────────────────────────────────

  run(): void {
    this.runTurn()
    // A message the crisis detector nearly took for one: one line on how to ask for emergency help, after the reply.
    if (this.maybeDanger && this.session && !this.s.handoff && !this.plainAnswer && !this.helpContext()) this.say('crisis.possible')
  }

  private runTurn(): void {
    if (this.inbound.system) return this.handleSystem(this.inbound.system)
    this.repairPosition()
    if (this.s.handoff && this.handleWhileOpen()) return
    const inbound = this.inbound
    // A voice note, or its stand-in typed or forwarded as text ("[audio]", "<Media omitted>"): text only, please.
    if ((inbound.media && !this.text && !inbound.choice) || this.bundle.commands.mediaText.has(mediaTextKey(this.text))) {
      this.event('media', inbound.media)
      this.say('error.media')
      return this.repromptOrMenu()
    }
    const choice = inbound.choice ?? this.choiceFromTyping()
    if (!choice && this.outOfRangeNumber()) {
      this.say('error.number_out_of_range', { max: this.s.menu!.length }, this.s.menu)
      return
    }
    if (!this.text && !choice) {
      this.say('error.empty')
      return this.repromptOrMenu()
    }
    // "gk dua2nya", "none of them" after "Maksud Anda…?": ask to say it in other words; not a question to store.
    if (!choice && this.noneOfTheChoices()) {
      this.say('faq.none_of_these')
      return this.showMenu()
    }
    if (this.s.confirm === 'delete' && this.handleDeleteConfirmation(choice)) return
    if (this.s.confirm === 'stop_form' && this.handleStopConfirmation(choice)) return
    this.noteWhere()
    this.leaveConsentForHelp()
    // Arrested or held already: its own answer, never the violence texts or "call the police".
    if (this.text && !inbound.choice && this.answerDetained()) return
    // At an airport in Indonesia, sent to work on a tourist visa: do not board (before any block for abroad).
    if (this.text && !inbound.choice && this.answerAirportDeparture()) return
    // Stranded at an airport: its own answer, before the general danger block (a danger of its own kind still leads).
    if (this.text && !inbound.choice && this.answerStranded()) return
    if (this.text && !inbound.choice) {
      const start = this.replies.length
      if (this.handleCrisis()) {
        // What the crisis answer said, so that the next help-mode answer does not say it again word for word.
        if (this.s.crisis && !this.s.crisis.said) this.s.crisis.said = this.replies.slice(start).map((r) => r.key ?? r.text)
        return
      }
    }
    this.maybeDanger = !!this.text && !inbound.choice && !!this.bundle.crisis.possible(this.text)
    // "help" then "im in malaysia": the place where the cry for help comes from, answered as after "tolong".
    if (!inbound.choice && this.stated && !this.helpContext() && !this.startedInForm && criedForHelp(this.bundle, this.s.burst, inbound.now)) {
      this.s.crisis = { category: 'danger', about: 'self', place: 'abroad', at: inbound.now }
    }
    if (!inbound.choice && this.allClear()) return
    if (!inbound.choice && this.answerWaiting()) return
    if (!inbound.choice && this.answerReportFear()) return
    if (!inbound.choice && this.answerNotIndonesian()) return
    if (!inbound.choice && this.handleAbroad()) return
    if (!inbound.choice && this.answerWorry()) return
    if (!inbound.choice && this.handleCommand()) return
    if (!inbound.choice && /^\/[a-z_]+(@\w+)?$/i.test(this.text)) {
      // An unknown /command is not a question for the FAQ.
      this.say('error.unknown_command')
      return this.repromptOrMenu({ quiet: true })
    }
    if (choice && this.handleGlobalChoice(choice)) return
    if (!choice && this.answerHomeAfterSafe()) return
    if (!choice) this.resumeHelpMode()
    if (!choice && this.handleHelpMode()) {
      this.maybeDanger = false
      return
    }
    const pos = this.s.pos
    if (pos) {
      const step = this.currentAsk()
      if (step) return this.handleAnswer(pos, step, choice)
    }
    if (choice) {
      this.event('stale_choice')
      this.say('error.stale_choice')
      return this.showMenu()
    }
    this.freeText()
  }

  /** Free text outside a form: the menu for a bare number, a job it asks for, or the FAQ. */
  private freeText(): void {
    const plan = this.textPlan()
    // "please remove my data, I don't want anyone call me": the deletion is what is asked.
    if (plan.kind === 'command' && plan.command === 'delete') return this.runIntentCommand(plan.command)
    // "hehe makasih kak", "wkwk iya kak", "hehe": small talk, a warm word and the menu (never an unanswered question).
    if (this.smallTalk(plan)) {
      // "wkwkwk bot ya": said plainly that an automatic assistant answers (blind tester A, 14).
      this.say(mentions(this.bundle.commands, 'asks_bot', this.text) ? 'menu.am_bot' : 'menu.small_talk')
      return this.showMenu({ again: true })
    }
    // "nanti sy ditelpon kapan?" after a training sign-up: nobody is promised to call; the next real step.
    const calledAbout = this.s.saved ? `${this.s.saved}.call_when` : undefined
    if (calledAbout && this.bundle.texts.id.has(calledAbout) && mentions(this.bundle.commands, 'call_when', this.text)) {
      this.say(calledAbout)
      return this.showMenu()
    }
    if (asksCallBack(followUpWords(this.bundle), this.text)) {
      // "tolong telpon sy di 0812…": said honestly, and the number is kept nowhere (not logged as a question).
      this.maskPhone = true
      this.say('crisis.follow.callback')
      const entry = this.sureFaqEntry(this.text, this.s.topic)
      return entry ? this.answerFaq(entry, { inFlow: false }) : this.showMenu()
    }
    if (plan.kind === 'menu') return this.showMenu()
    if (plan.kind === 'command') return this.runIntentCommand(plan.command)
    // "asslm kak selamat malam, mau tanya2 dulu boleh? sy dr lombok": leave to ask, with no question yet that the FAQ
    // knows: "Silakan, mau tanya apa?" and the menu, not the unanswered fallback (blind tester A, A-7).
    if (plan.kind === 'faq' && !plan.answer && !plan.offer && asksLeaveToAsk(this.bundle.commands, this.text) && this.bundle.faq.index.search(this.text).kind === 'none') {
      return this.runIntentCommand('greeting')
    }
    // Someone who says they already work abroad is not signing up: their rights and contacts there, no checklist.
    // Also when the FAQ would answer first and offer that job ("I work in Kaohsiung, the agency asks a fee every
    // month, is that normal? I want to check the agency"): the rights there name her mission and its numbers.
    const preDeparture = plan.kind === 'start' ? plan.flow : plan.kind === 'faq' && !plan.answer ? plan.offer?.flow : undefined
    if (preDeparture && this.stated && PRE_DEPARTURE_FLOWS.has(preDeparture)) {
      this.answerAbroad(this.stated, 'abroad.rights')
      return
    }
    if (this.warnFirst(plan)) return
    if (plan.kind === 'start') return this.startRouted(plan)
    // "sy Rina 0812…, mau tanya biaya ke taiwan": a number given with a question is not kept (no consent was asked).
    if (withoutPhoneNumbers(this.text) !== this.text) this.maskPhone = true
    // A question about a job ("ada pelatihan gratis ga?"): the answer, then the job as a button.
    if (plan.kind === 'faq' && plan.offer) {
      this.s.offer = plan.offer
      this.offerHere = true
    }
    // An intent that names its FAQ entry ("agen bilang bisa palsuin umur": the forgery warning).
    const named = plan.kind === 'faq' && plan.answer ? this.bundle.faq.byId.get(plan.answer) : undefined
    if (named) {
      this.s.topic = nextTopic(this.text, this.inbound.now, named.id)
      return this.answerFaq(named, { inFlow: false })
    }
    this.answerQuestion({ inFlow: false })
  }

  /**
   * Warning signs the message states, said before anything else it asks ("mau kerja di arab jadi ART, katanya udh
   * dibuka? ada tetangga yg nawarin lewat visa umroh": the umrah visa, the moratorium, the neighbour recruiter;
   * "kerja ke hongkong jd PRT potongan gaji brp bulan? agen minta 7 bulan potong gaji": no costs for a domestic
   * worker, not through wages either). Which signs lead is content (`first:` in content/redflag-cues.yaml); they are
   * said as the agency check says them (header, the rules, one message per sign). Then the red-flag quiz is offered
   * (without the questions the signs answered) and the question's own entries the signs do not give, as choices; no
   * form is left open, so the next message is read afresh. Not when the answer the message gets anyway is itself
   * what every sign says ("apakah majikan boleh menahan paspor?": the passport entry; "can I work as a maid in
   * Saudi?": the moratorium), for an FAQ answer an intent
   * names ("udah terlanjur bayar ke sponsor"), nor for a job, which says the signs itself (the agency check).
   */
  private warnFirst(plan: RoutePlan): boolean {
    if (plan.kind !== 'faq' || plan.answer) return false
    const reader = this.bundle.redflags
    const signs = reader?.readFirst(this.text) ?? []
    if (!reader || signs.length === 0 || !this.bundle.flows.has(QUIZ_FLOW)) return false
    const found = this.bundle.faq.index.search(this.text)
    const sure = found.kind === 'answer' ? found.hits[0]!.id : undefined
    // What the message gets without this: the FAQ's sure answer made specific, or the answer of a sign it states.
    const answered = sure ? (reader.refine(sure, this.text) ?? sure) : reader.statedWarning(this.text)
    if (answered && signs.every((sign) => reader.covers([sign]).has(answered))) return false
    const covered = reader.covers(signs)
    const asked = sure ? [sure, ...(found.also?.map((h) => h.id) ?? [])] : found.kind === 'clarify' ? found.hits.slice(0, 2).map((h) => h.id) : (answerByClauses(this.bundle, this.text, this.lang)?.hits.slice(0, 1).map((h) => h.id) ?? [])
    const others = [...new Set(asked)].filter((id) => !covered.has(id) && !covered.has(reader.refine(id, this.text) ?? '')).slice(0, 2)
    this.event('faq_answered', undefined, undefined, 'warning_first')
    this.s.topic = nextTopic(this.text, this.inbound.now, signs.find((s) => s.faq)?.faq)
    if (withoutPhoneNumbers(this.text) !== this.text) this.maskPhone = true
    const names = [...new Set(signs.map((s) => `redflags.sign_${s.id}`).filter((k) => this.bundle.texts.id.has(k)).map((k) => this.t(k)))]
    this.push({ text: [this.t('agency.flags_no_name', { signs: names.join(', ') }), this.t('agency.flags_rules')].join('\n\n'), key: 'agency.flags_no_name' })
    for (const sign of signs) {
      const entry = sign.faq ? this.bundle.faq.byId.get(sign.faq) : undefined
      if (entry) this.push(this.faqReply(entry))
      else if (sign.text) this.push({ text: this.t(sign.text), key: sign.text })
    }
    // The quiz without the questions the signs answered ("ya" takes it), the question's other entries, the menu.
    this.s.offer = { flow: QUIZ_FLOW, answers: messageSignAnswers(reader, this.text, {}, PREFILLED_KEY) }
    const entries = others.map((id) => this.bundle.faq.byId.get(id)).filter((e): e is FaqEntry => !!e)
    const choices: Choice[] = [
      { id: 'g:route', label: this.t('agency.next_redflags') },
      ...entries.map((e) => ({ id: `faq:${e.id}`, label: faqTitle(e, this.lang) })),
      { id: 'g:menu', label: this.t('menu.back_to_menu') },
    ]
    const text = [this.t('agency.offer_more_redflags'), ...(entries.length > 0 ? [this.t('route.also_asked')] : [])].join('\n\n')
    this.push({ text, key: 'agency.offer_more_redflags' }, choices)
    return true
  }

  /**
   * Laughter or a smile (commands.yaml `small_talk`) in a short message without a question, alone or with thanks,
   * an ok or a greeting: small talk. Not when the FAQ has an answer for the words ("hehe kak, biaya ke jepang brp").
   */
  private smallTalk(plan: RoutePlan): boolean {
    if (wordCount(this.text) > SMALL_TALK_WORDS || this.text.includes('?') || !mentions(this.bundle.commands, 'small_talk', this.text)) return false
    if (plan.kind === 'command') return plan.command === 'menu' || plan.command === 'greeting'
    return plan.kind === 'faq' && this.bundle.faq.index.search(this.text).kind !== 'answer'
  }

  private runIntentCommand(command: Extract<RoutePlan, { kind: 'command' }>['command']): void {
    if (command === 'delete') return this.askDeleteConfirmation()
    if (command === 'help') {
      this.say('help.text')
      return this.repromptOrMenu({ quiet: true })
    }
    if (command === 'greeting' && this.inFlow()) {
      this.say('flow.greeting_in_flow')
      return this.reprompt()
    }
    // "makasih kak", "ok thanks, bye" (the intent whose command is `menu`): a warm close first, then the menu (blind
    // tester 2, M4: a bare menu, and "bye" twice read as a repeat).
    if (command === 'menu') this.say('menu.thanks')
    // "mau tanya kak", "may I ask something?" (blind tester A, 5): an invitation to write the question, not the same
    // menu again (which read as a repeat); the welcome only on a first message.
    const ask = command === 'greeting' && mentions(this.bundle.commands, 'ask_intro', this.text)
    this.showMenu({ greeting: command === 'greeting' && (!ask || this.isNew), ask })
  }

  /**
   * Starts the job a message asked for, with the answers it already gave. A question asked next to it ("mau daftar
   * pelatihan las, biayanya berapa?") is answered first when the FAQ is sure; entries to choose from are offered
   * with the menu after the job.
   */
  private startRouted(plan: Extract<RoutePlan, { kind: 'start' }>): void {
    this.event('routed', plan.flow, plan.step, plan.intent)
    this.s.topic = nextTopic(this.text, this.inbound.now)
    const question = plan.question
    // A company named with the question ("PT X resmi gk? trs biayanya brp"): the check's result comes first, what
    // the user asked first; the other question is offered with the choices after the result, never lost.
    const afterResult = question && plan.answers.agency_query !== undefined
    const entry = question && 'answer' in question && !afterResult ? this.bundle.faq.byId.get(question.answer) : undefined
    if (entry) {
      const answer = this.specific(entry)
      this.event('faq_answered', undefined, undefined, answer.id)
      this.push(this.faqReply(answer))
    }
    if (question && 'choices' in question && !afterResult) this.say('route.also_later')
    // "sy umur 38 masih bisa ikut pelatihan perawat lansia?", "ada pelatihan sawit ga?" starting a form with consent,
    // with no answer found for it: one line on what decides it (the flow's `<flow>.asked_first`), then the form
    // (blind tester A, A-3, A-15).
    const askedFirst = `${plan.flow}.asked_first`
    if (!entry && !question && this.bundle.texts.id.has(askedFirst) && (looksLikeQuestion(this.text) || asksQuestion(this.bundle, this.text))) this.say(askedFirst)
    this.startFlow(plan.flow, plan.step, plan.answers)
    if (afterResult) {
      const ids = 'answer' in question ? [question.answer] : question.choices
      if (!this.offerWithLastChoices(ids)) this.s.alsoAsked = ids
    } else if (question && 'choices' in question) this.s.alsoAsked = question.choices
  }

  /**
   * Adds the FAQ entries `ids` to the choices of the form question just asked ("Mau cek tanda bahaya lainnya?"),
   * after its own choices so that their numbers stay, with a line that says so. False when no form question with
   * choices was just asked.
   */
  private offerWithLastChoices(ids: readonly string[]): boolean {
    const last = this.replies[this.replies.length - 1]
    const entries = ids.map((id) => this.bundle.faq.byId.get(id)).filter((e): e is FaqEntry => !!e)
    if (!last?.choices || last.choices !== this.shown || !this.inFlow() || entries.length === 0) return false
    last.text = `${last.text}\n\n${this.t('route.also_asked')}`
    last.choices = [...last.choices, ...entries.map((e) => ({ id: `faq:${e.id}`, label: faqTitle(e, this.lang) }))]
    this.shown = last.choices
    return true
  }

  /** After a content change, a session pointing at a removed step starts over. */
  private repairPosition(): void {
    const pos = this.session?.pos
    if (pos && !this.findStep(pos.flow, pos.step)) {
      delete this.s.pos
      this.say('error.content_changed')
    }
    const paused = this.session?.paused
    if (paused && !this.findStep(paused.flow, paused.step)) delete this.s.paused
  }

  /** A typed number or label that matches the choices last shown. */
  private choiceFromTyping(): string | undefined {
    const menu = this.session?.menu
    if (!menu || !this.text || this.typedNumberIsAnswer()) return undefined
    const key = commandKey(this.text)
    if (/^\d{1,2}$/.test(key)) {
      const n = Number(key)
      return menu[n - 1]?.id
    }
    // "yg ke4", "nomor 2", "yang terakhir" after "Maksud Anda…?" or a topic's list (forms read these at their steps).
    const pick = this.currentAsk() ? undefined : readListPick(this.text, this.bundle.commands)
    if (pick && 'place' in pick) {
      const real = menu.filter((c) => !c.id.startsWith('g:'))
      return (pick.place === 'last' ? real[real.length - 1] : real[pick.place])?.id
    }
    // "lanjutkan", the word of the "Lanjutkan: …" button, resumes the paused form.
    if (RESUME_WORDS.has(key) && menu.some((c) => c.id === 'g:resume')) return 'g:resume'
    // "mau", "ya", "boleh" after "Mau lanjut ke …?" with one job offered (and no officer offered): that job.
    if (this.bundle.commands.yes.has(key) && menu.some((c) => c.id === 'g:route') && !menu.some((c) => c.id === HANDOFF_CHOICE)) return 'g:route'
    return menu.find((c) => commandKey(c.label) === key)?.id
  }

  /** "gk dua2nya", "none of them" right after FAQ choices were offered, outside a form's question. */
  private noneOfTheChoices(): boolean {
    const menu = this.session?.menu
    if (!menu?.some((c) => c.id.startsWith('faq:')) || this.currentAsk()) return false
    const pick = readListPick(this.text, this.bundle.commands)
    return !!pick && 'none' in pick
  }

  /** A bare number that matches none of the choices last shown ("7" when there are 5). */
  private outOfRangeNumber(): boolean {
    const menu = this.session?.menu
    const key = commandKey(this.text)
    return !!menu && menu.length > 0 && /^\d{1,3}$/.test(key) && key !== '0' && !this.typedNumberIsAnswer()
  }

  /**
   * Typed numbers are answers, not menu picks, when the pending question asks for a number, a phone or a
   * text, or for several choices at once ("1, 3" is read by the multi-choice reader).
   */
  private typedNumberIsAnswer(): boolean {
    const step = this.currentAsk()
    return !!step && (step.ask === 'number' || step.ask === 'phone' || step.ask === 'text' || step.ask === 'multi')
  }

  /**
   * The confirmation owns this message, before any step's validation: yes deletes, no keeps; anything else keeps
   * the data too (said so), and the message is then handled as usual.
   */
  private handleDeleteConfirmation(choice: string | undefined): boolean {
    const pressed = this.inbound.choice ?? (choice?.startsWith('g:confirm:') ? choice : undefined)
    // "mau tanya aja, …?" is a question, not a yes: the data is kept and the question answered as usual.
    const answer = !pressed && this.typedQuestion() ? 'unclear' : readConfirmation(this.text, pressed, this.confirmChoices(), this.bundle.commands, 'g:confirm:yes', 'g:confirm:no')
    delete this.s.confirm
    const yes = answer === 'yes'
    const no = answer === 'no'
    if (!yes && !no) this.say('delete.cancelled')
    if (yes) {
      const userKey = userKeyOf(this.inbound)
      this.effects.push({
        type: 'deleteUserData',
        userKey,
        critical: true,
        failReplies: [this.reply('store.failed')],
      })
      const lang = this.lang
      this.session = null
      this.replies.push({ text: renderText(this.bundle, lang, 'delete.done'), key: 'delete.done' })
      return true
    }
    if (no) {
      this.say('delete.cancelled')
      this.repromptOrMenu({ quiet: true })
      return true
    }
    return false
  }

  /** A person in danger: the help for their situation first, then an officer, never the generic menu. */
  private handleCrisis(): boolean {
    // A danger told in short pieces ("sy di hk" / "majikan" / "mukul") is read from the pieces together.
    const inBurst = this.startedInForm ? undefined : crisisInBurst(this.bundle, this.s.burst, this.text, this.inbound.now)
    const detected = agreedCrisis(this.bundle, this.text, this.bundle.crisis.detect(this.text) ?? this.crisisInClause() ?? crisisBesideQuestion(this.bundle, this.text) ?? inBurst)
    if (!detected && commandKey(this.text) !== 'tolong') return this.handleMedical()
    // A general danger that is a medical urgency ("sesak napas", "my friend fainted, not breathing well"): the medical
    // help, as when no phrase is found; the general emergency block says nothing of a doctor.
    if (detected?.category === 'danger' && this.handleMedical()) return true
    // "iya, disuruh tf ke rek sponsornya" at a yes/no question: the answer with details. Only a crisis phrase (a
    // danger stated in words) interrupts it, not the classifier's guess from the details.
    if (detected?.phrase.startsWith('(classifier') && this.currentAsk()?.ask === 'yesno' && readYesNoWords(this.text, this.bundle.commands)) return false
    // "0813 9988 7766 (hp suami)" at the phone question: the number with whose phone it is, not a phone taken away.
    if (detected?.phrase.startsWith('(classifier') && this.currentAsk()?.ask === 'phone' && PHONE_DIGITS.test(this.text)) return false
    // "jadi ilegal ya? … bsk adik sy mau serahin paspor": a passport about to be handed over (a warning sign whose
    // `calms` names the category, content/redflag-cues.yaml) is no passport taken; only a crisis phrase interrupts
    // the answer (blind tester B, b-30).
    if (detected?.phrase.startsWith('(classifier') && this.bundle.redflags?.calms(this.text, detected.category)) return false
    this.event('emergency', undefined, undefined, detected?.category ?? 'danger')
    if (detected) this.burstDone = true
    // Answer in the language of the cry for help, even when the session speaks the other one.
    const lang = this.replyLang()
    const context = this.helpContext()
    // "gaji sy … gmn mbak? sy takut ngomong ke majikan": the writer's own wages, "mbak" is the reader, not a sister.
    let crisis = detected?.about === 'other' && hasCue(this.bundle, this.text, 'self') ? { ...detected, about: 'self' as const } : detected
    // "my brother in malaysia, we lost contact": the family writes about the worker, though "we" is the subject.
    if (crisis?.about === 'self' && hasCue(this.bundle, this.text, 'other')) crisis = { ...crisis, about: 'other' }
    // "I'm a case worker in Singapore, my client…": the writer helps the worker; the help is written for them.
    const words = followUpWords(this.bundle)
    const helper = !!crisis && writesAsHelper(words, this.text)
    if (crisis && helper) crisis = { ...crisis, about: 'other' }
    // Who is in danger, read again: the writer among those locked in with a friend ("…, kita dikunci"), the crew
    // member who said he is at sea; a relative's words ("dia bilang …, katanya …") after the relative was named.
    else if (crisis && !hasCue(this.bundle, this.text, 'self') && !hasCue(this.bundle, this.text, 'other')) {
      crisis = rereadCrisis(this.bundle, this.text, crisis, { writerThere: this.s.where?.self === true && !this.relativeBefore(), relativeBefore: this.relativeBefore() || context?.about === 'other' })
    }
    // "sy di penampungan", "aku di rumah sponsor", "sy udah pulang", "sy di cilacap": in Indonesia (content/abroad.yaml
    // `in_indonesia`, a town of regions.csv), unless the message itself reads a place abroad where someone is: a place
    // named only as where they will go or were ("mau berangkat ke hongkong", "dulu dijual ke kamboja") does not count.
    const inHome = !!crisis && inIndonesiaNow(this.bundle, this.text, !!this.stated, crisis.place)
    if (crisis && inHome) crisis = { ...crisis, place: 'indonesia' }
    // "we are locked in a house in erbil": a cry for help that names one place abroad, without "I am in", is there.
    if (crisis && !inHome && crisis.place !== 'indonesia' && !this.where() && !context) {
      const named = placeNamed(this.bundle, this.text)
      if (named) this.s.where = { place: named.id, at: this.inbound.now }
    }
    // In help mode, another person's danger in another country ("my sister is locked in by her employer in hong kong"
    // after the writer's own in Malaysia): the help names where she is, not the writer's country.
    if (crisis && !inHome && context && crisis.about !== context.about && crisis.place !== 'indonesia') {
      const named = placeNamed(this.bundle, this.text)
      if (named && named.id !== this.s.where?.place) this.s.where = { place: named.id, at: this.inbound.now }
    }
    // "majikan mukul sy terus, sy mau pulang kampung": wanting to go home is no sign of being there (both blocks).
    if (crisis && !inHome && crisis.place === 'indonesia' && hasCue(this.bundle, this.text, 'go_home') && !inIndonesia(this.bundle, this.text)) {
      crisis = { ...crisis, place: 'unknown' }
    }
    const where = inHome ? undefined : this.where()
    if (crisis && where && crisis.place === 'unknown') crisis = { ...crisis, place: 'abroad' }
    // "sy orang indonesia, skrg di riyadh": the place stated in this message is where the person is.
    if (crisis && this.stated && crisis.place === 'indonesia') crisis = { ...crisis, place: 'abroad' }
    // "PT X nahan ijazah sama ktp sy, ga dikasih balik kalo ga bayar 5jt ganti rugi": documents held at home with
    // money asked for them, no danger said: a complaint, in one calm message (blind tester A, A-5).
    if (crisis && !context && !where && !this.s.handoff && documentsHeldAtHome(this.bundle, this.text, crisis)) return this.answerDocumentsAtHome(crisis.place, lang)
    if (crisis && context) {
      const same = sameSituation(this.bundle, this.text, crisis, context)
      this.selfHarmGuess = same.selfHarmGuess === true
      this.guessedDanger = crisis.phrase.startsWith('(classifier')
      crisis = same
    }
    // In help mode, a cry of the general kind again ("dia gedor2 pintu", "tolong kak"), or a plan to climb out of a
    // window ("aku mau kabur lewat jendela"): the answer to what the message adds, never the whole block again.
    // ("tolong" alone stays the emergency command: its block again.)
    const generalAgain = crisis?.category === 'danger' && crisis.about === context?.about && wordCount(this.text) > 1
    if (context && crisis && crisis.category !== 'self_harm' && context.category !== 'self_harm' && !this.s.handoff && !this.atFreeTextStep() && (generalAgain || (hasCue(this.bundle, this.text, 'window_escape') && !hasCue(this.bundle, this.text, 'injured')))) {
      const place = crisis.place !== 'unknown' ? crisis.place : context.place
      return this.answerFollowUp({ ...context, place: where ? 'abroad' : place }, lang, true)
    }
    // "hp sy mau diambil juga" in help mode, no passport named: what to do before the phone is gone, not the whole
    // held-documents block again with the passport FAQ (blind tester C, c02).
    if (context && crisis?.category === 'documents_taken' && context.about === 'self' && crisis.about === 'self' && !this.s.handoff && !this.atFreeTextStep() && hasCue(this.bundle, this.text, 'phone_taken') && !hasCue(this.bundle, this.text, 'passport_words')) {
      this.s.crisis = { ...context, at: this.inbound.now }
      this.push({ text: renderText(this.bundle, lang, 'crisis.follow.phone_only'), key: 'crisis.follow.phone_only' }, this.helpChoices(lang))
      return true
    }
    // "my phone was taken, I'm using a friend's phone" in help mode: short, for a borrowed phone, not the held-documents
    // block of a new crisis.
    // Wages unpaid told in help mode abroad ("majikan ga bayar gaji sy" read as deprivation): the wages answer.
    const wagesNow = crisis?.category === 'deprivation' && context && context.place !== 'indonesia' && hasCue(this.bundle, this.text, 'wages')
    if (context && context.category !== 'self_harm' && !this.s.handoff && !this.atFreeTextStep() && (wagesNow || (crisis?.category === 'documents_taken' && readFollowUp(words, this.text, context).includes('borrowed')))) {
      return this.answerFollowUp(context, lang, true)
    }
    // Abroad, hiding or the attacker armed now ("aku ngumpet di kamar mandi, dia bawa pisau"), whatever kind it reads
    // as (the general "danger" too): the short answer for where they are, not the general emergency block.
    if (crisis && context && crisis.category !== 'self_harm' && !this.s.handoff && !this.atFreeTextStep()) {
      const abroad = crisis.place === 'abroad' || (crisis.place === 'unknown' && (context.place === 'abroad' || !!where))
      const here: CrisisContext = { ...context, place: 'abroad' }
      if (abroad && this.hidingNow(here)) return this.answerFollowUp(here, lang, true)
    }
    // In a shelter in Indonesia, paying to leave or going home ("kalau mau pulang disuruh bayar ganti rugi 12 juta")
    // read as the same danger again: the going-home answer, not the danger's next step.
    if (crisis && context?.place === 'indonesia' && context.about === 'self' && crisis.about === 'self' && !this.stated && !this.s.handoff && readAbroadAsk(this.bundle, this.text, false, false).home) return this.answerHomeInIndonesia(context)
    if (crisis && context && this.bundle.texts.id.has(`crisis.intro.${crisis.category}`)) {
      // The same situation told again or with more details: what is new is answered, nothing repeated.
      const place = crisis.place !== 'unknown' ? crisis.place : context.place
      if (crisis.category === context.category && (crisis.about === context.about || crisis.about === 'other')) {
        if (!this.s.handoff && !this.atFreeTextStep()) return this.answerFollowUp({ ...context, place }, lang, true)
      }
      crisis = { ...crisis, place }
    }
    // Help mode follows a situation the assistant answered as such; "tolong" alone too, as a general danger.
    if (crisis && this.bundle.texts.id.has(`crisis.intro.${crisis.category}`)) {
      this.s.crisis = { category: crisis.category, about: crisis.about, place: crisis.place, at: this.inbound.now, ...(crisis.category === 'deprivation' && hasCue(this.bundle, this.text, 'food') ? { food: true } : {}) }
    } else this.s.crisis = { category: 'danger', about: crisis?.about ?? 'self', place: where ? 'abroad' : (crisis?.place ?? 'unknown'), at: this.inbound.now }
    if (context?.line !== undefined) this.s.crisis.line = context.line
    // "sy istrinya di indonesia": a relative at home writes (their follow-ups are answered for the family).
    if (this.s.crisis.about === 'other' && (context?.writer === 'home' || writesFromHome(words, this.text))) this.s.crisis.writer = 'home'
    // Help mode with the country's numbers already shown (they were given with the first answer there).
    const shown = this.s.where?.shown
    // (For the same person: "my sister is locked in …" after the writer's own danger gets the whole help for her.)
    const placeGiven = !!where && !!context && context.about === crisis?.about && shown !== undefined && this.inbound.now - shown <= HELP_MODE_MS
    let replies = crisisReplies(this.bundle, lang, crisis, { where, text: this.text, placeGiven })
    if (helper && crisis?.about === 'other') replies = this.forHelper(replies, lang, where)
    // Help mode, a new kind of danger whose answer would be its first line alone (a mother's "dia msh bisa telp kok,
    // cuma ga dibolehin pulang" after the passport held: the numbers there were given already): what the message
    // adds is answered as a follow-up, never a first line with nothing under it (blind tester B, B-19).
    if (context && !this.s.handoff && !this.atFreeTextStep() && replies.every((r) => introOnly(r.key))) {
      return this.answerFollowUp({ ...context, category: this.s.crisis.category, about: this.s.crisis.about, place: this.s.crisis.place }, lang, true)
    }
    if (where && this.s.where && replies.some((r) => r.key?.startsWith('abroad.block'))) this.s.where.shown = this.inbound.now
    if (crisis && crisis.place !== 'indonesia' && hasCue(this.bundle, this.text, 'phone_taken')) replies.push(...abroadReplies(this.bundle, lang, where, { stated: false, phone: true, home: false, contacts: false }))
    if (this.s.handoff) {
      // With a case open an officer already reads along (the message went to the case): the help in one message,
      // no offer, no menu.
      this.push({ text: replies.map((r) => r.text).join('\n\n'), ...(replies[0]?.key ? { key: replies[0].key } : {}) })
      return true
    }
    for (const reply of replies) this.push(reply)
    // "majikan mukul aku, aku di hk. aku boleh kabur ga?": how to leave safely, after the help.
    if (crisis && crisis.about === 'self' && crisis.category !== 'self_harm' && hasCue(this.bundle, this.text, 'run_away')) {
      const key = leaveKey(crisis.place)
      this.push({ text: renderText(this.bundle, lang, key, helpVars(this.bundle, lang, crisis.place, crisis.place !== 'indonesia' ? where : undefined)), key })
    }
    // "can someone call me back? my number is …": said plainly that nobody will, and the number is kept nowhere.
    if (asksCallBack(followUpWords(this.bundle), this.text)) {
      this.maskPhone = true
      this.say(callbackKey(crisis))
    }
    // An officer is offered only when one can be reached; otherwise the 24-hour line is the next step.
    const officers = this.options.handoff === true
    const choices: Choice[] = officers ? [{ id: HANDOFF_CHOICE, label: renderText(this.bundle, lang, 'crisis.handoff') }] : []
    // A story typed at a free-text step (the report's "what happened?") is kept as the answer; the form goes on.
    const at = this.atFreeTextStep()
    if (at && this.s.pos) {
      const offer = officers ? 'crisis.handoff_offer' : 'crisis.hotline_24h'
      this.push({ text: renderText(this.bundle, lang, offer), key: offer }, choices)
      this.say('form.kept_with_help')
      this.handleAnswer(this.s.pos, at, undefined)
      return true
    }
    const pos = this.s.pos
    if (pos && pos.flow !== MAIN_FLOW) {
      // The form is kept for later, as with "menu": offered back as "Lanjutkan …" (when it holds answers, or the
      // message came at one of its questions: it is never taken as the answer there).
      if (holdsAnswers(pos) || this.currentAsk()) this.s.paused = pos
      delete this.s.pos
    }
    if (this.s.paused) choices.push({ id: 'g:resume', label: renderText(this.bundle, lang, 'menu.resume', { title: this.flowTitle(this.s.paused.flow) }) })
    // A company named in the message ("… berangkat lewat PT Xyz …"): its check is offered too, never run instead.
    const plan = this.textPlan()
    const job = plan.kind === 'start' ? { flow: plan.flow, ...(plan.step ? { step: plan.step } : {}), answers: plan.answers } : plan.kind === 'faq' ? plan.offer : undefined
    const named = job && plan.kind !== 'menu' && (plan.entities.company || plan.entities.license) && job.flow !== HANDOFF_FLOW
    // The agency of the person in danger found in the registry: its status in one line, with the report to KP2MI
    // (never the agency check's warning-sign quiz in a crisis).
    const agency = named && job.flow === 'agency' ? this.agencyInCrisis(plan.entities.license ?? plan.entities.company ?? '', lang) : undefined
    if (agency) this.push({ text: renderText(this.bundle, lang, 'crisis.agency_status', agency), key: 'crisis.agency_status' })
    else if (named) {
      this.s.offer = job
      choices.push({ id: 'g:route', label: renderText(this.bundle, lang, 'route.offer_button', { title: this.flowTitle(job.flow) }) })
    }
    // The other question of the message ("…, trus gaji sy 3 bln blm dibayar gmn ngurusnya?"): answered after the help
    // when the FAQ is sure, its likely entries offered when it is not. Offered as a choice after self-harm (the calm
    // lines stay the last word) and when the help already said the same (unpaid wages where the country is known).
    const other = context ? undefined : crisisQuestion(this.bundle, this.text, crisis)
    const asked = other?.kind === 'answer' ? this.bundle.faq.byId.get(other.id) : undefined
    const said = replies.some((r) => r.key === `faq:${asked?.id}` || r.key === 'abroad.wages' || r.key === 'abroad.fees')
    if (asked && crisis?.category !== 'self_harm' && !said) {
      this.push(this.faqReply(asked, lang))
    } else if (asked) {
      this.push({ text: renderText(this.bundle, lang, 'crisis.also_asked', { title: faqTitle(asked, lang) }), key: 'crisis.also_asked' })
      choices.push({ id: `faq:${asked.id}`, label: faqTitle(asked, lang) })
    }
    const likely = other?.kind === 'likely' ? other.ids.map((id) => this.bundle.faq.byId.get(id)).filter((e) => e !== undefined) : []
    if (likely.length > 0) {
      this.push({ text: renderText(this.bundle, lang, 'crisis.also_asked_likely'), key: 'crisis.also_asked_likely' })
      choices.push(...likely.map((e) => ({ id: `faq:${e.id}`, label: faqTitle(e, lang) })))
    }
    choices.push({ id: 'g:menu', label: renderText(this.bundle, lang, 'menu.back_to_menu') })
    // The family writing from Indonesia ("adik sy di malaysia … sy di cilacap") calls from home: not the line "from abroad".
    const home = crisis?.about === 'other' && writesFromHome(words, this.text)
    const offer = officers ? 'crisis.handoff_offer' : where && !home ? 'abroad.hotline_24h' : 'crisis.hotline_24h'
    this.closeWith(offer, choices, lang)
    return true
  }

  /** The one registry entry a company named in a crisis message is (exact name or licence), with its status; else undefined. */
  private agencyInCrisis(named: string, lang: Lang): Record<string, string> | undefined {
    if (!this.bundle.agencies || !named) return undefined
    const check = checkAgency(this.bundle.agencies, companyPart(this.bundle, named), todayWib(this.inbound.now))
    const best = check.matches[0]
    if (!best || best.score < 1 || check.verdict === 'ambiguous' || check.verdict === 'not_found' || check.verdict === 'no_registry') return undefined
    return { agency_name: best.name, agency_status: renderText(this.bundle, lang, `agency.status.${best.status}`), as_of: check.as_of ?? '' }
  }

  /**
   * A danger the detector states in one clause of a message that would start a form or answer "which company?"
   * ("… agency take 3 month salary. also my employer sometime slap my face when she angry, but i ok. is the deduction
   * legal?"): the emergency reading goes first, never "type the company name". Only a danger phrase of harm to the
   * body counts (HARM_IN_CLAUSE), not the classifier's guess from a clause: "paspor dipegang dia" before departure is
   * a warning sign the agency check answers, not an emergency.
   */
  private crisisInClause(): CrisisResult | undefined {
    // One clause (most messages) needs no routing: the split is the cheaper test, so it goes first.
    const clauses = this.text.split(/[,.;!?\n]+/u).map((c) => c.trim())
    if (clauses.length < 2) return undefined
    if (this.textPlan().kind !== 'start' && this.currentAsk()?.save !== AGENCY_QUERY) return undefined
    for (const clause of clauses) {
      if (wordCount(clause) < 3) continue
      const found = this.bundle.crisis.detect(clause)
      if (found && HARM_IN_CLAUSE.has(found.category) && !found.phrase.startsWith('(classifier')) return found
    }
    return undefined
  }

  /**
   * The help for a volunteer, case worker, lawyer or employer writing about a worker: who takes their complaint (in
   * place of "report it for them from Indonesia"), and the way home when the worker wants to go home.
   */
  private forHelper(replies: Reply[], lang: Lang, where: Place | undefined): Reply[] {
    const vars = helpVars(this.bundle, lang, 'abroad', where)
    const say = (key: string): Reply => ({ text: renderText(this.bundle, lang, key, vars), key })
    const out = replies.map((r) => (r.key === 'crisis.family_other' ? say('crisis.follow.helper') : r))
    if (hasCue(this.bundle, this.text, 'go_home')) out.splice(Math.min(out.length, 3), 0, say('crisis.follow.go_home_other'))
    return out
  }

  /**
   * "i am bleeding", "i need a doctor", "sesak napas" with no crisis answer before (help mode answers it itself):
   * medical help now, then help mode as for a general danger.
   */
  private handleMedical(): boolean {
    if (!this.text || this.s.handoff || this.helpContext() || this.atFreeTextStep() || !statesMedical(followUpWords(this.bundle), this.text)) return false
    this.event('emergency', undefined, undefined, 'medical')
    const lang = this.replyLang()
    const where = this.where()
    const place = where || mentionsAbroad(this.bundle, this.text) ? 'abroad' : 'unknown'
    this.s.crisis = { category: 'danger', about: 'self', place, at: this.inbound.now }
    const key = medicalKey(place, !!where)
    this.push({ text: renderText(this.bundle, lang, key, where ? placeVarsOf(this.bundle, lang, where) : {}), key })
    this.closeWith(this.options.handoff === true ? 'crisis.handoff_offer' : where ? 'abroad.hotline_24h' : 'crisis.hotline_24h', this.helpChoices(lang), lang)
    return true
  }

  /**
   * The last message of a help answer with its buttons. The 24-hour line is said once per help mode, then only when
   * asked for a number (src/engine/help-mode-turns.ts): otherwise the buttons go with the last message.
   */
  private closeWith(key: string, choices: Choice[], lang: Lang): void {
    const crisis = this.session?.crisis
    const hotline = key === 'abroad.hotline_24h' || key === 'crisis.hotline_24h'
    const last = this.replies[this.replies.length - 1]
    if (hotline && last && lineGiven(crisis, this.inbound.now) && !asksForLine(this.bundle, this.text, readFollowUp(followUpWords(this.bundle), this.text, crisis!))) {
      last.choices = choices
      this.shown = choices
      return
    }
    this.push({ text: renderText(this.bundle, lang, key), key }, choices)
    if (hotline && crisis) crisis.line = this.inbound.now
  }

  /** Help mode: the message asks for something in particular (`FollowUpKind`s): its answer may be given again. */
  private followUpAsked = false

  /** Help mode: the classifier guessed self-harm in a detail of another situation (one line about online help). */
  private selfHarmGuess = false

  /** Help mode: the danger in this message is only the classifier's guess ("I want my passport back"), no phrase. */
  private guessedDanger = false

  /** The place this message states ("sy di kamboja"), read once. */
  private stated?: Place

  /** Remembers where the user said they are (content/abroad.yaml), for the rest of the session. */
  private noteWhere(): void {
    if (!this.text || this.inbound.choice) return
    this.stated = placeStated(this.bundle, this.text)
    // "tolong" / "aku" / "di" / "kamboja": in help mode, the place the pieces of a burst state together.
    const pieces = burstTexts(this.session?.burst, this.inbound.now)
    if (!this.stated && !this.s.where && pieces.length > 0 && isFragment(this.text) && this.helpContext()) this.stated = placeStated(this.bundle, [...pieces, this.text].join(' '))
    if (this.stated && this.stated.id !== this.s.where?.place) this.s.where = { place: this.stated.id, at: this.inbound.now }
    // Who said where they are: the writer themselves ("saya ABK …, sekarang di laut"), not a relative's place.
    const relative = namesRelative(this.bundle, this.text)
    if (this.stated && this.s.where && !relative && statesSelf(this.bundle, this.text)) this.s.where.self = true
    if (relative) this.s.relative = this.inbound.now
  }

  /** The writer named a relative of theirs earlier in this conversation (within help mode's time). */
  private relativeBefore(): boolean {
    const at = this.session?.relative
    return at !== undefined && this.inbound.now - at <= HELP_MODE_MS && this.inbound.now >= at
  }

  /** Where the user is abroad, when they said so in this session. */
  private where(): Place | undefined {
    const id = this.session?.where?.place
    return id ? this.bundle.abroad?.places.get(id) : undefined
  }

  /**
   * Someone abroad: in help mode, where they are, what to do before the phone is taken, going home, and who to
   * call there (also outside help mode once the country is known, and in place of a pre-departure form).
   */
  private handleAbroad(): boolean {
    if (this.s.handoff || !this.text || !this.bundle.abroad) return false
    const help = this.helpContext()
    const pos = this.s.pos
    const preDeparture = !!pos && PRE_DEPARTURE_FLOWS.has(pos.flow)
    if (pos && pos.flow !== MAIN_FLOW && !preDeparture) return false
    const kinds = help ? readFollowUp(followUpWords(this.bundle), this.text, help) : []
    // In help mode, a number asked for the mission of a place the message names ("ok how he can contact KDEI?" for a
    // husband in Taiwan): that place's numbers, not "I do not have checked numbers" (blind tester B, B-20).
    if (help && help.about === 'other' && help.place !== 'indonesia' && !this.where() && kinds.includes('numbers')) {
      // Or the one place the earlier messages named ("my husband work in Taiwan factory, …").
      const named = placeNamed(this.bundle, this.text) ?? [...(this.session?.recent ?? [])].reverse().map((t) => placeNamed(this.bundle, t)).find((p) => p !== undefined)
      if (named) this.s.where = { place: named.id, at: this.inbound.now }
    }
    const where = this.where()
    // What help mode already answers (a plan, "it's me", no credit, a call back) stays its own.
    if (kinds.some((k) => k !== 'numbers' && k !== 'ack')) return false
    // The mission's numbers are given where the facts have them; otherwise "not guessed" (crisis.follow.numbers).
    const numbers = kinds.includes('numbers') && !!where && where.hotline.length > 0
    // "sy di kamboja" alone (from the person in danger): their country's numbers; details about someone stay details.
    const stated = !!this.stated && help?.about !== 'other' && wordCount(this.text) <= LOCATED_WORDS
    const ask = readAbroadAsk(this.bundle, this.text, stated, numbers)
    // In help mode for someone in Indonesia (a shelter, a sponsor's house): never the help for abroad (KBRI, SPLP);
    // going home, or paying to leave, gets its own answer.
    if (help?.place === 'indonesia' && !this.stated) return ask.home && help.about === 'self' ? this.answerHomeInIndonesia(help) : false
    if (help) {
      // After self-harm, where the person says they are is part of what they tell: help mode answers it (the online line).
      if (ask.stated && !numbers && this.bundle.crisis.keepsKind.includes(help.category)) return false
      if (!ask.stated && !ask.phone && !ask.home && !(ask.contacts && where && !kinds.includes('numbers')) && !numbers) return false
      // Asked for a number the facts do not have: said honestly, with where to find it.
      if (kinds.includes('numbers') && !numbers) ask.unknownNumber = true
    } else if (!(where && ask.contacts) && !(this.stated && preDeparture && !RUPIAH_SUM.test(this.text))) return false
    return this.answerAbroad(where, undefined, ask)
  }

  /**
   * "Hello I am Filipino working in Hong Kong, … can you help me check my agency?": who this assistant is for (FAQ
   * `bukan-wni`: its rules, offices and numbers are for Indonesians; ask your own government), not the Indonesian
   * consulate as if it were theirs (blind tester B, B-23). Outside forms and help mode.
   */
  private answerNotIndonesian(): boolean {
    if (!this.text || this.s.handoff || this.inFlow() || this.helpContext() || !hasCue(this.bundle, this.text, 'not_indonesian')) return false
    const entry = this.bundle.faq.byId.get('bukan-wni')
    if (!entry) return false
    // Its answer alone (answerFaq would add the Indonesian mission of the place named).
    this.event('faq_answered', undefined, undefined, entry.id)
    const lang = this.replyLang()
    this.push(this.faqReply(entry, lang), [...faqFollowups(this.bundle, entry, lang), { id: 'g:menu', label: renderText(this.bundle, lang, 'menu.back_to_menu') }])
    return true
  }

  /** In Indonesia, asked to pay to leave or wanting to go home ("kalau mau pulang disuruh bayar ganti rugi 12 juta"). */
  private answerHomeInIndonesia(help: CrisisContext): boolean {
    const lang = this.replyLang()
    this.event('emergency', undefined, undefined, 'follow_up:go_home_indonesia')
    this.s.crisis = { ...help, at: this.inbound.now }
    this.push({ text: renderText(this.bundle, lang, 'crisis.follow.go_home_indonesia'), key: 'crisis.follow.go_home_indonesia' }, this.helpChoices(lang))
    return true
  }

  /** The answer for someone abroad, then an officer (or the number that works from abroad); no form resumed. */
  private answerAbroad(where: Place | undefined, lead?: string, ask?: ReturnType<typeof readAbroadAsk>): boolean {
    const lang = this.replyLang()
    const pos = this.s.pos
    if (pos && PRE_DEPARTURE_FLOWS.has(pos.flow)) delete this.s.pos
    this.event('emergency', undefined, undefined, `abroad:${where?.id ?? 'unknown'}`)
    if (lead && where) this.push({ text: renderText(this.bundle, lang, lead, placeVarsOf(this.bundle, lang, where)), key: lead })
    const asked = ask ?? readAbroadAsk(this.bundle, this.text, false, false)
    for (const reply of abroadReplies(this.bundle, lang, where, lead ? { ...asked, stated: false } : asked)) this.push(reply)
    if (where && this.s.where && this.replies.some((r) => r.key?.startsWith('abroad.located') || r.key?.startsWith('abroad.contacts'))) this.s.where.shown = this.inbound.now
    if (this.helpContext()) this.s.crisis = { ...this.s.crisis!, place: 'abroad', at: this.inbound.now }
    const choices: Choice[] = this.options.handoff === true ? [{ id: HANDOFF_CHOICE, label: renderText(this.bundle, lang, 'crisis.handoff') }] : []
    choices.push({ id: 'g:menu', label: renderText(this.bundle, lang, 'menu.back_to_menu') })
    const offer = this.options.handoff === true ? 'crisis.handoff_offer' : 'abroad.hotline_24h'
    this.closeWith(offer, choices, lang)
    return true
  }

  /**
   * The writer's documents held at home with money asked to give them back (src/engine/documents-home.ts): that it is
   * a warning sign and where to complain, in one message (without the abroad numbers when they are in Indonesia). A
   * story typed at a form's free-text question is kept and the form goes on; at another question it is asked again;
   * outside a form the report is offered (it takes this message as its story). The held-documents FAQ is not said
   * again by the form.
   */
  private answerDocumentsAtHome(place: 'abroad' | 'indonesia' | 'unknown', lang: Lang): boolean {
    this.event('faq_answered', undefined, undefined, 'documents_home')
    const key = documentsHomeKey(this.bundle, this.text, place === 'indonesia')
    const reply: Reply = { text: renderText(this.bundle, lang, key), key }
    const pos = this.s.pos
    if (pos && pos.flow !== MAIN_FLOW) {
      const said = Array.isArray(pos.answers[WARNED_KEY]) ? (pos.answers[WARNED_KEY] as string[]) : []
      if (!said.includes(DOCUMENTS_FAQ)) pos.answers[WARNED_KEY] = [...said, DOCUMENTS_FAQ]
      const at = this.atFreeTextStep()
      if (at) {
        this.push(reply)
        this.handleAnswer(pos, at, undefined)
        return true
      }
      if (this.currentAsk()) {
        this.push(reply)
        this.reprompt({ intro: this.t('flow.continue') })
        return true
      }
    }
    this.s.offer = { flow: REPORT_FLOW, answers: {} }
    const title = this.flowTitle(REPORT_FLOW)
    this.push(reply, [
      { id: 'g:route', label: renderText(this.bundle, lang, 'route.offer_button', { title }) },
      { id: 'g:menu', label: renderText(this.bundle, lang, 'menu.back_to_menu') },
    ])
    return true
  }

  /** The pending question takes the user's own words (a story), and this message is more than "tolong". */
  private atFreeTextStep(): AskStep | undefined {
    const step = this.currentAsk()
    const pos = this.session?.pos
    if (!step || !pos || pos.flow === MAIN_FLOW || !keepsTypedText(step) || commandKey(this.text) === 'tolong') return undefined
    return step
  }

  /** An FAQ answer, in its version for readers abroad (`abroad_answer`) when the reader is abroad now. */
  private faqReply(entry: FaqEntry, lang: Lang = this.lang): Reply {
    return faqAnswer(this.bundle, entry, lang, this.readerAbroad())
  }

  /** The reader is abroad now: help mode for their own situation abroad, or outside help mode a place of their own said. */
  private readerAbroad(): boolean {
    const context = this.helpContext()
    if (context) return context.place === 'abroad' && context.about === 'self'
    return this.s.where?.self === true && !!this.where()
  }

  /** The crisis this conversation is helping with, while help mode lasts. */
  /**
   * Safe now, then going home asked ("skrg di kbri kuwait. aman" → "sy mau pulang aja ke indo. biayanya sy yg
   * bayar?"): the going-home help for where they are, once, without the danger steps (blind tester C, C-12).
   */
  private answerHomeAfterSafe(): boolean {
    const paused = this.session?.crisisPaused
    if (!paused?.safe || this.session?.crisis || paused.about !== 'self' || paused.place === 'indonesia') return false
    if (this.inbound.now - paused.at > HELP_MODE_MS || this.inbound.now < paused.at) return false
    if ((this.s.pos && this.s.pos.flow !== MAIN_FLOW) || !hasCue(this.bundle, this.text, 'go_home')) return false
    const lang = this.replyLang()
    const vars = helpVars(this.bundle, lang, 'abroad', this.where())
    const keys = hasCue(this.bundle, this.text, 'trip_cost') ? ['abroad.go_home_cost', 'abroad.go_home'] : ['abroad.go_home']
    this.event('emergency', undefined, undefined, 'follow_up:home_after_safe')
    keys.forEach((key, i) => this.push({ text: renderText(this.bundle, lang, key, vars), key }, i === keys.length - 1 ? this.helpChoices(lang) : undefined))
    return true
  }

  /**
   * "majikan mukul sy" → "menu" → "sy msh takut": the danger did not end with the menu. Within help mode's time of
   * the crisis answer, a message of fear (or "tadi kepencet") brings the same situation back (blind tester C c88, c73).
   */
  private resumeHelpMode(): void {
    const paused = this.session?.crisisPaused
    if (!paused || this.session?.crisis) return
    if (this.inbound.now - paused.at > HELP_MODE_MS || this.inbound.now < paused.at) {
      delete this.s.crisisPaused
      return
    }
    if (this.s.pos && this.s.pos.flow !== MAIN_FLOW) return
    if (paused.safe || !backToHelp(this.bundle, this.text)) return
    this.s.crisis = { ...paused, at: this.inbound.now }
    delete this.s.crisisPaused
  }

  private helpContext(): CrisisContext | undefined {
    const c = this.session?.crisis
    if (!c) return undefined
    if (this.inbound.now - c.at > HELP_MODE_MS || this.inbound.now < c.at) {
      delete this.s.crisis
      return undefined
    }
    return c
  }

  /**
   * Help mode: outside a form, a message after a crisis answer is read as part of that situation (details, a
   * correction, a plan, a question about numbers), never as an agency name or an unanswered question. A question
   * the FAQ answers with confidence still gets its answer.
   */
  private handleHelpMode(): boolean {
    const context = this.helpContext()
    if (!context || this.s.handoff || (this.s.pos && this.s.pos.flow !== MAIN_FLOW) || !this.text) return false
    const kinds = readFollowUp(followUpWords(this.bundle), this.text, context)
    // "not in danger, I just want to know…": help mode ends; the message is read as usual.
    if (!kinds.includes('safe') && hasCue(this.bundle, this.text, 'safe_now')) {
      delete this.s.crisis
      return false
    }
    // "no no I'm fine, forget it. what is the minimum wage?": one kind line (after self-harm, where help is if the
    // thoughts come back), help mode ends and the question is answered as usual.
    if (hasCue(this.bundle, this.text, 'fine') && asksQuestion(this.bundle, this.text)) {
      const lang = this.replyLang()
      const key = context.category === 'self_harm' ? 'crisis.follow.fine_then' : 'crisis.follow.fine_then_general'
      this.push({ text: renderText(this.bundle, lang, key), key })
      delete this.s.crisis
      return false
    }
    if (kinds.length === 0) {
      const plan = this.textPlan()
      // "majikan" in the middle of "tlg" / "sy di hk" / "majikan" / "mukul": a piece of the story, not a greeting.
      if (plan.kind === 'command' && plan.command === 'greeting' && wordCount(this.text) <= 2 && this.goOnInHelpMode()) return true
      // Someone abroad in danger never gets pre-departure content (the red-flag quiz, "jangan berangkat"): the message
      // is part of their situation (blind tester C, c60: "kbri mana yg harus sy hubungi? myanmar atau thailand?").
      const abroadNow = context.about === 'self' && (context.place === 'abroad' || !!this.where())
      const preDeparture = plan.kind === 'start' ? PRE_DEPARTURE_FLOWS.has(plan.flow) : plan.kind === 'faq' && !!this.bundle.redflags?.statedWarning(this.text)
      const stay = abroadNow && preDeparture && !(plan.kind === 'start' && plan.entities.license) && !COMPANY_MARK.test(this.text)
      if (!stay && plan.kind === 'start' && (plan.flow !== 'agency' || plan.entities.license || COMPANY_MARK.test(this.text))) return false
      // A clear new question or request ("kalau mau jadi TKI legal gmn caranya", "kak mau nanya dong"): answered as usual.
      if (!stay && plan.kind !== 'start') {
        const { found } = searchFollowUp(this.bundle.faq.index, this.text, this.s.topic, this.inbound.now)
        // After self-harm only a clear new question leaves ("majikan galak banget" stays with the person).
        const keeps = this.bundle.crisis.keepsKind.includes(context.category)
        if ((found.kind === 'answer' && !keeps) || leavesHelpMode(this.bundle, this.text, plan, found, context)) return false
      }
    }
    const lang = this.replyLang()
    const place = context.place === 'abroad' || mentionsAbroad(this.bundle, this.text) ? 'abroad' : context.place
    this.answerFollowUp({ ...context, place }, lang)
    return true
  }

  /**
   * Help mode, news that all is well after all ("alhamdulillah udah ada kabar, hp nya rusak", "it's not an emergency,
   * she is safe, just the salary"): help mode ends with a kind line instead of the danger steps again. What else the
   * message asks ("just the salary") is read as usual, without the words of the news (`this.text` becomes the rest,
   * false); nothing else: a warm close with the menu (true: the turn ends).
   */
  private allClear(): boolean {
    const context = this.helpContext()
    if (!context || this.s.handoff || this.inFlow() || !this.text) return false
    if (readFollowUp(followUpWords(this.bundle), this.text, context).includes('safe')) return false
    const clear = hasCue(this.bundle, this.text, 'all_clear') || (context.about === 'other' && hasCue(this.bundle, this.text, 'not_in_danger'))
    if (!clear) return false
    // "majikan saya baik kok, tapi anaknya suka nampar": a danger told after "but" is no all-clear.
    const told = abroadTokens(this.text)
    const turn = told.findIndex((_, i) => i > 0 && saysCue(this.bundle, told.slice(i, i + 1), 'contrast'))
    if (turn > 0 && this.bundle.crisis.detect(told.slice(turn + 1).join(' '))) return false
    delete this.s.crisis
    const lang = this.replyLang()
    const rest = withoutCue(this.bundle, withoutCue(this.bundle, abroadTokens(this.text), 'all_clear'), 'not_in_danger').join(' ')
    const found = wordCount(rest) >= 2 ? this.bundle.faq.index.search(rest) : undefined
    if (found && found.kind !== 'none') {
      this.push({ text: renderText(this.bundle, lang, 'crisis.follow.all_clear_then'), key: 'crisis.follow.all_clear_then' })
      this.text = rest
      return false
    }
    this.push({ text: renderText(this.bundle, lang, 'crisis.follow.all_clear'), key: 'crisis.follow.all_clear' }, [{ id: 'g:menu', label: renderText(this.bundle, lang, 'menu.back_to_menu') }])
    return true
  }

  /**
   * Afraid that reporting brings deportation or arrest, no danger stated ("they will deport me if i report?", "kalo sy
   * lapor nanti dideportasi gk?"), outside help mode: said honestly (no promise), where workers and families complain
   * (KBRI/KJRI, KP2MI), that no papers take no right to help away, and TOLONG for a danger now. Not help mode.
   */
  private answerReportFear(): boolean {
    if (!this.text || this.s.handoff || this.inFlow() || this.helpContext()) return false
    if (!hasCue(this.bundle, this.text, 'arrest') || !hasCue(this.bundle, this.text, 'report')) return false
    if (this.bundle.crisis.detect(this.text)) return false
    const lang = this.replyLang()
    this.push({ text: renderText(this.bundle, lang, 'crisis.follow.report_fear'), key: 'crisis.follow.report_fear' }, [{ id: 'g:menu', label: renderText(this.bundle, lang, 'menu.back_to_menu') }])
    this.maybeDanger = false
    return true
  }

  /**
   * Arrested or held already ("kak sy ditangkep polisi diraja malaysia td pagi pas razia, skrg di lokap", "my brother
   * was arrested by police in johor"): the writer says they are Indonesian, asks for the mission and signs nothing they
   * do not understand; a relative reports with the name and the place. Never the violence or sexual-violence texts, and
   * never "call the police" to someone the police hold (blind tester C, C-8). Help mode starts (a general danger).
   */
  private answerDetained(): boolean {
    if (!this.text || this.s.handoff || this.inFlow()) return false
    if (!hasCue(this.bundle, this.text, 'detained') || hasCue(this.bundle, this.text, 'detained_not')) return false
    // A beating or a rape told with it ("ditangkap lalu dipukul") is answered as that danger.
    const found = this.bundle.crisis.detect(this.text)
    if (found && !found.phrase.startsWith('(classifier') && (found.category === 'self_harm' || (found.category === 'violence' && !/\bpolis|police/i.test(this.text)))) return false
    const other = found?.about === 'other' || hasCue(this.bundle, this.text, 'family')
    const named = placeNamed(this.bundle, this.text)
    if (named) this.s.where = { place: named.id, at: this.inbound.now }
    const where = this.where()
    const place = where ? 'abroad' : inIndonesia(this.bundle, this.text) ? 'indonesia' : 'unknown'
    const lang = this.replyLang()
    const key = other ? 'crisis.detained_other' : 'crisis.detained'
    this.burstDone = true
    return this.startHelpWith(key, lang, 'detained', { category: 'danger', about: other ? 'other' : 'self', place }, helpVars(this.bundle, lang, place, where))
  }

  /**
   * At an airport in Indonesia before leaving, sent to work on a tourist or visit visa ("kak sy skrg di bandara soetta,
   * sponsor nyuruh sy berangkat ke dubai pake visa turis"): she is still in Indonesia. Do not board, the airport police
   * or immigration now, police 110 and 0800-1000; never the contacts of the country she is sent to (blind tester C,
   * C-4). Help mode starts for a trafficking danger in Indonesia.
   */
  private answerAirportDeparture(): boolean {
    if (!this.text || this.s.handoff || this.inFlow()) return false
    if (!hasCue(this.bundle, this.text, 'sent_on_visit_visa') || !hasCue(this.bundle, this.text, 'sent_to_work')) return false
    const atHome = hasCue(this.bundle, this.text, 'airport_home')
    if (!atHome && !(hasCue(this.bundle, this.text, 'airport') && !hasCue(this.bundle, this.text, 'airport_abroad') && !this.stated)) return false
    const lang = this.replyLang()
    this.burstDone = true
    delete this.s.where
    return this.startHelpWith('crisis.airport_departure', lang, 'airport_departure', { category: 'trafficking', about: 'self', place: 'indonesia' })
  }

  /**
   * Stranded at an airport, outside help mode ("sy di bandara soekarno hatta, agen gak jemput, tiket pulang gak ada",
   * "im stuck at KL airport, agent not answer, immigration hold me"): in Indonesia KP2MI and BP3MI/P4MI, abroad the
   * mission there and KP2MI from abroad, stay in the terminal; help mode starts, so that "duit tinggal 50rb" or
   * "where can i sleep tonight" are read as part of it (blind tester C, c14, c15).
   */
  private answerStranded(): boolean {
    if (!this.text || this.s.handoff || this.inFlow() || this.helpContext()) return false
    if (!hasCue(this.bundle, this.text, 'airport') || !hasCue(this.bundle, this.text, 'stranded')) return false
    // "sy di bandara jeddah, kabur dr majikan" or a beating: that danger's help comes first (handleCrisis).
    const found = this.bundle.crisis.detect(this.text)
    if (found && found.category !== 'danger') return false
    const home = hasCue(this.bundle, this.text, 'airport_home') || (inIndonesia(this.bundle, this.text) && !this.stated)
    const where = home ? undefined : this.where()
    const abroad = !home && (!!where || !!this.stated || mentionsAbroad(this.bundle, this.text) || hasCue(this.bundle, this.text, 'airport_abroad'))
    const lang = this.replyLang()
    const place = abroad ? 'abroad' : 'indonesia'
    const key = `crisis.follow.stranded_airport_${abroad ? 'abroad' : 'home'}`
    return this.startHelpWith(key, lang, abroad ? 'stranded_airport_abroad' : 'stranded_airport_home', { category: 'danger', about: 'self', place }, helpVars(this.bundle, lang, place, where))
  }

  /**
   * Help mode started by an answer of its own (`key`; detained, sent from an airport at home, stranded at an airport):
   * counted as an emergency (`kind`), the situation kept for the next messages, the answer with the help choices.
   */
  private startHelpWith(key: string, lang: Lang, kind: string, situation: Pick<CrisisContext, 'category' | 'about' | 'place'>, vars: Record<string, string> = {}): true {
    this.event('emergency', undefined, undefined, kind)
    this.s.crisis = { ...situation, at: this.inbound.now, said: [key] }
    this.push({ text: renderText(this.bundle, lang, key, vars), key }, this.helpChoices(lang))
    return true
  }

  /**
   * Help mode, a worry of the person's own ("they know my address", "will someone contact me? when?", "ada LSM yang
   * bisa bantu?"): answered in its words before a command or the FAQ reads it ("contact me" is not a request for an
   * officer here, "kapan dihubungi?" not a choice of FAQ entries).
   */
  private answerWorry(): boolean {
    const context = this.helpContext()
    // An offer of buttons after a result (the agency check's "cek tanda bahaya?", which falls back to the menu) does
    // not hold a worry back: "saya orang desa gak ngerti kbri" from a father is answered, the offer is left
    // (blind tester C, c51).
    const ask = this.currentAsk()
    const atOffer = this.s.pos?.flow === 'agency' && ask?.ask === 'choice' && ask.on_fail === 'menu'
    if (!context || this.s.handoff || (this.inFlow() && !atOffer) || !this.text) return false
    if (worryKeys(this.bundle, this.text, context, this.options.handoff === true).length === 0) return false
    if (atOffer) delete this.s.pos
    const lang = this.replyLang()
    const place = context.place === 'abroad' || mentionsAbroad(this.bundle, this.text) ? 'abroad' : context.place
    this.answerFollowUp({ ...context, place }, lang)
    return true
  }

  /**
   * "ok sy tunggu ya", "masih lama?", "is anyone there" after being told that no officer can be reached through this
   * chat: said plainly that nobody will reply here, and where to write or call now (never the FAQ or a greeting).
   */
  private answerWaiting(): boolean {
    const told = this.s.noOfficer
    if (told === undefined || this.inbound.now - told > HELP_MODE_MS || this.s.handoff || this.inFlow() || !this.text) return false
    // "hello??" soon after: the same question (is anyone there?), not a new greeting.
    const hello = this.inbound.now - told <= BURST_MS * 3 && this.bundle.commands.greeting.has(commandKey(this.text))
    if (!hello && !hasCue(this.bundle, this.text, 'waiting')) return false
    const lang = this.replyLang()
    this.push({ text: renderText(this.bundle, lang, 'crisis.follow.waiting'), key: 'crisis.follow.waiting' }, this.helpChoices(lang))
    return true
  }

  /**
   * A greeting or a single word in help mode, outside a form, in the middle of a burst of short messages ("tlg" /
   * "sy di hk" / "majikan" …): help mode goes on, with a short line that invites the rest, and the menu one tap away.
   * False outside help mode, and after a whole message (then "halo" is the menu, as always).
   */
  private goOnInHelpMode(): boolean {
    const context = this.helpContext()
    // A burst goes on, or a bare cry for help was just answered, the place not said yet ("tolong" / "aku" / "di" /
    // "kamboja": "aku" is no greeting there).
    const justHelped = !!context && context.category === 'danger' && !this.where() && this.inbound.now - context.at <= BURST_MS
    if (!context || this.s.handoff || this.inFlow() || (burstTexts(this.s.burst, this.inbound.now).length === 0 && !justHelped)) return false
    const lang = this.replyLang()
    const key = context.category === 'self_harm' ? 'crisis.follow.listening' : 'crisis.follow.go_on'
    if (this.s.crisis) this.s.crisis = { ...context, at: this.inbound.now, said: [key] }
    this.push({ text: renderText(this.bundle, lang, key, helpVars(this.bundle, lang, context.place, this.where())), key }, this.helpChoices(lang))
    return true
  }

  /** After help: an officer (when there are officers), the paused form, the menu. */
  private helpChoices(lang: Lang): Choice[] {
    const choices: Choice[] = this.options.handoff === true ? [{ id: HANDOFF_CHOICE, label: renderText(this.bundle, lang, 'crisis.handoff') }] : []
    // No "Lanjutkan: Minat pelatihan" right under an answer to self-harm or to being hurt (blind tester C, c37, c40);
    // the paused form stays, and the menu leads back to it.
    const hurt = this.bundle.crisis.hurtKinds.includes(this.session?.crisis?.category ?? '')
    if (this.s.paused && !hurt) choices.push({ id: 'g:resume', label: renderText(this.bundle, lang, 'menu.resume', { title: this.flowTitle(this.s.paused.flow) }) })
    choices.push({ id: 'g:menu', label: renderText(this.bundle, lang, 'menu.back_to_menu') })
    return choices
  }

  /**
   * The answer to a help-mode message (`answerFollowUpOnce`), never the previous one word for word: a repeat becomes
   * one short line that the steps above still hold, with the same buttons.
   */
  private answerFollowUp(context: CrisisContext, lang: Lang, detected = false): boolean {
    const start = this.replies.length
    const said = context.said
    const done = this.answerFollowUpOnce(context, lang, detected)
    const sent = this.replies.slice(start)
    const keys = sent.map((r) => r.key ?? r.text)
    // Only the answer to a message that asked nothing in particular (not "he is coming back" again, "call me back").
    const instead = this.followUpAsked ? undefined : repeatFree(keys, said, context.category === 'self_harm')
    if (instead) {
      const choices = sent[sent.length - 1]?.choices
      this.replies.splice(start)
      this.push({ text: renderText(this.bundle, lang, instead), key: instead }, choices)
    }
    if (this.s.crisis) this.s.crisis.said = instead ? [instead] : keys
    return done
  }

  /** The answer to a help-mode message: what it adds, short, then the officer (or the 24-hour line). */
  private answerFollowUpOnce(context: CrisisContext, lang: Lang, detected = false): boolean {
    // A wish ("I want my passport back") is answered as one also when only the classifier read a danger in it.
    const kinds = readFollowUp(followUpWords(this.bundle), this.text, context, detected, !detected || this.guessedDanger)
    this.followUpAsked = kinds.length > 0
    this.event('emergency', undefined, undefined, `follow_up:${kinds.join('+') || 'details'}`)
    // Every help text names the police and the mission of where the person is (never another country's).
    const place = context.place !== 'indonesia' ? this.where() : undefined
    const vars = helpVars(this.bundle, lang, context.place, place)
    const say = (base: string): void => {
      const key = ownFollowUpKey(this.bundle, base, context, place)
      this.push({ text: renderText(this.bundle, lang, key, vars), key })
    }
    // After self-harm, a question about the lines themselves ("is it free?", "can I just chat?"): the lines, answered,
    // unless the message also tells of a means, the night, a medical urgency or who and where.
    const urgent = kinds.some((k) => k === 'means' || k === 'night' || k === 'medical' || k === 'danger_now' || k === 'hide' || k === 'safe' || k === 'family' || k === 'home')
    if (context.category === 'self_harm' && !urgent && worryKeys(this.bundle, this.text, context).includes('crisis.follow.self_harm_lines_asked')) {
      this.s.crisis = { ...context, at: this.inbound.now }
      say('crisis.follow.self_harm_lines_asked')
      const choices = this.helpChoices(lang)
      this.replies[this.replies.length - 1]!.choices = choices
      this.shown = choices
      return true
    }
    // After self-harm, "how do I stop the thoughts?" or the debt behind it: answered in its words, not the listening line.
    const ownWorries = context.category === 'self_harm' && !urgent ? worryKeys(this.bundle, this.text, context).filter((k) => k === 'crisis.follow.stop_thinking' || k === 'crisis.follow.debt_help') : []
    if (ownWorries.length > 0) {
      this.s.crisis = { ...context, at: this.inbound.now }
      for (const key of ownWorries) say(key)
      const choices = this.helpChoices(lang)
      this.replies[this.replies.length - 1]!.choices = choices
      this.shown = choices
      return true
    }
    const turn = helpTurn(this.bundle, this.text, context, kinds, context.place === 'abroad' && this.s.crisis?.place !== 'abroad')
    if (turn) {
      // Thanks, safe now, someone coming, who and where corrected, self-harm going on: short, nothing repeated.
      if (turn.context) this.s.crisis = { ...turn.context, at: this.inbound.now }
      else {
        // Safe now ("skrg di kbri kuwait. aman"): help mode ends, kept paused so that going home asked next ("sy mau
        // pulang aja ke indo, biayanya?") is answered for where they are, not by the fallback (blind tester C, C-12).
        if (turn.keys.includes('crisis.follow.safe')) this.s.crisisPaused = { ...context, at: this.inbound.now, safe: true }
        delete this.s.crisis
      }
      for (const key of turn.keys) say(key)
      if (turn.choices === 'help') {
        const choices = this.helpChoices(lang)
        this.replies[this.replies.length - 1]!.choices = choices
        this.shown = choices
      }
      return true
    }
    this.s.crisis = { ...context, at: this.inbound.now }
    if (this.hidingNow(context)) {
      // In danger this minute: stay hidden, the local emergency number, Safe Travel, the mission there.
      const where = context.place !== 'indonesia' ? this.where() : undefined
      // Held by traffickers (armed guards): the mission and the panic button first, the local police last.
      const held = context.category === 'trafficking' ? 'crisis.follow.held_place' : 'crisis.follow.hiding_place'
      const key = context.place === 'indonesia' ? 'crisis.follow.danger_now_indonesia' : where ? held : 'crisis.follow.hiding_abroad'
      const choices = this.helpChoices(lang)
      this.push({ text: renderText(this.bundle, lang, key, where ? placeVarsOf(this.bundle, lang, where) : {}), key }, choices)
      return true
    }
    if (kinds.includes('callback') || kinds.includes('phone_number')) this.maskPhone = true
    // Shame, not knowing the company, a phone that is checked, whether to run: answered in their own words.
    const worries = kinds.some((k) => k === 'means' || k === 'medical' || k === 'danger_now' || k === 'self') ? [] : worryKeys(this.bundle, this.text, context, this.options.handoff === true)
    if (worries.length > 0) {
      for (const key of worries) say(key)
      const choices = this.helpChoices(lang)
      this.replies[this.replies.length - 1]!.choices = choices
      this.shown = choices
      return true
    }
    if (kinds.includes('means')) {
      // A means at hand after another danger ("i have the pills in my hand" after a beating): help mode goes on as
      // self-harm, the person's own.
      if (context.category !== 'self_harm') this.s.crisis = { ...context, category: 'self_harm', about: 'self', at: this.inbound.now }
      say(urgentKey(this.bundle, this.text))
      say('crisis.follow.urgent_online')
      // Abroad in a known country: the mission there too (the facts have no crisis line per country).
      if (place && context.place !== 'indonesia') say('crisis.follow.urgent_place')
    }
    if (kinds.includes('self')) {
      // "bukan temen, aku sendiri": the first-person answer of the same category.
      const self: CrisisResult = { category: context.category, about: 'self', place: context.place, label: { id: '', en: '' }, phrase: '' }
      this.s.crisis = { ...context, about: 'self', at: this.inbound.now }
      for (const reply of crisisReplies(this.bundle, lang, self)) this.push(reply)
    }
    if (kinds.includes('medical')) {
      const where = context.place !== 'indonesia' ? this.where() : undefined
      // "my friend fainted" told in help mode for someone else: anyone may call for help for them.
      const key = context.about === 'other' ? medicalOtherKey(where ? 'abroad' : context.place, !!where) : medicalKey(where ? 'abroad' : context.place, !!where)
      this.push({ text: renderText(this.bundle, lang, key, where ? placeVarsOf(this.bundle, lang, where) : {}), key })
    }
    if (kinds.includes('night')) say('crisis.follow.self_harm_night')
    if (kinds.includes('numbers')) say('crisis.follow.numbers')
    if (kinds.includes('report')) {
      // "sy hrs lapor kemana": the country's contacts when known, else where to report from abroad or Indonesia.
      const where = context.place !== 'indonesia' ? this.where() : undefined
      if (where) this.push({ text: renderText(this.bundle, lang, 'abroad.contacts', placeVarsOf(this.bundle, lang, where)), key: 'abroad.contacts' })
      else say(context.place === 'indonesia' ? 'crisis.follow.report_indonesia' : 'crisis.follow.report')
    }
    if (kinds.includes('wants')) {
      // "sy cuma mau gaji sy dibayar", "i want to complain": the FAQ answer for that need, then an officer.
      for (const id of wantedFaq(followUpWords(this.bundle), this.text)) {
        const entry = this.bundle.faq.byId.get(id)
        if (!entry) continue
        this.event('faq_answered', undefined, undefined, entry.id)
        this.push(this.faqReply(entry, lang))
      }
    }
    // The online mental-health line only after self-harm, never to someone who is beaten or locked in.
    if (kinds.includes('no_credit')) say(context.category === 'self_harm' ? 'crisis.follow.no_credit_self_harm' : 'crisis.follow.no_credit')
    if (kinds.includes('callback')) say(callbackKey(context))
    // What changed (the danger back, the employer away, a low battery, a borrowed phone, going home) or what they ask
    // of it ("don't tell the agency", "is that legal", "what do I do"): its own short answer, not the details answer.
    const now = nowKeys(this.bundle, this.text, context, kinds)
    if (now) {
      // With no officer reachable from this chat, "don't tell the agency" is answered without offering one.
      for (const key of now.keys) say(key === 'crisis.follow.private' && this.options.handoff !== true ? 'crisis.follow.private_no_officer' : key)
      const choices = this.helpChoices(lang)
      if (now.short || this.options.handoff !== true) {
        const last = this.replies[this.replies.length - 1]!
        last.choices = choices
        this.shown = choices
      } else this.push({ text: renderText(this.bundle, lang, 'crisis.handoff_offer'), key: 'crisis.handoff_offer' }, choices)
      return true
    }
    if (kinds.includes('ack')) {
      const choices = this.helpChoices(lang)
      this.push({ text: renderText(this.bundle, lang, 'crisis.follow.ack'), key: 'crisis.follow.ack' }, choices)
      return true
    }
    // After self-harm, more words about how it feels ("kenapa hidup sy gini") get a warm line, not "send the details".
    const listening = kinds.length === 0 && this.bundle.crisis.keepsKind.includes(context.category)
    // The message states the same danger again ("udh 3hr ga dksh mkn"): the kind's next step, not an acknowledgement.
    const next = !listening && detected && kinds.length === 0 && !this.selfHarmGuess && this.bundle.texts.id.has(`crisis.next.${context.category}`)
    // Not details ("they coming", a worry put as a question): the situation's next step, not "I have read it".
    const stepOnly = !listening && !next && kinds.length === 0 && !givesDetails(this.bundle, this.text)
    if (listening) say('crisis.follow.listening')
    // For someone else, what the family can do for them (never the worker's own "kirim lokasi Anda": B-19).
    else if (next) say(context.about === 'other' ? nextStep(this.bundle, context) : nextKey(this.bundle, context.category, context.place, context.food === true || hasCue(this.bundle, this.text, 'food')))
    else if (stepOnly) say(nextStep(this.bundle, context))
    else if (kinds.length === 0) {
      say('crisis.follow.details')
      say('crisis.follow.send_details')
      say(context.place === 'indonesia' ? 'crisis.follow.now_indonesia' : 'crisis.follow.now_abroad')
      if (this.selfHarmGuess) say('crisis.follow.self_harm_check')
    } else if ((kinds.includes('no_credit') || kinds.includes('callback')) && context.about !== 'other') {
      say(context.place === 'indonesia' ? 'crisis.follow.now_indonesia' : 'crisis.follow.now_abroad')
    }
    const officers = this.options.handoff === true
    const choices = this.helpChoices(lang)
    if (officers) {
      const offer = kinds.length === 0 && !listening && !next && !stepOnly ? 'crisis.follow.officer' : 'crisis.handoff_offer'
      this.push({ text: renderText(this.bundle, lang, offer), key: offer }, choices)
    } else if (kinds.length === 0) {
      // The details answer already names the 24-hour line: the choices go with its last message.
      const last = this.replies[this.replies.length - 1]!
      last.choices = choices
      this.shown = choices
    } else {
      const line = this.where() && context.writer !== 'home' ? 'abroad.hotline_24h' : 'crisis.hotline_24h'
      this.closeWith(line, choices, lang)
    }
    return true
  }

  /** Hiding or the attacker armed now (`follow_up.hiding`), in a help mode about the writer that is not about self-harm. */
  private hidingNow(context: CrisisContext): boolean {
    if (context.category === 'self_harm' || context.about === 'other') return false
    return followUpWords(this.bundle).hiding.test(` ${this.text.toLowerCase().replace(/\s+/g, ' ')} `)
  }

  private confirmChoices(): Choice[] {
    return [
      { id: 'g:confirm:yes', label: this.t('delete.yes') },
      { id: 'g:confirm:no', label: this.t('delete.no') },
    ]
  }

  private handleCommand(): boolean {
    const key = commandKey(this.text)
    const words = this.bundle.commands
    if (words.delete.has(key)) {
      this.askDeleteConfirmation()
      return true
    }
    if (words.handoff.has(key)) {
      this.startHandoff()
      return true
    }
    // "kok jadi bahasa inggris sih": back to the other language, with an apology (before "inggris" reads as a wish).
    const complaint = languageComplaint(words, this.text)
    if (complaint) {
      this.s.lang = complaint
      this.say('lang.sorry')
      this.switchLanguage(complaint)
      return true
    }
    if (words.language.has(key)) {
      const wanted: Lang = /\b(en|eng|english|inggris)\b/.test(key) ? 'en' : /\b(id|indonesia|indo)\b/.test(key) ? 'id' : this.lang === 'id' ? 'en' : 'id'
      this.switchLanguage(wanted)
      return true
    }
    const asked = languageAsked(words, this.text)
    if (asked) {
      // "pakai bahasa indonesia aja ya, sy mau daftar siskop2mi" outside a form: switched, and the rest read as the
      // message (blind tester A, X-17; B, B-6).
      const rest = !this.s.pos || this.s.pos.flow === MAIN_FLOW ? besidesLanguage(words, this.text) : undefined
      if (rest) {
        this.s.lang = asked
        this.s.langChosen = true
        if (this.s.paused) this.relabel(this.s.paused)
        this.say('lang.switched')
        this.text = rest
        this.planOfText = undefined
        this.planInForm = undefined
        this.freeText()
        return true
      }
      this.switchLanguage(asked)
      return true
    }
    if (words.menu.has(key)) {
      this.pauseFlow()
      this.showMenu()
      return true
    }
    const exactStop = words.stop.has(key)
    if (exactStop || this.stopInSentence()) {
      // "ga jadi deh, takut nomer sy disalahgunain": a worry about data, not danger; no "ketik TOLONG" hint, and when
      // the cancel is asked about first, the form's own word on who reads the data before it (A-14).
      const privacy = mentions(words, 'privacy_question', this.text)
      if (privacy) this.plainAnswer = true
      const privacyKey = this.s.pos ? `${this.s.pos.flow}.privacy` : ''
      const before = this.replies.length
      // Said in passing at a form with answers: an edit ("ga jadi jepang, korea aja") or asked about first.
      if (!exactStop && this.guardStop(this.atStoryStep())) {
        if (privacy && this.s.confirm === 'stop_form' && this.bundle.texts.id.has(privacyKey)) this.replies.splice(before, 0, this.reply(privacyKey))
        return true
      }
      this.stopForm()
      return true
    }
    // "udah cukup, stop ya" outside a form (also after help in danger): a warm close, nothing stored (blind tester C, C-8).
    if ((!this.s.pos || this.s.pos.flow === MAIN_FLOW) && saysEnough(words, this.text)) {
      if (this.session?.crisis) {
        this.session.crisisPaused = this.session.crisis
        delete this.session.crisis
      }
      this.plainAnswer = true
      this.say('flow.enough')
      return true
    }
    if (asksToResume(words, this.text) && (!this.s.pos || this.s.pos.flow === MAIN_FLOW)) {
      if (this.s.paused) return this.handleGlobalChoice('g:resume')
      this.say('flow.nothing_to_resume')
      this.showMenu()
      return true
    }
    if (words.back.has(key)) {
      this.goBack()
      return true
    }
    if (words.help.has(key)) {
      // "help!!" after English ("boss hit me") or from an English phone: the help in English; the word alone says no
      // language (Indonesians type "help" too), so after Indonesian it stays Indonesian.
      if (this.earlierLang && !this.s.langChosen) this.s.lang = this.earlierLang
      this.say('help.text')
      this.repromptOrMenu({ quiet: true })
      return true
    }
    if (words.greeting.has(key)) {
      if (this.goOnInHelpMode()) return true
      if (this.inFlow()) {
        this.say('flow.greeting_in_flow')
        this.reprompt()
      } else this.showMenu({ greeting: true })
      return true
    }
    return false
  }

  /** Stops the form in progress: its answers are not kept (said so), and the menu unless something else follows. */
  private stopForm(menu = true): void {
    if (this.s.pos && this.s.pos.flow !== MAIN_FLOW) {
      this.event('flow_abandoned', this.s.pos.flow, this.s.pos.step)
      this.say('flow.stopped')
    } else this.say('flow.stopped_idle')
    delete this.s.pos
    delete this.s.paused
    if (menu) this.showMenu()
  }

  /**
   * A stop inside a longer sentence at a form that holds answers: at a summary, "ga jadi X, Y aja" naming a new
   * value is that correction; otherwise "cancel this form?" is asked, and nothing is discarded yet.
   */
  private guardStop(always = false): boolean {
    const pos = this.s.pos
    const step = this.currentAsk()
    if (!pos || !step || pos.flow === MAIN_FLOW || (!always && !holdsAnswers(pos))) return false
    const said = stopInText(this.bundle.commands, this.text)
    if (said?.dropped && step.yes_choice && this.correctFromSummary(pos, step, said.dropped)) return true
    this.s.confirm = 'stop_form'
    this.say('flow.stop_confirm', { title: this.flowTitle(pos.flow) }, this.stopButtons())
    return true
  }

  private stopButtons(): Choice[] {
    return stopChoices(this.t('flow.stop_yes'), this.t('flow.stop_no'))
  }

  /** "Cancel this form?": yes stops it, no goes on with the question; anything else is read at the question. */
  private handleStopConfirmation(choice: string | undefined): boolean {
    const pressed = this.inbound.choice ?? (choice === STOP_YES || choice === STOP_NO ? choice : undefined)
    if (!pressed && this.questionAtStopConfirmation()) return true
    const answer = readStopConfirmation(this.text, pressed, this.stopButtons(), this.bundle.commands)
    delete this.s.confirm
    if (answer === 'yes') this.stopForm()
    else if (answer === 'no') {
      this.say('flow.resumed')
      this.reprompt()
    }
    return answer !== 'unclear'
  }

  /**
   * "mau tanya aja, gaji di korea berapa?" at "cancel this form?": the question is answered (the FAQ, when it is
   * sure) and the confirmation asked again; "batal aja, mau tanya gaji korea" (a stop said in words) cancels and
   * answers; "ga jadi, tapi mau tanya biayanya berapa" (a no first) answers and goes on with the form. A question the
   * FAQ cannot answer is said so (never a silent yes). False when the message is no question (read as yes/no).
   */
  private questionAtStopConfirmation(): boolean {
    const pos = this.s.pos
    if (!pos || !this.typedQuestion()) return false
    const entry = this.sureFaqEntry(this.text.slice(0, FORM_QUESTION_CHARS), this.s.topic)
    // "ga jadi, tapi mau tanya biayanya berapa", "no, but how much is the fee?": not cancelled (a "ga jadi" that
    // answers "cancel?" is a no), the question answered, the form goes on.
    // "batal aja, …" reads as a no elsewhere ("batal" declines a consent); here it is the cancel asked about.
    const opening = commandKey(this.text).split(/[^\p{L}\p{N}]+/u)[0] ?? ''
    const no = readYesNoWords(this.text, this.bundle.commands) === 'no' && !this.bundle.commands.stop.has(opening)
    if (!no && stopInText(this.bundle.commands, this.text)) {
      delete this.s.confirm
      this.stopForm(false)
      if (entry) this.answerFaq(entry, { inFlow: false })
      else this.freeText()
      return true
    }
    if (no) delete this.s.confirm
    if (entry) {
      const answer = this.specific(entry)
      this.event('faq_answered', undefined, undefined, answer.id)
      this.push(this.faqReply(answer))
    } else if (this.beforeConsent(pos)) {
      // Nothing is kept before the user agreed: not even the question.
      this.say('route.unanswered_before_consent')
    } else {
      this.event('faq_fallback', pos.flow, pos.step)
      this.effects.push({ type: 'logUnanswered', text: this.text.slice(0, 300), lang: this.lang })
      this.say('route.unanswered_in_form')
    }
    if (no) {
      this.say('flow.resumed')
      this.reprompt()
    } else this.say('flow.stop_confirm', { title: this.flowTitle(pos.flow) }, this.stopButtons())
    return true
  }

  /**
   * At a yes/no confirmation, a typed question ("mau tanya aja, gaji di korea berapa?"): never read as its yes.
   * "ya?", "iya deh?" (a yes or no in at most three words) stay an answer.
   */
  private typedQuestion(): boolean {
    if (!this.text || !asksQuestion(this.bundle, this.text)) return false
    return !(readYesNoWords(this.text, this.bundle.commands) && wordCount(this.text) <= 3)
  }

  /**
   * "yaudah batal aja" at a form question (a phone, a number, a choice, a name); at a free-text question ("who
   * recruited you?", "what happened?") only in a short message ("ga jadi deh, takut"), and then always asked first.
   */
  private stopInSentence(): boolean {
    const step = this.currentAsk()
    const limit = this.atStoryStep() ? STOP_STORY_WORDS : STOP_SENTENCE_WORDS
    if (!step || this.s.pos?.flow === MAIN_FLOW || wordCount(this.text) > limit) return false
    return saysStop(this.bundle.commands, this.text)
  }

  /** A form's free-text question that is not a name (a recruiter, a story): a stop there is never taken at once. */
  private atStoryStep(): boolean {
    const step = this.currentAsk()
    return !!step && step.ask === 'text' && !step.person_name
  }

  private askDeleteConfirmation(): void {
    this.s.confirm = 'delete'
    // "hapus data adik sy": what this chat stored is what can be deleted; said plainly.
    const relative = mentions(this.bundle.commands, 'family_phone', this.text)
    // "hapus laporan yg kemaren, sy salah nulis nama orangnya": how to correct a report, and that "delete" is all.
    const fix = !relative && REPORT_WORD.test(this.text.toLowerCase()) && mentions(this.bundle.commands, 'report_fix', this.text)
    this.say(relative ? 'delete.confirm_relative' : fix ? 'delete.confirm_report' : 'delete.confirm', {}, this.confirmChoices())
  }

  private handleGlobalChoice(choice: string): boolean {
    if (choice.startsWith('faq:')) {
      const entry = this.bundle.faq.byId.get(choice.slice(4))
      if (!entry) {
        this.event('stale_choice')
        this.say('error.stale_choice')
        this.repromptOrMenu({ quiet: true })
        return true
      }
      // A short follow-up next ("syaratnya apa?") is read with the entry chosen.
      this.s.topic = nextTopic(faqTitle(entry, this.lang), this.inbound.now, entry.id)
      this.answerFaq(entry, { inFlow: this.inFlow() })
      return true
    }
    if (!choice.startsWith('g:')) return false
    const [, what, arg] = choice.split(':')
    if (what === 'menu') {
      this.pauseFlow()
      this.showMenu()
    } else if (what === 'resume' && this.s.paused) {
      this.s.pos = this.s.paused
      delete this.s.paused
      this.say('flow.resumed')
      this.reprompt()
    } else if (what === 'lang' && (arg === 'id' || arg === 'en')) {
      this.switchLanguage(arg)
    } else if (what === 'route' && this.takeOffer()) {
      return true
    } else if (what === 'help') {
      this.say('help.text')
      this.repromptOrMenu({ quiet: true })
    } else if (what === 'handoff' && !arg) {
      this.startHandoff()
    } else {
      this.event('stale_choice')
      this.say('error.stale_choice')
      this.repromptOrMenu({ quiet: true })
    }
    return true
  }

  // ── asks ──────────────────────────────────────────────────────────────────────────────────────

  private handleAnswer(pos: FlowPosition, step: AskStep, choice: string | undefined): void {
    const prefix = `${pos.flow}.${pos.step}:`
    let localChoice: string | undefined
    if (choice) {
      if (!choice.startsWith(prefix)) {
        this.event('stale_choice', pos.flow, pos.step)
        this.say('error.stale_choice')
        return this.reprompt()
      }
      localChoice = choice.slice(prefix.length)
    }
    // "ya" after "Maksud Anda … ?" with one suggestion takes it; "tidak" asks the question again.
    const suggested = pos.suggested?.step === step.id ? pos.suggested.id : undefined
    delete pos.suggested
    if (!localChoice && suggested) {
      const answer = readYesNoWords(this.text, this.bundle.commands)
      if (answer === 'yes') localChoice = suggested
      else if (answer === 'no') return this.prompt(pos, step)
    }
    // "ok japan then" at a summary whose destination is another country: a correction, never the confirm (blind
    // tester 2, H3: the lead was stored with the old destination).
    if (!localChoice && step.ask === 'choice' && step.yes_choice && this.text && this.correctFromSummary(pos, step, undefined, true)) return
    // "ya", "ok kirim", "iya sudah benar" at a summary: the step's yes_choice (its confirm).
    if (!localChoice && step.ask === 'choice' && step.yes_choice && this.text && readYesNoWords(this.text, this.bundle.commands) === 'yes') {
      localChoice = step.yes_choice
    }
    // "ya", "iya betul" where the list has one real option (one "Maksud Anda …?" name, besides the ways out): that one.
    if (!localChoice && step.ask === 'choice' && step.options && this.text && readYesNoWords(this.text, this.bundle.commands) === 'yes') {
      const own = new Set((step.choices ?? []).map((c) => c.id))
      const real = this.optionsFor(pos, step).filter((o) => !own.has(o.id))
      if (real.length === 1) localChoice = real[0]!.id
    }
    // "ga", "gk tau kak", "udh kak", "yg pertama kak" at a list of choices: the step's no or don't-know choice, its way
    // out, or the choice at that place of the list shown (content/commands.yaml yes/no/unsure/done/ordinals).
    if (!localChoice && step.ask === 'choice' && this.text) localChoice = this.everydayChoice(pos, step)
    // At several-choice steps a typed number is read as the answer; the number of "Lainnya" or "Selesai" is that.
    if (!localChoice && step.ask === 'multi' && /^\d{1,2}$/.test(commandKey(this.text))) {
      const shown = this.session?.menu?.[Number(commandKey(this.text)) - 1]?.id
      if (shown === choiceWireId(pos.flow, step.id, MORE_CHOICE)) localChoice = MORE_CHOICE
      else if (shown === choiceWireId(pos.flow, step.id, 'done')) localChoice = 'done'
      else if (shown?.startsWith(prefix)) {
        // After a message that listed some options only ("Maksud Anda …?", the closest trainings offered), the number
        // is the one shown there, not the option at that place of the page.
        const n = Number(commandKey(this.text))
        const page = this.pageFirst(pos, step, this.optionsFor(pos, step))
        if (page[n - 1]?.id !== shown.slice(prefix.length)) localChoice = shown.slice(prefix.length)
      }
    }
    // "jadi sy mau lapor" at an agency result: its "Laporkan perekrut ini" (the report, with the company just checked).
    if (!localChoice && this.text && step.ask === 'choice' && step.on_question) localChoice = this.choiceForAskedJob(pos, step)
    const typed = !!this.text && !localChoice
    // "udah ah skip aja, sy mau nanya yg lain: proses ke taiwan brp lama?": the form paused, the question answered.
    if (typed && pos.flow !== MAIN_FLOW && this.leaveToAsk(pos)) return
    // "kebumen, kan udh sy bilang td", "Dewi kan td udh sy tulis" at a name, number or list question: the part saying
    // it was told before is left out, the rest read as the answer (blind tester A, A-8, A-12).
    if (typed && this.toldBeforeAt(step)) {
      const rest = withoutAlreadySaid(this.bundle.commands, this.text)
      if (rest) {
        this.text = rest
        this.planOfText = undefined
        this.planInForm = undefined
      }
    }
    // "bukan, maksudnya mau tanya biaya ke jepang" at a form's first question: the form is left, the rest is a new message.
    if (typed && pos.flow !== MAIN_FLOW && pos.history.length === 0 && this.leaveOnCorrection()) return
    // "wa aja", "nomornya yg ini aja kak" at a phone question: the chat's own number when the channel gives it, else
    // said that this chat does not show it, and the question again (blind tester A, X-16).
    if (typed && step.ask === 'phone' && !/\d/.test(this.text) && mentions(this.bundle.commands, 'this_number', this.text)) {
      const chat = this.inbound.phone ? phoneFromChat(this.inbound.phone) : undefined
      if (chat?.ok) {
        this.say('form.chat_number_taken', { phone: chat.e164 })
        return this.accept(pos, step, { kind: 'ok', value: chat.e164 }, [])
      }
      this.plainAnswer = true
      this.say('form.type_number')
      return this.prompt(pos, step)
    }
    // "eh salah, nama sy Bagus Prasetyo" at a later question: the name answered before is corrected, this one asked again.
    if (typed && !step.person_name && this.correctName(pos, step)) return
    // "dia bilang dr PT X, itu resmi?" in the report: the registry's word on it, then the question again (never the
    // recruiter or the story).
    if (typed && pos.flow === 'report' && looksLikeQuestion(this.text) && this.licenceInForm(pos)) return
    // "yg td itu lho kak" at "Siapa yang merekrut Anda?": the company just checked.
    const checked = pos.answers[CHECKED_KEY]
    if (typed && step.save === 'recruiter' && typeof checked === 'string' && THE_ONE_CHECKED.test(commandKey(this.text))) {
      return this.accept(pos, step, { kind: 'ok', value: checked }, [])
    }
    // "disuruh brgkt pake visa turis lwt bangkok": a trafficking pattern told in a form is warned about first.
    if (typed && this.atStoryStep() && !looksLikeQuestion(this.text)) this.warnInForm(pos)
    // "lho kan td udh sy tulis. pak slamet cilacap": the name part (and a number) is the recruiter; a story is kept.
    if (typed && step.save === 'recruiter' && !looksLikeQuestion(this.text) && this.readRecruiter(pos, step)) return
    // At a summary, "eh tujuannya korea aja deh": that answer corrected, the summary shown again.
    if (typed && step.yes_choice && this.correctFromSummary(pos, step)) return
    // "bln depan 20" at the age question: the age now is asked.
    // "19 thn jalan 20": the number before it is the age now.
    if (typed && step.ask === 'number' && step.save === 'age' && mentions(this.bundle.commands, 'age_soon', this.text)) {
      const now = ageBeforeSoon(this.bundle.commands, this.text)
      const inRange = now !== undefined && (step.min === undefined || now >= step.min) && (step.max === undefined || now <= step.max)
      return inRange ? this.accept(pos, step, { kind: 'ok', value: now }, []) : this.askAgeNow(pos, step)
    }
    // "dijamin berangkat ga kalo daftar disini?" in a form: what the form itself is (its `about`), then the question.
    // (With a yes at a consent question, "iya deh, ini gratis kan?": answered below, and the yes kept.)
    const yesAtConsent = typed && step.ask === 'yesno' && step.save === 'consent' && readYesNoWords(this.text, this.bundle.commands) === 'yes'
    if (typed && !yesAtConsent && this.answerAboutForm(pos)) return
    // "maksudnya gmn kak?" at a question: the question explained (its hint text) or asked again, never the FAQ.
    if (typed && pos.flow !== MAIN_FLOW && asksWhatItMeans(this.text)) return this.explainStep(pos, step)
    // "ini buat apa?", "kenapa harus nama asli?" at a form's question: why it is asked (its hint), then asked again.
    if (typed && pos.flow !== MAIN_FLOW && this.asksWhyAsked(step)) return this.explainStep(pos, step)
    // "oh gitu ya, makasih infonya kak" at an offer with a way out ("Tidak, selesai"): thanks, not a yes to the offer.
    if (typed && this.thanksAtOffer(step)) {
      this.say('flow.thanks_close')
      return this.endFlow(true)
    }
    // "ya", "ok", "tidak" alone at the main menu answer nothing it asked: how to choose, and the menu again.
    // "ga", "tidak" there (after "Ada lagi yang bisa saya bantu?"): a short neutral close (no thanks was said).
    // "mau ke jepang" starts with a yes word but names a destination: a question for the FAQ, not a bare yes.
    const bare =
      typed && pos.flow === MAIN_FLOW && !this.s.offer && wordCount(this.text) <= 3 && this.textPlan().kind === 'faq' && !placeNamed(this.bundle, this.text)
        ? readYesNoWords(this.text, this.bundle.commands)
        : undefined
    if (bare === 'no') {
      // "ga makasih": thanks was said, so the warm close; a bare "tidak" gets the neutral one.
      this.say(followUpWords(this.bundle).thanks.test(commandKey(this.text)) ? 'flow.thanks_close' : 'flow.no_close')
      return this.endFlow(true)
    }
    if (bare) {
      this.say('menu.pick_hint')
      return this.showMenu()
    }
    if (localChoice === MORE_CHOICE || (typed && this.bundle.commands.more.has(commandKey(this.text)) && this.pageOf(pos, step).more)) {
      return this.nextPage(pos, step)
    }
    // "tolong hapus data saya", "mau bicara dengan petugas": never an answer (content/intents.yaml interrupts_forms).
    if (typed && step.on_other_text !== 'faq' && this.interruptForm(pos)) return
    // "i am fine really, just the money", "i want to report him" at "which company?": never searched as a name.
    if (typed && step.save === AGENCY_QUERY && this.notACompany(pos, step)) return
    // A short job request typed instead of free text ("mau lapor calo" as a name) is offered, then the question is
    // asked again; a name alone ("PT Maju Jaya" as the recruiter) stays the answer.
    if (typed && step.ask === 'text' && wordCount(this.text) <= JOB_AT_TEXT_WORDS && this.offerAskedJob(pos)) return
    // A question typed instead of free text ("berapa biaya…?") is answered, then the question is asked again.
    // At a name question a question is never the name: said so when the FAQ cannot answer it, and asked again.
    // At "who recruited you?" a question that names nobody ("nanti nama sy ketahuan calonya ga?") is never the name.
    // "bentar kak sy tanya dulu, kaigo itu gajinya brp" at a name question reads as a question (the router's question
    // words, not only a "?" or a first word): answered too, never "that is not a name".
    const asked = looksLikeQuestion(this.text) || (step.person_name === true && wordCount(this.text) >= QUESTION_AT_NAME_WORDS && asksQuestion(this.bundle, this.text))
    if (typed && step.ask === 'text' && asked && this.answerInForm(pos, step.person_name === true || this.questionForName(step))) return
    // "Siti Nurhaliza, umur 19", "rina 22th" at a name question: the name, and the age question answered too.
    if (typed && step.ask === 'text' && step.person_name && this.nameWithAge(pos, step)) return
    // "gaji udah 3 bulan ga dibayar" at a name question is a complaint the FAQ answers, not a name (no question mark).
    if (typed && step.ask === 'text' && step.person_name && wordCount(this.text) >= STATEMENT_WORDS && this.answerStatement()) return
    // "basa korea", "oh ok lanjut" at a name question are not a name; "…, namanya Dimas, sy ibunya" is Dimas, noted.
    if (typed && step.ask === 'text' && step.person_name && this.readName(pos, step)) return
    const options = this.optionsFor(pos, step)
    // Typed numbers of a several-choice step count on the page shown: its options first.
    const shownFirst = step.ask === 'multi' ? this.pageFirst(pos, step, options) : options
    let result = readAnswer(step, { text: this.text, choice: localChoice, options: shownFirst, bundle: this.bundle, answers: pos.answers, lang: this.lang })
    // The warning-sign quiz (yes/no steps that take "tidak tahu"): only a yes, no or "I don't know" about this very
    // question is recorded; "boleh tanya dulu", "iya paspor sy dipegang" (another question's sign) are not.
    if (typed && step.ask === 'yesno' && step.unsure && result.kind === 'ok' && this.notAQuizAnswer(pos, step)) return
    // "mau jadi ART" at the trainings question: no such training here; the closest real ones are offered, nothing stored.
    if (typed && step.ask === 'multi' && step.options === 'trainings' && this.offerInsteadOfMissing(pos, step)) return
    // "las, kerja di jepang" at the trainings question: Jepang is where, not "Bahasa Jepang"; it answers the destination.
    if (typed && step.ask === 'multi' && step.options === 'trainings') {
      const read = this.destinationAtTrainings(pos, result)
      if (read === 'asked_again') return
      if (read) result = read
    }
    // "pake wa ibu boleh? 0857-1122-3344": the number in the sentence is the answer (a family number is fine).
    if (typed && step.ask === 'phone') {
      const inside = phoneInSentence(this.text)
      const phone = result.kind === 'ok' ? undefined : inside ? normalizeIndonesianMobile(inside) : undefined
      if (phone?.ok) result = { kind: 'ok', value: phone.e164 }
      if (result.kind === 'ok' && inside) {
        if (mentions(this.bundle.commands, 'family_phone', this.text)) this.say('form.phone_family_ok')
        return this.accept(pos, step, result, options)
      }
      // "gk punya hp sendiri kak pake hp suami": no number yet; a family number is fine, and the number is asked for
      // (never "only digits" with an emergency hint).
      if (result.kind !== 'ok' && !inside && (mentions(this.bundle.commands, 'no_own_phone', this.text) || mentions(this.bundle.commands, 'family_phone', this.text))) {
        this.plainAnswer = true
        this.say('form.phone_other_ok')
        return
      }
    }
    // "lupa kak" at the age question: an estimate or the birth year will do; "lahir 1998": the age from the year.
    if (typed && step.ask === 'number' && step.save === 'age' && result.kind !== 'ok') {
      const year = /\b(19[3-9]\d|20[0-2]\d)\b/.exec(this.text)?.[1]
      const age = year ? new Date(this.inbound.now).getUTCFullYear() - Number(year) : undefined
      if (age !== undefined && (step.min === undefined || age >= step.min) && (step.max === undefined || age <= step.max)) {
        this.say('form.age_from_year', { year, age })
        return this.accept(pos, step, { kind: 'ok', value: age }, options)
      }
      if (readYesNoWords(this.text, this.bundle.commands) === 'unsure') {
        this.plainAnswer = true
        this.say('form.age_unsure')
        return
      }
    }
    // "jadi sy mau lapor" after an agency result without a report button: the report starts, with the company.
    if (typed && step.ask === 'choice' && step.on_question && this.startAskedJob(pos)) return
    // "klo pt duta amanah perkasa gmn?" after an agency result: the check runs again on the new name.
    if (typed && step.ask === 'choice' && this.checkAnother(pos)) return
    // "kenapa disuspend? duit sy udh masuk 10jt" after an agency result: the FAQ, or the entry for that result.
    if (typed && step.on_question && this.answerAtResult(pos, step, result.kind === 'ok' && !isQuestionInForm(this.bundle, this.text.slice(0, FORM_QUESTION_CHARS), step, result, options))) return
    // "lho sy ga mau daftar, sy nanya …" at a consent question: refused (nothing is stored), whatever else it asks.
    if (typed && step.ask === 'yesno' && step.save === 'consent' && result.kind === 'ok' && result.value === false) return this.accept(pos, step, result, options)
    // "no i just want to know is it allowed or not" at a consent question: a no first is a refusal (nothing is
    // stored), never details for the report (blind tester B, b-16).
    if (typed && step.ask === 'yesno' && step.save === 'consent' && result.kind !== 'ok') {
      const head = this.text.trim().split(/[\s,.;!]+/u).slice(0, 1).join(' ')
      if (readYesNoWords(head, this.bundle.commands) === 'no' && wordCount(this.text) >= 3) {
        const no = readAnswer(step, { text: 'tidak', options, bundle: this.bundle, answers: pos.answers, lang: this.lang })
        if (no.kind === 'ok') return this.accept(pos, step, no, options)
      }
    }
    // "iya sy diminta bayar 12 juta ke rekening bu yanti …" at a yes/no question: the yes (or no) it starts with is
    // the answer; the rest is details, added to the story where the form keeps one.
    if (typed && step.ask === 'yesno' && result.kind !== 'ok' && this.answerWithStory(pos, step, options)) return
    // "gatau namanya siapa, dipanggil bu Yati", "sy udh kasih DP 2jt" at a yes/no after the story: added to the report.
    if (typed && step.ask === 'yesno' && result.kind !== 'ok' && this.addToStory(pos)) return
    // "boleh, tp umur sy 38 gpp kan?" at a consent question: the question answered and the yes kept (blind tester A, A-3).
    if (typed && step.ask === 'yesno' && step.save === 'consent' && result.kind === 'ok' && result.value === true && this.answerBesideYes(pos)) return this.accept(pos, step, result, options)
    // A question that happens to contain an answer word ("pelatihan las bayar ga?") is a question, not a choice.
    if (typed && step.ask !== 'text' && isQuestionInForm(this.bundle, this.text.slice(0, FORM_QUESTION_CHARS), step, result, options)) {
      if (step.on_other_text === 'faq') return this.freeText()
      this.answerInForm(pos, true)
      return
    }
    // "tanya jawab soal gaji di taiwan untuk pabrik" at the main menu: an option's words and much more is free text,
    // not that option (content/intents.yaml choice_extra_words).
    if (typed && result.kind === 'ok' && !/^\d{1,2}$/.test(commandKey(this.text))) {
      if (saysMoreThanChoice(this.bundle, this.text.slice(0, FORM_QUESTION_CHARS), step, options)) {
        if (step.on_other_text === 'faq') return this.freeText()
        if (this.answerInForm(pos, false)) return
      }
      // "I want to join hospitality training" at the main menu: the job in words, with what it names (the training, a
      // destination, a company) prefilled, not the bare menu option (which would ask for them again).
      if (step.on_other_text === 'faq') {
        const plan = this.textPlan()
        if (plan.kind === 'start' && Object.keys(plan.answers).length > 0) return this.freeText()
      }
    }
    // "blm sih, tp ada biaya medical 8jt" at a yes/no question: the answer, and the warning signs its details state.
    if (typed && step.ask === 'yesno' && result.kind === 'ok' && typeof pos.answers.story !== 'string') this.sayDetailSigns(pos)
    if (result.kind === 'ok') return this.accept(pos, step, result, options)
    if (result.kind === 'partial') {
      // multi: a choice was added; ask for more or "done"
      pos.answers[step.save ?? step.id] = result.value
      if (result.unknown?.length) this.say('ask.multi_unknown', { unknown: result.unknown.join(', ') })
      this.say('ask.multi_added', { selected: this.labelsOf(options, result.value) }, this.choicesFor(pos, step))
      return
    }
    if (result.kind === 'clarify') {
      // At the menu, a job asked for in words ("cek agensi", close to "Cek P3MI / agen") starts, without "maksud Anda…?".
      if (typed && step.on_other_text === 'faq' && this.textPlan().kind === 'start') return this.freeText()
      if (result.options.length === 1) pos.suggested = { step: step.id, id: result.options[0]!.id }
      this.say('ask.did_you_mean', {}, result.options.map((o) => ({ id: prefix + o.id, label: pick(o.label, this.lang) })))
      return
    }
    // "hong kong" at the destination question: not in the list, said so (not "that choice does not exist").
    if (typed && result.kind === 'invalid' && step.options === 'countries' && this.unlistedDestination(pos, step, this.text)) return
    // "kapal pesiar kak" there: work, not a country; said so, and asked again.
    if (typed && result.kind === 'invalid' && step.options === 'countries' && this.workAtDestination(pos, step)) return
    if (typed) {
      // "nama sponsornya pak slamet, …" at the report's consent question: held for the form until the user agrees.
      if (step.ask === 'yesno' && step.save === 'consent' && this.holdRecruiter(pos)) return
      // Not an answer: maybe a question typed mid-flow.
      if (step.on_other_text === 'faq') return this.freeText()
      if (step.ask !== 'text' && (looksLikeQuestion(this.text) || wordCount(this.text) >= 4) && this.answerInForm(pos, false)) return
    }
    this.invalid(pos, step, result)
  }

  /**
   * A question typed inside a form: the job it asks for is offered (a button; the form goes on), or the FAQ answers
   * it when confident; with `always`, an honest "not answered here" otherwise. The step is then asked again, and
   * the question does not count as a wrong answer. False when nothing was said (`always` false).
   */
  /** The FAQ entry a text is answered with when the matcher is sure (read with `topic` for a short follow-up). */
  private sureFaqEntry(text: string, topic: Topic | undefined): FaqEntry | undefined {
    const { found } = searchFollowUp(this.bundle.faq.index, text, topic, this.inbound.now)
    return found.kind === 'answer' ? this.bundle.faq.byId.get(found.hits[0]!.id) : undefined
  }

  /** The FAQ's answer to a statement typed in a form ("gaji udah 3 bulan ga dibayar"), when it is confident. */
  private answerStatement(): boolean {
    const entry = this.sureFaqEntry(this.text.slice(0, FORM_QUESTION_CHARS), this.s.topic)
    if (!entry) return false
    this.answerFaq(entry, { inFlow: true })
    return true
  }

  private answerInForm(pos: FlowPosition, always: boolean): boolean {
    // "nanti nama sy ketahuan calonya ga?": who reads what is written here (the flow's own `<flow>.privacy` text).
    const privacy = `${pos.flow}.privacy`
    if (this.bundle.texts.id.has(privacy) && mentions(this.bundle.commands, 'privacy_question', this.text)) {
      this.say(privacy)
      this.reprompt({ intro: this.t('flow.continue') })
      return true
    }
    const plan = this.formPlan()
    if (plan.kind === 'start' && (plan.def.offer_in_forms || plan.def.interrupts_forms) && plan.flow !== pos.flow) {
      this.offerJob(pos, plan)
      return true
    }
    if (plan.kind === 'command' && plan.command === 'delete') {
      this.askDeleteConfirmation()
      return true
    }
    // "apakah PT Maju Jaya resmi?" at the agency check's name question: this very job, with the company or licence
    // it asks for named in it, is the answer, not a question for the FAQ (whose "how to check a company" entry is
    // sure of it).
    if (plan.kind === 'start' && plan.flow === pos.flow && (plan.entities.company || plan.entities.license)) return false
    const entry = this.sureFaqEntry(this.text.slice(0, FORM_QUESTION_CHARS), this.s.topic)
    if (entry) {
      this.answerFaq(entry, { inFlow: true })
      return true
    }
    if (!always) return false
    this.event('faq_fallback', pos.flow, pos.step)
    if (this.beforeConsent(pos)) {
      // Nothing is kept before the user agreed: not even the question.
      this.say('route.unanswered_before_consent')
      this.reprompt({ intro: this.t('flow.continue') })
      return true
    }
    this.effects.push({ type: 'logUnanswered', text: this.text.slice(0, 300), lang: this.lang })
    this.say('route.unanswered_in_form')
    this.reprompt({ intro: this.t('flow.continue') })
    return true
  }

  /**
   * At "which company?" (the answer saved as `agency_query`), a message that names no company (no legal form, licence
   * number or registered name) and is not "I don't know" or a warning sign: a wish to report starts the report (the
   * form holds nothing yet); a sentence (mostly commands.yaml `not_a_company` words) or a question is answered, or
   * said not to be a name, and the question is asked again. False when the text is read as a name, as before.
   */
  private notACompany(pos: FlowPosition, step: AskStep): boolean {
    const entities = this.bundle.router?.read(this.text)
    if (entities?.license || (entities?.company && entities.form) || registryMention(this.bundle.agencies, this.text)) return false
    if (this.bundle.redflags?.givesNoName(this.text) || (this.bundle.redflags?.read(this.text).length ?? 0) > 0) return false
    // "gk ada namanya kak, sy minta rekomendasi": no name, read as such by the next step (message_flags).
    if (this.bundle.router?.hasCue(this.text, 'name_unknown')) return false
    const plan = this.formPlan()
    if (plan.kind === 'start' && plan.flow === 'report' && plan.asked && !(entities?.company || entities?.named)) {
      this.event('routed', plan.flow, plan.step, plan.intent)
      this.startFlow(plan.flow, plan.step, plan.answers)
      return true
    }
    const words = spaced(this.text).trim().split(' ').filter(Boolean)
    const sentence = new Set(phrases(this.bundle.commands, 'not_a_company'))
    const question = looksLikeQuestion(this.text) && words.length > 2
    // Longer than any registered name by a margin, or two sentences ("I'm not checking a company. I'm asking where
    // the public list is."): a sentence, not a name (a name with its form, licence or registry name returned above).
    const longest = Math.max(6, (this.bundle.agencies?.indexes.maxNameTokens ?? 0) + 3)
    const sentences = this.text.split(/[.!?]+\s+(?=\p{L})/u).filter((p) => p.trim().split(/\s+/).length >= 3).length
    const tooLong = words.length > longest || (sentences >= 2 && words.length > 6)
    if (!question && !tooLong && (words.length < 4 || words.filter((w) => sentence.has(w)).length * 2 < words.length)) return false
    if (tooLong && !question && this.answerInForm(pos, false)) return true
    if (question && this.answerInForm(pos, false)) return true
    this.say('agency.not_a_name')
    this.prompt(pos, step)
    return true
  }

  /**
   * A question at the recruiter question that names nobody (no title, legal form or phone number; more than two
   * words): a question, not the recruiter. "pak slamet, orang cilacap kan?" is still the name with a remark.
   */
  private questionForName(step: AskStep): boolean {
    if (step.save !== 'recruiter' || wordCount(this.text) <= 2) return false
    const read = readRecruiterText(this.bundle, this.text)
    return !read.named && !read.company && !read.phone
  }

  /**
   * A question typed at a step after a result (the step's `on_question`): money already paid (to a company with one
   * of the listed results) gets that entry and the report as a button; else the FAQ's answer when it is sure, or the
   * entry named for the result. The step is then asked again. False when the text is an answer (`answered`) or not
   * a question (a short word: the step's own reader says what is wrong).
   */
  private answerAtResult(pos: FlowPosition, step: AskStep, answered: boolean): boolean {
    const q = step.on_question
    if (!q || answered || !(looksLikeQuestion(this.text) || wordCount(this.text) >= 3)) return false
    const value = String(pos.answers[q.by] ?? '')
    const text = this.text.slice(0, FORM_QUESTION_CHARS)
    if (q.paid && q.paid.when.includes(value) && this.bundle.router?.hasCue(text, 'paid_already')) {
      const entry = this.bundle.faq.byId.get(q.paid.faq)
      if (entry) {
        this.event('faq_answered', pos.flow, pos.step, entry.id)
        this.push(this.faqReply(entry))
        const flow = q.paid.offer
        if (flow && this.bundle.flows.has(flow)) {
          const name = q.paid.name ? pos.answers[q.paid.name] : undefined
          pos.answers[OFFER_KEY] = { flow, answers: typeof name === 'string' && name ? { recruiter: name } : {} }
          const title = this.flowTitle(flow)
          this.say('route.offer_after_answer', { title }, [{ id: 'g:route', label: this.t('route.offer_button', { title }) }])
        }
        this.reprompt({ intro: this.t('flow.continue') })
        return true
      }
    }
    // "izinnya lg diurus katanya, jd aman kan?", "msh boleh rekrut ga?" about the company just checked: the plain
    // answer for its result (with the registry date), not an FAQ entry about sanctions in general.
    const status = q.status?.[value]
    if (status && this.bundle.router?.hasCue(text, 'status_ask')) {
      this.event('faq_answered', pos.flow, pos.step, `status_${value}`)
      this.say(status, pos.answers)
      this.reprompt({ intro: this.t('flow.continue') })
      return true
    }
    // "they ask me pay 40 million for korea is normal?": warning signs the question states (content/redflag-cues.yaml)
    // and that were not said yet are the answer, not the entry named for the result.
    const said = pos.answers[FLAGS_KEY]
    const signs = (this.bundle.redflags?.read(text) ?? []).filter((sign) => !(Array.isArray(said) && said.includes(sign.id)))
    const signReplies = signs.flatMap((sign) => {
      const faq = sign.faq ? this.bundle.faq.byId.get(sign.faq) : undefined
      if (faq) return [this.faqReply(faq)]
      return sign.text ? [{ text: this.t(sign.text), key: sign.text }] : []
    })
    if (signReplies.length > 0) {
      this.event('faq_answered', pos.flow, pos.step, 'redflag_signs')
      // "jadi ilegal ya? … bsk adik sy mau serahin paspor" after "not in our list": the answer for the result first
      // (not found is not illegal; check SISKOP2MI), when the message asks about legitimacy and no sign it states
      // leads (`first`) by itself (blind tester B, b-30).
      const verdict = this.bundle.faq.byId.get(q.faq[value] ?? '')
      if (verdict && !signs.some((sign) => sign.first || sign.faq === verdict.id) && this.bundle.router?.hasCue(text, 'legit')) this.push(this.faqReply(verdict))
      for (const reply of signReplies) this.push(reply)
      this.offerCheckOfNamed(pos, text)
      this.reprompt({ intro: this.t('flow.continue') })
      return true
    }
    // The FAQ's answer counts when it is about what the result is about (the topics of the entries named here):
    // "izinnya lagi diperpanjang" is the company's licence, not a family's permission letter.
    const topics = new Set([...Object.values(q.faq), q.paid?.faq ?? ''].map((id) => this.bundle.faq.byId.get(id)?.topic))
    const sure = this.sureFaqEntry(text, undefined)
    // Another subject ("eh btw lapor diri di kbri itu wajib ga sih?") that says nothing of licences: the FAQ's answer.
    const aboutLicence = !!this.bundle.router?.hasCue(text, 'legit') || !!this.bundle.router?.hasCue(text, 'status_ask')
    const entry = (sure && (topics.has(sure.topic) || !aboutLicence) ? sure : undefined) ?? this.bundle.faq.byId.get(q.faq[value] ?? '')
    if (!entry) return false
    this.answerFaq(entry, { inFlow: true })
    return true
  }

  /**
   * A company named in a question at this flow's result that was not checked yet ("she already pay 10 million as DP to
   * the agency, the PT name is PT X. can she get it back?" after "if there is a company name, just type it"): its
   * check offered as a button, the name prefilled (blind tester B, B-10).
   */
  private offerCheckOfNamed(pos: FlowPosition, text: string): void {
    if (pos.answers[OFFER_KEY]) return
    const plan = this.formPlan()
    const name = plan.kind === 'menu' ? undefined : plan.entities.company
    const checked = [pos.answers.agency_name, pos.answers.agency_query].filter((v): v is string => typeof v === 'string').map((v) => v.toLowerCase())
    if (!name || checked.includes(name.toLowerCase()) || !text) return
    const def = this.bundle.router?.intents.find((d) => d.start?.split('.', 1)[0] === pos.flow && Object.values(d.prefill ?? {}).includes('agency_query'))
    if (!def?.start) return
    const [flow, step] = def.start.split('.', 2) as [string, string | undefined]
    pos.answers[OFFER_KEY] = { flow, step, answers: prefillAnswers(this.bundle, def, { company: name }, this.lang) }
    this.say('agency.offer_check_named', { name }, [{ id: 'g:route', label: this.t('agency.check_named_button') }])
  }

  /**
   * A question about the form itself (the flow's `about`, by cue; "nanti ada yg nelpon?" by commands.yaml `call_when`,
   * the flow's `<flow>.about_call` text): its answers, each text once, then the question again.
   */
  private answerAboutForm(pos: FlowPosition): boolean {
    if (!this.sayAboutForm(pos)) return false
    this.reprompt({ intro: this.t('flow.continue') })
    return true
  }

  /** Says the form's `about` answers to the question typed in it (counted as answered); false when there are none. */
  private sayAboutForm(pos: FlowPosition): boolean {
    const texts = this.aboutFormTexts(pos)
    if (texts.length === 0) return false
    this.event('faq_answered', pos.flow, pos.step, `about_${texts[0]!.cue}`)
    for (const hit of texts) this.say(hit.text)
    return true
  }

  /** The `about` answers of the form for a question typed in it (see {@link answerAboutForm}); empty when none. */
  private aboutFormTexts(pos: FlowPosition): { cue: string; text: TextRef }[] {
    const about = this.bundle.flows.get(pos.flow)?.about
    if (!about || !looksLikeQuestion(this.text)) return []
    const text = this.text.slice(0, FORM_QUESTION_CHARS)
    const hits: { cue: string; text: TextRef }[] = about.filter((a) => this.bundle.router?.hasCue(text, a.cue))
    const call = `${pos.flow}.about_call`
    if (this.bundle.texts.id.has(call) && mentions(this.bundle.commands, 'call_when', text)) hits.push({ cue: 'call_when', text: call })
    const seen = new Set<string>()
    return hits.filter((h) => {
      const key = typeof h.text === 'string' ? h.text : JSON.stringify(h.text)
      if (seen.has(key)) return false
      seen.add(key)
      return true
    })
  }

  /**
   * "ini buat apa?", "kenapa harus nama asli?", "why do you need my name?" (commands.yaml `why`), short, at a question
   * that collects an answer (not a menu), and not a question the FAQ knows something about ("bpjs buat apa?").
   */
  private asksWhyAsked(step: AskStep): boolean {
    if (step.ask === 'choice' || step.ask === 'multi' || wordCount(this.text) > WHY_WORDS) return false
    const key = ` ${commandKey(this.text).replace(/[^\p{L}\p{N}' ]+/gu, ' ').replace(/\s+/g, ' ').trim()} `
    if (!this.bundle.commands.why.some((phrase) => key.includes(` ${phrase} `))) return false
    return searchFollowUp(this.bundle.faq.index, this.text, undefined, this.inbound.now).found.kind === 'none'
  }

  /**
   * A thanks or goodbye (content/intents.yaml: the intent whose command is `menu`) typed at a choice that offers a way
   * out (a choice going to `end`), not starting with a yes or no word: "oh gitu ya, makasih" is not "ya"; "iya,
   * makasih" still is.
   */
  private thanksAtOffer(step: AskStep): boolean {
    if (step.ask !== 'choice' || !(step.no_choice || step.choices?.some((c) => c.goto === 'end'))) return false
    const plan = this.formPlan()
    if (plan.kind !== 'command' || plan.command !== 'menu') return false
    const first = commandKey(this.text).split(/[\s,.!]+/)[0] ?? ''
    return readYesNoWords(first, this.bundle.commands) === undefined
  }

  /**
   * An everyday reply at a list of choices, read by its content words: a no (the step's `no_choice`), "I don't know"
   * (its `unsure_choice`), "that's all" ("udh kak": the choice that ends the flow), or a place in the list shown
   * ("yg pertama", "the second one"). Undefined when it is none of these (the step reads it as usual).
   */
  private everydayChoice(pos: FlowPosition, step: AskStep): string | undefined {
    const c = this.bundle.commands
    const answer = readYesNoWords(this.text, c)
    if (answer === 'no') return step.no_choice
    if (answer === 'unsure') return step.unsure_choice
    if (answer) return undefined
    const tokens = spaced(this.text).trim().split(' ').filter((w) => w && !c.hedge.includes(w))
    const key = tokens.join(' ')
    if (!key) return undefined
    if (c.done.has(key)) return step.choices?.find((ch) => ch.goto === 'end')?.id
    const pick = readListPick(this.text, c)
    if (!pick || !('place' in pick)) return undefined
    const prefix = `${pos.flow}.${pos.step}:`
    const shown = (this.session?.menu ?? []).filter((m) => m.id.startsWith(prefix) && !m.id.endsWith(`:${MORE_CHOICE}`))
    // "yang terakhir": the last of the list's own choices (never a way out such as "Menu utama").
    const own = shown.filter((m) => !(step.choices ?? []).some((ch) => m.id === `${prefix}${ch.id}` && (ch.goto === 'end' || ch.goto === 'menu')))
    const id = pick.place === 'last' ? own[own.length - 1]?.id : shown[pick.place]?.id
    return id ? id.slice(prefix.length) : undefined
  }

  /** A form that asks for consent (a step saving `consent`) and has not had a yes yet. */
  private beforeConsent(pos: FlowPosition): boolean {
    const steps = this.bundle.flows.get(pos.flow)?.steps ?? []
    return steps.some((s) => 'ask' in s && s.save === 'consent') && pos.answers.consent !== true
  }

  /** An intent that interrupts forms: a delete request is confirmed, a job (talk to an officer) starts, the form kept. */
  private interruptForm(pos: FlowPosition): boolean {
    const plan = this.formPlan()
    if (plan.kind === 'command' && plan.def.interrupts_forms && plan.command === 'delete') {
      this.askDeleteConfirmation()
      return true
    }
    if (plan.kind === 'start' && plan.def.interrupts_forms && plan.flow !== pos.flow) {
      // An explicit request ("mau bicara dengan petugas"): started now, the form kept for "Lanjutkan".
      this.pauseFlow()
      this.event('routed', plan.flow, plan.step, plan.intent)
      this.startFlow(plan.flow, plan.step, plan.answers, true)
      return true
    }
    return false
  }

  /**
   * A message opening with a correction (content/commands.yaml `correction_start`: "no I mean …", "bukan, maksudnya
   * …"): the form just started is left without a word, and the rest is read as a new message.
   */
  private leaveOnCorrection(): boolean {
    const rest = afterCorrection(this.bundle.commands, this.text)
    if (!rest) return false
    this.event('flow_abandoned', this.s.pos?.flow)
    delete this.s.pos
    this.text = rest
    this.planOfText = undefined
    this.planInForm = undefined
    this.freeText()
    return true
  }

  /** What a message typed inside a form asks for, read once per message, from its first characters. */
  private textPlan(): RoutePlan {
    this.planOfText ??= planRoute(this.bundle, this.text, this.lang)
    return this.planOfText
  }

  private formPlan(): RoutePlan {
    this.planInForm ??= planRoute(this.bundle, this.text.slice(0, FORM_QUESTION_CHARS), this.lang)
    return this.planInForm
  }

  /**
   * A job asked for in words ("jadi sy mau lapor", "i want to report them") at a result's choice that goes to it (the
   * agency result's "Laporkan perekrut ini"; not the main menu, where the question is read as usual): that choice, so the report gets the company just checked. Not when the message
   * names another company (that one is no answer of this choice).
   */
  private choiceForAskedJob(pos: FlowPosition, step: AskStep): string | undefined {
    const plan = this.askedOtherJob(pos)
    return plan && step.choices?.find((c) => c.goto === plan.flow)?.id
  }

  /**
   * At a result's choice (a step with `on_question`) that has no button for it, a job asked for in words ("jadi sy mau
   * lapor"): it starts, with what this flow hands to it (the company just checked) and what the message names.
   */
  private startAskedJob(pos: FlowPosition): boolean {
    const plan = this.askedOtherJob(pos)
    if (!plan) return false
    this.event('routed', plan.flow, plan.step, plan.intent)
    this.startFlow(plan.flow, plan.step, { ...this.carriedInto(pos, plan.flow), ...plan.answers })
    return true
  }

  /** Another job than this flow's asked for in words, naming no company or licence of its own: its plan, else undefined. */
  private askedOtherJob(pos: FlowPosition): Extract<RoutePlan, { kind: 'start' }> | undefined {
    const plan = this.formPlan()
    return plan.kind === 'start' && plan.asked && plan.flow !== pos.flow && !plan.entities.company && !plan.entities.license ? plan : undefined
  }

  /** At a choice of the flow a message asks for again with a new company or licence number: that flow starts anew. */
  private checkAnother(pos: FlowPosition): boolean {
    const plan = this.formPlan()
    if (plan.kind === 'start' && plan.flow === pos.flow && (plan.entities.company || plan.entities.license)) {
      // "The letter says licence FIK 0003 SIP3MI 2023" after "Maksud Anda…?" (or "not in the list") for a name: the
      // licence is checked together with that name, so a number registered to another company is said (a borrowed
      // licence; blind tester 2, H5). Only a licence alone, with the name's check unresolved.
      const before = pos.answers.agency_query
      const unresolved = pos.answers.agency_verdict === 'ambiguous' || pos.answers.agency_verdict === 'not_found'
      if (plan.entities.license && !plan.entities.company && unresolved && typeof before === 'string' && !/\d/.test(before)) {
        this.startFlow(plan.flow, plan.step, { ...plan.answers, agency_query: `${before} ${plan.entities.license}` })
        return true
      }
      this.startFlow(plan.flow, plan.step, plan.answers)
      return true
    }
    // "kalau Bumi Prima Jasa gimana?", "what about Cahaya Timur Abadi?": a name without "PT" after a follow-up word
    // (content/intents.yaml `company.other_before`), at the result of the job that checks companies.
    if (plan.kind === 'start' && plan.flow !== pos.flow) return false
    const def = this.bundle.router?.intents.find((d) => d.start?.split('.', 1)[0] === pos.flow && Object.values(d.prefill ?? {}).includes('agency_query'))
    const name = def?.start ? this.bundle.router?.otherCompany(this.text.slice(0, FORM_QUESTION_CHARS)) : undefined
    if (!def?.start || !name) return false
    const [flow, step] = def.start.split('.', 2) as [string, string | undefined]
    this.event('routed', flow, step, def.id)
    this.startFlow(flow, step, prefillAnswers(this.bundle, def, { company: name }, this.lang))
    return true
  }

  /** At a text step: a job of another flow asked for in words is offered (true), else the text is the answer. */
  private offerAskedJob(pos: FlowPosition): boolean {
    const plan = this.formPlan()
    if (plan.kind !== 'start' || !plan.asked || !plan.def.offer_in_forms || plan.flow === pos.flow) return false
    this.offerJob(pos, plan)
    return true
  }

  /** Offers the job a message asks for as a button; the form goes on and keeps its answers if the job is chosen. */
  private offerJob(pos: FlowPosition, plan: Extract<RoutePlan, { kind: 'start' }>): void {
    pos.answers[OFFER_KEY] = { flow: plan.flow, step: plan.step, answers: plan.answers }
    this.event('route_offered', pos.flow, pos.step, plan.intent)
    const title = this.flowTitle(plan.flow)
    const offer = this.beforeConsent(pos) ? 'form.offer_before_consent' : 'route.offer'
    this.say(offer, { title }, [{ id: 'g:route', label: this.t('route.offer_button', { title }) }])
    this.reprompt({ intro: this.t('flow.continue') })
  }

  /** The job offered inside a form (or after an answer) was chosen: a form is kept for later, the job starts. */
  private takeOffer(): boolean {
    const pos = this.s.pos
    const inForm = pos?.answers[OFFER_KEY] as Session['offer']
    const offer = inForm ?? this.s.offer
    if (!offer || !this.bundle.flows.has(offer.flow)) return false
    if (inForm) delete pos!.answers[OFFER_KEY]
    delete this.s.offer
    this.pauseFlow()
    this.startFlow(offer.flow, offer.step, offer.answers, true)
    return true
  }

  private accept(pos: FlowPosition, step: AskStep, result: Extract<AnswerResult, { kind: 'ok' }>, options: readonly Option[]): void {
    const name = step.save ?? step.id
    if (name === 'age' && step.ask === 'number') this.regionBesideAge(pos, this.text)
    // "27 taun, lulusan D3 keperawatan": the schooling answers the education question too (blind tester A, A-6).
    if (name === 'age' && step.ask === 'number' && this.text && !this.inbound.choice) this.prefillEducation(pos, this.text)
    // "my name Rina, phone +62 819 0011 2233": the number answers the phone question too (blind tester A, A-6).
    if (step.person_name && this.text && !this.inbound.choice) this.prefillPhone(pos, this.text)
    if (this.text && !this.inbound.choice && PLAIN_ANSWERS.has(step.ask)) this.plainAnswer = true
    pos.answers[name] = result.value
    if (result.label !== undefined) pos.answers[`${name}_label`] = result.label
    else if (Array.isArray(result.value)) pos.answers[`${name}_label`] = this.labelsOf(options, result.value.map(String))
    // Answers to later questions given in the same message: those steps are skipped (skip_if_prefilled).
    for (const [later, given] of Object.entries(result.also ?? {})) {
      pos.answers[later] = given.value
      pos.answers[`${later}_label`] = given.label
      markPrefilled(pos, [later])
    }
    if (step.ask === 'yesno' && result.value === true) this.phoneWithYes(pos, step)
    pos.tries = 0
    pos.history.push(step.id)
    // Correcting one answer from a review step: go back to the review afterwards.
    const review = pos.answers[REVIEW_KEY]
    if (result.review) {
      pos.answers[REVIEW_KEY] = step.id
      // "Ubah minat": a several-choice answer is chosen anew from an empty selection, not added to the old one.
      const fix = result.goto ? this.findStep(pos.flow, result.goto) : undefined
      if (fix && 'ask' in fix && fix.ask === 'multi') {
        const field = fix.save ?? fix.id
        delete pos.answers[field]
        delete pos.answers[`${field}_label`]
      }
    } else if (typeof review === 'string' && !step.review_next) {
      delete pos.answers[REVIEW_KEY]
      return this.jump(review)
    }
    const target = result.goto ?? step.next
    if (target) this.jump(target)
    else this.advanceFrom(step)
  }

  /**
   * "I'm 20 from Bandung", "umur 20 dari bandung", "20 thn, dr medan": the place typed after the age answers the
   * flow's province question (`options: provinces`, `skip_if_prefilled`) and, for an exact town, the regency one, as
   * if typed there. Nothing when the place is not clear or was answered already.
   */
  private regionBesideAge(pos: FlowPosition, text: string): void {
    const rest = AGE_THEN_MORE.exec(text)?.[1]?.trim()
    if (!rest || this.inbound.choice || wordCount(rest) > REGION_AFTER_AGE_WORDS) return
    this.prefillRegion(pos, rest)
  }

  /** The first of `texts` that names one regency of the province already prefilled answers the regency question. */
  private prefillRegency(pos: FlowPosition, texts: readonly string[]): void {
    const steps = this.bundle.flows.get(pos.flow)?.steps ?? []
    const step = steps.find((s): s is AskStep => 'ask' in s && s.options === 'regencies' && !!s.skip_if_prefilled)
    const name = step ? (step.save ?? step.id) : undefined
    if (!step || !name || pos.answers[name] !== undefined || pos.answers[step.of ?? 'province'] === undefined) return
    for (const text of texts) {
      const read = readAnswer(step, { text, options: this.optionsFor(pos, step), bundle: this.bundle, answers: pos.answers, lang: this.lang })
      if (read.kind !== 'ok') continue
      pos.answers[name] = read.value
      if (read.label !== undefined) pos.answers[`${name}_label`] = read.label
      markPrefilled(pos, [name])
      return
    }
  }

  /** `text` read at the flow's province question (skipped when prefilled): its answer (and a regency in it) prefilled. */
  private prefillRegion(pos: FlowPosition, rest: string): boolean {
    const steps = this.bundle.flows.get(pos.flow)?.steps ?? []
    const provinceStep = steps.find((s): s is AskStep => 'ask' in s && s.options === 'provinces' && !!s.skip_if_prefilled)
    if (!provinceStep || pos.answers[provinceStep.save ?? provinceStep.id] !== undefined) return false
    const read = readAnswer(provinceStep, { text: rest, options: this.optionsFor(pos, provinceStep), bundle: this.bundle, answers: pos.answers, lang: this.lang })
    if (read.kind !== 'ok') return false
    const name = provinceStep.save ?? provinceStep.id
    pos.answers[name] = read.value
    if (read.label !== undefined) pos.answers[`${name}_label`] = read.label
    for (const [later, given] of Object.entries(read.also ?? {})) {
      pos.answers[later] = given.value
      pos.answers[`${later}_label`] = given.label
    }
    markPrefilled(pos, [name, ...Object.keys(read.also ?? {})])
    return true
  }

  /**
   * The recruiter typed in a sentence (src/engine/recruiter-text.ts): the name part and a number are saved; a message
   * that only says it was written before takes what the user typed earlier; a story is kept as the report's story
   * and the name asked again. False when the text is a plain name (read as usual).
   */
  private readRecruiter(pos: FlowPosition, step: AskStep): boolean {
    const read = readRecruiterText(this.bundle, this.text)
    if (read.story) {
      if (pos.answers.story !== undefined) return false
      this.keepStory(pos)
      this.prompt(pos, step)
      return true
    }
    if (read.name === '' && !read.phone) {
      // "kan td udh sy tulis": the name given earlier in this conversation, if any.
      if (!read.trimmed) return false
      const earlier = this.earlierRecruiter()
      if (!earlier) {
        this.explainStep(pos, step)
        return true
      }
      this.say('form.from_earlier', { recruiter: earlier })
      this.accept(pos, step, { kind: 'ok', value: earlier }, [])
      return true
    }
    if (!read.trimmed && !read.phone) return false
    // "pak darto janji kerja di taiwan, minta 20jt, …": the name now, and the whole message kept as the story.
    if (read.told && pos.answers.story === undefined) this.keepStory(pos)
    this.accept(pos, step, { kind: 'ok', value: recruiterAnswer(read, this.text) }, [])
    return true
  }

  /**
   * Free text in a form that states a trafficking pattern or a non-procedural route (content/redflag-cues.yaml
   * `form_warnings`): that FAQ entry's warning is said now, once per form; the form then goes on as usual. Not in
   * the agency check and the red-flag quiz, which say the signs themselves.
   */
  private warnInForm(pos: FlowPosition): void {
    if (PRE_DEPARTURE_FLOWS.has(pos.flow) || pos.flow === MAIN_FLOW) return
    const said = Array.isArray(pos.answers[WARNED_KEY]) ? (pos.answers[WARNED_KEY] as string[]) : []
    const entry = formWarning(this.bundle, this.text, said, this.inbound.now)
    if (!entry) return
    pos.answers[WARNED_KEY] = [...said, entry.id]
    // Documents held at home with money asked for them ("ijazah sy dipegang PT, baru dibalikin kalo bayar 4jt"): the
    // calm answer for home, not the held-documents FAQ written for workers abroad (blind tester A, A-5).
    if (entry.id === DOCUMENTS_FAQ && !this.where() && !placeNamed(this.bundle, this.text) && documentsRansomed(this.bundle, this.text)) {
      const key = documentsHomeKey(this.bundle, this.text, inIndonesia(this.bundle, this.text))
      this.event('faq_answered', pos.flow, pos.step, 'documents_home')
      this.say(key)
      return
    }
    this.event('faq_answered', pos.flow, pos.step, entry.id)
    this.say('form.warning_first')
    this.push(this.faqReply(entry))
  }

  /**
   * A name question (src/engine/person-name.ts): not a name is asked again politely (a try counted); a name given
   * for someone else is saved with a note. False when the text is read as usual.
   */
  private readName(pos: FlowPosition, step: AskStep): boolean {
    const read = readPersonName(this.bundle, this.text)
    if (read.kind === 'not_a_name') {
      this.invalid(pos, step, { kind: 'invalid', reason: 'not_a_name' })
      return true
    }
    if (!read.forSomeoneElse) return false
    pos.answers[FOR_SOMEONE_KEY] = true
    this.say('form.name_for_someone', { name: read.name })
    this.accept(pos, step, { kind: 'ok', value: read.name }, [])
    return true
  }

  /**
   * Words that leave the form for another question (content/commands.yaml `leave_to_ask`: "skip aja, sy mau nanya yg
   * lain: …") followed by a question of three words or more: the form is paused (its answers kept for "Lanjutkan"; said
   * so, or that it was left when it held none) and the question read as a new message (blind tester A, A-1).
   */
  private leaveToAsk(pos: FlowPosition): boolean {
    const rest = afterLeaveWords(this.bundle.commands, this.text)
    if (!rest || wordCount(rest) < 3 || !(looksLikeQuestion(rest) || asksQuestion(this.bundle, rest))) return false
    const title = this.flowTitle(pos.flow)
    const held = holdsAnswers(pos)
    this.pauseFlow()
    if (!held) {
      this.event('flow_abandoned', pos.flow, pos.step)
      this.say('flow.left_to_ask', { title })
    }
    this.text = rest
    this.planOfText = undefined
    this.planInForm = undefined
    this.freeText()
    return true
  }

  /**
   * A question asked beside a yes at a consent question ("boleh, tp umur sy 38 gpp kan?", "iya, ini gratis kan?"): the
   * form's own answer about itself (`about`), else the FAQ's when it is sure. False (the question is read as before,
   * and the consent asked again) when the message asks nothing or nothing answers it.
   */
  private answerBesideYes(pos: FlowPosition): boolean {
    if (wordCount(this.text) < 3 || !(looksLikeQuestion(this.text) || asksQuestion(this.bundle, this.text))) return false
    if (this.sayAboutForm(pos)) return true
    const entry = this.sureFaqEntry(this.text.slice(0, FORM_QUESTION_CHARS), this.s.topic)
    if (!entry) return false
    const answer = this.specific(entry)
    this.event('faq_answered', pos.flow, pos.step, answer.id)
    const reply = this.faqReply(answer)
    reply.text = withoutPointerTo(reply.text, this.ownFlowNames())
    this.push(reply)
    return true
  }

  /** A question whose answer is a name, a number or a list's option (not a story, a recruiter or a yes/no). */
  private toldBeforeAt(step: AskStep): boolean {
    if (step.ask === 'text') return step.person_name === true
    return step.ask === 'number' || step.ask === 'multi' || (step.ask === 'choice' && !!step.options)
  }

  /**
   * A name followed by an age ("Siti Nurhaliza, umur 19", "rina 22th", "Budi, 20 years old"): the name is the answer;
   * the age answers the flow's later age question (`save: age`, skipped when prefilled) when it is in its range.
   */
  private nameWithAge(pos: FlowPosition, step: AskStep): boolean {
    const m = NAME_WITH_AGE.exec(this.text.trim())
    if (!m) return false
    const name = m[1]!.trim()
    const age = Number(m[2])
    const steps = this.bundle.flows.get(pos.flow)?.steps ?? []
    const ageStep = steps.find((s): s is AskStep => 'ask' in s && s.ask === 'number' && s.save === 'age')
    if (!ageStep?.skip_if_prefilled || (ageStep.min !== undefined && age < ageStep.min) || (ageStep.max !== undefined && age > ageStep.max)) return false
    const read = readPersonName(this.bundle, name)
    if (read.kind !== 'name' || read.forSomeoneElse || !/\p{L}/u.test(read.name)) return false
    pos.answers.age = age
    markPrefilled(pos, ['age'])
    this.regionBesideAge(pos, this.text)
    this.plainAnswer = true
    this.accept(pos, step, { kind: 'ok', value: read.name }, [])
    return true
  }

  /**
   * A reply at a question of the warning-sign quiz that reads as yes or no but does not answer it: it announces a
   * question ("boleh tanya dulu": invited to write it), agrees rather than answers ("ok lanjut", "mau": content
   * `commands.yaml` quiz_not_answer), or states the sign of another quiz question and not this one ("iya paspor sy
   * dipegang" at "were you asked to pay?": a yes about that one; a no with such details stays the answer). Nothing is
   * recorded; the question is asked again.
   */
  private notAQuizAnswer(pos: FlowPosition, step: AskStep): boolean {
    if (mentions(this.bundle.commands, 'ask_intro', this.text)) {
      this.plainAnswer = true
      this.say('redflags.ask_first')
      this.reprompt()
      return true
    }
    const first = spaced(this.text).trim().split(' ')[0] ?? ''
    if (phrases(this.bundle.commands, 'quiz_not_answer').includes(first)) {
      this.invalid(pos, step, { kind: 'invalid' })
      return true
    }
    // A no with details about another sign ("blm sih, tp ada biaya medical 8jt") still answers this question.
    const head = this.text.trim().split(/[\s,.;!]+/u).slice(0, 2).join(' ')
    if ((readYesNoWords(head, this.bundle.commands) ?? readYesNoWords(this.text, this.bundle.commands)) !== 'yes') return false
    const questions = new Set((this.bundle.redflags?.read(this.text) ?? []).flatMap((sign) => (sign.question ? [sign.question] : [])))
    if (questions.size === 0 || questions.has(step.save ?? step.id)) return false
    // "iya tapi kalau visa turis gimana?": the FAQ answers it when sure (the question is then asked again).
    if (this.answerInForm(pos, false)) return true
    this.plainAnswer = true
    this.say('redflags.other_question')
    this.reprompt()
    return true
  }

  /**
   * More details typed at a yes/no question after the story was told (not a yes, no or question): added to the
   * story (said so), then the question is asked again. False in forms without a story.
   */
  private addToStory(pos: FlowPosition): boolean {
    const story = pos.answers.story
    if (typeof story !== 'string' || wordCount(this.text) < DETAIL_WORDS) return false
    // Before consent nothing is added to a report the user has not agreed to.
    if (this.currentAsk()?.save === 'consent') return false
    // A name ("dipanggil bu Yati") is a detail even in a sentence that sounds like a question ("gatau siapa").
    const read = readRecruiterText(this.bundle, this.text)
    const named = read.named && read.name !== '' && !read.story
    if (!named && looksLikeQuestion(this.text)) return false
    this.warnInForm(pos)
    pos.answers.story = `${story}\n${this.text}`.slice(0, STORY_CHARS_HELD)
    const recruiter = pos.answers.recruiter
    if (named && typeof recruiter === 'string' && !recruiter.toLowerCase().includes(read.name.toLowerCase())) pos.answers.recruiter = `${recruiter}; ${read.name}`
    this.say('form.details_added')
    this.reprompt()
    return true
  }

  /**
   * A yes or no followed by what happened, in one sentence that is not a question ("iya sy diminta bayar 12 juta ke
   * rekening bu yanti …", "ga, dia cuma minta fotokopi KTP"): the answer the first words give, with the details
   * added to the story when the form keeps one. False when the message does not start with a yes or no.
   */
  private answerWithStory(pos: FlowPosition, step: AskStep, options: readonly Option[]): boolean {
    // At a consent question a story is held for the form until the yes (holdRecruiter), never taken with it.
    if (step.save === 'consent' || wordCount(this.text) < DETAIL_WORDS || looksLikeQuestion(this.text)) return false
    const head = this.text.trim().split(/[\s,.;!]+/u).slice(0, 2).join(' ')
    const answer = readYesNoWords(head, this.bundle.commands)
    if (answer !== 'yes' && answer !== 'no') return false
    if (step.unsure && this.notAQuizAnswer(pos, step)) return true
    const result = readAnswer(step, { text: answer === 'yes' ? 'ya' : 'tidak', options, bundle: this.bundle, answers: pos.answers, lang: this.lang })
    if (result.kind !== 'ok') return false
    const story = pos.answers.story
    if (typeof story === 'string') {
      this.warnInForm(pos)
      pos.answers.story = `${story}\n${this.text}`.slice(0, STORY_CHARS_HELD)
      this.say('form.details_added')
    } else this.sayDetailSigns(pos)
    this.accept(pos, step, result, options)
    return true
  }

  /**
   * "blm sih, tp ada biaya medical 8jt" at a yes/no question of a form without a story (the warning-sign quiz): the
   * answer is recorded, and each warning sign the details state (content/redflag-cues.yaml) that was not said yet in
   * this form is said with its official source (a fee: what may and may not be charged), before the next question.
   */
  private sayDetailSigns(pos: FlowPosition): void {
    const list = (key: string): string[] => (Array.isArray(pos.answers[key]) ? (pos.answers[key] as string[]) : [])
    const said = [...list(FLAGS_KEY), ...list(SIGNS_SAID_KEY)]
    const signs = (this.bundle.redflags?.read(this.text) ?? []).filter((sign) => !said.includes(sign.id))
    for (const sign of signs) {
      const entry = sign.faq ? this.bundle.faq.byId.get(sign.faq) : undefined
      if (entry) this.push(this.faqReply(entry))
      else if (sign.text) this.say(sign.text)
    }
    if (signs.length > 0) pos.answers[SIGNS_SAID_KEY] = [...list(SIGNS_SAID_KEY), ...signs.map((sign) => sign.id)]
  }

  /** This message is the report's story (its step is then skipped), said once. */
  private keepStory(pos: FlowPosition): void {
    pos.answers.story = this.text
    markPrefilled(pos, ['story'])
    if (!this.replies.some((r) => r.key === 'form.kept_with_help')) this.say('form.story_kept')
  }

  /** A recruiter named (with a title: "pak slamet") in one of the user's recent messages. */
  private earlierRecruiter(): string | undefined {
    for (const text of [...(this.s.recent ?? [])].reverse()) {
      const read = readRecruiterText(this.bundle, text)
      if (!read.story && read.named) return recruiterAnswer(read, text)
    }
    return undefined
  }

  /**
   * Before consent, a message naming the recruiter ("nama sponsornya pak slamet, orang cilacap, nomernya 0813…") is
   * held in the session for this form only: it becomes the recruiter answer after a yes and is dropped with a no.
   */
  private holdRecruiter(pos: FlowPosition): boolean {
    const steps = this.bundle.flows.get(pos.flow)?.steps ?? []
    const recruiter = steps.find((s): s is AskStep => 'ask' in s && s.save === 'recruiter' && !!s.skip_if_prefilled)
    if (!recruiter || looksLikeQuestion(this.text)) return false
    const read = readRecruiterText(this.bundle, this.text)
    // "ibu sy dimintain uang sponsor 8 juta, …": what happened, held the same way (the story step is then skipped).
    if (read.story && wordCount(this.text) >= HELD_STORY_WORDS && pos.answers.story === undefined) {
      pos.answers.story = this.text.slice(0, STORY_CHARS_HELD)
      markPrefilled(pos, ['story'])
      this.say('form.story_held_before_consent')
      this.reprompt({ intro: this.t('flow.continue') })
      return true
    }
    if (read.story || read.name === '' || (!read.trimmed && !read.phone)) return false
    pos.answers.recruiter = recruiterAnswer(read, this.text)
    markPrefilled(pos, ['recruiter'])
    this.say('form.held_before_consent')
    this.reprompt({ intro: this.t('flow.continue') })
    return true
  }

  /**
   * At a summary (a step with `yes_choice`), a correction in words: a country named with a destination word, or a
   * training named with an interest word, becomes the answer of the step its "change" choice goes to; the flow then
   * comes back to the summary as after any correction. A new destination that has a training of its own
   * ("korea" → Bahasa Korea) not yet chosen is offered.
   */
  private correctFromSummary(pos: FlowPosition, step: AskStep, dropped?: string, cueless = false): boolean {
    const commands = this.bundle.commands
    for (const [catalog, cue] of [['countries', 'summary_destination'], ['trainings', 'summary_interest']] as const) {
      // "ga jadi jepang, korea aja": the value dropped is named after the stop, so no cue word is needed.
      const adds = catalog === 'trainings' && mentions(commands, 'summary_add', this.text)
      if (dropped === undefined && !cueless && !mentions(commands, cue, this.text) && !adds) continue
      const fix = step.choices?.find((c) => c.review && c.goto && (this.findStep(pos.flow, c.goto) as AskStep | undefined)?.options === catalog)
      const target = fix?.goto ? (this.findStep(pos.flow, fix.goto) as AskStep) : undefined
      if (!target) continue
      const options = this.optionsFor(pos, target)
      const gone = new Set(dropped === undefined ? [] : optionsNamed(options, dropped).map((o) => o.id))
      const named = optionsNamed(options, this.text).filter((o) => !gone.has(o.id))
      if (named.length !== 1) continue
      const option = named[0]!
      // Without a cue word only a country other than the one chosen corrects ("ok japan" with Japan chosen confirms);
      // trainings are added to, not replaced, so they need the cue.
      // A training named ("ya, bahasa korea") is not a country.
      if (cueless && (catalog !== 'countries' || pos.answers[target.save ?? target.id] === option.id)) continue
      if (cueless && (mentions(commands, 'summary_interest', this.text) || mentions(commands, 'summary_language', this.text))) continue
      const label = pick(option.label, this.lang)
      const chosen = Array.isArray(pos.answers[target.save ?? target.id]) ? (pos.answers[target.save ?? target.id] as string[]) : []
      // "tambah bahasa jepang jg": added to the interests already chosen.
      const value = target.ask === 'multi' ? (adds && !cueless ? [...new Set([...chosen, option.id])] : [option.id]) : option.id
      const field = catalog === 'countries' ? 'form.field_destination' : 'form.field_interests'
      this.say(adds && !cueless && target.ask === 'multi' ? 'form.added' : 'form.changed', { field: this.t(field), value: label })
      if (catalog === 'countries') {
        const current = Array.isArray(pos.answers.interests) ? (pos.answers.interests as string[]) : []
        const training = optionsNamed(this.bundle.trainings.map((o) => ({ id: o.id, label: o.label, synonyms: o.synonyms })), this.text).find((t) => !current.includes(t.id))
        if (training) this.say('form.offer_interest', { training: pick(training.label, this.lang) })
      }
      pos.answers[REVIEW_KEY] = step.id
      pos.step = target.id
      this.accept(pos, target, target.ask === 'multi' ? { kind: 'ok', value } : { kind: 'ok', value, label }, options)
      return true
    }
    return false
  }

  /**
   * A place outside the destination list (abroad.yaml places that are not in countries.yaml: Malaysia, Hong Kong,
   * Singapore, Brunei…) named in `text`, once and not as where someone was (`cues.past`): said honestly at the
   * destination question, then the question again (its list; "Belum tahu" typed works too). False when none.
   */
  private unlistedDestination(pos: FlowPosition, step: AskStep, text: string): boolean {
    const place = this.unlistedPlace(text)
    if (!place) return false
    this.say('form.destination_not_listed', { place: pick(place.label, this.lang) })
    this.prompt(pos, step)
    return true
  }

  /** Work named at a destination question (commands.yaml `work_not_place`, or a training's words): said to be no country. */
  private workAtDestination(pos: FlowPosition, step: AskStep): boolean {
    const words = spaced(this.text)
    let work = phrases(this.bundle.commands, 'work_not_place').find((p) => words.includes(` ${p} `))
    if (!work) {
      const id = this.bundle.router?.read(this.text).interests?.[0]
      const training = id ? this.bundle.trainings.find((t) => t.id === id) : undefined
      if (training) work = pick(training.label, this.lang)
    }
    if (!work) return false
    this.say('form.destination_is_work', { work })
    this.prompt(pos, step)
    return true
  }

  private unlistedPlace(text: string): Place | undefined {
    const place = placeNamed(this.bundle, text)
    if (!place || this.bundle.countries.some((c) => c.id === place.id) || hasCue(this.bundle, text, 'past')) return undefined
    return place
  }

  /** The flow's destination question that a destination named earlier answers (`options: countries`, `skip_if_prefilled`). */
  private prefilledDestinationStep(flow: string): AskStep | undefined {
    return this.bundle.flows.get(flow)?.steps.find((s): s is AskStep => 'ask' in s && s.options === 'countries' && !!s.skip_if_prefilled)
  }

  /**
   * "mau pelatihan las ke malaysia" starting a form that asks for a destination later: the place is kept so that the
   * destination question says it is not in the list (never dropped without a word). Only when no listed country was read.
   */
  private noteUnlistedDestination(pos: FlowPosition): void {
    if (!this.text || this.inbound.choice) return
    const destination = this.prefilledDestinationStep(pos.flow)
    if (!destination || pos.answers[destination.save ?? destination.id] !== undefined) return
    const place = this.unlistedPlace(this.text)
    if (place) pos.answers[UNLISTED_KEY] = place.id
  }

  /**
   * Work asked for at the trainings question that has no training here (trainings.yaml `without_training`: "ART",
   * "domestic helper"), when no training is named by its own words: said honestly, with the closest real trainings as
   * this step's choices. Nothing is stored until one is chosen. False when the message names no such work.
   */
  private offerInsteadOfMissing(pos: FlowPosition, step: AskStep): boolean {
    const typed = ` ${cleanText(this.text)} `
    const gap = this.bundle.withoutTraining?.find((g) => g.words.some((w) => typed.includes(` ${cleanText(w)} `)))
    if (!gap || (this.bundle.router?.read(this.text).interests?.length ?? 0) > 0) return false
    const options = this.optionsFor(pos, step)
    const offered = gap.closest.map((id) => options.find((o) => o.id === id)).filter((o): o is Option => !!o)
    if (offered.length === 0) return false
    this.say(gap.text, {}, offered.map((o) => ({ id: choiceWireId(pos.flow, step.id, o.id), label: pick(o.label, this.lang) })))
    return true
  }

  /**
   * A country named after a destination word at the trainings question ("pengen kerja di jepang", "las buat kerja di
   * qatar"): it answers the flow's destination question (skipped as prefilled, its checks still run), and a training
   * read only from the country's name ("jepang" → Bahasa Jepang) is dropped. With no training left, the destination
   * is noted and the trainings question asked again (`asked_again`). Undefined when no country was named so, or the
   * destination was answered already.
   */
  private destinationAtTrainings(pos: FlowPosition, result: AnswerResult): AnswerResult | 'asked_again' | undefined {
    const destinationStep = this.prefilledDestinationStep(pos.flow)
    if (!destinationStep) return undefined
    const field = destinationStep.save ?? destinationStep.id
    if (pos.answers[field] !== undefined) return undefined
    const id = this.bundle.router?.markedDestination(this.text)
    const country = id ? this.bundle.countries.find((c) => c.id === id) : undefined
    if (!country) return undefined
    const label = pick(country.label, this.lang)
    pos.answers[field] = country.id
    pos.answers[`${field}_label`] = label
    markPrefilled(pos, [field])
    const countryNames = new Set([country.label.id, country.label.en ?? '', ...country.synonyms].map((n) => commandKey(n)))
    const named = new Set(this.bundle.router?.read(this.text).interests ?? [])
    const byCountryName = (training: string): boolean => {
      const t = this.bundle.trainings.find((o) => o.id === training)
      return !named.has(training) && !!t && [t.label.id, t.label.en ?? '', ...t.synonyms].some((n) => countryNames.has(commandKey(n)))
    }
    if ((result.kind === 'ok' || result.kind === 'partial') && Array.isArray(result.value)) {
      const kept = (result.value as string[]).filter((v) => !byCountryName(v))
      if (kept.length > 0) return { ...result, value: kept }
    } else if (result.kind === 'clarify') {
      const kept = result.options.filter((o) => !byCountryName(o.id))
      if (kept.length > 0) return { ...result, options: kept }
    }
    this.say('form.destination_noted', { value: label })
    this.prompt(pos, this.findStep(pos.flow, pos.step) as AskStep)
    return 'asked_again'
  }

  /** "bln depan 20": the age now is asked (19 is not assumed: a birthday may be further away). */
  private askAgeNow(pos: FlowPosition, step: AskStep): void {
    const age = /\d{1,3}/.exec(this.text)?.[0]
    if (!age) return this.prompt(pos, step)
    this.say('form.age_next_month', { age, age_now: Number(age) - 1 })
  }

  /** The step's hint (`<text key>_hint`) or the question again; a yes/no question says which answers it takes. */
  private explainStep(pos: FlowPosition, step: AskStep): void {
    const texts = Array.isArray(step.text) ? step.text : [step.text]
    const last = texts[texts.length - 1]
    const hint = typeof last === 'string' && this.bundle.texts.id.has(`${last}_hint`) ? `${last}_hint` : undefined
    const how = step.ask === 'yesno' ? this.t(step.unsure ? 'ask.explain_yesno' : 'ask.explain_yesno_plain') : undefined
    if (hint) {
      this.say(hint, pos.answers)
      if (how) this.push({ text: how, key: step.unsure ? 'ask.explain_yesno' : 'ask.explain_yesno_plain' }, this.choicesFor(pos, step))
      else this.prompt(pos, step)
      return
    }
    this.prompt(pos, step, { intro: this.t('ask.explain_again') })
    if (how) this.push({ text: how, key: step.unsure ? 'ask.explain_yesno' : 'ask.explain_yesno_plain' })
  }

  /**
   * "boleh, 0812.9988.7766" at "may we contact you?": the number is the answer to the phone question that
   * follows (the next question of the flow, when it asks for a phone and may be skipped when prefilled).
   */
  private phoneWithYes(pos: FlowPosition, step: AskStep): void {
    const inside = phoneInSentence(this.text)
    if (!inside) return
    const flow = this.bundle.flows.get(pos.flow)
    const steps = flow?.steps ?? []
    const next = steps.slice(steps.findIndex((s) => s.id === step.id) + 1).find((s): s is AskStep => 'ask' in s)
    if (!next || next.ask !== 'phone' || !next.skip_if_prefilled) return
    const phone = normalizeIndonesianMobile(inside)
    if (!phone.ok) return
    const name = next.save ?? next.id
    pos.answers[name] = phone.e164
    markPrefilled(pos, [name])
  }

  private invalid(pos: FlowPosition, step: AskStep, result: AnswerResult): void {
    pos.tries += 1
    this.event('answer_invalid', pos.flow, pos.step)
    const maxTries = step.max_tries ?? DEFAULT_MAX_TRIES
    if (pos.tries >= maxTries) {
      this.event('retries_exhausted', pos.flow, pos.step)
      pos.tries = 0
      this.offerOfficer = true
      this.say('ask.exhausted')
      // No answer is lost: to the menu, the form is paused at this question ("Lanjutkan" resumes it).
      if ((step.on_fail ?? 'menu') === 'menu' && pos.flow !== MAIN_FLOW) {
        this.pauseFlow()
        return this.showMenu()
      }
      return this.jump(step.on_fail ?? 'menu')
    }
    const reasonKey = result.kind === 'invalid' && result.reason ? `ask.invalid.${result.reason}` : undefined
    const ref: TextRef = step.invalid ?? (reasonKey && this.bundle.texts.id.has(reasonKey) ? reasonKey : `ask.invalid.${step.ask}`)
    const unknown = result.kind === 'invalid' && result.unknown ? result.unknown.join(', ') : undefined
    const vars = { ...pos.answers, ...this.examplesFor(pos, step), min: step.min, max: step.max, tries_left: maxTries - pos.tries, unknown }
    this.say(ref, vars, this.choicesFor(pos, step))
  }

  /**
   * The options of an ask: its catalog (`options:`), then its own `choices:`; yes and no for a yes/no ask. Built
   * once per bundle, step, language and the answer a catalog depends on (the province of a regency question), then
   * shared (frozen): the same list object also lets the option matcher find its index at once.
   */
  private optionsFor(pos: FlowPosition, step: AskStep): readonly Option[] {
    if (step.options === 'matches') return this.buildOptions(pos, step)
    const of = step.options === 'regencies' ? (pos.answers[step.of ?? 'province'] ?? '') : step.options === 'faq_entries' ? (pos.answers[step.of ?? 'topic'] ?? '') : ''
    const key = `${this.lang}\u0000${String(of)}`
    let byStep = builtOptions.get(this.bundle)
    if (!byStep) builtOptions.set(this.bundle, (byStep = new WeakMap()))
    let byKey = byStep.get(step)
    if (!byKey) byStep.set(step, (byKey = new Map()))
    let options = byKey.get(key)
    if (!options) {
      options = deepFreeze(this.buildOptions(pos, step))
      if (byKey.size >= OPTION_LISTS_PER_STEP) byKey.clear()
      byKey.set(key, options)
    }
    return options
  }

  private buildOptions(pos: FlowPosition, step: AskStep): Option[] {
    const own = step.choices?.map((c: ChoiceDef) => ({ id: c.id, label: this.localized(c.label), synonyms: c.synonyms ?? [], ...(c.goto ? { goto: c.goto } : {}), ...(c.review ? { review: true } : {}) }))
    if (step.options) {
      const all = [...this.catalog(pos, step), ...(own ?? [])]
      const pinned = step.pin ? all.filter((o) => step.pin!.includes(o.id)) : []
      return pinned.length > 0 ? [...pinned, ...all.filter((o) => !pinned.includes(o))] : all
    }
    if (own) return own
    if (step.ask === 'yesno') {
      return [
        { id: 'yes', label: { id: this.t('common.yes') }, synonyms: [] },
        { id: 'no', label: { id: this.t('common.no') }, synonyms: [] },
        ...(step.unsure ? [{ id: 'unsure', label: { id: this.t('common.unsure') }, synonyms: [] }] : []),
      ]
    }
    return []
  }

  private catalog(pos: FlowPosition, step: AskStep): Option[] {
    const bundle = this.bundle
    switch (step.options) {
      case 'trainings':
        return bundle.trainings.map((o) => ({ id: o.id, label: o.label, synonyms: o.synonyms }))
      case 'countries':
        return bundle.countries.map((o) => ({ id: o.id, label: o.label, synonyms: o.synonyms }))
      case 'provinces':
        return bundle.regions.provinces().map((r) => ({ id: r.code, label: { id: r.name }, synonyms: [] }))
      case 'regencies': {
        const province = String(pos.answers[step.of ?? 'province'] ?? '')
        return bundle.regions.regencies(province).map((r) => ({ id: r.code, label: { id: r.name }, synonyms: [] }))
      }
      case 'faq_topics':
        return bundle.faq.topics.map((t) => ({ id: t.id, label: t.label, synonyms: [] }))
      case 'faq_entries': {
        const topic = String(pos.answers[step.of ?? 'topic'] ?? '')
        return bundle.faq.entries.filter((e) => e.topic === topic).map((e) => ({ id: e.id, label: { id: faqTitle(e, 'id'), en: faqTitle(e, 'en') }, synonyms: [] }))
      }
      case 'matches':
        return listOptions(pos.answers[step.of ?? 'matches'])
      default:
        return []
    }
  }

  /**
   * Buttons to show with an ask: at most {@link MAX_CHOICES} a message (WhatsApp's list limit). A longer list is
   * shown a page at a time with "Lainnya" for the next page; typing any option's name works on every page. Long
   * catalogs (provinces, regencies) are typed, not listed.
   */
  private choicesFor(pos: FlowPosition, step: AskStep): Choice[] | undefined {
    if (step.ask !== 'choice' && step.ask !== 'multi' && step.ask !== 'yesno') return undefined
    // Provinces and regencies are typed (too many to list); everything else is shown.
    if (step.options === 'provinces' || step.options === 'regencies') return undefined
    const page = this.pageOf(pos, step)
    if (page.options.length === 0) return undefined
    const choices = page.options.map((o) => ({ id: choiceWireId(pos.flow, step.id, o.id), label: pick(o.label, this.lang) }))
    if (page.more) choices.push({ id: choiceWireId(pos.flow, step.id, MORE_CHOICE), label: this.t('ask.more') })
    if (step.ask === 'multi' && Array.isArray(pos.answers[step.save ?? step.id])) {
      choices.push({ id: choiceWireId(pos.flow, step.id, 'done'), label: this.t('ask.multi_done') })
    }
    return choices
  }

  /** The options on the page this step shows now, and whether more follow ("Lainnya"). */
  private pageOf(pos: FlowPosition, step: AskStep): { options: readonly Option[]; more: boolean } {
    const options = this.optionsFor(pos, step)
    const room = MAX_CHOICES - (step.ask === 'multi' ? 1 : 0)
    if (options.length <= room) return { options, more: false }
    const size = room - 1
    const pages = Math.ceil(options.length / size)
    const n = pos.page?.step === step.id ? pos.page.n % pages : 0
    return { options: options.slice(n * size, n * size + size), more: true }
  }

  private pageFirst(pos: FlowPosition, step: AskStep, options: readonly Option[]): readonly Option[] {
    const page = this.pageOf(pos, step)
    if (!page.more) return options
    // The same reordered list per list and page (frozen), so the option matcher finds its index at once.
    let byPage = pagedFirst.get(options)
    if (!byPage) pagedFirst.set(options, (byPage = new Map()))
    const key = page.options.map((o) => o.id).join('\u0000')
    let ordered = byPage.get(key)
    if (!ordered) {
      const shown = new Set(page.options.map((o) => o.id))
      ordered = Object.freeze([...page.options, ...options.filter((o) => !shown.has(o.id))])
      byPage.set(key, ordered)
    }
    return ordered
  }

  /**
   * Examples that this step accepts, for its hints: at a regency question, two real regencies or cities of the
   * province already given (`{regency_examples}`), never a fixed name that belongs to another province.
   */
  private examplesFor(pos: FlowPosition, step: AskStep): { regency_examples?: string } {
    if (step.options !== 'regencies') return {}
    const regencies = this.bundle.regions.regencies(String(pos.answers[step.of ?? 'province'] ?? ''))
    const kabupaten = regencies.find((r) => r.name.startsWith('Kabupaten '))
    const kota = regencies.find((r) => r.name.startsWith('Kota '))
    const picked = [kabupaten?.name.replace(/^Kabupaten /, ''), kota?.name].filter((n): n is string => !!n)
    return { regency_examples: (picked.length > 0 ? picked : regencies.slice(0, 2).map((r) => r.name)).join(', ') }
  }

  /** "Lainnya" pressed or typed at a paged list: the next page (after the last, the first again). */
  private nextPage(pos: FlowPosition, step: AskStep): void {
    const n = pos.page?.step === step.id ? pos.page.n + 1 : 1
    pos.page = { step: step.id, n }
    this.prompt(pos, step)
  }

  private labelsOf(options: readonly Option[], ids: string[]): string {
    return ids.map((id) => pick(options.find((o) => o.id === id)?.label ?? { id }, this.lang)).join(', ')
  }

  private localized(ref: TextRef): { id: string; en?: string } {
    if (typeof ref !== 'string') return ref
    return { id: renderText(this.bundle, 'id', ref), en: renderText(this.bundle, 'en', ref) }
  }

  // ── running steps ─────────────────────────────────────────────────────────────────────────────

  /** Starts a flow at its first step (or at `stepId`). */
  private startFlow(flowId: string, stepId?: string, answers: Record<string, unknown> = {}, keepPaused = false): void {
    const flow = this.bundle.flows.get(flowId)
    if (!flow) throw new EngineError(`unknown flow "${flowId}"`)
    const first = stepId ?? flow.steps[0]!.id
    if (flowId !== MAIN_FLOW) {
      // Starting the paused form anew replaces it; another flow leaves it waiting in the menu ("Lanjutkan …").
      if (!keepPaused && this.s.paused?.flow === flowId) delete this.s.paused
      this.event('flow_started', flowId)
      // Asking for an officer keeps help mode: the person is still in danger, whatever the officer's answer. So does a
      // family's check of the company that sent their relative ("berangkat lewat PT …" after "anak saya di saudi gak
      // bisa dihubungi"): the relative is still unreachable, and the family's next worry is answered as such (blind
      // tester C, c51).
      const familyCheck = flowId === 'agency' && this.s.crisis?.about === 'other'
      if (flowId !== HANDOFF_FLOW && !familyCheck) delete this.s.crisis
      delete this.s.offer
    }
    this.s.pos = { flow: flowId, step: first, answers: { ...answers }, tries: 0, history: [] }
    if (flowId !== MAIN_FLOW) this.prefillToldBefore(this.s.pos)
    if (flowId !== MAIN_FLOW) this.noteUnlistedDestination(this.s.pos)
    if (flowId !== MAIN_FLOW) this.prefillProfile(this.s.pos)
    this.execute()
  }

  /**
   * A report started after the user told what happened: that story, and a recruiter named in it, are its answers
   * (src/engine/report-prefill.ts), shown in the summary to change; they are not asked again.
   */
  private prefillToldBefore(pos: FlowPosition): void {
    const steps = this.bundle.flows.get(pos.flow)?.steps ?? []
    const storyPrefillable = prefillable(steps, pos, 'story')
    const recruiterPrefillable = prefillable(steps, pos, 'recruiter')
    if (!storyPrefillable && !recruiterPrefillable) return
    const starting = this.text && !this.inbound.choice ? this.text : undefined
    const told = this.s.told ?? []
    const texts = [...told, ...(starting ? [starting] : [])]
    const story = storyPrefillable ? storyFrom(told, starting) : undefined
    const recruiter = recruiterPrefillable ? recruiterFrom(this.bundle.commands, texts) : undefined
    const given = { ...(story ? { story } : {}), ...(recruiter ? { recruiter } : {}) }
    delete this.s.told
    this.toldUsed = true
    if (Object.keys(given).length === 0) return
    Object.assign(pos.answers, given)
    markPrefilled(pos, Object.keys(given))
    // "mau laporin sponsor, dia nahan ijazah sama ktp sy": a warning sign in the starting story is said at once.
    if (story && starting) this.warnInForm(pos)
  }

  /**
   * A licence question about a company typed inside a form ("dia bilang dr PT X, itu resmi?"): one exact registry
   * entry is said with its status (and that a licensed name can be used by others); otherwise the agency check is
   * offered as a button. The question is then asked again; nothing is saved.
   */
  private licenceInForm(pos: FlowPosition): boolean {
    const entities = this.bundle.router?.read(this.text)
    const named = entities?.license ?? entities?.company
    if (!named) return false
    const found = this.agencyInCrisis(named, this.lang)
    if (found) {
      this.say('form.agency_inline', found)
      this.reprompt({ intro: this.t('flow.continue') })
      return true
    }
    const plan = this.formPlan()
    if (plan.kind === 'start' && plan.flow === 'agency') {
      this.offerJob(pos, plan)
      return true
    }
    this.say('form.agency_inline_unknown', { agency_name: named }, [{ id: 'g:route', label: this.t('route.offer_button', { title: this.flowTitle('agency') }) }])
    pos.answers[OFFER_KEY] = { flow: 'agency', step: undefined, answers: { agency_query: named } }
    this.reprompt({ intro: this.t('flow.continue') })
    return true
  }

  /**
   * A name typed again with a correction word ("eh salah, nama sy Bagus Prasetyo", "ralat, nama saya Siti") after the
   * form's name question was answered: that answer becomes the new name, said so, and the current question is asked again.
   */
  private correctName(pos: FlowPosition, step: AskStep): boolean {
    const m = profileCues(this.bundle.commands).nameCorrection.exec(this.text.trim())
    if (!m) return false
    const steps = this.bundle.flows.get(pos.flow)?.steps ?? []
    const nameStep = steps.find((s): s is AskStep => 'ask' in s && !!s.person_name)
    const field = nameStep ? (nameStep.save ?? nameStep.id) : undefined
    if (!nameStep || !field || pos.answers[field] === undefined || nameStep.id === step.id) return false
    const read = readPersonName(this.bundle, m[1]!)
    if (read.kind !== 'name' || !/\p{L}/u.test(read.name)) return false
    pos.answers[field] = read.name
    this.say('form.changed', { field: this.t('form.field_name'), value: read.name })
    this.reprompt({ intro: this.t('flow.continue') })
    return true
  }

  /**
   * "sy lulusan smk otomotif umur 22" starting a form: the age ("umur 22", "22 th") and the schooling after "lulusan",
   * "tamat" or "lulus" (or an unambiguous school word: smk, sma, smp, d3, s1) answer the form's age and education
   * questions when they skip prefilled answers; they are shown in the summary to change, not asked again.
   */
  private prefillProfile(pos: FlowPosition): void {
    const text = this.text && !this.inbound.choice ? this.text : undefined
    if (!text) return
    const steps = this.bundle.flows.get(pos.flow)?.steps ?? []
    const ageStep = steps.find((s): s is AskStep => 'ask' in s && s.ask === 'number' && s.save === 'age' && !!s.skip_if_prefilled)
    if (ageStep && pos.answers.age === undefined) {
      const m = profileCues(this.bundle.commands).age.exec(text)
      const age = m ? Number(m[1] ?? m[2]) : NaN
      if (Number.isFinite(age) && (ageStep.min === undefined || age >= ageStep.min) && (ageStep.max === undefined || age <= ageStep.max)) {
        pos.answers.age = age
        markPrefilled(pos, ['age'])
      }
    }
    // "…, tujuannya jepang, nama sy Dewi": the name after a name cue answers the name question (blind tester A, A-12).
    const nameStep = steps.find((s): s is AskStep => 'ask' in s && s.ask === 'text' && !!s.person_name && !!s.skip_if_prefilled)
    const nameField = nameStep ? (nameStep.save ?? nameStep.id) : undefined
    if (nameStep && nameField && pos.answers[nameField] === undefined) {
      const name = this.nameAfterCue(text)
      if (name && name.length >= (nameStep.min_length ?? 1) && name.length <= (nameStep.max_length ?? 80)) {
        pos.answers[nameField] = name
        markPrefilled(pos, [nameField])
      }
    }
    this.prefillPhone(pos, text)
    // "…, dr Kab. Cirebon jawa barat, …": a place after a cue of origin answers the province (and regency) questions.
    for (const clause of text.split(/[,;\n]+|(?<=\p{L}{4})\.\s+/u)) {
      const m = /(?:^|\s)(?:dr|dari|asal|asli|tinggal di|domisili|from|live in)\s+(.+)$/iu.exec(clause.trim())
      const words = m ? m[1]!.trim().split(/\s+/u) : []
      if (words.length === 0 || words.length > REGION_AFTER_AGE_WORDS) continue
      // "Kab. Cirebon jawa barat": the whole, else its first or last words ("Kab. Cirebon" with its province, "jawa barat").
      const tries = [words, ...[3, 2].map((n) => words.slice(0, n)), ...[2, 1].map((n) => words.slice(-n)), words.slice(0, 1)].filter((w) => w.length > 0)
      for (const t of tries) if (this.prefillRegion(pos, t.join(' '))) break
      this.prefillRegency(pos, tries.map((t) => t.join(' ')))
    }
    this.prefillEducation(pos, text)
  }

  /**
   * A mobile number in `text` ("no hp 085711223344", "phone +62 819 0011 2233") answers the flow's phone question
   * (`save: phone`; the flow's branch skips it when set); shown in the summary to change.
   */
  private prefillPhone(pos: FlowPosition, text: string): void {
    const steps = this.bundle.flows.get(pos.flow)?.steps ?? []
    if (!steps.some((s) => 'ask' in s && s.ask === 'phone' && s.save === 'phone') || pos.answers.phone !== undefined) return
    const inside = phoneInSentence(text)
    const phone = inside ? normalizeIndonesianMobile(inside) : undefined
    if (phone?.ok) pos.answers.phone = phone.e164
  }

  /** Schooling after "lulusan", "tamat" (or an unambiguous school word) answers the education question when it skips prefilled answers. */
  private prefillEducation(pos: FlowPosition, text: string): void {
    const steps = this.bundle.flows.get(pos.flow)?.steps ?? []
    const eduStep = steps.find((s): s is AskStep => 'ask' in s && s.ask === 'choice' && s.save === 'education' && !!s.skip_if_prefilled)
    if (eduStep && pos.answers.education === undefined) {
      const words = spaced(text)
      const cues = profileCues(this.bundle.commands)
      const cued = cues.education.exec(words)?.[1] ?? ''
      const options = this.optionsFor(pos, eduStep)
      const found = options.filter((o) => {
        const terms = [o.id, ...o.synonyms.map((w) => commandKey(w))]
        return terms.some((t) => ` ${cued} `.includes(` ${t} `)) || (cues.schools.has(o.id) && words.includes(` ${o.id} `))
      })
      if (found.length === 1) {
        pos.answers.education = found[0]!.value ?? found[0]!.id
        pos.answers.education_label = pick(found[0]!.label, this.lang)
        markPrefilled(pos, ['education'])
      }
    }
  }

  /**
   * The user's own name in a message after a name cue (content/commands.yaml `name_cue`: "nama sy Dewi", "my name is
   * Budi from Cilacap"), up to the end of its clause and before words that start something else (`name_tail`), at most
   * four words; undefined when there is none, or it is no name (a training, a country, a filler word) or someone else's.
   */
  private nameAfterCue(text: string): string | undefined {
    const pattern = nameCuePattern(this.bundle.commands)
    const m = pattern?.exec(text)
    if (!m || mentions(this.bundle.commands, 'for_someone_else', text)) return undefined
    const read = readPersonName(this.bundle, m[1]!)
    if (read.kind !== 'name' || read.forSomeoneElse) return undefined
    const name = nameOnly(read.name, this.bundle).trim()
    const words = name.split(/\s+/u).filter(Boolean)
    return words.length >= 1 && words.length <= 4 && /\p{L}/u.test(name) && !/\d/u.test(name) ? name : undefined
  }

  /**
   * What a flow hands to the flow it goes to: the company just checked (agency check → red flags → report), so
   * "Laporkan perekrut ini" does not ask for it again and "yg td itu" means it.
   */
  private carried(pos: FlowPosition | undefined, target: string): Record<string, unknown> {
    if (!pos) return {}
    const checked = pos.answers.agency_verdict && pos.answers.agency_verdict !== 'ambiguous' ? pos.answers.agency_name : pos.answers[CHECKED_KEY]
    if (typeof checked !== 'string' || checked.trim() === '') return {}
    const answers: Record<string, unknown> = { [CHECKED_KEY]: checked }
    // Its registry verdict too ("revoked"), so the warning-sign quiz's result names it (flows/redflags.yaml).
    const verdict = pos.answers.agency_verdict
    if (typeof verdict === 'string' && verdict !== 'ambiguous') answers[CHECKED_VERDICT_KEY] = verdict
    else if (typeof pos.answers[CHECKED_VERDICT_KEY] === 'string') answers[CHECKED_VERDICT_KEY] = pos.answers[CHECKED_VERDICT_KEY]
    const recruiter = this.bundle.flows.get(target)?.steps.find((s): s is AskStep => 'ask' in s && s.save === 'recruiter' && !!s.skip_if_prefilled)
    if (recruiter) {
      answers.recruiter = checked
      answers[PREFILLED_KEY] = ['recruiter']
    }
    return answers
  }

  /** Both kinds of carried answers, with one list of prefilled names. */
  private carriedInto(pos: FlowPosition | undefined, target: string): Record<string, unknown> {
    const given = carriedAnswers(pos, this.bundle.flows.get(target))
    const checked = this.carried(pos, target)
    const prefilled = [...new Set([given[PREFILLED_KEY], checked[PREFILLED_KEY]].flatMap((list) => (Array.isArray(list) ? (list as string[]) : [])))]
    return { ...given, ...checked, ...(prefilled.length > 0 ? { [PREFILLED_KEY]: prefilled } : {}) }
  }

  /** Goes to a step of the current flow, another flow, `flow.step`, `menu` or `end`. */
  private jump(target: string): void {
    const pos = this.s.pos
    if (target === 'menu') {
      if (pos && pos.flow !== MAIN_FLOW) this.event('flow_abandoned', pos.flow, pos.step)
      delete this.s.pos
      return this.showMenu()
    }
    if (target === 'end') return this.endFlow()
    if (pos && this.findStep(pos.flow, target)) {
      pos.step = target
      pos.tries = 0
      return this.execute()
    }
    // Answers the user already gave to the next flow's questions go along (src/engine/redflag-actions.ts), and the
    // company just checked (the report's recruiter).
    if (this.bundle.flows.has(target)) return this.startFlow(target, undefined, this.carriedInto(pos, target))
    const [flowId, stepId] = target.split('.', 2)
    if (flowId && stepId && this.findStep(flowId, stepId)) {
      if (pos && pos.flow === flowId) {
        pos.step = stepId
        return this.execute()
      }
      return this.startFlow(flowId, stepId)
    }
    throw new EngineError(`unknown target "${target}"`)
  }

  /** Continues after `step` with the next step in the list, or ends the flow after the last one. */
  private advanceFrom(step: Step): void {
    const flow = this.currentFlow()
    const next = flow.steps[flow.index.get(step.id)! + 1]
    if (!next) return this.endFlow()
    this.s.pos!.step = next.id
    this.execute()
  }

  /** Runs steps from the current position until one waits for the user or the flow ends. */
  private execute(): void {
    for (;;) {
      if (++this.steps > MAX_STEPS_PER_MESSAGE) {
        throw new EngineError(`more than ${MAX_STEPS_PER_MESSAGE} steps in one message; check flow "${this.s.pos?.flow}" for a loop`)
      }
      const pos = this.s.pos
      if (!pos) return
      const flow = this.currentFlow()
      const step = flow.steps[flow.index.get(pos.step)!]!
      if ('ask' in step) {
        if (step.skip_if_prefilled && this.takePrefilled(pos, step.save ?? step.id)) {
          pos.history.push(step.id)
          // While correcting one answer from a review step, a skipped step goes back to the review as an answer would.
          const review = pos.answers[REVIEW_KEY]
          if (typeof review === 'string' && !step.review_next && review !== step.id) {
            delete pos.answers[REVIEW_KEY]
            return this.jump(review)
          }
          if (step.next) return this.jump(step.next)
          return this.advanceFrom(step)
        }
        if (pos.answers[REVIEW_KEY] === step.id) delete pos.answers[REVIEW_KEY]
        this.event('step_shown', pos.flow, step.id)
        return this.prompt(pos, step)
      }
      if ('say' in step) {
        for (const ref of Array.isArray(step.say) ? step.say : [step.say]) this.say(ref, pos.answers)
        if (step.next) return this.jump(step.next)
        return this.advanceFrom(step)
      }
      if ('branch' in step) {
        let target: string | undefined
        for (const [i, line] of step.branch.entries()) {
          if ('else' in line) {
            target = line.else
            break
          }
          // An inline callback, not a named closure: under tsx each named one costs a `defineProperty` (~1 µs).
          if (flow.conditions.get(`${step.id}#${i}`)!.evaluate((name) => this.lookup(pos, name))) {
            target = line.goto
            break
          }
        }
        if (target === undefined) return this.advanceFrom(step)
        return this.jump(target)
      }
      if ('action' in step) {
        const action = ACTIONS[step.action]
        if (!action) throw new EngineError(`unknown action "${step.action}"`)
        const args = Object.fromEntries(Object.entries(step.args ?? {}).map(([k, v]) => [k, fill(this.bundle, v, pos.answers)]))
        const result = action.run({
          bundle: this.bundle,
          lang: this.lang,
          answers: pos.answers,
          args,
          inbound: this.inbound,
          userKey: userKeyOf(this.inbound),
          recent: this.s.recent ?? [],
          handoffAvailable: this.options.handoff === true,
          // Bound, not an arrow in the object: under tsx a named closure costs a `defineProperty` of its name.
          text: this.textWithAnswers.bind(this, pos.answers),
        })
        this.event('action', pos.flow, step.id, `${step.action}:${result.outcome}`)
        Object.assign(pos.answers, result.set ?? {})
        for (const reply of result.replies ?? []) this.push(reply, reply.choices)
        this.effects.push(...(result.effects ?? []))
        for (const effect of result.effects ?? []) {
          if (effect.type === 'openCase') this.s.handoff = { caseId: effect.case.id, ref: effect.case.ref, since: this.inbound.now }
        }
        const target = step.on?.[result.outcome] ?? step.on?.default ?? step.next
        if (target) return this.jump(target)
        return this.advanceFrom(step)
      }
      if ('goto' in step) return this.jump(step.goto)
      if ('end' in step) {
        if (pos.flow === HANDOFF_FLOW && typeof step.end === 'string' && this.endHandoffInHelpMode(step.end, pos)) return
        if (step.end !== true) this.say(step.end, pos.answers)
        if (pos.answers.ref !== undefined) this.s.saved = pos.flow
        return this.endFlow(step.menu === false)
      }
    }
  }

  /** True once for an answer taken from the user's first words: the question is skipped this time only. */
  private takePrefilled(pos: FlowPosition, name: string): boolean {
    const list = pos.answers[PREFILLED_KEY]
    if (!Array.isArray(list) || !list.includes(name) || pos.answers[name] === undefined) return false
    pos.answers[PREFILLED_KEY] = list.filter((n) => n !== name)
    return true
  }

  private prompt(pos: FlowPosition, step: AskStep, options: { intro?: string } = {}): void {
    // The place outside the list named when the form started ("… ke malaysia"): said once, before the question.
    const unlisted = step.options === 'countries' ? pos.answers[UNLISTED_KEY] : undefined
    if (typeof unlisted === 'string') {
      delete pos.answers[UNLISTED_KEY]
      const place = this.bundle.abroad?.places.get(unlisted)
      if (place) this.say('form.destination_not_listed_before', { place: pick(place.label, this.lang) })
    }
    const texts = Array.isArray(step.text) ? step.text : [step.text]
    const vars = { ...pos.answers, ...this.examplesFor(pos, step), chat_phone: pos.answers.phone }
    texts.forEach((ref, i) => {
      const last = i === texts.length - 1
      const text = (i === 0 && options.intro ? `${options.intro}\n\n` : '') + renderText(this.bundle, this.lang, ref, vars)
      this.push({ text, key: typeof ref === 'string' ? ref : undefined }, last ? this.choicesFor(pos, step) : undefined)
    })
  }

  private endFlow(noMenu = false): void {
    const pos = this.s.pos
    if (pos && pos.flow !== MAIN_FLOW) this.event('flow_completed', pos.flow)
    delete this.s.pos
    if (!noMenu) this.showMenu({ again: true })
  }

  private showMenu(options: { greeting?: boolean; again?: boolean; ask?: boolean } = {}): void {
    // Choosing the menu ends help mode: the next message is a new question, unless it still speaks of fear
    // (`resumeHelpMode`).
    if (this.session?.crisis) {
      this.session.crisisPaused = this.session.crisis
      delete this.session.crisis
    }
    if (options.greeting) this.say('menu.greeting')
    this.s.pos = { flow: MAIN_FLOW, step: this.bundle.flows.get(MAIN_FLOW)!.steps[0]!.id, answers: {}, tries: 0, history: [] }
    const flow = this.currentFlow()
    const step = flow.steps[0] as AskStep
    const texts = Array.isArray(step.text) ? step.text : [step.text]
    const ref = options.ask ? 'menu.ask_away' : options.again && this.bundle.texts.id.has('menu.again') ? 'menu.again' : texts[texts.length - 1]!
    const choices = this.choicesFor(this.s.pos, step) ?? []
    // Questions asked with a job that the FAQ could not tell apart: offered first, once the job is done or left.
    const also = (this.s.alsoAsked ?? []).map((id) => this.bundle.faq.byId.get(id)).filter((e): e is FaqEntry => !!e)
    if (also.length > 0) {
      delete this.s.alsoAsked
      this.say('route.also_asked')
      choices.unshift(...also.map((e) => ({ id: `faq:${e.id}`, label: faqTitle(e, this.lang) })))
    }
    const paused = this.s.paused
    if (paused) {
      const title = this.flowTitle(paused.flow)
      choices.push({ id: 'g:resume', label: this.t('menu.resume', { title }) })
    }
    if (this.offerOfficer && this.options.handoff) choices.push({ id: 'g:handoff', label: this.t('handoff.offer') })
    this.say(ref, {}, choices)
  }

  /** Leaves a flow in progress for later ("Lanjutkan …" in the menu). */
  private pauseFlow(): void {
    const pos = this.s.pos
    if (!pos || pos.flow === MAIN_FLOW) return
    delete this.s.pos
    // Nothing answered yet (browsing the FAQ, a first question): nothing to keep, and an older paused form stays.
    if (!holdsAnswers(pos)) return
    this.s.paused = pos
    this.say('flow.paused', { title: this.flowTitle(pos.flow) })
  }

  private goBack(): void {
    const pos = this.s.pos
    if (!pos || pos.flow === MAIN_FLOW) {
      this.say('flow.back_idle')
      return this.showMenu()
    }
    const previous = pos.history.pop()
    if (!previous) {
      // "kembali" at the first question: back to the menu (a form holding answers is kept as "Lanjutkan").
      this.pauseFlow()
      return this.showMenu()
    }
    pos.step = previous
    pos.tries = 0
    this.reprompt()
  }

  /** A text of the content with the form's answers (and `extra`) filled in, for an action's replies. */
  private textWithAnswers(answers: Record<string, unknown>, key: string, extra?: Record<string, unknown>): string {
    return renderText(this.bundle, this.lang, key, { ...answers, ...extra })
  }

  private switchLanguage(lang: Lang): void {
    this.s.lang = lang
    this.s.langChosen = true
    for (const pos of [this.s.pos, this.s.paused]) if (pos) this.relabel(pos)
    this.say('lang.switched')
    this.repromptOrMenu({ quiet: true })
  }

  /** The labels of the answers given so far, in the current language (a summary never mixes languages). */
  private relabel(pos: FlowPosition): void {
    const flow = this.bundle.flows.get(pos.flow)
    for (const step of flow?.steps ?? []) {
      if (!('ask' in step) || (step.ask !== 'choice' && step.ask !== 'multi')) continue
      const name = step.save ?? step.id
      const value = pos.answers[name]
      if (value === undefined || pos.answers[`${name}_label`] === undefined) continue
      const options = this.optionsFor(pos, step)
      const ids = Array.isArray(value) ? value.map(String) : [String(value)]
      if (!ids.every((id) => options.some((o) => String(o.value ?? o.id) === id || o.id === id))) continue
      pos.answers[`${name}_label`] = this.labelsOf(options, ids)
    }
  }

  /** Shows the pending question again, or the menu when nothing is pending. */
  private repromptOrMenu(options: { quiet?: boolean } = {}): void {
    // With an officer: no menu and no question; the user's messages go to the officer.
    if (this.session?.handoff) return
    if (this.inFlow()) {
      if (!options.quiet) return this.reprompt()
      return this.reprompt({ intro: this.t('flow.continue') })
    }
    this.showMenu()
  }

  private reprompt(options: { intro?: string } = {}): void {
    const pos = this.s.pos
    const step = this.currentAsk()
    if (!pos || !step) return this.showMenu()
    if (pos.flow === MAIN_FLOW) return this.showMenu()
    this.prompt(pos, step, options)
  }

  // ── FAQ ───────────────────────────────────────────────────────────────────────────────────────

  private answerQuestion(options: { inFlow: boolean }): void {
    const previous = this.s.topic
    // "she is ok, not in danger, just no money" after an answer: that topic goes on, with a kind line first.
    const before = previous?.faq ? this.bundle.faq.byId.get(previous.faq) : undefined
    if (before && wordCount(this.text) <= NOT_IN_DANGER_MAX_WORDS && !this.text.includes('?') && hasCue(this.bundle, this.text, 'not_in_danger')) {
      this.say('faq.not_in_danger')
      return this.answerFaq(before, options)
    }
    // "visa turis jepang buat liburan, jadwal shinkansen": a holiday, not work; no scolding about working on a
    // tourist visa (blind tester B, B-7). A word of work keeps the usual reading ("visa turis buat kerja").
    if (!options.inFlow && hasCue(this.bundle, this.text, 'holiday') && !hasCue(this.bundle, this.text, 'work_words')) {
      this.event('faq_out_of_scope')
      if (previous) this.s.topic = previous
      else delete this.s.topic
      this.say('faq.holiday')
      return this.showMenu()
    }
    // "hukumannya apa kalo ketahuan?" right after the forgery answer, which states the penalty: that answer again
    // (blind tester B, B-17), not other laws' penalties offered as "maksud Anda…?".
    const shortAfter = before && this.inbound.now - previous!.at <= TOPIC_TTL_MS && wordCount(this.text) <= FOLLOW_UP_WORDS
    // (Not when the message alone surely asks another entry: "hukuman TPPO berapa?".)
    const alone = shortAfter && hasCue(this.bundle, this.text, 'penalty_ask') ? this.bundle.faq.index.search(this.text) : undefined
    if (alone && before && !(alone.kind === 'answer' && alone.hits[0]?.id !== before.id) && hasCue(this.bundle, pick(before.a, this.lang), 'penalty_words')) {
      this.s.topic = { ...previous!, at: this.inbound.now }
      return this.answerFaq(before, options)
    }
    // "kalo di taiwan gmn?" after unpaid wages in Hong Kong, "and for japan?" after the Taiwan requirements: the same
    // question about the new place, not that place's general entry or a "maksud Anda…?" (blind tester B, B-16, B-17).
    const swap = previous && this.inbound.now - previous.at <= TOPIC_TTL_MS ? swapPlace(this.bundle, previous.text, this.text) : undefined
    // The place in the user's words, else in the reply's language ("syarat ke japan" reads as nothing sure).
    const swapSearch = (text: string): FaqMatch => this.bundle.faq.index.search(text)
    let swapped = swap ? swapSearch(swap.text) : undefined
    if (swap && swapped?.kind !== 'answer') {
      const label = pick(swap.place.label, this.lang)
      const again = swapSearch(swap.text.replace(swap.words, label.toLowerCase()))
      if (again.kind === 'answer') swapped = again
    }
    const swappedEntry = swapped?.kind === 'answer' ? this.bundle.faq.byId.get(swapped.hits[0]!.id) : undefined
    if (swap && swappedEntry) {
      this.s.topic = nextTopic(swap.text, this.inbound.now, swappedEntry.id)
      this.swappedTo = swap.place
      return this.answerFaq(swappedEntry, options)
    }
    const redflags = this.bundle.redflags
    const refine = redflags ? (id: string, text: string): string | undefined => redflags.refine(id, text) : undefined
    const { found, withTopic, subject } = searchFollowUp(this.bundle.faq.index, this.text, previous, this.inbound.now, refine)
    this.s.topic = nextTopic(this.text, this.inbound.now, found.kind === 'answer' ? found.hits[0]?.id : undefined, previous, withTopic, subject)
    if (found.kind === 'answer') {
      const entry = this.bundle.faq.byId.get(found.hits[0]!.id)
      if (entry && this.answeredJustNow(entry, previous, options)) return this.answerAgain(entry)
      // Other questions of the message ("… brp? trus syaratnya apa aja?") are offered as choices after the answer.
      const others = withTopic ? [] : otherQuestions(this.bundle, this.text, found, this.lang)
      if (entry) return this.answerFaq(entry, options, [...(found.also?.map((hit) => hit.id) ?? []), ...others])
    }
    // Two questions the whole message cannot answer together: a clause the FAQ answers alone is answered, the
    // other clauses are offered after it ("… caranya gmn, ada biayanya ga").
    const byClause = withTopic ? undefined : answerByClauses(this.bundle, this.text, this.lang)
    const clauseEntry = byClause ? this.bundle.faq.byId.get(byClause.hits[0]!.id) : undefined
    if (byClause && clauseEntry) {
      this.s.topic = nextTopic(this.text, this.inbound.now, clauseEntry.id, previous)
      if (this.answeredJustNow(clauseEntry, previous, options)) return this.answerAgain(clauseEntry)
      return this.answerFaq(clauseEntry, options, byClause.also?.map((hit) => hit.id) ?? [])
    }
    // A warning the message states by itself ("potongan gaji 7 bulan iku wajar ta? aku dadi PRT", "ke jepang pake
    // visa turis trus kerja di pabrik"): its answer, where the FAQ alone is unsure.
    const stated = withTopic ? undefined : this.bundle.redflags?.statedWarning(this.text)
    const statedEntry = stated ? this.bundle.faq.byId.get(stated) : undefined
    if (statedEntry) {
      this.s.topic = nextTopic(this.text, this.inbound.now, statedEntry.id, previous)
      return this.answerFaq(statedEntry, options)
    }
    // "saya takut", "mbak aku wedi banget", "I'm scared": a short message of fear or exhaustion that the FAQ does not
    // answer is met with "are you safe, tell me what happened", never with choices or "I only help with…".
    if (wordCount(this.text) <= DISTRESS_MAX_WORDS && hasCue(this.bundle, this.text, 'distress')) {
      this.event('faq_distress')
      if (previous) this.s.topic = previous
      return this.say('faq.distress')
    }
    if (found.kind === 'clarify' && found.hits.length > 1) {
      this.event('faq_clarify')
      const choices = found.hits
        .slice(0, 3)
        .map((hit) => this.bundle.faq.byId.get(hit.id))
        .filter((e): e is FaqEntry => !!e)
        .map((e) => ({ id: `faq:${e.id}`, label: faqTitle(e, this.lang) }))
      const offer = this.offerChoice()
      choices.push(...(offer ? [offer] : []), { id: 'g:menu', label: this.t('menu.back_to_menu') })
      this.say('faq.clarify', {}, choices)
      return
    }
    // "kak tau jadwal timnas main kapan ga?": a subject far from work abroad (commands.yaml `off_topic`), even beside a
    // word the domain uses too ("jadwal", "tau"), with no word of work.
    const offTopic = mentions(this.bundle.commands, 'off_topic', this.text) && !hasCue(this.bundle, this.text, 'work_words')
    if (offTopic || isOutOfScope(this.text, this.bundle)) {
      // Not about working abroad (football, recipes): not an unanswered question for officers; nothing is kept.
      this.event('faq_out_of_scope')
      // Not a topic to read the next short question with ("biayanya?" goes on with the question before).
      if (previous) this.s.topic = previous
      else delete this.s.topic
      this.say('faq.out_of_scope')
      return this.showMenu()
    }
    this.event('faq_fallback')
    this.effects.push({ type: 'logUnanswered', text: this.text.slice(0, 300), lang: this.lang })
    this.say('faq.fallback')
    this.showMenu()
  }

  /**
   * The typed question reads as the very entry answered just before ("td yg soal rekomendasi paspor blm dijawab",
   * "is OPP free or she pay?" after the OPP answer): outside a form, within the topic's time.
   */
  private answeredJustNow(entry: FaqEntry, previous: Topic | undefined, options: { inFlow: boolean }): boolean {
    if (options.inFlow || !previous?.faq || this.inbound.now - previous.at > TOPIC_TTL_MS) return false
    // The programme a follow-up stayed on counts too ("can i apply SP2T now?" after "and the cost?" about SP2T).
    const same = previous.faq === entry.id || previous.subject === entry.id || this.specific(entry).id === previous.faq
    if (!same) return false
    // Asked again in other words or another language: answered again. Words the answer does not have, or "blm
    // dijawab": the answer does not cover it.
    if (hasCue(this.bundle, this.text, 'not_answered')) return true
    // Only a short question that names no place of its own (a new place gets that place's contacts with the answer).
    if (wordCount(this.text) > REPEAT_QUESTION_WORDS || placeNamed(this.bundle, this.text)) return false
    return uncoveredWords(this.bundle, this.specific(entry), this.text).length >= UNCOVERED_MIN
  }

  /**
   * The same answer is not said word for word again (blind tester B, B-3): what the assistant knows is in the answer
   * above, it has nothing surer, and where to ask; the answer stays one button away.
   */
  private answerAgain(entry: FaqEntry): void {
    this.event('faq_answered', undefined, undefined, entry.id)
    const title = faqTitle(this.specific(entry), this.lang)
    const again: Choice = { id: `faq:${this.specific(entry).id}`, label: this.t('faq.show_again') }
    this.say('faq.same_again', { title }, [again, ...faqFollowups(this.bundle, this.specific(entry), this.lang)])
  }

  /** Answers `entry`; `also`: entries of other questions in the same message, offered as choices after it. */
  private answerFaq(general: FaqEntry, options: { inFlow: boolean }, also: readonly string[] = []): void {
    const entry = this.specific(general)
    this.event('faq_answered', undefined, undefined, entry.id)
    if (entry.danger_hint === false || general.danger_hint === false) this.plainAnswer = true
    const reply = this.faqReply(entry)
    // "embassy in Seoul?", "nomor kbri di dubai": an answer for workers abroad that names only other countries'
    // missions is followed by the contacts of the place asked about (or where the user is), never left as the only help.
    // "indonesian office in taiwan contact", "kjri hongkong nomernya brp": the contacts asked for, when the answer
    // does not show the mission's numbers itself (blind tester B, B-8).
    const asksContacts = !!this.text && hasCue(this.bundle, this.text, 'contact_ask')
    const place = entry.topic === ABROAD_TOPIC ? (placeNamed(this.bundle, this.text) ?? this.where()) : asksContacts ? placeNamed(this.bundle, this.text) : undefined
    const numbers = place ? missionHotline(this.bundle, place) : ''
    const lacksNumbers = asksContacts && numbers !== '' && !reply.text.includes(numbers.split(' / ')[0]!)
    if (place && (lacksNumbers || (entry.topic === ABROAD_TOPIC && answerMissesPlace(this.bundle, pick(entry.a, this.lang), place)))) {
      reply.text += `\n\n${renderText(this.bundle, this.lang, 'abroad.contacts', placeVarsOf(this.bundle, this.lang, place))}`
    } else if (this.swappedTo && MISSION_WORDS.test(reply.text) && !placesIn(this.bundle, reply.text).has(this.swappedTo.id)) {
      // The same question about another place ("kalo di taiwan gmn?" after unpaid wages in Hong Kong): an answer that
      // sends to "the KBRI/KJRI" gets that place's contacts.
      reply.text += `\n\n${renderText(this.bundle, this.lang, 'abroad.contacts', placeVarsOf(this.bundle, this.lang, this.swappedTo))}`
    }
    if (options.inFlow && this.inFlow()) {
      // "Berminat? Catat lewat menu *Daftar minat pelatihan*" said inside that very form: the pointer is left out.
      reply.text = withoutPointerTo(reply.text, this.ownFlowNames())
      this.push(reply)
      return this.reprompt({ intro: this.t('flow.continue') })
    }
    const offer = options.inFlow ? undefined : this.offerChoice()
    if (also.length === 0 && !offer) return this.push(reply, faqFollowups(this.bundle, entry, this.lang))
    this.push(reply)
    if (!offer) return this.say('faq.also', {}, faqFollowups(this.bundle, entry, this.lang, also))
    this.say(also.length > 0 ? 'faq.also' : 'route.offer_after_answer', { title: this.flowTitle(this.s.offer!.flow) }, [offer, ...faqFollowups(this.bundle, entry, this.lang, also)])
  }

  /**
   * The answer made specific by what the message states (content/redflag-cues.yaml `refines`): "sy mau jd ART, PT
   * minta 12jt" gets the rule for the fee-exempt jobs instead of "it depends on your job".
   */
  private specific(entry: FaqEntry): FaqEntry {
    const id = this.text ? this.bundle.redflags?.refine(entry.id, this.text) : undefined
    return (id && this.bundle.faq.byId.get(id)) || entry
  }

  /** The button of the job offered after this message's answer (`Session.offer`). */
  private offerChoice(): Choice | undefined {
    const offer = this.s.offer
    if (!offer || !this.offerHere) return undefined
    return { id: 'g:route', label: this.t('route.offer_button', { title: this.flowTitle(offer.flow) }) }
  }

  // ── a human officer (src/handoff/) ────────────────────────────────────────────────────────────

  private isEmergencyText(): boolean {
    return statesCrisis(this.bundle, this.text)
  }

  private startHandoff(): void {
    if (!this.bundle.flows.has(HANDOFF_FLOW)) {
      this.say('handoff.unavailable')
      return this.showMenu()
    }
    // A form in progress is kept: "Lanjutkan …" in the menu after the officer (or a refusal).
    const current = this.s.pos
    const form = current && current.flow !== MAIN_FLOW && current.flow !== HANDOFF_FLOW && holdsAnswers(current) ? current : this.s.paused
    this.startFlow(HANDOFF_FLOW)
    if (form) this.s.paused = form
  }

  /**
   * No officer (none reachable, or the person said no to sharing) while help mode lasts: the end text, with the
   * abroad line where there is one (`<key>_abroad`), and help mode goes on; no main menu, only its button.
   */
  private endHandoffInHelpMode(key: string, pos: FlowPosition): boolean {
    const context = this.helpContext()
    if (!context) return false
    const abroad = `${key}_abroad`
    const text = context.place !== 'indonesia' && this.bundle.texts.id.has(abroad) ? abroad : key
    this.event('flow_completed', pos.flow)
    delete this.s.pos
    this.s.crisis = { ...context, at: this.inbound.now }
    this.say(text, pos.answers, [{ id: 'g:menu', label: this.t('menu.back_to_menu') }])
    return true
  }

  /**
   * Help mode at the officer's consent question: a message that is not a yes or a no ("mereka tau alamat rumah sy")
   * is more of the situation. The question is dropped and the message read in help mode.
   */
  private leaveConsentForHelp(): void {
    const pos = this.s.pos
    if (!pos || pos.flow !== HANDOFF_FLOW || !this.text || this.inbound.choice || !this.helpContext()) return
    if (readYesNoWords(this.text, this.bundle.commands) || this.choiceFromTyping()) return
    this.event('flow_abandoned', pos.flow, pos.step)
    delete this.s.pos
  }

  /**
   * A message while a case is open. The assistant stays silent: the text goes to the case. Returns false for what
   * the usual order handles: an emergency (answered, and also given to the officer) and "delete my data".
   * "menu" and "stop" ask whether to leave the officer.
   */
  private handleWhileOpen(): boolean {
    const open = this.s.handoff!
    const inbound = this.inbound
    const choice = inbound.choice ?? this.choiceFromTyping()
    const key = commandKey(this.text)
    const words = this.bundle.commands
    if (this.s.confirm === 'delete') return false
    if (this.s.confirm === 'leave_handoff') {
      delete this.s.confirm
      if (choice === 'g:handoff:leave' || (!choice && words.yes.has(key))) {
        this.effects.push({ type: 'leaveCase', caseId: open.caseId, userKey: userKeyOf(inbound), at: inbound.now, critical: true, failReplies: [this.reply('store.failed')] })
        delete this.s.handoff
        this.say('handoff.left')
        this.showMenu()
        return true
      }
      if (choice === 'g:handoff:stay' || (!choice && words.no.has(key))) {
        this.say('handoff.stay')
        return true
      }
    }
    if (inbound.media && !this.text) {
      this.toCase(`[${inbound.media}]`)
      this.say('handoff.media')
      return true
    }
    if (!this.text && !choice) return true
    if (this.text && this.isEmergencyText()) {
      this.toCase(this.text)
      return false
    }
    if (!inbound.choice && words.delete.has(key)) return false
    if ((!inbound.choice && (words.menu.has(key) || words.stop.has(key))) || choice === 'g:menu') {
      this.s.confirm = 'leave_handoff'
      this.say('handoff.leave_confirm', {}, [
        { id: 'g:handoff:leave', label: this.t('handoff.leave_yes') },
        { id: 'g:handoff:stay', label: this.t('handoff.leave_no') },
      ])
      return true
    }
    if (inbound.choice) {
      this.say('handoff.waiting')
      return true
    }
    this.toCase(this.text)
    return true
  }

  private toCase(text: string): void {
    const open = this.s.handoff!
    const inbound = this.inbound
    this.effects.push({
      type: 'caseMessage',
      caseId: open.caseId,
      userKey: userKeyOf(inbound),
      messageId: inbound.messageId,
      text,
      at: inbound.now,
      critical: true,
      failReplies: [this.reply('store.failed')],
    })
  }

  /** A turn made for the user by an officer's action: a reply, the case closed, a reminder. */
  private handleSystem(event: SystemEvent): void {
    const open = this.session?.handoff
    if (event.kind === 'handoff_reply') {
      if (!event.open) return this.forgetIfNew()
      if (open?.caseId !== event.caseId) this.s.handoff = { caseId: event.caseId, ref: event.ref ?? '', since: this.inbound.now }
      this.say('handoff.officer_says', { text: event.text })
      return
    }
    if (open?.caseId !== event.caseId) return this.forgetIfNew()
    if (event.kind === 'handoff_remind') {
      this.say('handoff.reminder', { case_ref: open.ref })
      return
    }
    delete this.s.handoff
    if (this.s.confirm === 'leave_handoff') delete this.s.confirm
    this.say('handoff.closed')
    this.showMenu()
  }

  /** A system turn for a user without a session changes nothing and leaves no session behind. */
  private forgetIfNew(): void {
    if (this.isNew) this.session = null
  }

  // ── helpers ───────────────────────────────────────────────────────────────────────────────────

  /** The names the user sees for the flow in progress (its main-menu label and its title), bold as answers write them. */
  private ownFlowNames(): string[] {
    const flow = this.s.pos?.flow
    const def = flow ? this.bundle.flows.get(flow) : undefined
    if (!flow || !def) return []
    const menuStep = this.bundle.flows.get(MAIN_FLOW)?.steps.find((s): s is AskStep => 'ask' in s && !!s.choices?.some((c) => c.goto === flow))
    const label = menuStep?.choices?.find((c) => c.goto === flow)?.label
    const names = [label ? renderText(this.bundle, this.lang, label) : '', def.title ? renderText(this.bundle, this.lang, def.title) : '']
    return names.filter((n) => n.length > 0).map((n) => `*${n}*`)
  }

  private inFlow(): boolean {
    const pos = this.session?.pos
    return !!pos && pos.flow !== MAIN_FLOW
  }

  private currentFlow(): Flow {
    const pos = this.s.pos
    const flow = pos && this.bundle.flows.get(pos.flow)
    if (!flow) throw new EngineError(`no flow "${pos?.flow}"`)
    return flow
  }

  private currentAsk(): AskStep | undefined {
    const pos = this.session?.pos
    if (!pos) return undefined
    const step = this.findStep(pos.flow, pos.step)
    return step && 'ask' in step ? step : undefined
  }

  private findStep(flowId: string, stepId: string): Step | undefined {
    const flow = this.bundle.flows.get(flowId)
    const index = flow?.index.get(stepId)
    return index === undefined ? undefined : flow!.steps[index]
  }

  private flowTitle(flowId: string): string {
    const title = this.bundle.flows.get(flowId)?.title
    return title ? renderText(this.bundle, this.lang, title) : flowId
  }

  private lookup(pos: FlowPosition, name: string): Value {
    if (name.startsWith('user.')) {
      const field = name.slice(5)
      if (field === 'channel') return this.inbound.channel
      if (field === 'lang') return this.lang
      if (field === 'phone') return this.inbound.phone
      return undefined
    }
    return pos.answers[name.startsWith('answers.') ? name.slice(8) : name] as Value
  }

  private t(key: string, vars: Record<string, unknown> = {}): string {
    return renderText(this.bundle, this.lang, key, vars)
  }

  private reply(ref: TextRef, vars: Record<string, unknown> = {}): Reply {
    return { text: renderText(this.bundle, this.lang, ref, vars), ...(typeof ref === 'string' ? { key: ref } : {}) }
  }

  private say(ref: TextRef, vars: Record<string, unknown> = {}, choices?: Choice[]): void {
    this.push(this.reply(ref, vars), choices)
  }

  /** Adds a reply; choices shown become the menu that typed numbers refer to. */
  private push(reply: Reply, choices?: Choice[]): void {
    if (choices && choices.length > 0) {
      reply.choices = choices
      this.shown = choices
    }
    this.replies.push(reply)
  }

  private event(name: EngineEvent, flow?: string, step?: string, detail?: string): void {
    this.effects.push({ type: 'event', name, ...(flow ? { flow } : {}), ...(step ? { step } : {}), ...(detail ? { detail } : {}) })
  }
}

/** "maksudnya gmn kak?", "maksudnya apa?", "ga ngerti", "what do you mean?": a request to explain the question. */
export function asksWhatItMeans(text: string): boolean {
  const t = text.toLowerCase().replace(/[^\p{L}\p{N}' ]+/gu, ' ').replace(/\b(kak|kakak|min|admin|bu|pak|mas|mbak|ya|sih|dong|nih|itu|ini)\b/g, ' ').replace(/\s+/g, ' ').trim()
  if (t.split(' ').length > 6) return false
  return /^(apa |gimana |gmn |bagaimana )?(maksud|mksd|maksudnya|mksdnya|maksute|maksudte)( nya)?( gmn| gimana| bagaimana| apa| apaan| pertanyaannya)?$/.test(t) ||
    /^(aku |saya |sy |gue )?(ga|gak|nggak|ngga|tidak|tdk|kurang|belum|blm) (ngerti|mengerti|paham|faham)( maksudnya| pertanyaannya)?$/.test(t) ||
    /^(what do you mean|what does (it|that|this) mean|i don'?t understand( the question)?|dont understand|what is that|meaning)$/.test(t)
}

/**
 * Options from a list an action saved in the answers: texts (the id is the position, the value the text) or
 * `{ id, label, value? }` items (the value saved defaults to the id). Anything else in the list is skipped.
 */
export function listOptions(list: unknown): Option[] {
  if (!Array.isArray(list)) return []
  return list.flatMap((item: unknown, i): Option[] => {
    if (typeof item === 'string') return [{ id: String(i + 1), label: { id: item }, synonyms: [], value: item }]
    if (typeof item !== 'object' || item === null) return []
    const { id, label, value, synonyms } = item as Record<string, unknown>
    if (typeof id !== 'string' || typeof label !== 'string') return []
    const words = Array.isArray(synonyms) ? synonyms.filter((w): w is string => typeof w === 'string') : []
    return [{ id, label: { id: label }, synonyms: words, ...(value !== undefined ? { value } : {}) }]
  })
}


/** An answer that sends to an Indonesian mission (whose contacts a place asked about then gets). */
const MISSION_WORDS = /\b(?:KBRI|KJRI|KDEI|embassy|consulate)\b/i

/** The FAQ topic of workers already abroad (content/faq/*.yaml `topic:`). */
const ABROAD_TOPIC = 'di-luar-negeri'
/** The longest question read as asking again beyond the answer just given ("is OPP free or she pay?"). */
const REPEAT_QUESTION_WORDS = 8

/** A company named as one: "PT …", "CV …", "perusahaan …", "agency …" (help mode reads other names as people). */
const COMPANY_MARK = /\b(pt|p\.t\.|cv|perusahaan|agensi|agency|company|p3mi)\b/i
/** A flow position worth keeping when the user leaves it: a question was answered or an answer was prefilled. */
function holdsAnswers(pos: FlowPosition): boolean {
  return pos.history.length > 0 || Object.keys(pos.answers).length > 0
}

/**
 * `text` without the sentences that point to one of `names` ("Berminat? Catat lewat menu *Daftar minat pelatihan*,
 * atau …"): said inside that form, such a pointer only confuses. Lines left empty are dropped.
 */
function withoutPointerTo(text: string, names: readonly string[]): string {
  if (names.length === 0 || !names.some((n) => text.includes(n))) return text
  const lines = text.split('\n').map((line) => {
    if (!names.some((n) => line.includes(n))) return line
    // split after "." and "!" only: a question lead-in ("Berminat?") goes with the sentence it introduces
    const sentences = line.split(/(?<=[.!])\s+/u)
    return sentences.filter((s) => !names.some((n) => s.includes(n))).join(' ').trim()
  })
  return lines.filter((line, i) => line.length > 0 || text.split('\n')[i]!.length === 0).join('\n').replace(/\n{3,}/g, '\n\n').trim()
}

