/**
 * The patterns that read a profile from free text in a form, built from content/commands.yaml (`age_cue`, `age_unit`,
 * `education_cue`, `school_words`, `name_correction_lead`, `name_correction`, `name_correction_after`,
 * `name_correction_name`) once per content version: "umur 22" / "22 th" (an age), "lulusan smk otomotif" (schooling),
 * "eh salah, nama sy Bagus Prasetyo" (a name corrected later in the form). Pure.
 */
import type { CommandWords } from '../content/bundle.ts'

export interface ProfileCues {
  /** Group 1 or 2: the age ("umur 22", "22 tahun"). */
  age: RegExp
  /** Run on the spaced text: group 1, the one or two words after a schooling cue ("lulusan smk otomotif"). */
  education: RegExp
  /** Education choice ids read without a cue. */
  schools: ReadonlySet<string>
  /** Group 1: "nama …" after a correction word ("eh salah, nama sy Bagus"). */
  nameCorrection: RegExp
}

const built = new WeakMap<CommandWords, ProfileCues>()

/** The words of a list as a regex alternation, in the list's order (escaped). */
function any(words: readonly string[] | undefined): string {
  const list = (words ?? []).map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
  // An empty list matches nothing.
  return list.length > 0 ? list.join('|') : '(?!)'
}

export function profileCues(commands: CommandWords): ProfileCues {
  const known = built.get(commands)
  if (known) return known
  const raw = commands.raw.commands
  const cues: ProfileCues = {
    age: new RegExp(`(?:\\b(?:${any(raw.age_cue)})\\s*:?\\s*(\\d{2})\\b)|(?:\\b(\\d{2})\\s*(?:${any(raw.age_unit)})\\b)`, 'iu'),
    education: new RegExp(` (?:${any(raw.education_cue)}) ((?:\\S+)(?: \\S+)?)`, 'u'),
    schools: new Set(raw.school_words ?? []),
    nameCorrection: new RegExp(
      `^(?:(?:${any(raw.name_correction_lead)})[\\s,.]+)*(?:${any(raw.name_correction)})\\b[\\s,.!]*(?:(?:${any(raw.name_correction_after)})[\\s,.]+)*((?:${any(raw.name_correction_name)})\\b.*)$`,
      'iu',
    ),
  }
  built.set(commands, cues)
  return cues
}
