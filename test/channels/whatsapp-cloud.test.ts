import { createHmac } from 'node:crypto'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { startCloud, WEBHOOK_PATH, type CloudChannel, type CloudOptions } from '../../src/channels/whatsapp/cloud.ts'
import { GraphClient } from '../../src/channels/whatsapp/cloud-api.ts'
import { choiceLayout, renderCloud } from '../../src/channels/whatsapp/cloud-render.ts'
import { parseWebhook, verifySignature } from '../../src/channels/whatsapp/cloud-webhook.ts'
import { numberHint, renderNumberedText, splitTail, splitText } from '../../src/channels/whatsapp/render.ts'
import { ServiceWindow } from '../../src/channels/whatsapp/service-window.ts'
import type { Choice } from '../../src/engine/types.ts'
import { createHttpServer, type HttpServer } from '../../src/http/server.ts'
import { startFakeGraph, type FakeGraph } from '../helpers/fake-graph.ts'
import { LEAD_CONVERSATION, testRuntime, type TestRuntime } from '../helpers/whatsapp-runtime.ts'

const SECRET = 'test-app-secret'
const VERIFY = 'test-verify-token'
const TOKEN = 'test-access-token'
const NUMBER_ID = '1000000001'
const WA_ID = '6281234567890'

interface Setup {
  base: string
  graph: FakeGraph
  runtime: TestRuntime
  channel: CloudChannel
  http: HttpServer
  waits: number[]
}

const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

async function setup(options: Partial<CloudOptions> = {}, env: Record<string, string> = {}): Promise<Setup> {
  const graph = await startFakeGraph()
  const runtime = testRuntime({
    ...env,
    WHATSAPP_MODE: 'cloud',
    WHATSAPP_ACCESS_TOKEN: TOKEN,
    WHATSAPP_PHONE_NUMBER_ID: NUMBER_ID,
    WHATSAPP_APP_SECRET: SECRET,
    WHATSAPP_VERIFY_TOKEN: VERIFY,
    WHATSAPP_API_ROOT: graph.url,
  })
  const http = createHttpServer(runtime.logger)
  const waits: number[] = []
  const channel = await startCloud({
    runtime,
    http,
    wait: async (ms) => {
      waits.push(ms)
    },
    random: () => 0.5,
    ...options,
  })
  await http.listen({ port: 0, host: '127.0.0.1' })
  const { port } = http.server.address() as AddressInfo
  cleanups.push(async () => {
    await channel.stop()
    await http.close()
    await graph.close()
  })
  return { base: `http://127.0.0.1:${port}`, graph, runtime, channel, http, waits }
}

let counter = 0

function webhook(messages: Array<Record<string, unknown>>, options: { phoneNumberId?: string; waId?: string } = {}) {
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: 'WABA_ID',
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: '15550001111', phone_number_id: options.phoneNumberId ?? NUMBER_ID },
              contacts: [{ profile: { name: 'Siti' }, wa_id: options.waId ?? WA_ID }],
              messages,
            },
          },
        ],
      },
    ],
  }
}

function message(content: Record<string, unknown>, options: { id?: string; from?: string; at?: number } = {}) {
  return {
    from: options.from ?? WA_ID,
    id: options.id ?? `wamid.IN${++counter}`,
    timestamp: String(Math.floor((options.at ?? Date.now()) / 1000)),
    ...content,
  }
}

const text = (body: string, options?: { id?: string; at?: number }) => message({ type: 'text', text: { body } }, options)
const button = (id: string, title = 'Ya') => message({ type: 'interactive', interactive: { type: 'button_reply', button_reply: { id, title } } })
const listRow = (id: string, title = 'row') => message({ type: 'interactive', interactive: { type: 'list_reply', list_reply: { id, title } } })

function sign(raw: string, secret = SECRET): string {
  return `sha256=${createHmac('sha256', secret).update(raw).digest('hex')}`
}

async function post(s: Setup, body: unknown, options: { signature?: string | null; raw?: string } = {}): Promise<Response> {
  const raw = options.raw ?? JSON.stringify(body)
  const headers: Record<string, string> = { 'content-type': 'application/json' }
  const signature = options.signature === undefined ? sign(raw) : options.signature
  if (signature !== null) headers['x-hub-signature-256'] = signature
  return fetch(`${s.base}${WEBHOOK_PATH}`, { method: 'POST', headers, body: raw })
}

/** Posts one signed webhook and waits until its messages are answered; returns what was sent for it. */
async function say(s: Setup, ...messages: Array<Record<string, unknown>>): Promise<Array<Record<string, unknown>>> {
  const before = s.graph.sends.length
  const response = await post(s, webhook(messages))
  expect(response.status).toBe(200)
  await s.channel.settled()
  return s.graph.sends.slice(before)
}

type Sent = Record<string, any>
const bodyText = (m: Sent): string => (m.type === 'text' ? m.text.body : m.interactive.body.text)

describe('Cloud API webhook', () => {
  it('answers Meta’s verification with the challenge, and refuses a wrong token', async () => {
    const s = await setup()
    const ok = await fetch(`${s.base}${WEBHOOK_PATH}?hub.mode=subscribe&hub.verify_token=${VERIFY}&hub.challenge=1158201444`)
    expect(ok.status).toBe(200)
    expect(await ok.text()).toBe('1158201444')
    const wrong = await fetch(`${s.base}${WEBHOOK_PATH}?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1`)
    expect(wrong.status).toBe(403)
    const noMode = await fetch(`${s.base}${WEBHOOK_PATH}?hub.verify_token=${VERIFY}&hub.challenge=1`)
    expect(noMode.status).toBe(403)
  })

  it('refuses a bad, missing or re-serialized signature with 401 and handles nothing', async () => {
    const s = await setup()
    const handle = vi.spyOn(s.runtime.gate, 'handle')
    const body = webhook([text('halo')])
    expect((await post(s, body, { signature: sign(JSON.stringify(body), 'wrong-secret') })).status).toBe(401)
    expect((await post(s, body, { signature: null })).status).toBe(401)
    expect((await post(s, body, { signature: 'sha256=abc' })).status).toBe(401)
    // Signed over other bytes than those sent (Meta's exact bytes matter, not the JSON they mean).
    expect((await post(s, body, { raw: JSON.stringify(body, null, 1), signature: sign(JSON.stringify(body)) })).status).toBe(401)
    await s.channel.settled()
    expect(handle).not.toHaveBeenCalled()
    expect(s.graph.requests).toEqual([])
  })

  it('answers 200 at once and handles the message after', async () => {
    const s = await setup()
    let release!: () => void
    const gateDone = new Promise<void>((resolve) => (release = resolve))
    const real = s.runtime.gate.handle.bind(s.runtime.gate)
    vi.spyOn(s.runtime.gate, 'handle').mockImplementation(async (inbound) => {
      await gateDone
      return real(inbound)
    })
    const response = await post(s, webhook([text('halo')]))
    expect(response.status).toBe(200) // while the gate is still waiting
    expect(s.graph.sends).toEqual([])
    release()
    await s.channel.settled()
    expect(s.graph.sends.length).toBeGreaterThan(0)
  })

  it('answers a text with the menu, to the sender, with the token, as a list (five labels within 24 characters)', async () => {
    const s = await setup()
    const sent = await say(s, text('halo'))
    expect(sent.length).toBeGreaterThanOrEqual(2)
    for (const m of sent) expect(m).toMatchObject({ messaging_product: 'whatsapp', recipient_type: 'individual', to: WA_ID })
    const menu = sent.at(-1) as Sent
    expect(menu.type).toBe('interactive')
    expect(menu.interactive.type).toBe('list')
    const rows = menu.interactive.action.sections[0].rows as Array<{ id: string; title: string }>
    expect(rows.map((r) => r.id)).toEqual(['main.menu:faq', 'main.menu:agency', 'main.menu:siskop2mi', 'main.menu:training', 'main.menu:help'])
    expect(rows[0]!.title).toMatch(/Tanya jawab/)
    expect(s.graph.requests[0]).toMatchObject({ method: 'POST', path: `/v21.0/${NUMBER_ID}/messages`, authorization: `Bearer ${TOKEN}` })
  })

  it('maps a button reply and a list reply to choices, and renders buttons and lists', async () => {
    const s = await setup()
    await say(s, text('halo'))
    const consent = (await say(s, text('4'))).at(-1) as Sent
    expect(consent.type).toBe('interactive')
    expect(consent.interactive.type).toBe('button')
    expect(consent.interactive.action.buttons.map((b: Sent) => b.reply)).toEqual([
      { id: 'training.consent:yes', title: 'Ya' },
      { id: 'training.consent:no', title: 'Tidak' },
    ])
    const askName = await say(s, button('training.consent:yes'))
    expect(askName.map((m) => bodyText(m as Sent)).join('\n')).toMatch(/nama/i)

    await say(s, text('Siti Aminah'))
    await say(s, button('training.confirm_phone:yes'))
    await say(s, text('25'))
    await say(s, text('Jawa Barat'))
    const education = (await say(s, text('Kota Bandung'))).at(-1) as Sent
    expect(education.interactive.type).toBe('list')
    expect(education.interactive.action.button).toBe('Pilih')
    const rows = education.interactive.action.sections[0].rows
    expect(rows.length).toBeGreaterThan(3)
    expect(rows).toContainEqual({ id: 'training.ask_education:sma', title: 'SMA/MA' })
    const handle = vi.spyOn(s.runtime.gate, 'handle')
    const next = await say(s, listRow('training.ask_education:sma', 'SMA/MA'))
    expect(handle.mock.calls[0]![0]).toMatchObject({ choice: 'training.ask_education:sma', userId: `${WA_ID}@s.whatsapp.net`, phone: WA_ID })
    expect(next.map((m) => bodyText(m as Sent)).join('\n')).toMatch(/pelatihan/i)
  })

  it('stores a lead completed over the Cloud API with the phone number of the chat', async () => {
    const s = await setup()
    for (const answer of LEAD_CONVERSATION) await say(s, text(answer))
    const leads = await s.runtime.store.listLeads()
    expect(leads).toHaveLength(1)
    expect(leads[0]).toMatchObject({ channel: 'whatsapp', phone: '+6281234567890', name: 'Siti Aminah', userKey: `whatsapp:${WA_ID}@s.whatsapp.net` })
  })

  it('retries a 429 (honouring Retry-After) and a 500, then delivers', async () => {
    const s = await setup()
    s.graph.failNext(429, { retryAfter: '2', code: 130429 })
    s.graph.failNext(500)
    const sent = await say(s, text('halo'))
    expect(sent.length).toBeGreaterThanOrEqual(2)
    expect(s.graph.requests.map((r) => r.status).slice(0, 3)).toEqual([429, 500, 200])
    expect(s.waits).toEqual([2000, 1000]) // Retry-After 2 s; then backoff 0.5 s · 2
  })

  it('does not retry a refused message, and goes on with the next one', async () => {
    const s = await setup()
    s.graph.failNext(400, { code: 131047 })
    await say(s, text('halo'))
    expect(s.graph.requests[0]!.status).toBe(400)
    expect(s.waits).toEqual([])
    expect(s.runtime.logs.join('\n')).toMatch(/outside the 24-hour service window/)
    expect((await say(s, text('menu'))).length).toBeGreaterThan(0)
  })

  it('sends nothing for a message older than the 24-hour service window', async () => {
    const s = await setup()
    const handle = vi.spyOn(s.runtime.gate, 'handle')
    const sent = await say(s, text('halo', { at: Date.now() - 25 * 3600_000 }))
    expect(sent).toEqual([])
    expect(handle).not.toHaveBeenCalled()
  })

  it('drops a signed message older than WHATSAPP_MAX_MESSAGE_AGE_SECONDS (a replay), even while the chat is open', async () => {
    const s = await setup({}, { WHATSAPP_MAX_MESSAGE_AGE_SECONDS: '3600' })
    expect((await say(s, text('halo'))).length).toBeGreaterThan(0)
    const handle = vi.spyOn(s.runtime.gate, 'handle')
    // The same signed body, delivered again two hours later: new id (past any duplicate window), old timestamp.
    const sent = await say(s, text('hapus data saya', { at: Date.now() - 2 * 3600_000 }))
    expect(sent).toEqual([])
    expect(handle).not.toHaveBeenCalled()
    expect(s.runtime.logs.join('\n')).toMatch(/older than WHATSAPP_MAX_MESSAGE_AGE_SECONDS dropped/)
    expect((await say(s, text('menu', { at: Date.now() - 60_000 }))).length).toBeGreaterThan(0)
  })

  it('refuses other content types with 415 before any signature check (no "signed empty body")', async () => {
    const s = await setup()
    const handle = vi.spyOn(s.runtime.gate, 'handle')
    const raw = JSON.stringify(webhook([text('halo')]))
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/octet-stream']) {
      const response = await fetch(`${s.base}${WEBHOOK_PATH}`, { method: 'POST', headers: { 'content-type': type, 'x-hub-signature-256': sign('') }, body: raw })
      expect(response.status, type).toBe(415)
    }
    // Signed, but not JSON: checked first, then refused.
    expect((await post(s, undefined, { raw: '[[[[' })).status).toBe(400)
    await s.channel.settled()
    expect(handle).not.toHaveBeenCalled()
  })

  it('handles every message of every entry once, drops a redelivery, ignores statuses and other numbers', async () => {
    const s = await setup()
    const handle = vi.spyOn(s.runtime.gate, 'handle')
    const first = text('halo', { id: 'wamid.SAME' })
    const body = webhook([first, message({ type: 'audio', audio: { voice: true } })])
    body.entry.push({
      id: 'WABA_ID',
      changes: [{ field: 'messages', value: { ...webhook([]).entry[0]!.changes[0]!.value, statuses: [{ id: 'wamid.X', status: 'delivered', recipient_id: WA_ID }] } as never }],
    })
    body.entry.push(webhook([text('halo')], { phoneNumberId: '999' }).entry[0]!)
    await say(s, ...[]) // nothing
    expect((await post(s, body)).status).toBe(200)
    await s.channel.settled()
    expect((await post(s, webhook([first]))).status).toBe(200)
    await s.channel.settled()
    expect(handle.mock.calls.map((c) => [c[0].messageId, c[0].text, c[0].media])).toEqual([
      ['wamid.SAME', 'halo', undefined],
      [expect.stringMatching(/^wamid\.IN/), undefined, 'voice'],
    ])
  })

  it('logs no phone numbers, texts, tokens or secrets', async () => {
    const s = await setup()
    s.graph.failNext(429)
    for (const answer of LEAD_CONVERSATION) await say(s, text(answer))
    await post(s, webhook([text('x')]), { signature: 'sha256=00' })
    const logs = s.runtime.logs.join('\n')
    expect(logs.length).toBeGreaterThan(0)
    expect(logs).not.toMatch(new RegExp(`${WA_ID}|8123456789|Siti Aminah|${TOKEN}|${SECRET}|${VERIFY}`))
  })

  it('refuses to start without its configuration', async () => {
    const runtime = testRuntime()
    await expect(startCloud({ runtime, http: createHttpServer(runtime.logger) })).rejects.toThrow(/WHATSAPP_ACCESS_TOKEN/)
  })
})

describe('Cloud API rendering', () => {
  const choices = (...labels: string[]): Choice[] => labels.map((label, i) => ({ id: `c${i + 1}`, label }))
  const words = (n: number) => Array.from({ length: n }, (_, i) => `Pilihan ${i + 1}`)

  it('picks buttons, a list or numbered text by the number of choices and the length of labels', () => {
    expect(choiceLayout(undefined)).toBe('none')
    expect(choiceLayout([])).toBe('none')
    expect(choiceLayout(choices('Ya'))).toBe('buttons')
    expect(choiceLayout(choices('Ya', 'Tidak', 'Nanti saja'))).toBe('buttons')
    expect(choiceLayout(choices(...words(4)))).toBe('list')
    expect(choiceLayout(choices('Ya', 'Tidak', 'Label dua puluh satu!'))).toBe('list') // 21 characters
    expect(choiceLayout(choices(...words(10)))).toBe('list')
    expect(choiceLayout(choices(...words(11)))).toBe('numbered')
    expect(choiceLayout(choices('Ya', 'Label yang panjangnya 25.'))).toBe('numbered') // 25 characters
    expect(choiceLayout(choices('Ya', 'Ya'))).toBe('numbered')
    expect(choiceLayout(choices('A'.repeat(20)))).toBe('buttons')
    expect(choiceLayout(choices('A'.repeat(24)))).toBe('list')
  })

  it('renders buttons, a list and numbered text as Graph API bodies', () => {
    expect(renderCloud({ text: 'Setuju?', choices: choices('Ya', 'Tidak') })).toEqual([
      {
        type: 'interactive',
        interactive: {
          type: 'button',
          body: { text: 'Setuju?' },
          action: { buttons: [{ type: 'reply', reply: { id: 'c1', title: 'Ya' } }, { type: 'reply', reply: { id: 'c2', title: 'Tidak' } }] },
        },
      },
    ])
    const [list] = renderCloud({ text: 'Which one?', choices: choices(...words(5)) }) as Sent[]
    expect(list!.interactive).toMatchObject({ type: 'list', action: { button: 'Choose', sections: [{ rows: [{ id: 'c1', title: 'Pilihan 1' }, {}, {}, {}, {}] }] } })
    const [numbered] = renderCloud({ text: 'Pilih:', choices: choices(...words(11)) }) as Sent[]
    expect(numbered!.type).toBe('text')
    expect(numbered!.text.body).toMatch(/^Pilih:\n\n1\. Pilihan 1\n[\s\S]*\n11\. Pilihan 11\n\n_Balas dengan angka 1 sampai 11\._$/)
    expect(renderCloud({ text: '**Penting**: cek izin' })).toEqual([{ type: 'text', text: { body: '*Penting*: cek izin', preview_url: false } }])
  })

  it('puts a long text before the buttons, keeping the interactive body within 1024 characters', () => {
    const long = `${Array(40).fill('Paragraf panjang tentang prosedur resmi.').join(' ')}\n\nSudah benar?`
    const sent = renderCloud({ text: long, choices: choices('Ya', 'Tidak') }) as Sent[]
    expect(sent.map((m) => m.type)).toEqual(['text', 'interactive'])
    expect(sent[1]!.interactive.body.text).toBe('Sudah benar?')
    expect(`${sent[0]!.text.body}\n\n${sent[1]!.interactive.body.text}`).toBe(long)
  })
})

describe('WhatsApp text rendering', () => {
  it('writes the numbered-menu hint for 1, 2, 3 and more choices, in the language of the text', () => {
    expect(numberHint(1, false)).toBe('_Balas *1*._')
    expect(numberHint(2, false)).toBe('_Balas *1* atau *2*._')
    expect(numberHint(3, false)).toBe('_Balas *1*, *2* atau *3*._')
    expect(numberHint(3, true)).toBe('_Reply *1*, *2* or *3*._')
    expect(numberHint(7, false)).toBe('_Balas dengan angka 1 sampai 7._')
    expect(renderNumberedText({ text: 'Setuju?', choices: [{ id: 'y', label: 'Ya' }, { id: 'n', label: 'Tidak' }] })).toBe(
      'Setuju?\n\n1. Ya\n2. Tidak\n\n_Balas *1* atau *2*._',
    )
    // A text that already says how to answer gets no second hint.
    expect(renderNumberedText({ text: 'Balas dengan angka:', choices: [{ id: 'y', label: 'Ya' }] })).toBe('Balas dengan angka:\n\n1. Ya')
    expect(renderNumberedText({ text: 'Do you agree?', choices: [{ id: 'y', label: 'Yes' }] })).toMatch(/_Reply \*1\*\._$/)
  })

  it('splits long texts at paragraphs, lines, sentences or words, never losing text', () => {
    expect(splitText('')).toEqual([])
    expect(splitText('pendek')).toEqual(['pendek'])
    const paragraphs = `${'a'.repeat(60)}\n\n${'b'.repeat(60)}`
    expect(splitText(paragraphs, 100)).toEqual(['a'.repeat(60), 'b'.repeat(60)])
    const sentences = 'Satu dua tiga. Empat lima enam. Tujuh delapan sembilan.'
    expect(splitText(sentences, 35)).toEqual(['Satu dua tiga. Empat lima enam.', 'Tujuh delapan sembilan.'])
    expect(splitText('x'.repeat(25), 10)).toEqual(['x'.repeat(10), 'x'.repeat(10), 'x'.repeat(5)])
    expect(splitText('ab😀cd', 3).join('')).toBe('ab😀cd') // no emoji cut in two
    const { head, tail } = splitTail('Awal.\n\nAkhir?', 8)
    expect(head).toEqual(['Awal.'])
    expect(tail).toBe('Akhir?')
  })
})

describe('Cloud API pieces', () => {
  it('checks X-Hub-Signature-256 over the raw bytes', () => {
    const raw = Buffer.from('{"a":"é"}')
    expect(verifySignature(raw, sign(raw.toString()), SECRET)).toBe(true)
    expect(verifySignature(raw, sign(raw.toString()).toUpperCase().replace('SHA256', 'sha256'), SECRET)).toBe(true)
    expect(verifySignature(raw, undefined, SECRET)).toBe(false)
    expect(verifySignature(raw, 'sha1=abc', SECRET)).toBe(false)
    expect(verifySignature(Buffer.from('{"a":"\\u00e9"}'), sign(raw.toString()), SECRET)).toBe(false)
  })

  it('reads text, buttons, lists, captions, voice notes and business-scoped user ids', () => {
    const now = Date.now()
    const read = (m: Record<string, unknown>, contacts?: unknown) => {
      const body = webhook([m])
      if (contacts) (body.entry[0]!.changes[0]!.value as Record<string, unknown>).contacts = contacts
      return parseWebhook(body, NUMBER_ID, now).messages[0]
    }
    expect(read(message({ type: 'image', image: { id: 'm1', caption: ' cek ini ' } }))?.inbound).toMatchObject({ media: 'image', text: 'cek ini' })
    expect(read(message({ type: 'sticker', sticker: { id: 's' } }))?.inbound).toMatchObject({ media: 'sticker' })
    expect(read(message({ type: 'location', location: { latitude: 1, longitude: 2 } }))?.inbound).toMatchObject({ media: 'location' })
    expect(read(message({ type: 'audio', audio: { voice: false } }))?.inbound).toMatchObject({ media: 'audio' })
    expect(read(message({ type: 'button', button: { payload: 'p', text: 'Ya' } }))?.inbound).toMatchObject({ text: 'Ya' })
    expect(read(message({ type: 'reaction', reaction: { emoji: '👍' } }))).toBeUndefined()
    const bsuid = read({ id: 'wamid.B', type: 'text', text: { body: 'halo' }, from_user_id: 'ID.123abc', timestamp: String(now / 1000) }, [{ user_id: 'ID.123abc' }])
    expect(bsuid?.address).toEqual({ recipient: 'ID.123abc' })
    expect(bsuid?.inbound).toMatchObject({ userId: 'bsuid:ID.123abc' })
    expect(bsuid?.inbound.phone).toBeUndefined()
    expect(parseWebhook({ nonsense: true }, NUMBER_ID, now).messages).toEqual([])
    expect(parseWebhook('not json', NUMBER_ID, now).messages).toEqual([])
  })

  it('keeps the 24-hour service window per user, reopened by each message', () => {
    let now = 1_000_000_000
    const window = new ServiceWindow({ now: () => now })
    expect(window.isOpen('u')).toBe(false)
    window.record('u', now)
    now += 23 * 3600_000
    expect(window.isOpen('u')).toBe(true)
    now += 3600_000
    expect(window.isOpen('u')).toBe(false)
    window.record('u', now - 10)
    window.record('u', now - 48 * 3600_000) // an old redelivery does not move it back
    expect(window.isOpen('u')).toBe(true)
    window.prune()
    expect(window.isOpen('u')).toBe(true)
  })

  it('gives up after the last try on network errors', async () => {
    const waits: number[] = []
    const client = new GraphClient({
      apiRoot: 'http://127.0.0.1:9',
      apiVersion: 'v21.0',
      phoneNumberId: '1',
      accessToken: TOKEN,
      maxAttempts: 3,
      random: () => 0.5,
      wait: async (ms) => void waits.push(ms),
      fetch: async () => {
        throw new TypeError('fetch failed')
      },
    })
    await expect(client.send({ to: WA_ID }, { type: 'text', text: { body: 'x', preview_url: false } })).rejects.toMatchObject({
      name: 'GraphApiError',
      retryable: true,
    })
    expect(waits).toEqual([500, 1000])
  })
})
