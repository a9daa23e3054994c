/**
 * The shapes that travel through the assistant: what a channel hands in (`Inbound`), what the engine hands
 * back (`Reply`, `Effect`), and what is remembered between messages (`Session`).
 *
 * Channels, the gate and the store depend on these types; this file depends on nothing.
 */

/** Languages the assistant speaks. Indonesian first; English second. */
export type Lang = 'id' | 'en'
export const LANGS: readonly Lang[] = ['id', 'en']

/** Kinds of non-text message a channel can report. The engine answers them politely: it reads text only. */
export type MediaKind = 'image' | 'audio' | 'voice' | 'video' | 'sticker' | 'location' | 'document' | 'contact' | 'other'

/** One message from a user, in the same shape whatever the platform. */
export interface Inbound {
  /** Channel name: `terminal`, `telegram`, `whatsapp`, … Part of the user key. */
  channel: string
  /** The user's id within the channel (Telegram user id, WhatsApp JID, terminal name). */
  userId: string
  /** Platform message id, used to drop duplicates. */
  messageId: string
  /** Typed text (or a media caption). */
  text?: string
  /** Id of a pressed button / chosen list row. Typed numbers are resolved by the engine, not the channel. */
  choice?: string
  /** Set when the message is (or carries) media rather than text. */
  media?: MediaKind
  /** The user's phone number as the platform knows it (WhatsApp), digits with country code, e.g. `6281234567890`. */
  phone?: string
  /** Language hint from the platform (Telegram `language_code`), used only for a new session. */
  lang?: Lang
  /** Time of the message in epoch milliseconds. The engine has no clock of its own. */
  now: number
  /**
   * Set only by the assistant itself, never by a channel: a turn made for the user by a human officer's action
   * (a reply, the case closed, a reminder), so it runs in the user's order and exactly once (src/handoff/).
   */
  system?: SystemEvent
}

/** What a system turn carries (see `Inbound.system`). */
export type SystemEvent =
  | { kind: 'handoff_reply'; caseId: string; ref?: string; text: string; /** Filled by the gate: the case is still open. */ open?: boolean }
  | { kind: 'handoff_closed'; caseId: string }
  | { kind: 'handoff_remind'; caseId: string }

/** A button, list row or numbered option. `id` stays under Telegram's 64-byte callback-data limit. */
export interface Choice {
  id: string
  label: string
}

/** One message to send back. */
export interface Reply {
  text: string
  choices?: Choice[]
  /** The message key it was rendered from (for conversation tests and metrics), when there is one. */
  key?: string
}

/** A training-interest lead, as stored and exported. */
export interface Lead {
  /** Stable id: the same chat (`userKey`) updates its own lead; another chat giving the same phone has its own. */
  id: string
  /** Reference number shown to the user, e.g. `MA-7K3F9Q`. */
  ref: string
  /** `channel:userId` of the chat that submitted it (used for "hapus data saya"). */
  userKey: string
  channel: string
  createdAt: string
  updatedAt: string
  lang: Lang
  name: string
  /** E.164, e.g. `+6281234567890`. */
  phone: string
  age: number
  province: string
  regency: string
  education: string
  interests: string[]
  destination: string
  consentAt: string
  /** Given by a family member for the person named ("ini data anak sy, namanya Dimas, sy ibunya"). */
  forSomeoneElse?: boolean
}

/** A report about a suspicious recruiter. Never shown to other users. */
export interface Report {
  id: string
  /** Reference number shown to the user, e.g. `MA-7K3F9Q` (reports saved before it existed have none). */
  ref?: string
  userKey: string
  channel: string
  createdAt: string
  lang: Lang
  recruiter: string
  story: string
  contact?: string
}

/**
 * Work the engine asks the gate to do after a message. The engine stays pure; the gate runs these.
 * An effect with `critical: true` must succeed before the replies are sent and the new session saved;
 * when it fails, the gate sends `failReplies` instead and keeps the old session, so nothing typed is lost.
 */
export type Effect =
  | { type: 'saveLead'; lead: Lead; critical: true; failReplies: Reply[] }
  | { type: 'saveReport'; report: Report; critical: true; failReplies: Reply[] }
  | { type: 'deleteUserData'; userKey: string; critical: true; failReplies: Reply[] }
  | { type: 'logUnanswered'; text: string; lang: Lang }
  | { type: 'openCase'; case: NewCase; critical: true; failReplies: Reply[] }
  | { type: 'caseMessage'; caseId: string; userKey: string; messageId: string; text: string; at: number; critical: true; failReplies: Reply[] }
  | { type: 'leaveCase'; caseId: string; userKey: string; at: number; critical: true; failReplies: Reply[] }
  | { type: 'event'; name: EngineEvent; flow?: string; step?: string; detail?: string }

/** A human-officer case as the engine asks for it (the handoff flow's `open_case`, after consent). */
export interface NewCase {
  /** Stable for the message that opened it, so a redelivery opens the same case. */
  id: string
  /** Reference shown to the user and to officers, e.g. `MA-7K3F9Q`. */
  ref: string
  userKey: string
  channel: string
  userId: string
  lang: Lang
  openedAt: number
  /** The user's recent messages before the case, shared with consent. */
  recent: string[]
}

/** Analytics events the engine emits (drop-off per step, FAQ outcomes). */
export type EngineEvent =
  | 'flow_started'
  | 'flow_completed'
  | 'flow_abandoned'
  | 'step_shown'
  | 'answer_invalid'
  | 'retries_exhausted'
  | 'faq_answered'
  | 'faq_clarify'
  | 'faq_fallback'
  /** Free text about something else entirely (football, recipes): told what the assistant helps with; not logged. */
  | 'faq_out_of_scope'
  | 'faq_distress'
  | 'emergency'
  | 'media'
  | 'stale_choice'
  | 'routed'
  | 'route_offered'
  /** A flow's action ran: `detail` is `action:outcome` (e.g. `agency_check:licensed`, for the dashboard). */
  | 'action'

/** Where a user is in a flow. */
export interface FlowPosition {
  flow: string
  step: string
  /** Answers collected in this flow, by variable name. */
  answers: Record<string, unknown>
  /** Wrong answers given to the current ask. */
  tries: number
  /** Ask steps visited in this flow, for "kembali" (back). */
  history: string[]
  /** Which page of a long list of choices the step shows (at most 10 choices a message). */
  page?: { step: string; n: number }
  /** The one option a "Maksud Anda…?" suggested at this step: "ya" takes it. */
  suggested?: { step: string; id: string }
}

/** The user's last question or request, kept for the next message (src/understanding/follow-up.ts). */
export interface Topic {
  /** What they wrote (at most 200 characters, the end kept). */
  text: string
  /** The FAQ entry it was answered with, if any. */
  faq?: string
  /**
   * The answer whose subject short follow-ups about an aspect keep ("apa itu EPS?" → eps-korea; then "syaratnya
   * apa?", "berapa biayanya?" stay about EPS): see src/understanding/follow-up.ts.
   */
  subject?: string
  /** When (ms since epoch, the message's time). */
  at: number
}

/** What is remembered about one user between messages. Plain JSON: it is stored as is. */
/** What a turn sent, to say no template twice in a row (src/engine/repeats.ts): when, its keys, text checksums. */
export interface SentRecord {
  at: number
  keys: string[]
  sums: number[]
  /** The burst line ("I read your messages one by one") was said in this burst. */
  noticed?: true
}

export interface Session {
  v: 1
  lang: Lang
  /** The user chose the language ("English", "Indonesia"): it no longer follows the language they write in. */
  langChosen?: true
  /**
   * The language of the user's last clear sentence. Once a clear sentence was in the session's language, one sentence
   * in the other ("the welding one please") does not switch it: two in a row do.
   */
  langSeen?: Lang
  /** A clear sentence was written in the session's language. */
  langSettled?: true
  /**
   * The language of the user's last message that told one, however short ("boss hit me"): a cry with no language of
   * its own ("SOS", "help!!") is answered in it.
   */
  langLast?: Lang
  /** The flow in progress, if any. */
  pos?: FlowPosition
  /** A flow left for the menu or a side question, offered again as "Lanjutkan …". */
  paused?: FlowPosition
  /** Choices last shown, to resolve typed numbers and labels and to detect stale buttons. */
  menu?: Choice[]
  /** FAQ entries for a question asked together with a job, offered with the menu after it (`route.also_asked`). */
  alsoAsked?: string[]
  /** A job offered as a button after an answer ("ada pelatihan gratis ga?" → the training form), taken by `g:route`. */
  offer?: { flow: string; step?: string; answers: Record<string, unknown> }
  /** The form whose record was saved last (its end text had a reference): "nanti sy ditelpon kapan?" is about it. */
  saved?: string
  /** A yes/no confirmation awaiting an answer (delete my data; leave the officer; cancel a form with answers). */
  confirm?: 'delete' | 'leave_handoff' | 'stop_form'
  /** An open case with a human officer: the assistant stays silent except for emergencies (src/handoff/). */
  handoff?: { caseId: string; ref: string; since: number }
  /** The user's last question or request: context for a short follow-up (src/understanding/follow-up.ts). */
  topic?: Topic
  /** The crisis answered last (help mode, src/engine/crisis-follow-up.ts): category, about whom, where, when. */
  crisis?: { category: string; about: 'self' | 'other'; place: 'abroad' | 'indonesia' | 'unknown'; at: number; writer?: 'home'; line?: number; said?: string[]; food?: boolean }
  /** When the user was last told that no officer can be reached through this chat (`handoff.unavailable`). */
  noOfficer?: number
  /** Help mode that "menu" or "stop" ended: a message of fear soon after brings it back (`follow_up.back_to_help`). */
  // `safe`: it ended because the person said they are safe now (going home asked next is answered for where they are).
  crisisPaused?: NonNullable<Session['crisis']> & { safe?: boolean }
  /** Where the user (or the person they write about) said they are abroad (content/abroad.yaml place id). */
  where?: {
    place: string
    at: number
    /** When that country's numbers were last shown. */
    shown?: number
    /** The writer said they are there themselves ("saya ABK …, sekarang di laut", "I am … maid in Dubai"). */
    self?: boolean
  }
  /** When the writer last named a relative of theirs or wrote for someone ("adik saya", "on behalf of my cousin"). */
  relative?: number
  /** The user's last few texts, shared with an officer only when the user agrees to a case. */
  recent?: string[]
  /** The short messages of the last minutes, read together for a danger told in pieces (src/engine/burst.ts). */
  burst?: { texts: string[]; at: number }
  /** The last few texts typed outside a form: what a report started next was told (src/engine/report-prefill.ts). */
  told?: string[]
  /** What the last turn sent, to say no template twice in a row (src/engine/repeats.ts). */
  sent?: SentRecord
  /** Content version the session last ran on. */
  contentVersion?: string
  createdAt: number
  updatedAt: number
}

/** The engine's answer to one message. `session: null` means: forget this user (after deletion). */
export interface EngineResult {
  session: Session | null
  replies: Reply[]
  effects: Effect[]
}
