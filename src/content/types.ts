import type { Lang } from '../engine/types.ts'

/** A text in each language. Indonesian is required; English falls back to Indonesian when missing. */
export type Localized = { id: string; en?: string }

/** An official phone number or web address, with where the fact comes from. */
export interface Contact {
  id: string
  kind: 'phone' | 'whatsapp' | 'url'
  value: string
  label: Localized
  source: string
  confidence: 'verified' | 'likely'
}

export interface FaqTopic {
  id: string
  label: Localized
}

/** One FAQ entry (see docs/content-format.md). */
export interface FaqEntry {
  id: string
  topic: string
  q: Partial<Record<Lang, string[]>>
  /** The entry's name on a button; default: its first question variant. */
  title?: Localized | undefined
  keywords: string[]
  a: Localized
  /** The answer for someone abroad now, when `a` is written for Indonesia (police 110, a Polres). */
  abroad_answer?: Localized | undefined
  /** false: no "type TOLONG" line after this answer (a bereavement). */
  danger_hint?: boolean | undefined
  /** What users see under the answer: instrument or publisher and date (per language or plain). */
  source: string | Localized
  /** Officer-only research notes; never shown to users. */
  evidence?: string | undefined
  confidence: 'verified' | 'likely'
  reviewed: string
  /** "6 months" (default) or "1 year": how often the entry must be checked again. */
  review_every?: string | undefined
  followups: string[]
  /** Entries easily confused with this one, with a note on why they differ (optional in the YAML). */
  near_miss?: { entry: string; note: string }[]
}

/** Informal word or abbreviation → standard form(s), used by search normalization. */
export type Lexicon = ReadonlyMap<string, string>

/** A training interest offered in the training-interest flow. */
export interface Training {
  id: string
  label: Localized
  /** Extra words users may type for it ("las", "welder"). */
  synonyms: string[]
  /**
   * Work that is often domestic work for an individual employer (elderly care in a home, a family's cook): in a
   * moratorium country it gets the moratorium explanation.
   */
  domestic_work: boolean
}

/**
 * Work people ask for that has no training in the list ("ART", a domestic helper): the training question says so
 * (`text`) and offers the `closest` real trainings as choices; nothing is stored until one is chosen.
 */
export interface WithoutTraining {
  id: string
  /** What people type for that work, whole words or phrases. */
  words: string[]
  /** Training ids offered instead, in this order. */
  closest: string[]
  /** The text key that says so. */
  text: string
}

/** A destination offered in the training-interest flow. */
export interface Country {
  id: string
  label: Localized
  synonyms: string[]
  /**
   * Listed in Kepmenaker 260/2015: placement for *domestic work with individual employers* is stopped
   * (moratorium). Other work (with companies, G to G) is not covered by it.
   */
  moratorium: boolean
}

/** A province or regency/city of Indonesia. */
export interface Region {
  code: string
  name: string
  /** Province code for a regency/city; undefined for a province. */
  province?: string
}
