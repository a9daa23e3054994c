/**
 * Reading a person's name where a form asks for one (`person_name: true`):
 *
 *     "namanya Dimas"                                   → Dimas
 *     "ini data anak sy kak, namanya Dimas, sy ibunya"  → Dimas, registered by someone else (a parent)
 *     "basa korea", "perhotelan", "jepang"              → not a name (a training or a country of the catalogs)
 *     "oh ok lanjut", "ya", "tes"                       → not a name (only filler words)
 *
 * Words are content (content/commands.yaml: `name_intro`, `name_after`, `not_a_name`, `for_someone_else`, and the
 * yes/no/done words); the catalogs are content/trainings.yaml and countries.yaml, read by the router's entities.
 */
import type { Bundle } from '../content/bundle.ts'
import { commandKey } from '../content/keys.ts'
import { nameOnly } from './answers.ts'
import { mentions, phrases, spaced } from './form-input.ts'

export type PersonName = { kind: 'name'; name: string; forSomeoneElse: boolean } | { kind: 'not_a_name' }

/** `name_intro_other` taken off the front ("his name is Ahmad" → "Ahmad"). */
function withoutOtherIntro(bundle: Bundle, clause: string): string {
  const lower = clause.trim().toLowerCase()
  const phrase = [...phrases(bundle.commands, 'name_intro_other')]
    .sort((a, b) => b.length - a.length)
    .find((p) => lower.startsWith(`${p} `))
  return phrase ? clause.trim().slice(phrase.length).trim() : clause
}

/** The text says who it is for ("ini data anak sy"). (Module functions, not closures: under tsx each named closure costs a `defineProperty`.) */
function aboutOther(bundle: Bundle, text: string): boolean {
  return mentions(bundle.commands, 'for_someone_else', text)
}

/** The name in a clause, without an intro about someone else. */
function nameIn(bundle: Bundle, clause: string): string {
  return nameOnly(withoutOtherIntro(bundle, clause), bundle)
}

/** The name typed at a name question, or that it is none. */
export function readPersonName(bundle: Bundle, text: string): PersonName {
  const forSomeoneElse = aboutOther(bundle, text)
  // Several clauses: the one that gives the name ("…, namanya Dimas, …") is the name; clauses about who writes are not.
  const clauses = text.split(/[,;.\n]+/u).map((c) => c.trim()).filter(Boolean)
  let candidate = nameIn(bundle, text)
  if (clauses.length > 1) {
    const naming = clauses.find((c) => nameIn(bundle, c) !== c.replace(/\s+/g, ' ').trim() && !aboutOther(bundle, c))
    const plain = clauses.filter((c) => !aboutOther(bundle, c))
    const picked = naming ?? (plain.length === 1 ? plain[0] : undefined)
    if (picked) candidate = nameIn(bundle, picked)
  }
  const words = spaced(candidate).trim().split(' ').filter(Boolean)
  // No letters at all ("🙏🙏"): read as usual (the step says so).
  if (words.length === 0) return { kind: 'name', name: candidate, forSomeoneElse: false }
  // Digits and no letter ("22", "081234"): an age or a number, never a name.
  if (!/\p{L}/u.test(candidate) && /\p{N}/u.test(candidate)) return { kind: 'not_a_name' }
  // Only filler, yes/no or "done" words: "oh ok lanjut", "iya kak".
  const filler = new Set([...phrases(bundle.commands, 'not_a_name'), ...bundle.commands.raw.commands.yes.map(commandKey), ...bundle.commands.raw.commands.done.map(commandKey)])
  if (words.every((w) => filler.has(w))) return { kind: 'not_a_name' }
  // Who writes, and no name ("ini data anak sy"): asked again.
  if (forSomeoneElse && aboutOther(bundle, candidate)) return { kind: 'not_a_name' }
  // A training or a country of the catalogs ("basa korea", "perhotelan").
  const entities = bundle.router?.read(candidate)
  if (entities && ((entities.interests?.length ?? 0) > 0 || entities.destination)) return { kind: 'not_a_name' }
  return { kind: 'name', name: candidate, forSomeoneElse }
}
