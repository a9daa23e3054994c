/**
 * The terminal channel: an interactive chat for officers and newcomers (`npm run chat`), and a JSON-lines
 * protocol for scripts and tests (`npm run -s chat -- --json`):
 *
 *   stdin, one object per line:  {"user":"<id>","text":"<message>"}  or  {"user":"<id>","choice":"<choice id>"}
 *                                optional "lang" ("id" | "en"); optional "id": the message id (a platform's id,
 *                                for redelivery tests: an id this user sent before is a duplicate, answered with [])
 *   stdout, one line per input:  {"user":"<id>","replies":[{"text":"...","choices":[{"id":"...","label":"..."}]}]}
 *   a line that is not valid JSON gets {"error":"..."} and the process goes on.
 */
import { randomUUID } from 'node:crypto'
import { createInterface } from 'node:readline'
import type { Readable, Writable } from 'node:stream'
import type { Gate } from '../gate/gate.ts'
import type { Inbound, Reply } from '../engine/types.ts'

export const TERMINAL_CHANNEL = 'terminal'

export interface ChatIo {
  input: Readable
  output: Writable
  now?: () => number
}

/** Parses one protocol line into an inbound message, or says what is wrong with it. */
export function parseJsonLine(line: string, now: number): { inbound: Inbound } | { error: string } {
  let value: unknown
  try {
    value = JSON.parse(line)
  } catch {
    return { error: 'not valid JSON; send one object per line, e.g. {"user":"a","text":"halo"}' }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { error: 'expected an object like {"user":"a","text":"halo"}' }
  }
  const record = value as Record<string, unknown>
  const user = record.user
  if ((typeof user !== 'string' && typeof user !== 'number') || String(user).trim() === '' || String(user).length > 200) {
    return { error: '"user" is required: a non-empty string of at most 200 characters' }
  }
  if (record.text !== undefined && typeof record.text !== 'string') return { error: '"text" must be a string' }
  if (record.choice !== undefined && typeof record.choice !== 'string') return { error: '"choice" must be a string' }
  if (record.text === undefined && record.choice === undefined) return { error: 'send "text" or "choice"' }
  if (record.lang !== undefined && record.lang !== 'id' && record.lang !== 'en') return { error: '"lang" must be "id" or "en"' }
  if (record.id !== undefined && (typeof record.id !== 'string' || record.id === '' || record.id.length > 200)) {
    return { error: '"id" must be a non-empty string of at most 200 characters' }
  }
  return {
    inbound: {
      channel: TERMINAL_CHANNEL,
      userId: String(user),
      messageId: typeof record.id === 'string' ? record.id : randomUUID(),
      ...(typeof record.text === 'string' ? { text: record.text } : {}),
      ...(typeof record.choice === 'string' ? { choice: record.choice } : {}),
      ...(record.lang === 'id' || record.lang === 'en' ? { lang: record.lang } : {}),
      ...(typeof record.phone === 'string' ? { phone: record.phone } : {}),
      now,
    },
  }
}

/** Replies in the protocol's shape (also the web chat's). */
export function toWire(replies: Reply[]): Array<{ text: string; choices?: Array<{ id: string; label: string }> }> {
  return replies.map((r) => (r.choices?.length ? { text: r.text, choices: r.choices.map((c) => ({ id: c.id, label: c.label })) } : { text: r.text }))
}

/** Runs the JSON-lines protocol until input ends. Lines are handled one at a time, in order. */
export async function runJsonChat(gate: Gate, io: ChatIo): Promise<void> {
  const now = io.now ?? Date.now
  const lines = createInterface({ input: io.input, crlfDelay: Infinity, terminal: false })
  for await (const line of lines) {
    if (line.trim() === '') continue
    const parsed = parseJsonLine(line, now())
    if ('error' in parsed) {
      io.output.write(`${JSON.stringify({ error: parsed.error })}\n`)
      continue
    }
    const replies = await gate.handle(parsed.inbound)
    io.output.write(`${JSON.stringify({ user: parsed.inbound.userId, replies: toWire(replies) })}\n`)
  }
}

/** Plain-text rendering of replies with numbered choices (terminal; also WhatsApp without buttons). */
export function renderNumbered(reply: Reply): string {
  if (!reply.choices?.length) return reply.text
  const lines = reply.choices.map((c, i) => `${i + 1}. ${c.label}`)
  return `${reply.text}\n\n${lines.join('\n')}`
}

/** An interactive chat on a terminal: type text or the number of a choice. */
export async function runInteractiveChat(gate: Gate, io: ChatIo & { userId?: string; banner?: string }): Promise<void> {
  const now = io.now ?? Date.now
  const rl = createInterface({ input: io.input, output: io.output, terminal: true })
  const userId = io.userId ?? 'local'
  const print = (replies: Reply[]): void => {
    for (const reply of replies) io.output.write(`\n${renderNumbered(reply)}\n`)
    io.output.write('\n')
  }
  if (io.banner) io.output.write(`${io.banner}\n`)
  print(await gate.handle({ channel: TERMINAL_CHANNEL, userId, messageId: randomUUID(), text: 'halo', now: now() }))
  rl.setPrompt('> ')
  rl.prompt()
  for await (const line of rl) {
    if (line.trim() === '/quit' || line.trim() === '/exit') break
    print(await gate.handle({ channel: TERMINAL_CHANNEL, userId, messageId: randomUUID(), text: line, now: now() }))
    rl.prompt()
  }
  rl.close()
}
