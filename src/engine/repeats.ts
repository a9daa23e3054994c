/**
 * Replies that would repeat themselves when someone writes many messages quickly (blind testers: the same long
 * template three times in a row). Pure: the engine hands over this turn's replies and the record of the previous
 * turn's (`Session.sent`), and gets back what to send and the record to keep.
 *
 *   - The fallback ("Maaf, saya belum bisa menjawab …") right after a fallback is said in its other, shorter words
 *     (`faq.fallback_again`), and the other way round: never the same fallback twice in a row; the same for the
 *     out-of-scope answer (`faq.out_of_scope_again`).
 *   - Within `REPEAT_MS` of the previous turn, the very same template replies again (every text identical) become one short
 *     line that the messages are read one by one (`burst.reading`); every message still gets a reply (the design's
 *     rule), so a further identical turn gets that short line again, not the long template. Never
 *     inside a form (its questions are asked again in full) nor for help in danger.
 */
import type { Reply, SentRecord } from './types.ts'
import { TextMemo } from '../understanding/text-cache.ts'

/** Messages closer together than this belong to one burst. */
export const REPEAT_MS = 20_000

/**
 * Replies never collapsed: help in danger, abroad and with an officer, error notices (media, empty), "maksud Anda…?" (a new
 * question that gets the same choices is no repeat: blind tester A, 5), and FAQ answers (two different questions may
 * have the same answer; only templates are collapsed).
 */
const PROTECTED = /^(?:crisis\.|emergency\.|abroad\.|handoff\.|error\.|faq:|faq\.clarify$)/

/** Templates with a second wording, said in turn when the previous turn said the one. */
const ALTERNATES: ReadonlyMap<string, string> = new Map([
  ['faq.fallback', 'faq.fallback_again'],
  ['faq.fallback_again', 'faq.fallback'],
  ['faq.out_of_scope', 'faq.out_of_scope_again'],
  ['faq.out_of_scope_again', 'faq.out_of_scope'],
  ['menu.thanks', 'menu.thanks_again'],
  ['menu.thanks_again', 'menu.thanks'],
])
const BURST_KEY = 'burst.reading'

/** FNV-1a over the text: equal texts, equal sums (a different text colliding only by rare chance). */
function checksum(text: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0
  return h
}

/** `checksum`, remembered for recent texts (most replies are the same content texts again, often the very same string). */
function checksumOf(text: string): number {
  return sums.get(text, checksum)
}

/** Replies of any length (a FAQ answer is long and comes again as often as a short one). */
const sums = new TextMemo<number>(2_000, Number.POSITIVE_INFINITY)

/**
 * This turn's replies with repeats collapsed, and the record to keep. `render(key)` gives a text in the user's
 * language (for `faq.fallback_again` and `burst.reading`).
 */
export function collapseRepeats(
  replies: readonly Reply[],
  previous: SentRecord | undefined,
  now: number,
  render: (key: string) => string,
  options: { burst: boolean },
): { replies: Reply[]; sent: SentRecord | undefined } {
  if (replies.length === 0) return { replies: [], sent: previous }
  // A fallback after a fallback: the other wording (the previous turn's own, whichever it was, is not said again).
  const said = new Set(previous?.keys ?? [])
  let out = replies.map((r): Reply => {
    const other = r.key !== undefined && said.has(r.key) ? ALTERNATES.get(r.key) : undefined
    return other ? { ...r, key: other, text: render(other) } : r
  })
  const sums = out.map((r) => checksumOf(r.text))
  const record: SentRecord = { at: now, keys: out.flatMap((r) => (r.key ? [r.key] : [])), sums }
  // Help in danger, an officer's case and a form's questions are always said in full.
  const burst = options.burst && !!previous && now >= previous.at && now - previous.at <= REPEAT_MS && !out.some((r) => PROTECTED.test(r.key ?? ''))
  const same = burst && previous.sums.length === sums.length && sums.every((s, i) => s === previous.sums[i])
  if (!same) return { replies: out, sent: record }
  // The choices of the replies stay with the line, so that a number typed next still picks from them.
  const choices = out.findLast((r) => r.choices && r.choices.length > 0)?.choices
  out = [{ text: render(BURST_KEY), key: BURST_KEY, ...(choices ? { choices } : {}) }]
  return { replies: out, sent: { ...previous, at: now, noticed: true } }
}
