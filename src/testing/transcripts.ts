/**
 * Conversation transcripts: YAML files that officers can read and add to (`test/conversations/*.yaml`).
 * Each runs against the real gate and engine with a memory store and a fake clock, and is checked by both
 * `npm test` and `npm run validate`.
 *
 *   name: Menu utama muncul saat menyapa
 *   channel: whatsapp            # optional (default terminal); phone: 6281234567890 simulates WhatsApp
 *   lang: en                     # optional language hint of the first message
 *   steps:
 *     - user: halo               # or  choice: faq  (a choice id of the last message; numbers work as text)
 *       bot:                     # replies expected, in order (others may come between)
 *         - key: menu.prompt
 *           choices: [faq, agency]
 *         - contains: "SISKOP2MI"
 *       not_keys: [agency.licensed]   # optional: keys that no reply of this step may have
 *     - media: voice             # a non-text message
 *     - wait: 3600               # advance the clock (seconds)
 *     - store: { leads: 1 }      # what the store holds now (leads, reports, unanswered, cases)
 *     - officer: "Halo, saya petugas"   # a human officer replies in the user's open case (bot: what the user gets)
 *     - officer_close: true      # the officer closes the user's case
 *
 * An agency check needs a registry. A transcript never sees the registry an officer imported (so an import cannot
 * break the officer's own checks): without a `registry:` header it runs with none (the verdict is `no_registry`);
 * it may bring a fictional one, read with the real importer's parser ("PT Contoh … Fiktif", never a real company):
 *
 *   registry: { csv: test/fixtures/agencies-fiktif.csv, as_of: 2026-11-01 }   # path from the repository root
 *
 * `officers: false` in the header runs the conversation as a deployment without an officer channel.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import { z } from 'zod'
import { parseAgencyCsv } from '../content/agency-csv.ts'
import type { Bundle } from '../content/bundle.ts'
import { type Problem } from '../content/problems.ts'
import { YamlSource } from '../content/yaml-source.ts'
import { Gate } from '../gate/gate.ts'
import { LocalBus } from '../handoff/bus.ts'
import { HandoffService } from '../handoff/service.ts'
import { createLogger } from '../logger.ts'
import { EmbeddedStore } from '../store/embedded.ts'
import { introOnly } from '../engine/crisis-reply.ts'
import type { Inbound, MediaKind, Reply } from '../engine/types.ts'
import { buildRegistry, type AgencyRegistry } from '../knowledge/agencies.ts'

const expectSchema = z.strictObject({
  key: z.string().optional(),
  contains: z.union([z.string(), z.array(z.string())]).optional(),
  not_contains: z.union([z.string(), z.array(z.string())]).optional(),
  choices: z.array(z.string()).optional(),
  /** Text that must appear in the labels of the reply's choices (case-insensitive), e.g. a licence number. */
  labels: z.union([z.string(), z.array(z.string())]).optional(),
  no_choices: z.boolean().optional(),
})

/** Message keys that no reply of this step may have (e.g. `agency.licensed` for a near match). */
const notKeys = z.union([z.string(), z.array(z.string())]).optional()

const stepSchema = z.union([
  z.strictObject({
    user: z.union([z.string(), z.number()]).transform(String),
    bot: z.array(expectSchema).optional(),
    not_keys: notKeys,
    silent: z.boolean().optional(),
  }),
  z.strictObject({ choice: z.string(), bot: z.array(expectSchema).optional(), not_keys: notKeys }),
  z.strictObject({ media: z.string(), bot: z.array(expectSchema).optional() }),
  z.strictObject({ wait: z.number().positive() }),
  z.strictObject({
    store: z.strictObject({ leads: z.number().optional(), reports: z.number().optional(), unanswered: z.number().optional(), cases: z.number().optional() }),
  }),
  z.strictObject({ officer: z.string().min(1), bot: z.array(expectSchema).optional() }),
  z.strictObject({ officer_close: z.literal(true), bot: z.array(expectSchema).optional() }),
])

const isoDate = z
  .union([z.string(), z.date()])
  .transform((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v))
  .pipe(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'write the date as YYYY-MM-DD'))

export const transcriptSchema = z.strictObject({
  name: z.string(),
  /** A fictional agency registry for this transcript: a CSV in the import format, and its date. */
  registry: z.strictObject({ csv: z.string().min(1), as_of: isoDate }).optional(),
  /** `officers: false`: no officer channel is configured (default: officers are reachable). */
  officers: z.boolean().optional(),
  description: z.string().optional(),
  channel: z.string().default('terminal'),
  user: z.string().default('tester'),
  phone: z.union([z.string(), z.number()]).transform(String).optional(),
  lang: z.enum(['id', 'en']).optional(),
  steps: z.array(stepSchema).min(1),
})
export type Transcript = z.output<typeof transcriptSchema>

export interface TranscriptResult {
  file: string
  name: string
  problems: Problem[]
}

/** A fixed start time, so that transcripts are repeatable: 2026-11-22 09:00 WIB. */
export const TRANSCRIPT_EPOCH = Date.parse('2026-11-22T02:00:00Z')

export function transcriptFiles(dir: string): string[] {
  try {
    return readdirSync(dir)
      .filter((f) => f.endsWith('.yaml'))
      .sort()
      .map((f) => join(dir, f))
  } catch {
    return []
  }
}

/** Runs one transcript file against `bundle`; returns its problems (empty when it passes). */
export async function runTranscriptFile(path: string, bundle: Bundle, baseDir = process.cwd()): Promise<TranscriptResult> {
  const file = relative(baseDir, path) || path
  const { source, problems } = YamlSource.parse(file, readFileSync(path, 'utf8'))
  if (!source) return { file, name: file, problems }
  const parsed = transcriptSchema.safeParse(source.data)
  if (!parsed.success) {
    return { file, name: file, problems: parsed.error.issues.map((i) => source.problem(i.path, `transcript: ${i.message}`)) }
  }
  const transcript = parsed.data
  let run: Bundle = { ...bundle, agencies: undefined }
  if (transcript.registry) {
    const fixture = fixtureRegistry(resolve(baseDir, transcript.registry.csv), transcript.registry.as_of, baseDir)
    if (!fixture.registry) {
      const problems = fixture.problems.length > 0 ? fixture.problems : [source.problem(['registry', 'csv'], 'transcript: the registry has no rows')]
      return { file, name: transcript.name, problems }
    }
    run = { ...bundle, agencies: fixture.registry }
  }
  const out: Problem[] = []
  const store = new EmbeddedStore({})
  let now = TRANSCRIPT_EPOCH
  // Officers are reachable (unless `officers: false`); what an officer's action sends to the user is collected in `delivered`.
  const handoff = new HandoffService({ store, logger: createLogger('silent'), bus: new LocalBus(), available: transcript.officers ?? true, now: () => now })
  const gate = new Gate({ store, bundle: () => run, logger: createLogger('silent'), rateLimit: false, handoff: handoff.gateHooks })
  handoff.attach(gate)
  const delivered: Reply[] = []
  handoff.registerSender(transcript.channel, { send: async (_user, replies) => void delivered.push(...replies) })
  let last: Reply[] = []
  let counter = 0
  try {
    for (const [i, step] of transcript.steps.entries()) {
      const fail = (message: string, path: PropertyKey[] = []): void => {
        out.push(source.problem(['steps', i, ...path], `transcript "${transcript.name}", step ${i + 1}: ${message}`))
      }
      if ('wait' in step) {
        now += step.wait * 1000
        continue
      }
      if ('store' in step) {
        const counts = {
          leads: (await store.listLeads()).length,
          reports: (await store.listReports()).length,
          unanswered: (await store.listUnanswered()).reduce((n, q) => n + q.count, 0),
          cases: (await handoff.cases.list()).length,
        }
        for (const [what, expected] of Object.entries(step.store)) {
          const actual = counts[what as keyof typeof counts]
          if (expected !== undefined && actual !== expected) fail(`expected ${expected} ${what} in the store, found ${actual}`, ['store', what])
        }
        continue
      }
      now += 1000
      if ('officer' in step || 'officer_close' in step) {
        const open = (await handoff.cases.list('active')).find((c) => c.userKey === `${transcript.channel}:${transcript.user}`)
        if (!open) {
          fail('the user has no open case for an officer to answer')
          break
        }
        const done = 'officer' in step ? await handoff.reply(open.id, 'petugas-uji', step.officer, 'api') : await handoff.close(open.id, 'petugas-uji', 'api')
        if (!done.ok) fail(`the officer's action failed: ${done.message}`)
        await handoff.idle()
        last = delivered.splice(0)
        checkBot(step.bot, last, fail)
        continue
      }
      const inbound: Inbound = {
        channel: transcript.channel,
        userId: transcript.user,
        messageId: `t${++counter}`,
        now,
        ...(transcript.phone ? { phone: transcript.phone } : {}),
        ...(transcript.lang && counter === 1 ? { lang: transcript.lang } : {}),
      }
      if ('user' in step) inbound.text = step.user
      else if ('media' in step) inbound.media = step.media as MediaKind
      else {
        const choices = last.flatMap((r) => r.choices ?? [])
        const wire = choices.find((c) => matchesChoice(c.id, step.choice))
        if (!wire) {
          fail(`no choice "${step.choice}" in the last message; it offered: ${choices.map((c) => c.id).join(', ') || 'none'}`, ['choice'])
          break
        }
        inbound.choice = wire.id
      }
      last = await gate.handle(inbound)
      if ('user' in step && step.silent && last.length > 0) fail(`expected no reply, got: ${summary(last)}`)
      checkBot(step.bot, last, fail)
      if ('not_keys' in step && step.not_keys !== undefined) {
        const banned = new Set(Array.isArray(step.not_keys) ? step.not_keys : [step.not_keys])
        const found = last.filter((r) => r.key !== undefined && banned.has(r.key))
        if (found.length > 0) fail(`expected no reply with key ${[...banned].join(' or ')}; got: ${summary(found)}`, ['not_keys'])
      }
      if (!('user' in step && step.silent) && last.length === 0) fail('the assistant sent no reply')
      // Every transcript also checks that a help answer's first line ("Terima kasih sudah peduli. Ini yang bisa
      // dilakukan untuk membantunya.") never ends a turn with nothing under it (blind tester B, B-19).
      const end = last[last.length - 1]
      if (end && introOnly(end.key) && !end.text.includes('\n')) fail(`a help answer's first line (${end.key}) ended the turn with nothing under it: ${summary(last)}`)
    }
  } finally {
    await handoff.shutdown()
    await store.close()
  }
  return { file, name: transcript.name, problems: out }
}

/** Fixture registries, read once per file and date. */
const fixtures = new Map<string, { registry?: AgencyRegistry; problems: Problem[] }>()

/** A registry from a CSV fixture, through the importer's own parser and index builder. */
export function fixtureRegistry(path: string, asOf: string, baseDir: string): { registry?: AgencyRegistry; problems: Problem[] } {
  const key = `${path}|${asOf}`
  const cached = fixtures.get(key)
  if (cached) return cached
  const file = relative(baseDir, path) || path
  let result: { registry?: AgencyRegistry; problems: Problem[] }
  try {
    const parsed = parseAgencyCsv(readFileSync(path), file)
    const errors = parsed.problems.filter((p) => p.severity === 'error')
    result =
      errors.length > 0 || parsed.rows.length === 0
        ? { problems: errors }
        : { registry: buildRegistry(parsed.rows.map(({ line: _line, ...agency }) => agency), asOf), problems: [] }
  } catch (error) {
    result = { problems: [{ file, line: 0, col: 0, severity: 'error', message: `transcript registry: ${(error as Error).message}` }] }
  }
  fixtures.set(key, result)
  return result
}

function matchesChoice(wire: string, wanted: string): boolean {
  return wire === wanted || wire.endsWith(`:${wanted}`) || wire === `faq:${wanted}`
}

function summary(replies: Reply[]): string {
  return replies.map((r) => `[${r.key ?? ''}] ${r.text.slice(0, 80).replace(/\n/g, ' ')}`).join(' | ')
}

/** Checks each expected reply of a step; problems go to `fail` with their path. */
function checkBot(expected: Array<z.output<typeof expectSchema>> | undefined, replies: Reply[], fail: (message: string, path: PropertyKey[]) => void): void {
  for (const [j, one] of (expected ?? []).entries()) {
    const message = checkExpectation(one, replies)
    if (message) fail(message, ['bot', j])
  }
}

function checkExpectation(expected: z.output<typeof expectSchema>, replies: Reply[]): string | undefined {
  const list = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v])
  const matches = (reply: Reply): boolean => {
    if (expected.key !== undefined && reply.key !== expected.key) return false
    const text = reply.text.toLowerCase()
    if (!list(expected.contains).every((s) => text.includes(s.toLowerCase()))) return false
    if (list(expected.not_contains).some((s) => text.includes(s.toLowerCase()))) return false
    if (expected.no_choices && reply.choices?.length) return false
    const labels = (reply.choices ?? []).map((c) => c.label.toLowerCase()).join('\n')
    if (!list(expected.labels).every((s) => labels.includes(s.toLowerCase()))) return false
    if (expected.choices) {
      const ids = reply.choices?.map((c) => c.id) ?? []
      if (!expected.choices.every((want) => ids.some((id) => matchesChoice(id, want)))) return false
    }
    return true
  }
  if (replies.some(matches)) return undefined
  const what = [
    expected.key && `key ${expected.key}`,
    expected.contains && `text containing ${JSON.stringify(expected.contains)}`,
    expected.not_contains && `text without ${JSON.stringify(expected.not_contains)}`,
    expected.choices && `choices ${expected.choices.join(', ')}`,
    expected.labels && `choice labels containing ${JSON.stringify(expected.labels)}`,
  ]
    .filter(Boolean)
    .join(', ')
  return `expected a reply with ${what}; got: ${summary(replies) || 'nothing'}`
}
