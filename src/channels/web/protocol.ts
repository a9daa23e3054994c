/**
 * The web chat's wire format: the JSON-lines protocol's shapes (src/channels/terminal.ts), one object per
 * WebSocket frame or HTTP body.
 *
 *   in (WebSocket):  first {"hello":{"user":"<browser id>","after":<last seq seen>,"lang":"id"|"en"}}, then
 *                    {"id":"<message id>","text":"..."} or {"id":"<message id>","choice":"<choice id>"}
 *   in (HTTP POST /webchat/messages): the same message with "user" (and optional "lang")
 *   out:             {"seq":<n>,"id":"<message id answered>","replies":[{"text":"...","choices":[{"id","label"}]}]}
 *                    ("forget": true after the user's data was deleted), or {"error":"..."}
 *
 * The browser id is random, made in the browser (never the IP); the message id lets a reconnecting page send a
 * message again without a second answer.
 */
import type { Lang } from '../../engine/types.ts'

/** Longest text handled; longer messages get a polite "too long" (and are not handled). */
export const MAX_TEXT_CHARS = 2000
/** Frames or bodies above this are not even parsed. */
export const MAX_FRAME_BYTES = 256 * 1024

const USER_ID = /^[A-Za-z0-9_-]{8,64}$/
const MESSAGE_ID = /^[A-Za-z0-9_.:-]{1,100}$/

export interface Hello {
  user: string
  after: number
  lang?: Lang
}

export interface ClientMessage {
  id: string
  text?: string
  choice?: string
  /** Set when the text is longer than MAX_TEXT_CHARS: answer politely, do not handle. */
  tooLong?: true
}

type Parsed<T> = { ok: T } | { error: string }

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined
}

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

export function parseLang(value: unknown): Lang | undefined {
  return value === 'id' || value === 'en' ? value : undefined
}

/** `{"hello":{"user":...}}` */
export function parseHello(value: unknown): Parsed<Hello> {
  const hello = asRecord(asRecord(value)?.hello)
  if (!hello) return { error: 'send {"hello":{"user":"<browser id>"}} first' }
  const user = hello.user
  if (typeof user !== 'string' || !USER_ID.test(user)) return { error: '"user" must be 8 to 64 characters of A-Z, a-z, 0-9, _ or -' }
  const after = typeof hello.after === 'number' && Number.isFinite(hello.after) && hello.after >= 0 ? hello.after : 0
  const lang = parseLang(hello.lang)
  return { ok: { user, after, ...(lang ? { lang } : {}) } }
}

export function parseUser(value: unknown): string | undefined {
  const user = asRecord(value)?.user
  return typeof user === 'string' && USER_ID.test(user) ? user : undefined
}

/** `{"id":..., "text":...}` or `{"id":..., "choice":...}`. */
export function parseMessage(value: unknown, makeId: () => string): Parsed<ClientMessage> {
  const record = asRecord(value)
  if (!record) return { error: 'expected an object like {"id":"m1","text":"halo"}' }
  if (record.id !== undefined && (typeof record.id !== 'string' || !MESSAGE_ID.test(record.id))) {
    return { error: '"id" must be 1 to 100 characters of A-Z, a-z, 0-9, _ . : or -' }
  }
  const id = typeof record.id === 'string' ? record.id : makeId()
  if (typeof record.choice === 'string' && record.choice.length > 0 && record.choice.length <= 200) return { ok: { id, choice: record.choice } }
  if (typeof record.text !== 'string') return { error: 'send "text" or "choice"' }
  if (record.text.length > MAX_TEXT_CHARS) return { ok: { id, tooLong: true } }
  return { ok: { id, text: record.text } }
}

/** The polite answer to a message that is too long (the channel's own words, in both languages). */
export function tooLongText(lang: Lang): string {
  return lang === 'en'
    ? 'Sorry, your message is too long. Please send a shorter message (at most 2,000 characters).'
    : 'Maaf, pesan Anda terlalu panjang. Silakan kirim pesan yang lebih pendek (paling banyak 2.000 huruf).'
}
