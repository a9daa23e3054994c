/**
 * End to end on Telegram: a user of the real grammY bot asks for a human, the case appears in the officer group
 * (the same fake Bot API), an officer's reply to the case post reaches the user, /close hands the user back to the
 * assistant. Real gate, engine, content, embedded store and handoff service; the network edge is the fake.
 */
import { resolve } from 'node:path'
import type { Chat, Update } from 'grammy/types'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTelegram, type TelegramChannel } from '../../src/channels/telegram/index.ts'
import { loadConfig } from '../../src/config.ts'
import { ContentHolder } from '../../src/content/reloader.ts'
import { ACTION_SPECS } from '../../src/engine/actions.ts'
import { renderText } from '../../src/engine/text.ts'
import { Gate } from '../../src/gate/gate.ts'
import { LocalBus } from '../../src/handoff/bus.ts'
import { HandoffService } from '../../src/handoff/service.ts'
import { createHttpServer, type HttpServer } from '../../src/http/server.ts'
import { createLogger } from '../../src/logger.ts'
import { EmbeddedStore } from '../../src/store/embedded.ts'
import { FakeTelegram, FAKE_TOKEN, type FakeUser, type SentMessage } from '../helpers/fake-telegram.ts'
import { sharedModelCache } from '../helpers/bundle.ts'

const GROUP_ID = -1001234567890
const GROUP: Chat = { id: GROUP_ID, type: 'supergroup', title: 'Petugas Migrasi Aman' } as Chat
const OFFICER: FakeUser = { id: 555_000_111, first_name: 'Rina', language_code: 'id' }
const FAST_PACING = { perChatBurst: 1000, perChatPerSecond: 1000, perGroupPerMinute: 1000, globalPerSecond: 1000 }

let fake: FakeTelegram
let store: EmbeddedStore
let content: ContentHolder
let handoff: HandoffService
let http: HttpServer
let channel: TelegramChannel
const handled = new Map<number, () => void>()
const done = new Set<number>()

async function turn(queue: () => Update): Promise<void> {
  const update = queue()
  if (!done.has(update.update_id)) await new Promise<void>((resolve) => handled.set(update.update_id, resolve))
  await handoff.idle()
}

function sentTo(chatId: number, mark: number): SentMessage[] {
  return fake.calls
    .slice(mark)
    .filter((c) => c.method === 'sendMessage' && c.status === 200 && Number(c.params.chat_id) === chatId)
    .map((c) => fake.sent.get((c.result as { message_id: number }).message_id)!)
}

const t = (key: string) => renderText(content.current, 'id', key)

beforeAll(async () => {
  fake = await FakeTelegram.start()
  const logger = createLogger('silent')
  content = new ContentHolder({ flowsDir: resolve('flows'), contentDir: resolve('content'), actions: ACTION_SPECS, ...sharedModelCache() }, logger)
  store = new EmbeddedStore({})
  handoff = new HandoffService({ store, logger, bus: new LocalBus(), available: true })
  const gate = new Gate({ store, bundle: () => content.current, logger, rateLimit: false, handoff: handoff.gateHooks })
  handoff.attach(gate)
  http = createHttpServer(logger)
  const config = loadConfig({ TELEGRAM_BOT_TOKEN: FAKE_TOKEN, TELEGRAM_API_ROOT: fake.apiRoot, OFFICER_TELEGRAM_CHAT_ID: String(GROUP_ID) })
  channel = await startTelegram({
    runtime: { config, logger, content, store, gate, handoff },
    http,
    pacing: FAST_PACING,
    pollTimeoutSeconds: 5,
    onUpdateHandled: (id) => {
      done.add(id)
      handled.get(id)?.()
    },
  })
})

afterAll(async () => {
  await channel?.stop()
  await handoff?.shutdown()
  await http?.close()
  await store?.close()
  await fake?.close()
})

describe('human handoff on Telegram with an officer group', () => {
  it('the case appears in the group, an officer reply reaches the user, /close hands the user back', async () => {
    const user: FakeUser = { id: 800_000_001, first_name: 'Siti', language_code: 'id' }
    await turn(() => fake.say(user, 'majikan tidak bayar gaji saya'))
    let mark = fake.calls.length
    await turn(() => fake.say(user, 'bicara dengan petugas'))
    expect(sentTo(user.id, mark).map((m) => m.text)).toContain(t('handoff.ask_consent').replace(/\*/g, ''))
    expect(sentTo(GROUP_ID, mark)).toEqual([])

    mark = fake.calls.length
    await turn(() => fake.say(user, 'ya'))
    const toUser = sentTo(user.id, mark).map((m) => m.text).join('\n')
    const ref = /MA-[A-Z0-9]{6}/.exec(toUser)?.[0]
    expect(ref).toBeDefined()
    expect(toUser).toContain('0800-1000')
    // The case in the officer group, with what the user agreed to share.
    const posts = sentTo(GROUP_ID, mark)
    expect(posts).toHaveLength(1)
    expect(posts[0]!.text).toContain(`Kasus ${ref}`)
    expect(posts[0]!.text).toContain('majikan tidak bayar gaji saya')
    expect(posts[0]!.parse_mode).toBeUndefined()
    const casePost = posts[0]!.message_id

    // While the case is open the assistant is silent; the message goes to the group as a reply to the case.
    mark = fake.calls.length
    await turn(() => fake.say(user, 'sudah 3 bulan, saya di Taiwan'))
    expect(sentTo(user.id, mark)).toEqual([])
    const forwarded = sentTo(GROUP_ID, mark)
    expect(forwarded.map((m) => m.text)).toEqual([`💬 ${ref}: sudah 3 bulan, saya di Taiwan`])
    const forwardCall = fake.calls.slice(mark).find((c) => c.method === 'sendMessage' && Number(c.params.chat_id) === GROUP_ID)!
    expect((forwardCall.params.reply_parameters as { message_id: number }).message_id).toBe(casePost)

    // An officer replies to the forwarded message: the user gets it in the private chat.
    mark = fake.calls.length
    await turn(() => fake.say(OFFICER, 'Halo Siti, saya Rina dari KP2MI. Boleh tahu nama agensinya?', { chat: GROUP, replyTo: forwarded[0]!.message_id }))
    expect(sentTo(user.id, mark).map((m) => m.text)).toEqual(['👤 Petugas: Halo Siti, saya Rina dari KP2MI. Boleh tahu nama agensinya?'])
    const replied = (await handoff.cases.list()).find((c) => c.ref === ref)!
    expect(replied).toMatchObject({ status: 'claimed', claimedBy: `telegram:${OFFICER.id}` })
    expect(replied.firstReplyAt).toBeTypeOf('number')

    // Chatter in the group that answers no case post is ignored.
    mark = fake.calls.length
    await turn(() => fake.say(OFFICER, '@MigrasiAmanTestBot halo semua', { chat: GROUP }))
    expect(sentTo(user.id, mark)).toEqual([])

    // An unknown command as a reply is explained to the officer, never sent to the user.
    mark = fake.calls.length
    await turn(() => fake.say(OFFICER, '/start', { chat: GROUP, replyTo: casePost }))
    expect(sentTo(user.id, mark)).toEqual([])
    expect(sentTo(GROUP_ID, mark)[0]!.text).toMatch(/^Perintah di grup ini/)

    // /close as a reply to the case: the user is told and gets the menu; the assistant answers again.
    mark = fake.calls.length
    await turn(() => fake.say(OFFICER, '/close', { chat: GROUP, replyTo: casePost }))
    const closing = sentTo(user.id, mark)
    expect(closing[0]!.text).toBe(t('handoff.closed'))
    expect(closing.at(-1)!.reply_markup).toBeDefined()
    expect(sentTo(GROUP_ID, mark).map((m) => m.text)).toEqual([`✅ ${ref} ditutup oleh telegram:${OFFICER.id}.`])

    mark = fake.calls.length
    await turn(() => fake.say(user, 'apa itu siskop2mi?'))
    expect(sentTo(user.id, mark).map((m) => m.text).join('\n')).toContain('SISKOP2MI')

    // A reply to a closed case: nothing reaches the user; the officer is told why.
    mark = fake.calls.length
    await turn(() => fake.say(OFFICER, 'Halo lagi?', { chat: GROUP, replyTo: casePost }))
    expect(sentTo(user.id, mark)).toEqual([])
    expect(sentTo(GROUP_ID, mark)[0]!.text).toContain('sudah ditutup')

    // Every officer action is in the audit log, with the officer and the case.
    const audit = await handoff.cases.auditLog()
    expect(audit.map((a) => [a.action, a.officer, a.caseId, a.via])).toEqual([
      ['reply', `telegram:${OFFICER.id}`, replied.id, 'telegram'],
      ['close', `telegram:${OFFICER.id}`, replied.id, 'telegram'],
    ])
  })

  it('/claim and /cases work with a case number; a user who leaves ("menu", then yes) is announced in the group', async () => {
    const user: FakeUser = { id: 800_000_002, first_name: 'Budi', language_code: 'id' }
    await turn(() => fake.say(user, 'petugas'))
    let mark = fake.calls.length
    await turn(() => fake.say(user, 'ya'))
    const ref = /MA-[A-Z0-9]{6}/.exec(sentTo(user.id, mark).map((m) => m.text).join('\n'))![0]

    mark = fake.calls.length
    await turn(() => fake.say(OFFICER, '/cases', { chat: GROUP }))
    expect(sentTo(GROUP_ID, mark)[0]!.text).toContain(`${ref} · menunggu`)

    mark = fake.calls.length
    await turn(() => fake.say(OFFICER, `/claim ${ref.toLowerCase()}`, { chat: GROUP }))
    expect(sentTo(GROUP_ID, mark).map((m) => m.text)).toEqual([`✋ ${ref} diambil oleh telegram:${OFFICER.id}.`])

    mark = fake.calls.length
    await turn(() => fake.say(user, 'menu'))
    expect(sentTo(user.id, mark)[0]!.text).toBe(t('handoff.leave_confirm'))
    await turn(() => fake.say(user, 'ya'))
    expect(sentTo(user.id, mark).map((m) => m.text)).toContain(t('handoff.left'))
    expect(sentTo(GROUP_ID, mark).map((m) => m.text)).toContain(`🚪 Pengguna meninggalkan ${ref} (kembali ke asisten otomatis).`)
    expect((await handoff.cases.list()).find((c) => c.ref === ref)).toMatchObject({ status: 'closed', closedBy: 'user' })
  })

  it('"hapus data saya" deletes the case and its posts in the officer group', async () => {
    const user: FakeUser = { id: 800_000_003, first_name: 'Citra', language_code: 'id' }
    await turn(() => fake.say(user, 'bicara dengan petugas'))
    let mark = fake.calls.length
    await turn(() => fake.say(user, 'ya'))
    const ref = /MA-[A-Z0-9]{6}/.exec(sentTo(user.id, mark).map((m) => m.text).join('\n'))![0]
    await turn(() => fake.say(user, 'nama saya Citra, nomor paspor saya B1234567'))
    const found = (await handoff.findByRef(ref))!
    const posts = found.telegram!.messageIds
    expect(posts).toHaveLength(2)

    await turn(() => fake.say(user, 'hapus data saya'))
    mark = fake.calls.length
    await turn(() => fake.say(user, 'ya'))
    expect(await handoff.cases.get(found.id)).toBeUndefined()
    expect(fake.callsOf('deleteMessage', mark).map((c) => Number(c.params.message_id))).toEqual(posts)
    expect(sentTo(GROUP_ID, mark).map((m) => m.text)).toEqual([`🗑️ ${ref} dihapus atas permintaan pengguna (hapus data saya).`])
    // A reply to a deleted post reaches nobody.
    mark = fake.calls.length
    await turn(() => fake.say(OFFICER, 'halo?', { chat: GROUP, replyTo: posts[0]! }))
    expect(sentTo(user.id, mark)).toEqual([])
  })
})
