/**
 * Text rendering shared by both WhatsApp transports: numbered menus with a short "Balas 1, 2 atau 3" hint,
 * WhatsApp formatting (`*bold*`, `_italic_`), and splitting of long texts into messages of a safe size.
 *
 * WhatsApp reads `*bold*` and `_italic_`, not Markdown's `**bold**`; content written the Markdown way is
 * converted. Users answer a numbered menu with the number, a word of the label or the whole label: the engine
 * resolves all three against the choices last shown, so the channel only has to show the numbers.
 */
import type { Reply } from '../../engine/types.ts'
import { renderNumbered } from '../terminal.ts'

/** The WhatsApp text limit (Cloud API text body; Baileys has none documented, the same is used). */
export const WHATSAPP_TEXT_LIMIT = 4096

/** Words that show a text is English, so the hint under a menu is written in English too. */
const ENGLISH = /\b(the|you|your|which|what|please|choose|select|would|do|is|are)\b/i

/** A text that already tells people to answer with a number needs no hint under the menu. */
const HAS_HINT = /\b(balas|reply)\b/i

/** The hint under a numbered menu: "Balas *1*, *2* atau *3*." / "Reply with a number from 1 to 8." */
export function numberHint(count: number, english: boolean): string {
  if (count <= 0) return ''
  if (count > 3) return english ? `_Reply with a number from 1 to ${count}._` : `_Balas dengan angka 1 sampai ${count}._`
  const numbers = Array.from({ length: count }, (_, i) => `*${i + 1}*`)
  const last = numbers.pop() as string
  const list = numbers.length ? `${numbers.join(', ')} ${english ? 'or' : 'atau'} ${last}` : last
  return english ? `_Reply ${list}._` : `_Balas ${list}._`
}

/** Markdown emphasis → WhatsApp emphasis: `**bold**` → `*bold*`, `__italic__` → `_italic_`. */
export function toWhatsAppFormatting(text: string): string {
  return text.replace(/\*\*(?=\S)([^*\n]+?)\*\*/g, '*$1*').replace(/__(?=\S)([^_\n]+?)__/g, '_$1_')
}

/**
 * A reply as plain WhatsApp text: the text, then its choices numbered `1. …`, then a hint saying how to
 * answer (unless the text already says it). A reply without choices is its text.
 */
export function renderNumberedText(reply: Reply): string {
  const body = toWhatsAppFormatting(renderNumbered({ ...reply, text: reply.text.trim() }))
  const count = reply.choices?.length ?? 0
  if (count === 0 || HAS_HINT.test(reply.text)) return body
  return `${body}\n\n${numberHint(count, looksEnglish(reply))}`
}

/** Whether a reply reads as English (for the few words the channel adds itself); Indonesian otherwise. */
export function looksEnglish(reply: Reply): boolean {
  return ENGLISH.test(reply.text) || (reply.choices ?? []).some((c) => ENGLISH.test(c.label))
}

/**
 * Splits a text into parts of at most `limit` characters, preferring to cut between paragraphs, then
 * between lines, then after a sentence, then between words; a word longer than the limit is cut hard.
 * Parts are trimmed; empty parts are dropped. `splitText('')` is `[]`.
 */
export function splitText(text: string, limit = WHATSAPP_TEXT_LIMIT): string[] {
  if (limit < 1) throw new RangeError('limit must be at least 1')
  const parts: string[] = []
  let rest = text.trim()
  while (rest.length > limit) {
    const cut = cutPoint(rest, limit)
    const part = rest.slice(0, cut).trim()
    if (part) parts.push(part)
    rest = rest.slice(cut).trim()
  }
  if (rest) parts.push(rest)
  return parts
}

/** Places to cut, best first, with how many characters of the match stay in the first part. */
const SEPARATORS: ReadonlyArray<readonly [RegExp, number]> = [
  [/\n\s*\n/g, 0], // between paragraphs
  [/\n/g, 0], // between lines
  [/[.!?](?=\s)/g, 1], // after a sentence
  [/\s/g, 0], // between words
]

/** Where to cut `text` (longer than `limit`) so that the first part is at most `limit` characters. */
function cutPoint(text: string, limit: number): number {
  const window = text.slice(0, limit + 1)
  // Never cut in the first half when a better place exists later: tiny first parts read badly.
  const floor = Math.floor(limit / 2)
  for (const [separator, keep] of SEPARATORS) {
    let best = -1
    for (const match of window.matchAll(separator)) {
      const end = match.index + keep
      if (end <= limit && end >= floor) best = end
    }
    if (best > 0) return best
  }
  // A hard cut must not split an emoji (a surrogate pair) in two.
  const code = text.charCodeAt(limit - 1)
  return code >= 0xd800 && code <= 0xdbff && limit > 1 ? limit - 1 : limit
}

/**
 * Splits off the end of a text to fit a smaller box (a Cloud API interactive body holds 1024 characters):
 * `tail` is at most `tailLimit` characters, cut at the best place as in `splitText`, and `head` is the rest in
 * parts of at most `limit`. A text that fits is all tail.
 */
export function splitTail(text: string, tailLimit: number, limit = WHATSAPP_TEXT_LIMIT): { head: string[]; tail: string } {
  const trimmed = text.trim()
  if (trimmed.length <= tailLimit) return { head: [], tail: trimmed }
  let cut = trimmed.length - tailLimit
  // A hard cut must not split an emoji (a surrogate pair) in two.
  if (/[\udc00-\udfff]/.test(trimmed.charAt(cut))) cut++
  for (const [separator] of SEPARATORS) {
    const found = [...trimmed.matchAll(separator)].map((m) => m.index + m[0].length).find((end) => end >= cut && end < trimmed.length)
    if (found !== undefined) {
      cut = found
      break
    }
  }
  return { head: splitText(trimmed.slice(0, cut), limit), tail: trimmed.slice(cut).trim() }
}
