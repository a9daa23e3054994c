/**
 * Two real assistant processes (`src/main.ts`) on one real Redis: process A runs the WhatsApp Cloud channel
 * (signed webhooks in, the fake Graph API out); process B runs only the officer API. The user's messages are
 * handled by A, the officer's reply and close are taken by B and reach the user through Redis pub/sub and A.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import net from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { signedTextWebhook, startFakeGraph, type FakeGraph } from '../helpers/fake-graph.ts'
import { startRedis, type RedisServer } from '../helpers/redis-server.ts'

const SECRET = 'scale-out-app-secret'
const NUMBER_ID = '3000000003'
const TOKEN = 'rina-scaleout-0123456789abcdef'
const WA_ID = '6281300000001'

let redis: RedisServer
let graph: FakeGraph
const dataDir = mkdtempSync(join(tmpdir(), 'ma-handoff-scale-'))
const processes: ChildProcess[] = []
let a: string
let b: string

async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = net.createServer()
    server.once('error', fail)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo
      server.close(() => done(port))
    })
  })
}

/** Starts `npm start`'s entry point with `env`; resolves its base URL once /healthz answers. */
async function startAssistant(env: Record<string, string>): Promise<string> {
  const port = await freePort()
  let stderr = ''
  const child = spawn(process.execPath, ['--import', 'tsx', resolve('src/main.ts')], {
    env: { ...process.env, LOG_LEVEL: 'warn', REDIS_URL: redis.url, DATA_DIR: dataDir, PORT: String(port), OFFICER_API_TOKENS: `rina:${TOKEN}`, WATCH_CONTENT: 'false', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()))
  processes.push(child)
  const base = `http://127.0.0.1:${port}`
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`the assistant exited: ${stderr}`)
    try {
      if ((await fetch(`${base}/healthz`)).ok) return base
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error(`the assistant did not start: ${stderr}`)
}

beforeAll(async () => {
  redis = await startRedis()
  graph = await startFakeGraph()
  const cloud = {
    WHATSAPP_MODE: 'cloud',
    WHATSAPP_ACCESS_TOKEN: 'token',
    WHATSAPP_PHONE_NUMBER_ID: NUMBER_ID,
    WHATSAPP_APP_SECRET: SECRET,
    WHATSAPP_VERIFY_TOKEN: 'verify',
    WHATSAPP_API_ROOT: graph.url,
  }
  ;[a, b] = await Promise.all([startAssistant(cloud), startAssistant({})])
}, 120_000)

afterAll(async () => {
  for (const child of processes) child.kill('SIGTERM')
  await Promise.all(processes.map((child) => (child.exitCode !== null ? undefined : new Promise((r) => child.once('exit', r)))))
  await graph?.close()
  await redis?.stop()
  rmSync(dataDir, { recursive: true, force: true })
})

let counter = 0
type Sent = Record<string, any>
const textOf = (m: Sent): string => (m.type === 'text' ? m.text.body : m.interactive.body.text)

/** Posts a signed webhook with one text message of the user to process A. */
async function post(body: string): Promise<void> {
  const { raw, signature } = signedTextWebhook({ secret: SECRET, numberId: NUMBER_ID, waId: WA_ID, name: 'Ani', messageId: `wamid.S${++counter}`, body })
  const response = await fetch(`${a}/webhooks/whatsapp`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature }, body: raw })
  expect(response.status).toBe(200)
}

/** A message to A; resolves the `replies` messages sent for it. */
async function say(body: string, replies: number): Promise<string[]> {
  const before = graph.sends.length
  await post(body)
  return (await graph.waitForSends(before + replies)).slice(before).map(textOf)
}

async function officer(method: 'GET' | 'POST', path: string, body?: unknown): Promise<Record<string, any>> {
  const response = await fetch(`${b}/api/officer${path}`, {
    method,
    headers: { authorization: `Bearer ${TOKEN}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  })
  expect(response.status).toBe(200)
  return (await response.json()) as Record<string, any>
}

describe('handoff across two processes on one Redis', { timeout: 120_000 }, () => {
  it('the user talks to A, the officer answers and closes through B; the user gets both on WhatsApp', async () => {
    expect((await say('bicara dengan petugas', 1)).join('\n')).toContain('Setuju?')
    const opened = (await say('ya', 3)).join('\n')
    const ref = /MA-[A-Z0-9]{6}/.exec(opened)![0]

    const { cases } = await officer('GET', '/cases')
    expect(cases.map((c: Sent) => c.ref)).toEqual([ref])

    // While the case is open, A stays silent and the message lands in the case, which B reads.
    const before = graph.sends.length
    await sayWithoutReply('ada yang bisa bantu saya pulang?')
    expect(graph.sends.length).toBe(before)
    const transcript = await officer('GET', `/cases/${ref}`)
    expect(transcript.case.messages.map((m: Sent) => m.text)).toEqual(['ada yang bisa bantu saya pulang?'])

    // The reply is taken by B, which has no WhatsApp channel: A sends it.
    await officer('POST', `/cases/${ref}/reply`, { text: 'Halo Ani, saya Rina dari KP2MI.' })
    const reply = (await graph.waitForSends(before + 1)).slice(before).map(textOf)
    expect(reply).toEqual(['👤 *Petugas:* Halo Ani, saya Rina dari KP2MI.'])
    expect(graph.sends.at(-1)!.to).toBe(WA_ID)

    await officer('POST', `/cases/${ref}/close`)
    const closing = (await graph.waitForSends(before + 3)).slice(before + 1).map(textOf)
    expect(closing[0]).toMatch(/menutup percakapan/)

    // Handed back: A answers as the assistant again.
    expect((await say('apa itu siskop2mi?', 1)).join('\n')).toContain('SISKOP2MI')
  })
})

/** A message that gets no reply: waits until the case holds it (read through B). */
async function sayWithoutReply(body: string): Promise<void> {
  await post(body)
  for (let i = 0; i < 200; i++) {
    const { cases } = await officer('GET', '/cases')
    if (cases[0]?.messageCount > 0) return
    await new Promise((r) => setTimeout(r, 50))
  }
  throw new Error('the message never reached the case')
}
