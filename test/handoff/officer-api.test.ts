/**
 * End to end through the officer HTTP API with a WhatsApp Cloud user: signed webhooks in, the fake Graph API out,
 * the real gate, engine, content, embedded store and handoff service on one fastify listener.
 * Also the bad input: no or wrong token (401, nothing changes), a reply to a closed or unknown case, a reply
 * outside WhatsApp's 24-hour window, a 10,000-character reply split for the channel, and deletion of the user's data.
 */
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startCloud, WEBHOOK_PATH, type CloudChannel } from '../../src/channels/whatsapp/cloud.ts'
import { renderText } from '../../src/engine/text.ts'
import { OFFICER_API_PREFIX, officerOfToken, registerOfficerApi } from '../../src/handoff/api.ts'
import { createHttpServer, type HttpServer } from '../../src/http/server.ts'
import { signedTextWebhook, startFakeGraph, type FakeGraph } from '../helpers/fake-graph.ts'
import { testRuntime, type TestRuntime } from '../helpers/whatsapp-runtime.ts'

const SECRET = 'officer-api-app-secret'
const NUMBER_ID = '2000000002'
const TOKEN_RINA = 'rina-0123456789abcdef0123456789'
const TOKEN_BUDI = 'budi-0123456789abcdef0123456789'
const WRONG = 'rina-0123456789abcdef012345678X'

let graph: FakeGraph
let runtime: TestRuntime
let channel: CloudChannel
let http: HttpServer
let base: string
let counter = 0

beforeAll(async () => {
  graph = await startFakeGraph()
  runtime = testRuntime({
    WHATSAPP_MODE: 'cloud',
    WHATSAPP_ACCESS_TOKEN: 'token',
    WHATSAPP_PHONE_NUMBER_ID: NUMBER_ID,
    WHATSAPP_APP_SECRET: SECRET,
    WHATSAPP_VERIFY_TOKEN: 'verify',
    WHATSAPP_API_ROOT: graph.url,
    OFFICER_API_TOKENS: `rina:${TOKEN_RINA},budi:${TOKEN_BUDI}`,
  })
  http = createHttpServer(runtime.logger)
  channel = await startCloud({ runtime, http, wait: async () => undefined })
  registerOfficerApi(http, runtime.handoff, runtime.config.OFFICER_API_TOKENS)
  await http.listen({ port: 0, host: '127.0.0.1' })
  base = `http://127.0.0.1:${(http.server.address() as AddressInfo).port}`
})

afterAll(async () => {
  await channel?.stop()
  await http?.close()
  await runtime?.close()
  await graph?.close()
})

/** A signed webhook with one text message from `waId`; resolves what the assistant sent back. */
async function say(waId: string, body: string): Promise<string[]> {
  const before = graph.sends.length
  const { raw, signature } = signedTextWebhook({ secret: SECRET, numberId: NUMBER_ID, waId: waId, name: 'Siti', messageId: `wamid.H${++counter}`, body })
  const response = await fetch(`${base}${WEBHOOK_PATH}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature }, body: raw })
  expect(response.status).toBe(200)
  await channel.settled()
  await runtime.handoff.idle()
  return sentSince(before)
}

type Sent = Record<string, any>
function sentSince(before: number): string[] {
  return graph.sends.slice(before).map((m: Sent) => (m.type === 'text' ? m.text.body : m.interactive.body.text))
}

async function api(method: 'GET' | 'POST', path: string, options: { token?: string | null; body?: unknown } = {}) {
  const token = options.token === undefined ? TOKEN_RINA : options.token
  const response = await fetch(`${base}${OFFICER_API_PREFIX}${path}`, {
    method,
    headers: { ...(token !== null ? { authorization: `Bearer ${token}` } : {}), ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
  })
  await channel.settled()
  await runtime.handoff.idle()
  return { status: response.status, json: (await response.json()) as Record<string, any> }
}

/** Opens a case for `waId` through the conversation; resolves its reference. */
async function openCase(waId: string): Promise<string> {
  expect((await say(waId, 'bicara dengan petugas')).join('\n')).toContain('Setuju?')
  const opened = (await say(waId, 'ya')).join('\n')
  return /MA-[A-Z0-9]{6}/.exec(opened)![0]
}

const t = (key: string) => renderText(runtime.content.current, 'id', key)

describe('officer API with a WhatsApp Cloud user', () => {
  it('lists, opens, claims, replies and closes a case; the user gets the replies on WhatsApp and is handed back', async () => {
    const waId = '6281200000001'
    const ref = await openCase(waId)

    const list = await api('GET', '/cases')
    expect(list.status).toBe(200)
    const listed = list.json.cases.find((c: Sent) => c.ref === ref)
    expect(listed).toMatchObject({ status: 'open', channel: 'whatsapp', messageCount: 0 })
    expect(JSON.stringify(list.json)).not.toContain(waId)

    // An emergency is still answered (once, no menu) and also given to the officer; anything else: silence.
    const emergency = await say(waId, 'paspor saya ditahan agensi di Malaysia')
    expect(emergency.length).toBeGreaterThan(0)
    expect(emergency.join('\n')).toContain('0800-1000')
    expect(await say(waId, 'tolong bantu urus kepulangan')).toEqual([])

    const opened = await api('GET', `/cases/${listed.id}`)
    expect(opened.status).toBe(200)
    expect(opened.json.case.messages.map((m: Sent) => m.text)).toEqual(['paspor saya ditahan agensi di Malaysia', 'tolong bantu urus kepulangan'])
    expect(opened.json.case.before).toContain('bicara dengan petugas')

    const claimed = await api('POST', `/cases/${ref}/claim`, { token: TOKEN_BUDI })
    expect(claimed.json.case).toMatchObject({ status: 'claimed', claimedBy: 'budi' })

    const before = graph.sends.length
    const replied = await api('POST', `/cases/${listed.id}/reply`, { body: { text: 'Halo, saya Rina. Kami hubungi KBRI Kuala Lumpur.' } })
    expect(replied.status).toBe(200)
    expect(sentSince(before)).toEqual(['👤 *Petugas:* Halo, saya Rina. Kami hubungi KBRI Kuala Lumpur.'])
    expect(graph.sends.at(-1)!.to).toBe(waId)

    const afterClose = graph.sends.length
    const closed = await api('POST', `/cases/${listed.id}/close`)
    expect(closed.json.case).toMatchObject({ status: 'closed', closedBy: 'rina' })
    const told = sentSince(afterClose)
    expect(told[0]).toBe(t('handoff.closed'))
    expect(told.length).toBeGreaterThanOrEqual(2)
    expect((await say(waId, 'apa itu siskop2mi?')).join('\n')).toContain('SISKOP2MI')

    const audit = await runtime.handoff.cases.auditLog()
    expect(audit.filter((a) => a.caseId === listed.id).map((a) => `${a.officer}:${a.action}`)).toEqual(['rina:view', 'budi:claim', 'rina:reply', 'rina:close'])
  })

  it('without or with a wrong token: 401 and nothing changes', async () => {
    const waId = '6281200000002'
    const ref = await openCase(waId)
    const found = (await runtime.handoff.findByRef(ref))!
    const before = graph.sends.length
    const auditBefore = (await runtime.handoff.cases.auditLog()).length
    for (const token of [null, WRONG, '', 'rina']) {
      for (const [method, path, body] of [
        ['GET', '/cases', undefined],
        ['GET', `/cases/${found.id}`, undefined],
        ['POST', `/cases/${found.id}/claim`, undefined],
        ['POST', `/cases/${found.id}/reply`, { text: 'should never arrive' }],
        ['POST', `/cases/${found.id}/close`, undefined],
      ] as const) {
        const answer = await api(method, path, { token, body })
        expect(answer.status, `${method} ${path} with ${String(token)}`).toBe(401)
        expect(answer.json.error).toBe('unauthorized')
      }
    }
    expect(graph.sends.length).toBe(before)
    expect(await runtime.handoff.cases.get(found.id)).toEqual(found)
    expect((await runtime.handoff.cases.auditLog()).length).toBe(auditBefore)
  })

  it('clear errors: unknown case 404, closed case 409, empty text 400, outside the 24-hour window 409', async () => {
    expect((await api('POST', '/cases/0123456789abcdef/reply', { body: { text: 'halo' } })).status).toBe(404)
    const unknown = await api('POST', '/cases/MA-ZZZZZZ/close')
    expect(unknown).toMatchObject({ status: 404, json: { error: 'not_found' } })
    expect((await api('GET', '/cases?status=nope')).status).toBe(400)

    const waId = '6281200000003'
    const ref = await openCase(waId)
    expect(await api('POST', `/cases/${ref}/reply`, { body: {} })).toMatchObject({ status: 400, json: { error: 'invalid' } })
    expect(await api('POST', `/cases/${ref}/reply`, { body: { text: '   ' } })).toMatchObject({ status: 400, json: { error: 'invalid' } })

    // The user's last message is 25 hours old: WhatsApp allows no free message; the officer is told.
    const found = (await runtime.handoff.findByRef(ref))!
    await runtime.handoff.cases.change(found.id, async (c) => ({ value: undefined, save: { ...c!, lastUserAt: Date.now() - 25 * 3600_000 } }))
    const before = graph.sends.length
    const late = await api('POST', `/cases/${ref}/reply`, { body: { text: 'maaf terlambat' } })
    expect(late).toMatchObject({ status: 409, json: { error: 'outside_window' } })
    expect(late.json.message).toMatch(/must write first/)
    expect(graph.sends.length).toBe(before)
    expect((await runtime.handoff.cases.get(found.id))!.messages).toEqual([])

    // The user writes again: the window is open again.
    await say(waId, 'halo, masih ada?')
    expect((await api('POST', `/cases/${ref}/reply`, { body: { text: 'Ya, saya di sini.' } })).status).toBe(200)

    expect((await api('POST', `/cases/${ref}/close`)).status).toBe(200)
    const again = await api('POST', `/cases/${ref}/reply`, { body: { text: 'halo?' } })
    expect(again).toMatchObject({ status: 409, json: { error: 'closed' } })
    expect((await api('POST', `/cases/${ref}/close`)).status).toBe(409)
  })

  it('a 10,000-character officer message reaches the user whole, split into WhatsApp-sized messages', async () => {
    const waId = '6281200000004'
    const ref = await openCase(waId)
    const words = Array.from({ length: 2000 }, (_, i) => `kata${i % 10}`).join(' ')
    const long = words.slice(0, 10_000)
    expect(long.length).toBe(10_000)
    const before = graph.sends.length
    expect((await api('POST', `/cases/${ref}/reply`, { body: { text: long } })).status).toBe(200)
    const parts = sentSince(before)
    expect(parts.length).toBeGreaterThanOrEqual(3)
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(4096)
    expect(parts.join(' ').replace(/\s+/g, ' ')).toContain(long.slice(-200))
    expect(parts.join(' ').replace(/\s+/g, ' ').replace('👤 *Petugas:* ', '')).toBe(long.trim())
    // Longer than the API takes: refused, nothing sent.
    expect((await api('POST', `/cases/${ref}/reply`, { body: { text: 'x'.repeat(20_001) } })).status).toBe(400)
  })

  it('"hapus data saya" deletes the user\'s cases too', async () => {
    const waId = '6281200000005'
    const ref = await openCase(waId)
    const found = (await runtime.handoff.findByRef(ref))!
    expect((await say(waId, 'hapus data saya')).join('\n')).toContain('Hapus semua data')
    expect((await say(waId, 'ya')).join('\n')).toContain('sudah dihapus')
    expect(await runtime.handoff.cases.get(found.id)).toBeUndefined()
    expect(await api('GET', `/cases/${found.id}`)).toMatchObject({ status: 404 })
    expect((await api('GET', '/cases?status=all')).json.cases.some((c: Sent) => c.ref === ref)).toBe(false)
  })
})

describe('officer tokens', () => {
  const tokens = [
    { officer: 'rina', token: TOKEN_RINA },
    { officer: 'budi', token: TOKEN_BUDI },
  ]
  it('finds the officer of a bearer token and nobody for anything else', () => {
    expect(officerOfToken(`Bearer ${TOKEN_RINA}`, tokens)).toBe('rina')
    expect(officerOfToken(`bearer ${TOKEN_BUDI}`, tokens)).toBe('budi')
    for (const header of [undefined, '', TOKEN_RINA, `Basic ${TOKEN_RINA}`, `Bearer ${WRONG}`, `Bearer ${TOKEN_RINA}x`, 'Bearer ']) {
      expect(officerOfToken(header, tokens)).toBeUndefined()
    }
  })
})
