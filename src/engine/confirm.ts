/**
 * Reading the answer to a pending confirmation ("Hapus semua data Anda…?"). A confirmation owns the next message,
 * whatever step a form is at: the number of a shown choice, its label ("Ya, hapus"), a yes/no word, or a short
 * sentence that starts with one ("iya hapus aja", "no, keep it") answer it before the step's own validation.
 */
import { commandKey } from '../content/keys.ts'
import type { Choice } from './types.ts'

export type ConfirmAnswer = 'yes' | 'no' | 'unclear'

export interface ConfirmWords {
  yes: ReadonlySet<string>
  no: ReadonlySet<string>
}

/**
 * `choices` are the confirmation's own buttons in the order shown (yes first, then no), so "1"/"2" and the labels
 * work; `choice` is a pressed button's id when there is one.
 */
export function readConfirmation(text: string, choice: string | undefined, choices: readonly Choice[], words: ConfirmWords, yesId: string, noId: string): ConfirmAnswer {
  const picked = choice ?? pickTyped(text, choices)
  if (picked === yesId) return 'yes'
  if (picked === noId) return 'no'
  if (choice) return 'unclear'
  const key = commandKey(text)
  if (words.yes.has(key)) return 'yes'
  if (words.no.has(key)) return 'no'
  // A short sentence that starts with a yes/no word: "iya hapus aja", "ga jadi", "no thanks".
  const tokens = key.split(/[\s,.!]+/).filter(Boolean)
  if (tokens.length === 0 || tokens.length > 6) return 'unclear'
  for (const n of [2, 1]) {
    const head = tokens.slice(0, n).join(' ')
    if (tokens.length >= n && words.no.has(head)) return 'no'
    if (tokens.length >= n && words.yes.has(head)) return 'yes'
  }
  return 'unclear'
}

function pickTyped(text: string, choices: readonly Choice[]): string | undefined {
  const key = commandKey(text)
  if (/^\d{1,2}$/.test(key)) return choices[Number(key) - 1]?.id
  return choices.find((c) => commandKey(c.label) === key)?.id
}
