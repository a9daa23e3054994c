/**
 * Reading the answer to a pending confirmation ("Hapus semua data Anda…?"). A confirmation owns the next message,
 * whatever step a form is at: the number of a shown choice, its label ("Ya, hapus"), a yes/no word, or a short
 * sentence that starts with one ("iya hapus aja", "no, keep it") answer it before the step's own validation.
 */
import { commandKey } from '../content/keys.ts'
import type { Choice } from './types.ts'
import { readYesNoWords, type YesNoWords } from './yes-no.ts'

export type ConfirmAnswer = 'yes' | 'no' | 'unclear'


/**
 * `choices` are the confirmation's own buttons in the order shown (yes first, then no), so "1"/"2" and the labels
 * work; `choice` is a pressed button's id when there is one.
 */
export function readConfirmation(text: string, choice: string | undefined, choices: readonly Choice[], words: YesNoWords, yesId: string, noId: string): ConfirmAnswer {
  const picked = choice ?? pickTyped(text, choices)
  if (picked === yesId) return 'yes'
  if (picked === noId) return 'no'
  if (choice) return 'unclear'
  const answer = readYesNoWords(text, words)
  return answer === 'yes' || answer === 'no' ? answer : 'unclear'
}

function pickTyped(text: string, choices: readonly Choice[]): string | undefined {
  const key = commandKey(text)
  if (/^\d{1,2}$/.test(key)) return choices[Number(key) - 1]?.id
  return choices.find((c) => commandKey(c.label) === key)?.id
}
