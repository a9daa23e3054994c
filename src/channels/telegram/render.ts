/**
 * From the engine's `Reply` to Telegram messages, and back from a pressed button to an `Inbound` field.
 *
 * - Texts are sent as HTML with everything escaped, so nothing a content author writes can break a message.
 *   The one markup the content uses, WhatsApp-style `*bold*` and `_italic_`, becomes `<b>` and `<i>`.
 *   Links and phone numbers stay written in full (Telegram makes them tappable); previews are off.
 * - A text longer than Telegram's 4096 characters is split at a paragraph, line or word boundary.
 * - Choices become an inline keyboard under the last part, numbered like the list in the text ("Balas dengan
 *   angka"), so typing `2` or pressing the second button do the same. Callback data is the choice id; an id over
 *   Telegram's 64-byte limit (content validation normally prevents it) falls back to `#<position>`, which the
 *   channel hands to the engine as the typed number.
 */
import type { InlineKeyboardButton, InlineKeyboardMarkup } from 'grammy/types'
import type { Choice, Reply } from '../../engine/types.ts'

/** Longest message text Telegram accepts (characters after entity parsing). */
export const TELEGRAM_TEXT_LIMIT = 4096
/** Longest callback data Telegram accepts, in bytes. */
export const CALLBACK_DATA_LIMIT = 64
/** Telegram allows at most 100 buttons on one inline keyboard. */
export const KEYBOARD_BUTTON_LIMIT = 100
/** Labels up to this length go two to a row; longer ones get a row each. */
const SHORT_LABEL = 18

/** One message to send: HTML text and, on the last part of a reply, its keyboard. */
export interface OutgoingMessage {
  html: string
  keyboard?: InlineKeyboardMarkup
}

/** Renders one reply as one or more messages. An empty reply renders as nothing. */
export function renderReply(reply: Reply, limit = TELEGRAM_TEXT_LIMIT): OutgoingMessage[] {
  const parts = splitText(reply.text, limit)
  const keyboard = reply.choices?.length ? keyboardFor(reply.choices) : undefined
  if (parts.length === 0 && keyboard) parts.push('…')
  return parts.map((part, i) => (keyboard && i === parts.length - 1 ? { html: toTelegramHtml(part), keyboard } : { html: toTelegramHtml(part) }))
}

/**
 * Splits `text` into parts of at most `limit` characters (UTF-16 units, as Telegram counts), preferring a
 * paragraph break, then a line break, then a space; never inside a surrogate pair (an emoji stays whole).
 */
export function splitText(text: string, limit = TELEGRAM_TEXT_LIMIT): string[] {
  const parts: string[] = []
  let rest = text.trim()
  while (rest.length > limit) {
    const window = rest.slice(0, limit + 1)
    let cut = -1
    for (const separator of ['\n\n', '\n', ' ']) {
      const at = window.lastIndexOf(separator)
      // A break in the first fifth would leave a tiny part; look for a smaller separator instead.
      if (at > limit / 5) {
        cut = at
        break
      }
    }
    if (cut === -1) {
      cut = limit
      const code = rest.charCodeAt(cut - 1)
      if (code >= 0xd800 && code <= 0xdbff) cut-- // do not split a surrogate pair
    }
    parts.push(rest.slice(0, cut).trimEnd())
    rest = rest.slice(cut).trimStart()
  }
  if (rest) parts.push(rest)
  return parts
}

/** Escapes `&`, `<` and `>` for Telegram's HTML parse mode. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

/**
 * Plain content text → Telegram HTML: escaped, with `*bold*` and `_italic_` (WhatsApp's markup, which the
 * content uses) turned into tags. A lone `*` or `_` (e.g. in `snake_case` or `5 * 3`) stays as it is.
 */
export function toTelegramHtml(text: string): string {
  return escapeHtml(text)
    .replace(/(^|[\s(\["'])\*(?=\S)([^*\n]*?\S)\*(?=$|[\s.,!?:;)\]"'])/gm, '$1<b>$2</b>')
    // Italic never spans a tag, so overlapping marks (`*a _b* c_`) cannot produce HTML that Telegram rejects.
    .replace(/(^|[\s(\["'])_(?=\S)([^_\n<]*?[^\s<])_(?=$|[\s.,!?:;)\]"'])/gm, '$1<i>$2</i>')
}

/** The label shown on a button: its number and the choice label, e.g. `2. Cek P3MI`. */
export function buttonLabel(choice: Choice, index: number): string {
  return `${index + 1}. ${choice.label}`
}

/**
 * Callback data for a choice: its id when it fits in 64 bytes, otherwise `#<position>` (1-based), which
 * `pressToInput` turns into the typed number. Either way the engine decides what the press means.
 */
export function callbackDataFor(choice: Choice, index: number): string {
  return Buffer.byteLength(choice.id, 'utf8') <= CALLBACK_DATA_LIMIT ? choice.id : `#${index + 1}`
}

/** Choices as an inline keyboard: two to a row when every label is short, otherwise one per row. */
export function keyboardFor(choices: readonly Choice[]): InlineKeyboardMarkup {
  const shown = choices.slice(0, KEYBOARD_BUTTON_LIMIT)
  const buttons: InlineKeyboardButton[] = shown.map((choice, i) => ({ text: buttonLabel(choice, i), callback_data: callbackDataFor(choice, i) }))
  const perRow = shown.length > 1 && shown.every((c, i) => buttonLabel(c, i).length <= SHORT_LABEL) ? 2 : 1
  const rows: InlineKeyboardButton[][] = []
  for (let i = 0; i < buttons.length; i += perRow) rows.push(buttons.slice(i, i + perRow))
  return { inline_keyboard: rows }
}

/** What a pressed button means for the engine: a choice id, or (for the `#n` fallback) the typed number. */
export function pressToInput(data: string): { choice: string } | { text: string } {
  const position = /^#(\d{1,3})$/.exec(data)
  return position ? { text: position[1]! } : { choice: data }
}

/** The label of the button with `data` on a keyboard, without its number; `undefined` when it is not there. */
export function pressedLabel(keyboard: InlineKeyboardMarkup | undefined, data: string): string | undefined {
  for (const row of keyboard?.inline_keyboard ?? []) {
    for (const button of row) {
      if ('callback_data' in button && button.callback_data === data) return button.text.replace(/^\d+\.\s/, '')
    }
  }
  return undefined
}
