/**
 * The web channel's protocol without a browser: WebSocket hello and replies, replay of answered message ids,
 * origin checks, the size limit, the HTTP fallback with long poll, and the rate limits that let emergencies through.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { widgetScript } from '../../../src/channels/web/assets.ts'
import { startWebChat, type WebChatServer } from '../../helpers/web-chat.ts'
import { gzipSync } from 'node:zlib'
import { loadConfig } from '../../../src/config.ts'
import { originAllowed, parseOrigins } from '../../../src/channels/web/origins.ts'

const SITE = 'https://disnaker.example.go.id'
let server: WebChatServer

beforeAll(async () => {
  server = await startWebChat(SITE, { limits: { perId: { perMinute: 1, burst: 3 } } })
})
afterAll(async () => {
  await server?.close()
})

interface Out {
  seq?: number
  id?: string
  replies?: Array<{ text: string; choices?: Array<{ id: string; label: string }> }>
  welcome?: unknown
  error?: string
  forget?: boolean
}

/** Opens a socket, says hello, and collects every frame. */
async function connect(user: string, after = 0, origin = SITE): Promise<{ ws: WebSocket; frames: Out[]; next(n?: number): Promise<Out[]> }> {
  const ws = new WebSocket(`${server.url.replace('http', 'ws')}/webchat/ws`, { headers: { origin } })
  const frames: Out[] = []
  const waiters: Array<() => void> = []
  ws.on('message', (data) => {
    frames.push(JSON.parse(String(data)) as Out)
    for (const w of waiters.splice(0)) w()
  })
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve())
    ws.once('error', reject)
  })
  ws.send(JSON.stringify({ hello: { user, after } }))
  let read = 0
  const next = async (n = 1): Promise<Out[]> => {
    while (frames.length < read + n) await new Promise<void>((resolve) => waiters.push(resolve))
    const out = frames.slice(read, read + n)
    read += n
    return out
  }
  await next() // welcome
  return { ws, frames, next }
}

describe('web channel protocol', () => {
  it('answers over the WebSocket, and a message id sent again gets the same batch, not a second turn', async () => {
    const a = await connect('user-aaaa-1')
    a.ws.send(JSON.stringify({ id: 'm1', text: 'halo' }))
    const [first] = await a.next()
    expect(first!.id).toBe('m1')
    expect(first!.replies!.some((r) => r.choices?.some((c) => c.label === 'Tanya jawab'))).toBe(true)
    const turns = server.handled.length
    a.ws.send(JSON.stringify({ id: 'm1', text: 'halo' }))
    const [again] = await a.next()
    expect(again!.seq).toBe(first!.seq)
    expect(server.handled.length).toBe(turns)
    a.ws.close()
    // A reconnect after the first batch gets nothing old; one from 0 gets it again.
    const b = await connect('user-aaaa-1', 0)
    expect(b.frames.filter((f) => f.seq !== undefined).map((f) => f.seq)).toEqual([first!.seq])
    b.ws.close()
  })

  it('refuses a page on an origin not on the list, and lets the listed one in', async () => {
    await expect(connect('user-bbbb-1', 0, 'https://evil.example.com')).rejects.toThrow(/403/)
    const response = await fetch(`${server.url}/webchat/messages`, {
      method: 'POST',
      headers: { origin: 'https://evil.example.com', 'content-type': 'application/json' },
      body: JSON.stringify({ user: 'user-bbbb-1', text: 'halo' }),
    })
    expect(response.status).toBe(403)
    const preflight = await fetch(`${server.url}/webchat/messages`, { method: 'OPTIONS', headers: { origin: SITE } })
    expect(preflight.status).toBe(204)
    expect(preflight.headers.get('access-control-allow-origin')).toBe(SITE)
  })

  it('refuses a 100 KB message politely, without handling it', async () => {
    const c = await connect('user-cccc-1')
    const turns = server.handled.length
    c.ws.send(JSON.stringify({ id: 'big', text: 'a'.repeat(100 * 1024) }))
    const [reply] = await c.next()
    expect(reply!.replies![0]!.text).toMatch(/terlalu panjang/)
    expect(server.handled.length).toBe(turns)
    c.ws.close()
  })

  it('carries the conversation over HTTP, and a later message (an officer reply) comes by long poll', async () => {
    const post = async (body: object) => {
      const response = await fetch(`${server.url}/webchat/messages`, {
        method: 'POST',
        headers: { origin: SITE, 'content-type': 'application/json' },
        body: JSON.stringify({ user: 'user-dddd-1', ...body }),
      })
      expect(response.headers.get('access-control-allow-origin')).toBe(SITE)
      return (await response.json()) as Out
    }
    const first = await post({ id: 'h1', text: 'halo' })
    const faq = first.replies!.flatMap((r) => r.choices ?? []).find((c) => c.label === 'Tanya jawab')!
    const second = await post({ id: 'h2', choice: faq.id })
    expect(second.seq).toBeGreaterThan(first.seq!)
    expect(second.replies!.length).toBeGreaterThan(0)
    const poll = fetch(`${server.url}/webchat/poll?user=user-dddd-1&after=${second.seq}`, { headers: { origin: SITE } })
    setTimeout(() => server.channel.deliver('user-dddd-1', [{ text: 'Halo, saya petugas.' }]), 50)
    const { batches } = (await (await poll).json()) as { batches: Out[] }
    expect(batches.map((b) => b.replies![0]!.text)).toEqual(['Halo, saya petugas.'])
  })

  it('limits a flooding id, but an emergency is still answered', async () => {
    const d = await connect('user-eeee-1')
    for (let i = 0; i < 5; i++) d.ws.send(JSON.stringify({ id: `f${i}`, text: 'halo' }))
    const flood = await d.next(5)
    expect(flood.slice(0, 3).every((b) => b.replies!.length > 0)).toBe(true)
    expect(flood[3]!.replies!.map((r) => r.text).join()).toMatch(/\S/) // one polite notice
    expect(flood[4]!.replies).toEqual([]) // then quiet
    d.ws.send(JSON.stringify({ id: 'sos', text: 'tolong paspor saya ditahan majikan' }))
    const [sos] = await d.next()
    expect(sos!.replies!.map((r) => r.text).join('\n')).toMatch(/0800-1000/)
    d.ws.close()
  })

  it('serves a widget under 30 KB gzipped with the official link hosts filled in', () => {
    const script = widgetScript(server.runtime.content.current)
    expect(script).toContain('"siskop2mi.bp2mi.go.id"')
    expect(gzipSync(script).length).toBeLessThan(30 * 1024)
  })
})

describe('WEBCHAT_ALLOWED_ORIGINS', () => {
  it('takes origins or *, and names an entry that is not an origin', () => {
    expect(loadConfig({ WEBCHAT_ALLOWED_ORIGINS: 'https://a.go.id, https://b.go.id:8443' }).WEBCHAT_ALLOWED_ORIGINS).toBeDefined()
    expect(loadConfig({}).WEBCHAT_ALLOWED_ORIGINS).toBeUndefined()
    expect(() => loadConfig({ WEBCHAT_ALLOWED_ORIGINS: 'https://a.go.id/chat' })).toThrow(/WEBCHAT_ALLOWED_ORIGINS .*"https:\/\/a.go.id\/chat"/)
    expect(() => loadConfig({ WEBCHAT_ALLOWED_ORIGINS: 'a.go.id' })).toThrow(/WEBCHAT_ALLOWED_ORIGINS/)
    const policy = parseOrigins('https://a.go.id')
    expect(originAllowed(policy, 'https://a.go.id', 'chat.example:443')).toBe(true)
    expect(originAllowed(policy, 'https://a.go.id.evil.com', 'chat.example:443')).toBe(false)
    expect(originAllowed(policy, 'https://chat.example', 'chat.example')).toBe(true) // the /chat page itself
    expect(originAllowed(parseOrigins('*'), 'https://any.example', undefined)).toBe(true)
  })
})
