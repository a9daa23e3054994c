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
  keywords: string[]
  a: Localized
  source: string
  confidence: 'verified' | 'likely'
  reviewed: string
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
}

/** A destination offered in the training-interest flow. */
export interface Country {
  id: string
  label: Localized
  synonyms: string[]
  /** Middle East: placement not open (moratorium); a choice gets the moratorium explanation. */
  moratorium: boolean
}

/** A province or regency/city of Indonesia. */
export interface Region {
  code: string
  name: string
  /** Province code for a regency/city; undefined for a province. */
  province?: string
}
