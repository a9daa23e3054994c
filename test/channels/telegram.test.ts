/**
 * End to end: the real grammY bot (runner, auto-retry, throttler, webhook callback) with the real gate,
 * engine, content and embedded store, against a fake Bot API server on 127.0.0.1 (`TELEGRAM_API_ROOT`).
 * Each check waits for an event (the update was handled, or a Bot API call arrived), never for a fixed time.
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { Writable } from 'node:stream'
import type { AddressInfo } from 'node:net'
import { Api } from 'grammy'
import type { Update } from 'grammy/types'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { configureApi } from '../../src/channels/telegram/api.ts'
import { startTelegram, type TelegramChannel } from '../../src/channels/telegram/index.ts'
import { toTelegramHtml } from '../../src/channels/telegram/render.ts'
import { loadConfig, type Config } from '../../src/config.ts'
import { ContentHolder } from '../../src/content/reloader.ts'
import { ACTION_SPECS } from '../../src/engine/actions.ts'
import { handleMessage } from '../../src/engine/engine.ts'
import { faqAnswer } from '../../src/engine/faq-reply.ts'
import { renderText } from '../../src/engine/text.ts'
import { Gate } from '../../src/gate/gate.ts'
import { createHttpServer, type HttpServer } from '../../src/http/server.ts'
import { createLogger } from '../../src/logger.ts'
import { EmbeddedStore } from '../../src/store/embedded.ts'
import { FakeTelegram, FAKE_BOT, FAKE_TOKEN, type FakeUser, type SentMessage } from '../helpers/fake-telegram.ts'
import { sharedModelCache } from '../helpers/bundle.ts'

const OFFICER: FakeUser = { id: 123_987_456, first_name: 'Petugas', language_code: 'id' }
const WEBHOOK_SECRET = 'test_secret-0123456789'
/** Fast pacing for tests: the throttler runs, without making a long conversation wait. */
const FAST_PACING = { perChatBurst: 1000, perChatPerSecond: 1000, perGroupPerMinute: 1000, globalPerSecond: 1000 }

let nextUserId = 700_000_001
/** A new user for each check, so sessions do not mix. */
function newUser(language_code = 'id'): FakeUser {
  return { id: nextUserId++, first_name: 'Siti', language_code }
}

let fake: FakeTelegram
let store: EmbeddedStore
let content: ContentHolder
let flowsCopy: string
let gate: Gate
let http: HttpServer
let channel: TelegramChannel
const logLines: string[] = []
const handled = new Set<number>()
const handledWaiters = new Map<number, () => void>()

function onUpdateHandled(updateId: number): void {
  handled.add(updateId)
  handledWaiters.get(updateId)?.()
}

async function whenHandled(updateId: number): Promise<void> {
  if (handled.has(updateId)) return
  await new Promise<void>((resolve) => handledWaiters.set(updateId, resolve))
}

/** Queues an update (with `queue`), waits until the bot handled it, and returns the messages it sent. */
async function turn(queue: () => Update): Promise<SentMessage[]> {
  const mark = fake.calls.length
  const update = queue()
  await whenHandled(update.update_id)
  return sentSince(mark)
}

function sentSince(mark: number): SentMessage[] {
  return fake.calls
    .slice(mark)
    .filter((c) => (c.method === 'sendMessage' || c.method === 'sendDocument') && c.status === 200)
    .map((c) => fake.sent.get((c.result as { message_id: number }).message_id)!)
}

/** The last message with a keyboard, and the callback data of its button whose id ends in `:suffix`. */
function button(messages: SentMessage[], suffix: string): { messageId: number; data: string } {
  const withKeyboard = messages.filter((m) => m.reply_markup).at(-1)
  if (!withKeyboard) throw new Error(`no keyboard in: ${messages.map((m) => m.text).join(' | ')}`)
  const data = withKeyboard.reply_markup!.inline_keyboard.flat().map((b) => ('callback_data' in b ? b.callback_data : ''))
  const found = data.find((d) => d === suffix || d.endsWith(`:${suffix}`))
  if (!found) throw new Error(`no button ${suffix} in ${data.join(', ')}`)
  return { messageId: withKeyboard.message_id, data: found }
}

function config(overrides: Record<string, string> = {}): Config {
  return loadConfig({ TELEGRAM_BOT_TOKEN: FAKE_TOKEN, TELEGRAM_API_ROOT: fake.apiRoot, ADMIN_TELEGRAM_IDS: String(OFFICER.id), LOG_LEVEL: 'debug', ...overrides })
}

beforeAll(async () => {
  fake = await FakeTelegram.start()
  const logger = createLogger(
    'debug',
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        logLines.push(chunk.toString('utf8'))
        done()
      },
    }),
  )
  // Flows are copied so that /reload can be shown a broken file; content is read in place.
  flowsCopy = mkdtempSync(join(tmpdir(), 'tg-flows-'))
  cpSync(resolve('flows'), flowsCopy, { recursive: true })
  content = new ContentHolder({ flowsDir: flowsCopy, contentDir: resolve('content'), actions: ACTION_SPECS, ...sharedModelCache() }, logger)
  store = new EmbeddedStore({})
  gate = new Gate({ store, bundle: () => content.current, logger, rateLimit: false })
  http = createHttpServer(logger)
  channel = await startTelegram({
    runtime: { config: config({ TELEGRAM_EXPORT_ENABLED: 'true' }), logger, content, store, gate },
    http,
    pacing: FAST_PACING,
    pollTimeoutSeconds: 5,
    onUpdateHandled,
  })
})

afterAll(async () => {
  await channel?.stop()
  await http?.close()
  await store?.close()
  await fake?.close()
  rmSync(flowsCopy, { recursive: true, force: true })
})

describe('telegram channel (long polling against a fake Bot API)', () => {
  it('starts with getMe, removes any webhook, registers commands in both languages and polls', async () => {
    expect(channel.mode).toBe('polling')
    expect(channel.state()).toEqual({ ready: true, detail: 'polling' })
    expect(fake.callsOf('getMe')).toHaveLength(1)
    expect(fake.callsOf('deleteWebhook')).toHaveLength(1)
    const lists = fake.callsOf('setMyCommands').map((c) => ({
      lang: c.params.language_code,
      scope: (c.params.scope as { type: string } | undefined)?.type,
      commands: (c.params.commands as Array<{ command: string }>).map((x) => x.command),
    }))
    expect(lists).toContainEqual({ lang: undefined, scope: undefined, commands: ['start', 'menu', 'help', 'bahasa', 'hapus'] })
    expect(lists).toContainEqual({ lang: 'en', scope: undefined, commands: ['start', 'menu', 'help', 'language', 'delete'] })
    expect(lists.find((l) => l.scope === 'chat')?.commands).toEqual(expect.arrayContaining(['stats', 'unanswered', 'export', 'reload']))
    const poll = await fake.waitForCall((c) => c.method === 'getUpdates')
    expect(poll.params.allowed_updates).toEqual(['message', 'callback_query'])
  })

  it('/start shows the main menu as an inline keyboard', async () => {
    const user = newUser()
    const sent = await turn(() => fake.say(user, '/start'))
    const menu = sent.at(-1)!
    expect(menu.chat_id).toBe(user.id)
    expect(menu.text).toContain(renderText(content.current, 'id', 'menu.prompt').split('\n')[0]!)
    expect(menu.parse_mode).toBe('HTML')
    const buttons = menu.reply_markup!.inline_keyboard.flat()
    expect(buttons.map((b) => ('callback_data' in b ? b.callback_data : ''))).toEqual([
      'main.menu:faq',
      'main.menu:agency',
      'main.menu:siskop2mi',
      'main.menu:training',
      'main.menu:help',
    ])
    expect(buttons[0]!.text).toMatch(/^1\. /)
  })

  it('a button press stops the spinner, closes the pressed menu and runs the flow; an old button gets a friendly answer', async () => {
    const user = newUser()
    const menu = await turn(() => fake.say(user, '/menu'))
    const faq = button(menu, 'faq')
    const mark = fake.calls.length
    const press = fake.press(user, faq.messageId, faq.data)
    await whenHandled(press.update_id)
    const answered = fake.callsOf('answerCallbackQuery', mark)
    expect(answered).toHaveLength(1)
    expect(answered[0]!.params.callback_query_id).toBe((press.callback_query as { id: string }).id)
    // The pressed menu keeps its text, loses its keyboard and shows what was chosen.
    const pressed = fake.sent.get(faq.messageId)!
    expect(pressed.reply_markup).toBeUndefined()
    expect(pressed.text).toMatch(/✅ Tanya jawab/)
    // The FAQ flow runs: topics as buttons.
    const topics = sentSince(mark)
    expect(topics.at(-1)!.reply_markup!.inline_keyboard.flat().some((b) => 'callback_data' in b && b.callback_data.startsWith('faq.topic:'))).toBe(true)

    // The same old menu pressed again (a client may still show it): the engine's friendly answer.
    const stale = await turn(() => fake.press(user, faq.messageId, 'main.menu:agency'))
    expect(stale[0]!.text).toBe(renderText(content.current, 'id', 'error.stale_choice'))
  })

  it('a typed question gets its answer, with the source, links written in full', async () => {
    const user = newUser()
    // An entry the FAQ search answers directly when asked its own first question (the search is tested elsewhere).
    const bundle = content.current
    const entry = bundle.faq.entries.find((e) => {
      const question = e.q.id?.[0]
      if (!question) return false
      const result = handleMessage(undefined, { channel: 'probe', userId: 'p', messageId: '1', text: question, lang: 'id', now: Date.now() }, bundle)
      return result.replies[0]?.key === `faq:${e.id}`
    })
    expect(entry, 'no FAQ entry is answered by its own first question').toBeDefined()
    const sent = await turn(() => fake.say(user, entry!.q.id![0]!))
    const call = fake.calls.find((c) => c.method === 'sendMessage' && (c.result as { message_id: number } | undefined)?.message_id === sent[0]!.message_id)
    expect(call?.params.text).toBe(toTelegramHtml(faqAnswer(bundle, entry!, 'id').text))
    expect(call?.params.link_preview_options).toEqual({ is_disabled: true })
    // Follow-up questions and the menu as buttons under the answer.
    expect(sent.at(-1)!.reply_markup!.inline_keyboard.flat().some((b) => 'callback_data' in b && b.callback_data === 'g:menu')).toBe(true)
  })

  it('typed numbers answer a menu too, and English users get English', async () => {
    const user = newUser('en')
    const menu = await turn(() => fake.say(user, '/start'))
    expect(menu.at(-1)!.text).toContain(renderText(content.current, 'en', 'menu.prompt').split('\n')[0]!)
    const training = await turn(() => fake.say(user, '4'))
    expect(training.map((m) => m.text).join('\n')).toContain(renderText(content.current, 'en', 'training.ask_consent'))
  })

  it('the training-interest flow completes and the lead is stored', async () => {
    const user = newUser()
    const menu = await turn(() => fake.say(user, '/start'))
    let sent = await turn(() => fake.press(user, button(menu, 'training').messageId, button(menu, 'training').data))
    sent = await turn(() => fake.press(user, button(sent, 'yes').messageId, button(sent, 'yes').data))
    for (const text of ['Siti Rahayu', '081234567890', '24', 'Jawa Barat', 'Kota Bandung']) sent = await turn(() => fake.say(user, text))
    sent = await turn(() => fake.press(user, button(sent, 'sma').messageId, button(sent, 'sma').data))
    sent = await turn(() => fake.press(user, button(sent, 'caregiving').messageId, button(sent, 'caregiving').data))
    if (sent.some((m) => m.reply_markup?.inline_keyboard.flat().some((b) => 'callback_data' in b && b.callback_data.endsWith(':done')))) {
      sent = await turn(() => fake.press(user, button(sent, 'done').messageId, button(sent, 'done').data))
    }
    sent = await turn(() => fake.press(user, button(sent, 'japan').messageId, button(sent, 'japan').data))
    expect(sent.map((m) => m.text).join('\n')).toContain('Siti Rahayu')
    sent = await turn(() => fake.press(user, button(sent, 'confirm').messageId, button(sent, 'confirm').data))

    const leads = (await store.listLeads()).filter((l) => l.userKey === `telegram:${user.id}`)
    expect(leads).toHaveLength(1)
    expect(leads[0]).toMatchObject({ channel: 'telegram', name: 'Siti Rahayu', phone: '+6281234567890', age: 24, interests: ['caregiving'], destination: 'japan' })
    expect(sent[0]!.text).toContain(leads[0]!.ref)
    // *bold* in the content is sent as HTML bold, not as stars.
    const call = fake.calls.find((c) => c.method === 'sendMessage' && (c.result as { message_id: number }).message_id === sent[0]!.message_id)!
    expect(call.params.text).toContain(`<b>${leads[0]!.ref}</b>`)
  })

  it('non-text messages (photo, voice, sticker, location, document) get a polite answer', async () => {
    const user = newUser()
    const polite = renderText(content.current, 'id', 'error.media')
    for (const kind of ['photo', 'voice', 'sticker', 'location', 'document'] as const) {
      const sent = await turn(() => fake.sendMedia(user, kind))
      expect(sent[0]!.text, kind).toBe(polite)
    }
  })

  it('a 429 with retry_after is retried after that many seconds', async () => {
    const user = newUser()
    fake.failNext('sendMessage', { error_code: 429, description: 'Too Many Requests: retry after 1', parameters: { retry_after: 1 } })
    const mark = fake.calls.length
    const sent = await turn(() => fake.say(user, '/help'))
    expect(sent.length).toBeGreaterThan(0)
    const attempts = fake.callsOf('sendMessage', mark)
    expect(attempts[0]!.status).toBe(429)
    expect(attempts[1]!.status).toBe(200)
    expect(attempts[1]!.params.text).toBe(attempts[0]!.params.text)
    expect(attempts[1]!.at - attempts[0]!.at).toBeGreaterThanOrEqual(950)
  })

  it('handles one update at a time per chat: replies keep the order of the messages', async () => {
    // The reference: a user whose two messages are sent one after the other.
    const reference = newUser()
    const expected = [...(await turn(() => fake.sendMedia(reference, 'sticker'))), ...(await turn(() => fake.say(reference, '/help')))].map((m) => m.text)
    // Queued together, the two messages arrive in one getUpdates batch, which the runner handles concurrently.
    const user = newUser()
    const mark = fake.calls.length
    const first = fake.sendMedia(user, 'sticker')
    const second = fake.say(user, '/help')
    await whenHandled(first.update_id)
    await whenHandled(second.update_id)
    expect(sentSince(mark).map((m) => m.text)).toEqual(expected)
  })

  it('in a group, answers only when addressed', async () => {
    const user = newUser()
    const group = { id: -100123, type: 'supergroup', title: 'Calon PMI' } as const
    expect(await turn(() => fake.say(user, 'halo semua', { chat: group }))).toEqual([])
    const mention = `@${FAKE_BOT.username}`
    const addressed = await turn(() =>
      fake.say(user, `${mention} menu`, { chat: group, entities: [{ type: 'mention', offset: 0, length: mention.length }] }),
    )
    expect(addressed.length).toBeGreaterThan(0)
    expect(addressed.every((m) => m.chat_id === group.id)).toBe(true)
    const command = await turn(() => fake.say(user, `/help@${FAKE_BOT.username}`, { chat: group }))
    expect(command.length).toBeGreaterThan(0)
    expect(await turn(() => fake.say(user, '/help@SomeOtherBot', { chat: group }))).toEqual([])
  })
})

describe('officer commands', () => {
  it('a non-officer /export gets the normal assistant and no data; the attempt is logged without personal data', async () => {
    const user = newUser()
    const logMark = logLines.length
    const sent = await turn(() => fake.say(user, '/export'))
    expect(fake.callsOf('sendDocument')).toHaveLength(0)
    const all = sent.map((m) => m.text).join('\n')
    expect(all).not.toContain('Siti Rahayu')
    expect(all).not.toContain('6281234567890')
    const logs = logLines.slice(logMark).join('')
    expect(logs).toContain('officer command from a user not in ADMIN_TELEGRAM_IDS')
    expect(logs).not.toContain(String(user.id))
    expect(logs).not.toContain('/export')
  })

  it('/stats and /unanswered answer an officer with counts', async () => {
    const stats = await turn(() => fake.say(OFFICER, '/stats'))
    expect(stats[0]!.text).toMatch(/Jumlah lead: [1-9]/)
    expect(stats[0]!.text).toContain('Pertanyaan belum terjawab')
    await turn(() => fake.say(newUser(), 'apakah BLK di Cilacap menyediakan asrama gratis untuk peserta dari luar kota'))
    const unanswered = await turn(() => fake.say(OFFICER, '/unanswered'))
    expect(unanswered[0]!.text).toMatch(/1\. \d+×/)
  })

  it('/export sends the leads as a CSV document to an officer', async () => {
    const sent = await turn(() => fake.say(OFFICER, '/export'))
    const document = sent.find((m) => m.document)!
    expect(document.document!.filename).toMatch(/^leads-\d{4}-\d{2}-\d{2}\.csv$/)
    const csv = document.document!.bytes.toString('utf8')
    expect(csv.startsWith('\ufeffref,')).toBe(true)
    expect(csv).toContain('Siti Rahayu')
    expect(csv).toContain("'+6281234567890")
  })

  it('/reload reloads valid content and refuses invalid content with its problems', async () => {
    const ok = await turn(() => fake.say(OFFICER, '/reload'))
    expect(ok[0]!.text).toMatch(/^Konten dimuat ulang/)
    const before = content.current.version
    writeFileSync(join(flowsCopy, 'help.yaml'), 'id: help\nsteps:\n  - id: x\n    goto: nowhere\n')
    const refused = await turn(() => fake.say(OFFICER, '/reload'))
    expect(refused[0]!.text).toMatch(/DITOLAK/)
    expect(refused[0]!.text).toMatch(/help\.yaml:\d+:\d+ {2}error/)
    expect(content.current.version).toBe(before)
    cpSync(resolve('flows/help.yaml'), join(flowsCopy, 'help.yaml'))
  }, 120_000) // two content reloads: more than the default 30 s on a busy shared machine
})

describe('telegram channel in webhook mode', () => {
  let webhookHttp: HttpServer
  let webhookChannel: TelegramChannel
  let url: string

  beforeAll(async () => {
    webhookHttp = createHttpServer(createLogger('silent'))
    const mark = fake.calls.length
    webhookChannel = await startTelegram({
      runtime: {
        config: config({ TELEGRAM_WEBHOOK_URL: 'https://bot.example.org/webhooks/telegram', TELEGRAM_WEBHOOK_SECRET: WEBHOOK_SECRET }),
        logger: createLogger('silent'),
        content,
        store,
        gate,
      },
      http: webhookHttp,
      pacing: FAST_PACING,
    })
    await webhookHttp.listen({ port: 0, host: '127.0.0.1' })
    url = `http://127.0.0.1:${(webhookHttp.server.address() as AddressInfo).port}/webhooks/telegram`
    const set = fake.callsOf('setWebhook', mark)
    expect(set).toHaveLength(1)
    expect(set[0]!.params).toMatchObject({ url: 'https://bot.example.org/webhooks/telegram', secret_token: WEBHOOK_SECRET })
  })

  afterAll(async () => {
    await webhookChannel?.stop()
    await webhookHttp?.close()
  })

  const post = (update: Update, secret?: string) =>
    fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(secret ? { 'x-telegram-bot-api-secret-token': secret } : {}) },
      body: JSON.stringify(update),
    })

  it('refuses a request with a wrong or missing secret (401) and processes one with the right secret', async () => {
    const user = newUser()
    const mark = fake.calls.length
    expect((await post(fake.makeMessageUpdate(user, '/start'), 'wrong-secret')).status).toBe(401)
    expect((await post(fake.makeMessageUpdate(user, '/start'))).status).toBe(401)
    expect(sentSince(mark)).toEqual([])

    const response = await post(fake.makeMessageUpdate(user, '/start'), WEBHOOK_SECRET)
    expect(response.status).toBe(200)
    const sent = sentSince(mark)
    expect(sent.at(-1)!.chat_id).toBe(user.id)
    expect(sent.at(-1)!.reply_markup!.inline_keyboard.flat().length).toBe(5)
  })

  it('drops a redelivered update (same update_id)', async () => {
    const user = newUser()
    const update = fake.makeMessageUpdate(user, '/help')
    const mark = fake.calls.length
    expect((await post(update, WEBHOOK_SECRET)).status).toBe(200)
    const once = sentSince(mark).length
    expect(once).toBeGreaterThan(0)
    expect((await post(update, WEBHOOK_SECRET)).status).toBe(200)
    expect(sentSince(mark).length).toBe(once)
  })

  it('answers 503 after stop, so Telegram delivers the update again later', async () => {
    await webhookChannel.stop()
    expect(webhookChannel.state().ready).toBe(false)
    expect((await post(fake.makeMessageUpdate(newUser(), '/start'), WEBHOOK_SECRET)).status).toBe(503)
  })
})

describe('outbound pacing', () => {
  it('paces one chat after its burst, keeping the order of its messages', async () => {
    const api = new Api(FAKE_TOKEN, { apiRoot: fake.apiRoot })
    configureApi(api, createLogger('silent'), { perChatBurst: 2, perChatPerSecond: 4, perGroupPerMinute: 20, globalPerSecond: 30 })
    const mark = fake.calls.length
    const started = Date.now()
    await Promise.all([1, 2, 3].map((n) => api.sendMessage(555_000_111, `m${n}`)))
    const calls = fake.callsOf('sendMessage', mark)
    expect(calls.map((c) => c.params.text)).toEqual(['m1', 'm2', 'm3'])
    // The third waits for the next token (every 250 ms at 4 a second), counted from the burst rather than from the
    // second call's arrival: on a busy machine the second can arrive late, so the gap between the two proved nothing.
    expect(calls[2]!.at - started).toBeGreaterThanOrEqual(200)
  })
})

describe('logs', () => {
  it('never contain names, phone numbers, message texts or Telegram user ids', () => {
    const logs = logLines.join('')
    expect(logs).toContain('telegram: long polling started')
    for (const secret of ['Siti', '81234567890', 'Kota Bandung', 'asrama gratis', String(OFFICER.id), String(nextUserId - 1), FAKE_TOKEN]) {
      expect(logs, secret).not.toContain(secret)
    }
  })
})
