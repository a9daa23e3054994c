/**
 * Hostile and random input: thousands of messages (huge, binary, control characters, right-to-left marks,
 * zero-width characters, emoji, JSON in text, choice ids of other flows, media) through the engine, the gate and
 * the JSON chat. Never a crash, always a reply, and the session stays valid (plain JSON that points at real
 * flows and steps).
 */
import { PassThrough } from 'node:stream'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Bundle } from '../../src/content/bundle.ts'
import { handleMessage } from '../../src/engine/engine.ts'
import { LANGS, type Inbound, type MediaKind, type Session } from '../../src/engine/types.ts'
import { Gate } from '../../src/gate/gate.ts'
import { createLogger } from '../../src/logger.ts'
import { runJsonChat } from '../../src/channels/terminal.ts'
import { EmbeddedStore } from '../../src/store/embedded.ts'
import { askSites } from '../../src/bench/hostile-input.ts'
import { realBundle } from '../helpers/bundle.ts'

const bundle = realBundle()
const T0 = Date.parse('2026-11-22T03:00:00Z')

/** Every choice id the content can show, in every flow: pressing one of them at the wrong time must be harmless. */
function allChoiceIds(b: Bundle): string[] {
  const ids = new Set<string>(['resume', 'lang:en', 'lang:id', 'faq:unknown', 'main.menu:faq', '', ' ', 'x'.repeat(300)])
  for (const flow of b.flows.values()) {
    for (const step of flow.steps) {
      const choices = (step as { choices?: Array<{ id: string }> }).choices ?? []
      for (const choice of choices) ids.add(`${flow.id}.${step.id}:${choice.id}`)
    }
  }
  for (const entry of b.faq.entries.slice(0, 20)) ids.add(`faq:${entry.id}`)
  return [...ids]
}
const CHOICES = allChoiceIds(bundle)

const EMOJI = ['😀', '👍🏽', '👨‍👩‍👧‍👦', '🇮🇩', '❤️', '🙏', '\u{1F600}\u200d', '🏳️‍🌈', '1️⃣']
const HOSTILE = ['\u202e', '\u202d', '\u200f', '\u200e', '\u2066', '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u0000', '\u0007', '\u001b[31m', '\r', '\n', '\t', '\ud800', '\udfff', '\uffff', '\u00ad']
const WORDS = ['halo', 'menu', 'kembali', 'bantuan', 'stop', 'english', 'bahasa', 'hapus data saya', 'ya', 'tidak', 'benar', '1', '2', '4', '99', '-1', '0', '1e309', 'NaN', 'gaji', 'visa', 'penipuan', 'tolong', 'disiksa majikan', 'PT', '__proto__', 'constructor', 'toString', '{{name}}', '${ref}', '<script>', "'; DROP TABLE", '=cmd|calc', '081234567890', '+62 812-3456-7890']
const MEDIA: MediaKind[] = ['image', 'audio', 'voice', 'video', 'sticker', 'location', 'document', 'contact', 'other']

const piece = fc.oneof(
  fc.constantFrom(...WORDS),
  fc.constantFrom(...EMOJI),
  fc.constantFrom(...HOSTILE),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.json({ maxDepth: 3 }),
  fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.from(bytes).toString('latin1')),
  fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.from(bytes).toString('utf8')),
)

/** One message: text (sometimes enormous), a choice id of any flow, media, or nothing useful at all. */
const message = fc.oneof(
  { weight: 6, arbitrary: fc.array(piece, { minLength: 1, maxLength: 6 }).map((parts) => ({ text: parts.join(' ') })) },
  { weight: 1, arbitrary: fc.tuple(piece, fc.integer({ min: 1_000, max: 100_000 })).map(([p, n]) => ({ text: p.repeat(Math.ceil(n / Math.max(1, p.length))).slice(0, n) })) },
  { weight: 2, arbitrary: fc.constantFrom(...CHOICES).map((choice) => ({ choice })) },
  { weight: 1, arbitrary: fc.record({ media: fc.constantFrom(...MEDIA), text: fc.option(piece, { nil: undefined }) }) },
  { weight: 1, arbitrary: fc.constantFrom({ text: '' }, { text: '   ' }, {}) },
)

/** The session is plain JSON and points at flows and steps that exist; menus are well-formed. */
function expectValidSession(session: Session | null | undefined): void {
  if (session === null || session === undefined) return
  expect(JSON.parse(JSON.stringify(session))).toEqual(session)
  expect(session.v).toBe(1)
  expect(LANGS).toContain(session.lang)
  for (const pos of [session.pos, session.paused]) {
    if (!pos) continue
    const flow = bundle.flows.get(pos.flow)
    expect(flow, `flow ${pos.flow}`).toBeDefined()
    expect(flow!.index.has(pos.step), `step ${pos.flow}.${pos.step}`).toBe(true)
    expect(Array.isArray(pos.history)).toBe(true)
    expect(Number.isInteger(pos.tries) && pos.tries >= 0).toBe(true)
  }
  for (const choice of session.menu ?? []) {
    expect(typeof choice.id).toBe('string')
    expect(typeof choice.label).toBe('string')
  }
}

function expectReplies(replies: Array<{ text: string; choices?: Array<{ id: string; label: string }> }>): void {
  expect(replies.length).toBeGreaterThan(0)
  for (const reply of replies) {
    expect(typeof reply.text).toBe('string')
    expect(reply.text.trim().length).toBeGreaterThan(0)
    for (const choice of reply.choices ?? []) expect(choice.id.length).toBeGreaterThan(0)
  }
}

describe('fuzz: hostile input', () => {
  it('the engine never throws, always replies and keeps the session valid (thousands of messages)', () => {
    let messages = 0
    fc.assert(
      fc.property(fc.array(message, { minLength: 5, maxLength: 20 }), fc.constantFrom<'id' | 'en' | undefined>('id', 'en', undefined), (conversation, lang) => {
        let session: Session | undefined
        for (const [i, m] of conversation.entries()) {
          const inbound: Inbound = { channel: 'terminal', userId: 'fuzz', messageId: `m${i}`, now: T0 + i * 1000, ...(lang ? { lang } : {}), ...m }
          const result = handleMessage(session, inbound, bundle)
          messages++
          expectReplies(result.replies)
          expectValidSession(result.session)
          for (const effect of result.effects) expect(typeof effect.type).toBe('string')
          session = result.session ?? undefined
        }
      }),
      { numRuns: 70, seed: 20261122 },
    )
    expect(messages).toBeGreaterThan(700)
  })

  it('at every catalog step (regency, province, trainings, countries, FAQ lists, agency matches, own choices)', () => {
    const sites = askSites(bundle).filter((s) => s.step.ask === 'choice' || s.step.ask === 'multi')
    expect(sites.map((s) => s.step.options)).toEqual(expect.arrayContaining(['regencies', 'provinces', 'trainings', 'countries']))
    let messages = 0
    for (const site of sites) {
      // Pieces of this step's own option names (cut, misspelt, glued, repeated) mixed with hostile pieces.
      const term = fc.constantFrom(...site.terms)
      const mangled = fc.tuple(term, fc.nat(), fc.constantFrom('', ' ', ',', ' dan ', '2', 'nya', '😀')).map(([t, n, glue]) => {
        const at = n % Math.max(1, t.length)
        return [t, t.slice(0, at) + t.slice(at + 1), t.replace(/\s+/g, ''), t.toUpperCase(), `${t}${glue}${t}`][n % 5]!
      })
      const text = fc
        .tuple(fc.array(fc.oneof(term, mangled, piece), { minLength: 1, maxLength: 12 }), fc.constantFrom(' ', ', ', ' dan ', ''))
        .map(([parts, sep]) => parts.join(sep))
      fc.assert(
        fc.property(text, (t) => {
          const result = handleMessage(site.session, { channel: 'terminal', userId: 'fuzz', messageId: 'c', now: T0 + 1000, text: t }, bundle)
          messages++
          expectReplies(result.replies)
          expectValidSession(result.session)
        }),
        { numRuns: 60, seed: 20261203 },
      )
    }
    expect(messages).toBeGreaterThanOrEqual(sites.length * 60)
  })

  it('through the gate: every message answered, no error outcome, sessions valid', async () => {
    const store = new EmbeddedStore({})
    const outcomes: string[] = []
    const gate = new Gate({
      store,
      bundle: () => bundle,
      logger: createLogger('silent'),
      rateLimit: false,
      hooks: { onHandled: (_inbound, outcome) => outcomes.push(outcome) },
    })
    const conversations = fc.sample(fc.array(message, { minLength: 10, maxLength: 20 }), { numRuns: 30, seed: 7 })
    await Promise.all(
      conversations.map(async (conversation, user) => {
        for (const [i, m] of conversation.entries()) {
          expectReplies(await gate.handle({ channel: 'whatsapp', userId: `u${user}`, messageId: `m${i}`, now: T0 + i * 1000, phone: '6281234567890', ...m }))
        }
        expectValidSession(await store.getSession(`whatsapp:u${user}`))
      }),
    )
    expect(outcomes.length).toBeGreaterThan(300)
    expect(outcomes.filter((o) => o !== 'ok')).toEqual([])
    await store.close()
  })

  it('through the JSON chat: a reply or an error line for every line, garbage included', async () => {
    const store = new EmbeddedStore({})
    const gate = new Gate({ store, bundle: () => bundle, logger: createLogger('silent'), rateLimit: false })
    const garbage = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 200 }),
      fc.json(),
      fc.constantFrom('{', '[]', 'null', '{"user":""}', '{"user":"a"}', '{"user":"a","text":5}', '{"user":"a","choice":{}}', '{"user":"a","text":"x","lang":"fr"}', '{"user":"a","text":"x","id":""}'),
    )
    const valid = fc.tuple(fc.integer({ min: 0, max: 9 }), message).map(([u, m]) => JSON.stringify({ user: `j${u}`, ...('media' in m ? { text: m.text ?? '' } : m) }))
    const lines = fc
      .sample(fc.oneof({ weight: 3, arbitrary: valid }, { weight: 1, arbitrary: garbage }), { numRuns: 700, seed: 99 })
      .map((line) => line.replace(/[\r\n\u2028\u2029\u0085]/g, ' '))
      .filter((line) => line.trim() !== '')
    const input = new PassThrough()
    const output = new PassThrough()
    let written = ''
    output.on('data', (d: Buffer) => (written += d.toString()))
    const done = runJsonChat(gate, { input, output, now: () => T0 })
    input.end(lines.join('\n'))
    await done
    const out = written.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { error?: string; replies?: Array<{ text: string }> })
    expect(out).toHaveLength(lines.length)
    for (const line of out) {
      if (line.error !== undefined) expect(line.error.length).toBeGreaterThan(0)
      else expectReplies(line.replies!)
    }
    for (let u = 0; u < 10; u++) expectValidSession(await store.getSession(`terminal:j${u}`))
    await store.close()
  })
})
