/**
 * A place in a list of choices said in words: "yg pertama", "yg ke4", "nomor 2", "yang terakhir" (blind tester B,
 * B-9: "yg ke4" after a topic's sub-list was stored as an unanswered question), or none of them ("gk dua2nya" after
 * "Maksud Anda…?"). The words are content (content/commands.yaml `ordinals`, `ordinal_lead`, `last_choice`,
 * `none_of_choices`); read after the softeners of `hedge` are removed ("yg ke4 aja kak"). Pure.
 */
import type { CommandWords } from '../content/bundle.ts'
import { spaced } from './form-input.ts'

/** What a short message says about a list: a place (0-based, or 'last'), none of them, or nothing of the kind. */
export type ListPick = { place: number } | { place: 'last' } | { none: true }

/** The longest message read as a pick (words). */
const PICK_WORDS = 6

export function readListPick(text: string, commands: CommandWords): ListPick | undefined {
  const tokens = spaced(text)
    .trim()
    .split(' ')
    .filter((w) => w && !commands.hedge.includes(w))
  if (tokens.length === 0 || tokens.length > PICK_WORDS) return undefined
  const key = tokens.join(' ')
  const known = picksOf(commands)
  const said = known.picks.get(key)
  if (said) return { ...said }
  // "yg ke4", "ke-2", "nomor 2", "pilih no 3": lead words, then the number (glued or not).
  const glued = /^(.*?)(\d{1,2})(?:nya)?$/.exec(key.replace(/\s+/g, ' '))
  if (!glued) return undefined
  const lead = glued[1]!.trim()
  const n = Number(glued[2])
  if (n < 1) return undefined
  if (lead === '' || known.leads.has(lead)) return lead === '' ? undefined : { place: n - 1 }
  return undefined
}

/**
 * The list words of the content as `spaced` keys, made once per content (reading them again on every message was
 * about a sixth of a mixed-script turn's CPU): each phrase's pick (the first list naming it wins, in the order
 * ordinals, last choice, none of them), and the lead words before a number.
 */
function picksOf(commands: CommandWords): { picks: ReadonlyMap<string, ListPick>; leads: ReadonlySet<string> } {
  let known = picksByContent.get(commands)
  if (known) return known
  const raw = commands.raw
  const picks = new Map<string, ListPick>()
  const add = (phrase: string, pick: ListPick) => {
    const key = spaced(phrase).trim()
    if (!picks.has(key)) picks.set(key, pick)
  }
  ;(raw.ordinals ?? []).forEach((list, place) => list.forEach((phrase) => add(phrase, { place })))
  for (const phrase of raw.last_choice ?? []) add(phrase, { place: 'last' })
  for (const phrase of raw.none_of_choices ?? []) add(phrase, { none: true })
  known = { picks, leads: new Set((raw.ordinal_lead ?? []).map((p) => spaced(p).trim())) }
  picksByContent.set(commands, known)
  return known
}

const picksByContent = new WeakMap<CommandWords, { picks: ReadonlyMap<string, ListPick>; leads: ReadonlySet<string> }>()
