import type { Condition } from '../engine/conditions.ts'
import type { Lang } from '../engine/types.ts'
import type { AgencyRegistry } from '../knowledge/agencies.ts'
import type { RegionIndex } from '../knowledge/regions.ts'
import type { FaqMatcher } from '../understanding/faq-matcher.ts'
import type { CrisisDetector } from '../understanding/crisis.ts'
import type { Router } from '../understanding/router.ts'
import type { RedflagReader } from '../understanding/redflag-cues.ts'
import type { AbroadIndex } from '../engine/abroad.ts'
import type { Commands, FlowDef, Step } from './schemas.ts'
import type { Contact, Country, FaqEntry, FaqTopic, Lexicon, Training, WithoutTraining } from './types.ts'

/** A flow ready to run: its steps plus indexes built once at load. */
export interface Flow {
  readonly id: string
  readonly file: string
  readonly title?: FlowDef['title']
  /** Questions about the form itself and their answers (FlowDef `about`). */
  readonly about?: FlowDef['about']
  readonly steps: readonly Step[]
  /** Step id → position in `steps`. */
  readonly index: ReadonlyMap<string, number>
  /** Parsed branch conditions, by `stepId#line`. */
  readonly conditions: ReadonlyMap<string, Condition>
}

/** Global command words, normalized (lower-case, single spaces). */
export interface CommandWords {
  readonly menu: ReadonlySet<string>
  readonly back: ReadonlySet<string>
  readonly help: ReadonlySet<string>
  readonly stop: ReadonlySet<string>
  readonly language: ReadonlySet<string>
  readonly delete: ReadonlySet<string>
  readonly greeting: ReadonlySet<string>
  readonly yes: ReadonlySet<string>
  readonly no: ReadonlySet<string>
  readonly handoff: ReadonlySet<string>
  /** Softeners, longest first ("kalo ga salah" before "sih"). */
  readonly hedge: readonly string[]
  readonly unsure: ReadonlySet<string>
  readonly done: ReadonlySet<string>
  readonly more: ReadonlySet<string>
  /** Words before and after a name, longest first, lower case. */
  readonly nameIntro: readonly string[]
  readonly nameAfter: readonly string[]
  /** Words that start what follows a name ("dr", "kan", "umur"), lower case. */
  readonly nameTail: ReadonlySet<string>
  /** "ini buat apa?", "kenapa harus nama asli?": asking why a question is asked (phrases, lower case). */
  readonly why: readonly string[]
  /** "[audio]", "<media omitted>": stand-ins for media (compared with `mediaTextKey`). */
  readonly mediaText: ReadonlySet<string>
  readonly raw: Commands
}

/**
 * Everything the engine needs, parsed, validated and indexed once. Immutable: a reload builds a new
 * bundle and swaps it in only when it is valid.
 */
export interface Bundle {
  /** Short hash of all content files; stored in sessions to notice content changes. */
  readonly version: string
  readonly loadedAt: number
  readonly flows: ReadonlyMap<string, Flow>
  readonly texts: Readonly<Record<Lang, ReadonlyMap<string, string>>>
  readonly contacts: ReadonlyMap<string, Contact>
  readonly commands: CommandWords
  readonly faq: {
    readonly entries: readonly FaqEntry[]
    readonly byId: ReadonlyMap<string, FaqEntry>
    readonly topics: readonly FaqTopic[]
    /** The FAQ matcher (classifier trained on the variants, with BM25); `index.search(text)`. */
    readonly index: FaqMatcher
  }
  readonly lexicon: Lexicon
  /** Crisis detection, indexed from content/crisis.yaml. */
  readonly crisis: CrisisDetector
  readonly trainings: readonly Training[]
  /** Work asked for that has no training here (trainings.yaml `without_training`). */
  readonly withoutTraining?: readonly WithoutTraining[]
  readonly countries: readonly Country[]
  readonly regions: RegionIndex
  /** Undefined until an officer imports a registry (`npm run cli -- agencies import`). */
  readonly agencies?: AgencyRegistry
  /** Free text → intents and entities (content/intents.yaml); undefined when the file is absent. */
  readonly router?: Router
  /** Warning signs a message states by itself (content/redflag-cues.yaml); undefined when the file is absent. */
  readonly redflags?: RedflagReader
  /** Places abroad and the words around them (content/abroad.yaml); undefined when the file is absent. */
  readonly abroad?: AbroadIndex
  /** How long the load took, in milliseconds (reported by the benchmark). */
  readonly loadMs: number
}
