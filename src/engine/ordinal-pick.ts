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
  const raw = commands.raw
  const same = (phrase: string): boolean => spaced(phrase).trim() === key
  const place = (raw.ordinals ?? []).findIndex((list) => list.some(same))
  if (place >= 0) return { place }
  if ((raw.last_choice ?? []).some(same)) return { place: 'last' }
  if ((raw.none_of_choices ?? []).some(same)) return { none: true }
  // "yg ke4", "ke-2", "nomor 2", "pilih no 3": lead words, then the number (glued or not).
  const glued = /^(.*?)(\d{1,2})(?:nya)?$/.exec(key.replace(/\s+/g, ' '))
  if (!glued) return undefined
  const lead = glued[1]!.trim()
  const n = Number(glued[2])
  if (n < 1) return undefined
  if (lead === '' || (raw.ordinal_lead ?? []).some((p) => spaced(p).trim() === lead)) return lead === '' ? undefined : { place: n - 1 }
  return undefined
}
