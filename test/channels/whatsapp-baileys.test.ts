import fs, { readdirSync, readFileSync } from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path, { join } from 'node:path'
import * as baileysLib from '@whiskeysockets/baileys'
import { DisconnectReason, jidNormalizedUser, proto } from '@whiskeysockets/baileys'
import { Redis } from 'ioredis'
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest'
import { baileysSocketFactory, startBaileys, type BaileysChannel, type BaileysOptions, type LoginPrompt } from '../../src/channels/whatsapp/baileys.ts'
import { authPrefix, useStoreAuthState } from '../../src/channels/whatsapp/baileys-auth.ts'
import { baileysLogger } from '../../src/channels/whatsapp/baileys-logger.ts'
import { DISCONNECT, disconnectPolicy } from '../../src/channels/whatsapp/baileys-policy.ts'
import { extractContent, skipReason } from '../../src/channels/whatsapp/extract.ts'
import { EmbeddedStore } from '../../src/store/embedded.ts'
import { RedisStore } from '../../src/store/redis.ts'
import { StoreUnavailableError, type Store } from '../../src/store/types.ts'
import { BOT, fakeBaileys, waMessage, type FakeBaileys } from '../helpers/fake-baileys.ts'
import { startRedis, type RedisServer } from '../helpers/redis-server.ts'
import { LEAD_CONVERSATION, testRuntime, type TestRuntime } from '../helpers/whatsapp-runtime.ts'

const PN = '6281234567890@s.whatsapp.net'
const LID = '123456789012345@lid'

const running: BaileysChannel[] = []
afterEach(async () => {
  await Promise.all(running.splice(0).map((c) => c.stop()))
})

interface Setup {
  channel: BaileysChannel
  fake: FakeBaileys
  runtime: TestRuntime
  waits: number[]
  logins: LoginPrompt[]
}

async function setup(options: Partial<BaileysOptions> & { runtime?: TestRuntime; fake?: FakeBaileys } = {}): Promise<Setup> {
  const runtime = options.runtime ?? testRuntime()
  const fake = options.fake ?? fakeBaileys()
  const waits: number[] = []
  const logins: LoginPrompt[] = []
  const channel = await startBaileys({
    createSocket: fake.factory,
    wait: async (ms) => {
      waits.push(ms)
    },
    random: () => 0.5,
    typingMs: [0, 0],
    every: () => () => undefined,
    onLogin: (prompt) => logins.push(prompt),
    ...options,
    runtime,
  })
  running.push(channel)
  return { channel, fake, runtime, waits, logins }
}

/** Opens the first socket and returns it. */
async function connected(s: Setup) {
  const socket = await s.fake.nextSocket()
  socket.open()
  return socket
}

function texts(s: Setup): string[] {
  return s.fake.sent.map((m) => m.text)
}

describe('Baileys channel: messages', () => {
  it('answers a text message with the main menu as numbered text, on the chat it came from', async () => {
    const s = await setup()
    const socket = await connected(s)
    socket.upsert('notify', waMessage(PN, { conversation: 'halo' }))
    await s.channel.settled()
    expect(s.fake.sent.length).toBeGreaterThanOrEqual(2)
    expect(s.fake.sent.every((m) => m.jid === PN)).toBe(true)
    const menu = texts(s).find((t) => t.includes('1. '))!
    expect(menu).toMatch(/\n1\. .+\n2\. .+\n3\. /)
    expect(menu).toContain('Balas dengan angka')
    expect(s.channel.state()).toEqual({ ready: true, detail: 'connected' })
  })

  it('understands a typed number, a word and the label of the menu', async () => {
    const s = await setup()
    const socket = await connected(s)
    socket.upsert('notify', waMessage(PN, { conversation: 'halo' }))
    await s.channel.settled()
    const before = s.fake.sent.length
    socket.upsert('notify', waMessage(PN, { conversation: '3' }))
    await s.channel.settled()
    const byNumber = texts(s).slice(before).join('\n')
    expect(byNumber).toContain('SISKOP2MI')

    socket.upsert('notify', waMessage(PN, { conversation: 'menu' }))
    await s.channel.settled()
    const atMenu = s.fake.sent.length
    socket.upsert('notify', waMessage(PN, { conversation: 'Cara daftar resmi (SISKOP2MI)' }))
    await s.channel.settled()
    expect(texts(s).slice(atMenu).join('\n')).toBe(byNumber)
  })

  it('handles messages of an `append` upsert (received while offline)', async () => {
    const s = await setup()
    const socket = await connected(s)
    socket.upsert('append', waMessage(PN, { conversation: 'halo' }, { at: Date.now() - 3600_000 }))
    await s.channel.settled()
    expect(s.fake.sent.length).toBeGreaterThan(0)
  })

  it('drops a duplicate (the same message id in notify and append, or twice)', async () => {
    const s = await setup()
    const socket = await connected(s)
    const message = waMessage(PN, { conversation: 'halo' }, { id: 'DUP1' })
    socket.upsert('notify', message)
    await s.channel.settled()
    const once = s.fake.sent.length
    socket.upsert('append', message)
    socket.upsert('notify', message, message)
    await s.channel.settled()
    expect(s.fake.sent.length).toBe(once)
  })

  it('answers a LID sender on its LID, and knows its phone from the alt address', async () => {
    const s = await setup()
    const socket = await connected(s)
    const handle = vi.spyOn(s.runtime.gate, 'handle')
    socket.upsert('notify', waMessage(LID, { conversation: 'halo' }, { remoteJidAlt: PN }))
    await s.channel.settled()
    expect(s.fake.sent.length).toBeGreaterThan(0)
    expect(s.fake.sent.every((m) => m.jid === LID)).toBe(true)
    expect(handle.mock.calls[0]![0]).toMatchObject({ channel: 'whatsapp', userId: jidNormalizedUser(LID), phone: '6281234567890' })
  })

  it('ignores groups, status, broadcasts, newsletters, its own messages and stubs', async () => {
    const s = await setup()
    const socket = await connected(s)
    socket.upsert('notify', waMessage('120363000000000001@g.us', { conversation: 'halo' }, { participant: PN }))
    socket.upsert('notify', waMessage('status@broadcast', { conversation: 'halo' }, { participant: PN }))
    socket.upsert('notify', waMessage('1234567890@broadcast', { conversation: 'halo' }))
    socket.upsert('notify', waMessage('120363000000000002@newsletter', { conversation: 'halo' }))
    socket.upsert('append', waMessage(PN, { conversation: 'halo' }, { fromMe: true }))
    const stub = proto.WebMessageInfo.create({ key: { remoteJid: PN, id: 'STUB1', fromMe: false }, messageStubType: 2 })
    socket.upsert('notify', stub as never)
    await s.channel.settled()
    expect(s.fake.sent).toEqual([])
  })

  it('answers voice notes, stickers, images and locations politely (text only)', async () => {
    const s = await setup()
    const socket = await connected(s)
    const media: proto.IMessage[] = [
      { audioMessage: { ptt: true, seconds: 3 } },
      { stickerMessage: { mimetype: 'image/webp' } },
      { imageMessage: { mimetype: 'image/jpeg' } },
      { locationMessage: { degreesLatitude: -6.2, degreesLongitude: 106.8 } },
    ]
    for (const message of media) {
      const before = s.fake.sent.length
      socket.upsert('notify', waMessage(PN, message))
      await s.channel.settled()
      const answer = texts(s).slice(before).join('\n')
      expect(answer).toMatch(/teks|text/i)
    }
  })

  it('reads the caption of an image as text', async () => {
    const s = await setup()
    const socket = await connected(s)
    const handle = vi.spyOn(s.runtime.gate, 'handle')
    socket.upsert('notify', waMessage(PN, { imageMessage: { mimetype: 'image/jpeg', caption: 'halo' } }))
    await s.channel.settled()
    expect(handle.mock.calls[0]![0]).toMatchObject({ text: 'halo', media: 'image' })
  })

  it('does not answer messages older than the dedupe window', async () => {
    const s = await setup()
    const socket = await connected(s)
    socket.upsert('append', waMessage(PN, { conversation: 'halo' }, { at: Date.now() - 4 * 24 * 3600_000 }))
    await s.channel.settled()
    expect(s.fake.sent).toEqual([])
  })

  it('splits a long reply into several messages', async () => {
    const s = await setup()
    const socket = await connected(s)
    const long = Array.from({ length: 300 }, (_, i) => `Kalimat nomor ${i} tentang migrasi aman.`).join(' ')
    vi.spyOn(s.runtime.gate, 'handle').mockResolvedValueOnce([{ text: long }])
    socket.upsert('notify', waMessage(PN, { conversation: 'halo' }))
    await s.channel.settled()
    expect(s.fake.sent.length).toBeGreaterThan(1)
    expect(s.fake.sent.every((m) => m.text.length <= 4096)).toBe(true)
    expect(texts(s).join(' ')).toBe(long)
  })

  it('serves getMessage from what it sent, and undefined on a miss', async () => {
    const s = await setup()
    const socket = await connected(s)
    socket.upsert('notify', waMessage(PN, { conversation: 'halo' }))
    await s.channel.settled()
    const hit = await socket.input.getMessage({ id: 'OUT1', remoteJid: PN })
    expect(hit?.conversation).toBe(s.fake.sent[0]!.text)
    expect(await socket.input.getMessage({ id: 'NOPE', remoteJid: PN })).toBeUndefined()
  })

  it('stores a lead completed over WhatsApp with the phone number of the chat (LID sender)', async () => {
    const s = await setup()
    const socket = await connected(s)
    for (const text of LEAD_CONVERSATION) {
      socket.upsert('notify', waMessage(LID, { conversation: text }, { remoteJidAlt: PN }))
      await s.channel.settled()
    }
    const confirm = texts(s).find((t) => t.includes('+6281234567890'))
    expect(confirm).toBeDefined()
    const leads = await s.runtime.store.listLeads()
    expect(leads).toHaveLength(1)
    expect(leads[0]).toMatchObject({ channel: 'whatsapp', phone: '+6281234567890', name: 'Siti Aminah', userKey: `whatsapp:${jidNormalizedUser(LID)}` })
  })

  it('logs no phone numbers, JIDs or message texts', async () => {
    const s = await setup()
    const socket = await connected(s)
    for (const text of LEAD_CONVERSATION) {
      socket.upsert('notify', waMessage(LID, { conversation: text }, { remoteJidAlt: PN }))
      await s.channel.settled()
    }
    socket.upsert('notify', waMessage('120363000000000001@g.us', { conversation: 'halo' }, { participant: PN }))
    socket.close(DISCONNECT.connectionClosed)
    const logs = s.runtime.logs.join('\n')
    expect(logs.length).toBeGreaterThan(0)
    expect(logs).not.toMatch(/6281234567890|123456789012345|@lid|@s\.whatsapp\.net|Siti Aminah/)
  })
})

describe('Baileys channel: connection', () => {
  it('prints the QR code for login, or requests a pairing code once when a number is set', async () => {
    const qr = await setup()
    const first = await qr.fake.nextSocket()
    first.qr('QR-1')
    expect(qr.logins).toEqual([{ kind: 'qr', qr: 'QR-1' }])
    expect(qr.channel.state()).toEqual({ ready: false, detail: 'needs-login (scan the QR code)' })

    const paired = await setup({ pairingNumber: '6289900001111', session: 'pairing' })
    const socket = await paired.fake.nextSocket()
    socket.qr('QR-1')
    socket.qr('QR-2')
    await vi.waitFor(() => expect(paired.logins).toEqual([{ kind: 'pairing-code', code: 'ABCD1234' }]))
    expect(socket.pairingRequests).toEqual(['6289900001111'])
  })

  it('reconnects after 515 at once, and after other closes with backoff, each time on a fresh socket', async () => {
    const s = await setup()
    const first = await connected(s)
    first.close(DisconnectReason.restartRequired)
    const second = await s.fake.nextSocket()
    expect(second).not.toBe(first)
    expect(s.waits).toEqual([])
    second.open()
    second.close(DisconnectReason.connectionClosed)
    const third = await s.fake.nextSocket()
    third.close(DisconnectReason.connectionLost)
    const fourth = await s.fake.nextSocket()
    expect(s.waits).toEqual([1000, 2000]) // 1 s, 2 s (random 0.5: no jitter)
    fourth.open()
    expect(s.channel.state().ready).toBe(true)
    // Events of an old socket are ignored.
    first.upsert('notify', waMessage(PN, { conversation: 'halo' }))
    await s.channel.settled()
    expect(s.fake.sent).toEqual([])
  })

  it('wipes the auth state on loggedOut and asks for a new login', async () => {
    const store = new EmbeddedStore({})
    const s = await setup({ runtime: testRuntime({}, store) })
    const first = await connected(s)
    first.input.auth.creds.registered = true
    first.ev.emit('creds.update', { registered: true })
    await first.input.auth.keys.set({ 'pre-key': { '1': { public: Buffer.from('a'), private: Buffer.from('b') } } })
    await vi.waitFor(async () => expect(await store.kvKeys(authPrefix('default'))).toContain('whatsapp/default/creds'))

    first.close(DisconnectReason.loggedOut)
    const second = await s.fake.nextSocket()
    expect(await store.kvKeys(authPrefix('default'))).toEqual([])
    expect(second.input.auth.creds.registered).toBeFalsy()
    expect(second.input.auth.creds.noiseKey.public).not.toEqual(first.input.auth.creds.noiseKey.public)
    second.qr('QR-NEW')
    expect(s.logins).toEqual([{ kind: 'qr', qr: 'QR-NEW' }])
    // A late write of the old socket cannot bring the wiped session back.
    first.ev.emit('creds.update', { registered: true })
    await first.input.auth.keys.set({ session: { a: Buffer.from('x') } })
    expect(await store.kvKeys(authPrefix('default'))).toEqual([])
  })

  it('stops on connectionReplaced without a reconnect loop, and says so', async () => {
    const s = await setup()
    const first = await connected(s)
    first.close(DisconnectReason.connectionReplaced)
    await new Promise((resolve) => setImmediate(resolve))
    expect(s.fake.sockets).toHaveLength(1)
    expect(s.waits).toEqual([])
    expect(first.ended).toBe(true)
    expect(s.channel.connection).toMatchObject({ kind: 'stopped', reason: 'replaced' })
    expect(s.channel.state()).toEqual({ ready: false, detail: 'stopped: replaced' })
    expect(s.runtime.logs.join('\n')).toMatch(/another connection with the same WhatsApp login/)
  })

  it('stops on forbidden (banned or restricted)', async () => {
    const s = await setup()
    const first = await connected(s)
    first.close(DisconnectReason.forbidden)
    expect(s.channel.connection).toMatchObject({ kind: 'stopped', reason: 'forbidden' })
    expect(s.fake.sockets).toHaveLength(1)
  })

  it('gives up after unanswered login cycles instead of showing QR codes forever', async () => {
    const s = await setup({ maxLoginCycles: 2 })
    // A failure before any QR code (no network) is not a login cycle: it is retried.
    ;(await s.fake.nextSocket()).close(DisconnectReason.connectionLost)
    for (let i = 0; i < 2; i++) {
      const socket = await s.fake.nextSocket()
      socket.qr(`QR-${i}`)
      socket.close(DisconnectReason.timedOut) // "QR refs attempts ended"
    }
    await vi.waitFor(() => expect(s.channel.connection).toMatchObject({ kind: 'stopped', reason: 'login-timeout' }))
    expect(s.fake.sockets).toHaveLength(3)
    expect(s.logins).toHaveLength(2)
  })

  it('runs one process per WhatsApp session: a second start on the same store is refused', async () => {
    const runtime = testRuntime()
    await setup({ runtime })
    await expect(setup({ runtime })).rejects.toThrow(/already connected by another process/)
    // Another session name with the same number is stopped once the number is known.
    const other = await setup({ runtime, session: 'other' })
    const first = await other.fake.nextSocket()
    const s1 = await setup({ runtime, session: 'third' })
    ;(await s1.fake.nextSocket()).open()
    first.open()
    await vi.waitFor(() => expect(other.channel.connection).toMatchObject({ kind: 'stopped', reason: 'lease-lost' }))
  })

  it('stops when a lease renewal finds the lease taken', async () => {
    const runtime = testRuntime()
    let renew: (() => void) | undefined
    const s = await setup({ runtime, every: (_ms, fn) => ((renew = fn), () => undefined), leaseTtlMs: 30_000 })
    await connected(s)
    await runtime.store.releaseLease('whatsapp:default', 'nobody') // not the owner: no effect
    vi.spyOn(runtime.store, 'acquireLease').mockResolvedValueOnce(false)
    renew!()
    await vi.waitFor(() => expect(s.channel.connection).toMatchObject({ kind: 'stopped', reason: 'lease-lost' }))
  })
})

describe('Baileys channel with real sockets', () => {
  it('wires real makeWASocket: a closed local port gives 408, then backoff and a fresh socket per attempt', async () => {
    const server = net.createServer()
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const { port } = server.address() as net.AddressInfo
    await new Promise<void>((resolve) => server.close(() => resolve()))
    const made: number[] = []
    const real = baileysSocketFactory({ waWebSocketUrl: `ws://127.0.0.1:${port}/ws/chat`, connectTimeoutMs: 5000 })
    const waits: number[] = []
    const s = await setup({
      createSocket: (input) => {
        made.push(made.length)
        return real(input)
      },
      // Two retries pass at once; the third wait lasts until the channel stops.
      wait: (ms, signal) =>
        new Promise<void>((resolve) => {
          if (waits.push(ms) <= 2) return resolve()
          signal?.addEventListener('abort', () => resolve())
        }),
    })
    await vi.waitFor(() => expect(waits).toHaveLength(3), { timeout: 15_000 })
    expect(made).toHaveLength(3)
    await s.channel.stop()
    expect(s.channel.connection).toMatchObject({ kind: 'stopped', reason: 'requested' })
    expect(waits).toEqual([1000, 2000, 4000])
    expect(s.runtime.logs.join('\n')).toMatch(/"code":408/)
  })
})

describe('Baileys helpers', () => {
  it('disconnect codes match Baileys’ DisconnectReason', () => {
    for (const [name, code] of Object.entries(DISCONNECT)) {
      expect(DisconnectReason[name as keyof typeof DisconnectReason], name).toBe(code)
    }
    expect(disconnectPolicy(undefined)).toEqual({ action: 'retry' })
    expect(disconnectPolicy(405)).toEqual({ action: 'retry' })
  })

  it('extracts text from plain, extended, caption, quoted and wrapped messages', () => {
    const read = (message: proto.IMessage) => extractContent(message, baileysLib)
    expect(read({ conversation: 'halo' })).toEqual({ kind: 'text', text: 'halo' })
    expect(read({ extendedTextMessage: { text: 'cek agen' } })).toEqual({ kind: 'text', text: 'cek agen' })
    expect(
      read({ extendedTextMessage: { text: '2', contextInfo: { stanzaId: 'OUT1', quotedMessage: { conversation: 'Menu: 1. … 2. …' } } } }),
    ).toEqual({ kind: 'text', text: '2' })
    expect(read({ ephemeralMessage: { message: { extendedTextMessage: { text: 'halo' } } } })).toEqual({ kind: 'text', text: 'halo' })
    expect(read({ viewOnceMessageV2: { message: { imageMessage: { caption: 'lihat' } } } })).toEqual({ kind: 'media', media: 'image', text: 'lihat' })
    expect(read({ documentWithCaptionMessage: { message: { documentMessage: { caption: 'kontrak' } } } })).toEqual({
      kind: 'media',
      media: 'document',
      text: 'kontrak',
    })
    expect(read({ videoMessage: { caption: '' } })).toEqual({ kind: 'media', media: 'video' })
    expect(read({ audioMessage: { ptt: false } })).toEqual({ kind: 'media', media: 'audio' })
    expect(read({ contactMessage: { displayName: 'x' } })).toEqual({ kind: 'media', media: 'contact' })
    expect(read({ pollCreationMessage: { name: 'x' } })).toEqual({ kind: 'media', media: 'other' })
    expect(read({ buttonsResponseMessage: { selectedButtonId: 'main.menu:faq', selectedDisplayText: 'FAQ' } })).toEqual({
      kind: 'choice',
      choice: 'main.menu:faq',
      text: 'FAQ',
    })
    expect(read({ listResponseMessage: { title: 'x', singleSelectReply: { selectedRowId: 'row1' } } })).toMatchObject({ choice: 'row1' })
    expect(
      read({ interactiveResponseMessage: { nativeFlowResponseMessage: { paramsJson: '{"id":"n1"}' }, body: { text: 'N' } } }),
    ).toMatchObject({ kind: 'choice', choice: 'n1' })
    expect(read({ interactiveResponseMessage: { nativeFlowResponseMessage: { paramsJson: '{bad' } } })).toEqual({
      kind: 'ignore',
      reason: 'empty choice',
    })
    expect(read({ reactionMessage: { text: '👍' } })).toMatchObject({ kind: 'ignore' })
    expect(read({ protocolMessage: { type: 0 } })).toMatchObject({ kind: 'ignore' })
    expect(read({})).toMatchObject({ kind: 'ignore' })
  })

  it('tells one-to-one chats from everything else', () => {
    const reason = (jid: string, extra = {}) => skipReason(waMessage(jid, { conversation: 'x' }, extra), baileysLib)
    expect(reason(PN)).toBeUndefined()
    expect(reason(LID)).toBeUndefined()
    expect(reason('120363000000000001@g.us')).toBe('group')
    expect(reason('status@broadcast')).toBe('status')
    expect(reason('123@broadcast')).toBe('broadcast')
    expect(reason('1203@newsletter')).toBe('newsletter')
    expect(reason(PN, { fromMe: true })).toBe('own message')
    expect(reason(BOT.id.replace(':7', ''), { participant: PN })).toBe('group')
  })

  it('loads Baileys lazily: the only runtime import is the `import()` in baileys-lib.ts', () => {
    const dir = join('src')
    const files = (readdirSync(dir, { recursive: true }) as string[]).filter((f) => f.endsWith('.ts'))
    const offenders: string[] = []
    for (const file of files) {
      const source = readFileSync(join(dir, file), 'utf8')
      for (const line of source.split('\n')) {
        if (!line.includes("'@whiskeysockets/baileys'")) continue
        if (/^\s*import type /.test(line) || /typeof import\(/.test(line) || /^\s*\*|^\s*\/\//.test(line)) continue
        if (file === join('channels', 'whatsapp', 'baileys-lib.ts') && /=> import\('@whiskeysockets\/baileys'\)/.test(line)) continue
        offenders.push(`${file}: ${line.trim()}`)
      }
    }
    expect(offenders).toEqual([])
  })
})

describe('Baileys auth state in the store', () => {
  const backends: Array<{ name: string; open: () => Promise<{ store: Store; reopen: () => Promise<Store>; cleanup: () => Promise<void> }> }> = [
    {
      name: 'files (embedded store with DATA_DIR)',
      open: async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ma-wa-auth-'))
        let store = new EmbeddedStore({ dataDir: dir })
        return {
          store,
          reopen: async () => {
            await store.close()
            store = new EmbeddedStore({ dataDir: dir })
            return store
          },
          cleanup: async () => {
            await store.close()
            fs.rmSync(dir, { recursive: true, force: true })
          },
        }
      },
    },
    {
      name: 'Redis',
      open: async () => {
        redis ??= await startRedis()
        const admin = new Redis(redis.url)
        await admin.flushall()
        await admin.quit()
        let store = new RedisStore({ url: redis.url })
        await store.ready()
        return {
          store,
          reopen: async () => {
            await store.close()
            store = new RedisStore({ url: redis!.url })
            await store.ready()
            return store
          },
          cleanup: () => store.close(),
        }
      },
    },
  ]
  let redis: RedisServer | undefined
  afterAll(async () => {
    await redis?.stop()
  })

  for (const backend of backends) {
    it(`round-trips creds and keys (Buffers, protobufs, odd ids) through ${backend.name}`, async () => {
      const { store, reopen, cleanup } = await backend.open()
      try {
        const auth = await useStoreAuthState(store, 'rt', baileysLib)
        expect(auth.existed).toBe(false)
        auth.state.creds.registered = true
        auth.state.creds.me = { id: BOT.id, lid: BOT.lid }
        await auth.saveCreds()
        const syncKey = proto.Message.AppStateSyncKeyData.fromObject({ keyData: Buffer.from([1, 2, 3]), timestamp: 1700000000 })
        await auth.state.keys.set({
          session: { '6281234567890.0': Buffer.from([9, 8, 7]), '123456789012345_1.0': new Uint8Array([5, 5]) },
          'pre-key': { '1': { public: Buffer.from('pub1'), private: Buffer.from('priv1') }, '10': { public: Buffer.from('pub10'), private: Buffer.from('priv10') } },
          'app-state-sync-key': { AAAA: syncKey },
          'lid-mapping': { '6281234567890': '123456789012345', '123456789012345_reverse': '6281234567890' },
          'device-list': { '6281234567890': ['0', '7'] },
        })

        const again = await useStoreAuthState(await reopen(), 'rt', baileysLib)
        expect(again.existed).toBe(true)
        expect(again.state.creds.registered).toBe(true)
        expect(again.state.creds.me).toEqual({ id: BOT.id, lid: BOT.lid })
        expect(Buffer.isBuffer(again.state.creds.noiseKey.private)).toBe(true)
        expect(again.state.creds.noiseKey.private).toEqual(auth.state.creds.noiseKey.private)
        expect(again.state.creds.signedIdentityKey.public).toEqual(auth.state.creds.signedIdentityKey.public)
        const keys = again.state.keys
        const sessions = await keys.get('session', ['6281234567890.0', '123456789012345_1.0', 'missing.0'])
        expect(Object.keys(sessions).sort()).toEqual(['123456789012345_1.0', '6281234567890.0'])
        expect(Buffer.from(sessions['6281234567890.0']!)).toEqual(Buffer.from([9, 8, 7]))
        expect(Buffer.from(sessions['123456789012345_1.0']!)).toEqual(Buffer.from([5, 5]))
        const sync = (await keys.get('app-state-sync-key', ['AAAA'])).AAAA!
        expect(sync).toBeInstanceOf(proto.Message.AppStateSyncKeyData)
        expect(Buffer.from(sync.keyData!)).toEqual(Buffer.from([1, 2, 3]))
        expect(await keys.get('lid-mapping', ['6281234567890'])).toEqual({ '6281234567890': '123456789012345' })
        expect(await keys.get('device-list', ['6281234567890'])).toEqual({ '6281234567890': ['0', '7'] })

        // null deletes exactly that key: "1" goes, "10" stays.
        await keys.set({ 'pre-key': { '1': null } })
        expect(Object.keys(await keys.get('pre-key', ['1', '10']))).toEqual(['10'])

        // Baileys' own wrappers (cache + transactions) work on top of it.
        const wrapped = baileysLib.addTransactionCapability(baileysLib.makeCacheableSignalKeyStore(keys), baileysLogger(testRuntime().logger), {
          maxCommitRetries: 2,
          delayBetweenTriesMs: 1,
        })
        await wrapped.transaction(async () => {
          await wrapped.set({ 'sender-key': { 'group@g.us::6281234567890::0': Buffer.from([4]) } })
        }, 'k')
        const third = await useStoreAuthState(await reopen(), 'rt', baileysLib)
        expect(Buffer.from((await third.state.keys.get('sender-key', ['group@g.us::6281234567890::0']))['group@g.us::6281234567890::0']!)).toEqual(
          Buffer.from([4]),
        )

        await third.wipe()
        const empty = await useStoreAuthState(await reopen(), 'rt', baileysLib)
        expect(empty.existed).toBe(false)
      } finally {
        await cleanup()
      }
    })
  }

  it('applies a batch left half-written by a crash before anything else', async () => {
    const store = new EmbeddedStore({})
    const key = (type: string, id: string) => `${authPrefix('crash')}key/${type}/${encodeURIComponent(id)};`
    const value = (v: unknown) => JSON.stringify(v, baileysLib.BufferJSON.replacer)
    // The batch was written, only its first key was applied, then the process died.
    await store.kvSet(key('session', 'a.0'), value(Buffer.from([1])))
    await store.kvSet(key('pre-key', '5'), value({ public: Buffer.from('x'), private: Buffer.from('y') }))
    await store.kvSet(
      `${authPrefix('crash')}pending`,
      JSON.stringify([
        [key('session', 'a.0'), value(Buffer.from([1]))],
        [key('session', 'b.0'), value(Buffer.from([2]))],
        [key('pre-key', '5'), null],
      ]),
    )
    const auth = await useStoreAuthState(store, 'crash', baileysLib)
    expect(Object.keys(await auth.state.keys.get('session', ['a.0', 'b.0'])).sort()).toEqual(['a.0', 'b.0'])
    expect(await auth.state.keys.get('pre-key', ['5'])).toEqual({})
    expect(await store.kvGet(`${authPrefix('crash')}pending`)).toBe('')
  })

  it('throws when the store refuses a write, and finishes the failed batch first once it works again', async () => {
    const store = new EmbeddedStore({})
    const auth = await useStoreAuthState(store, 'fail', baileysLib)
    const failing = vi.spyOn(store, 'kvSet')
    failing.mockImplementation(async (k, v) => {
      if (k.includes('/key/session/b.0')) throw new StoreUnavailableError('disk full')
      return EmbeddedStore.prototype.kvSet.call(store, k, v)
    })
    await expect(auth.state.keys.set({ session: { 'a.0': Buffer.from([1]), 'b.0': Buffer.from([2]) } })).rejects.toThrow('disk full')
    failing.mockImplementation(async () => {
      throw new StoreUnavailableError('disk full')
    })
    await expect(auth.saveCreds()).rejects.toThrow('disk full')
    await expect(auth.state.keys.set({ session: { 'c.0': Buffer.from([3]) } })).rejects.toThrow('disk full')
    failing.mockRestore()
    await auth.state.keys.set({ session: { 'c.0': Buffer.from([3]) } })
    expect(Object.keys(await auth.state.keys.get('session', ['a.0', 'b.0', 'c.0'])).sort()).toEqual(['a.0', 'b.0', 'c.0'])
  })

  it('throws when Redis is down (never swallowed)', async () => {
    const server = await startRedis()
    const store = new RedisStore({ url: server.url })
    await store.ready()
    try {
      const auth = await useStoreAuthState(store, 'down', baileysLib)
      await server.stop()
      await expect(auth.state.keys.set({ session: { 'a.0': Buffer.from([1]), 'b.0': Buffer.from([2]) } })).rejects.toThrow()
      await expect(auth.saveCreds()).rejects.toThrow()
    } finally {
      await store.close()
      await server.stop()
    }
  })
})
