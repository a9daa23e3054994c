/**
 * The web chat in a real headless Chromium (Debian's `chromium`, driven by playwright-core; nothing downloaded).
 * A page on another local origin embeds the widget with one <script> tag; one browser for the file, pages reused.
 */
import { mkdirSync } from 'node:fs'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startPageServer, startWebChat, type WebChatServer } from '../../helpers/web-chat.ts'
import { launchChromium } from '../../helpers/chromium.ts'

/** What the tests read of a page's globals (the project compiles without the DOM library). */
interface PageGlobals {
  __migrasiAmanChat: { user(): string }
  getComputedStyle(el: unknown): { backgroundColor: string }
  document: { documentElement: { scrollWidth: number } }
}

const SHOTS = 'test-output/webchat'
let browser: Browser
let server: WebChatServer
let site: Awaited<ReturnType<typeof startPageServer>>
let siteOrigin = ''

const embed = (extra = ''): string =>
  `<!doctype html><html lang="id"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
  `<title>Disnaker contoh</title></head><body><h1>Dinas Tenaga Kerja (contoh)</h1><p>Informasi kerja ke luar negeri.</p>` +
  `<script src="${server.url}/webchat/widget.js" data-title="Tanya Disnaker" data-color="#0b5394" data-lang="id" data-position="right" ${extra} async></script></body></html>`

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true })
  // The site's page is served at 127.0.0.1:<port>; `localhost:<port>` is the same page on an origin not on the list.
  site = await startPageServer(() => embed())
  siteOrigin = `http://127.0.0.1:${site.port}`
  // A quick test user types faster than a person: limits are tested in webchat.test.ts.
  server = await startWebChat(siteOrigin, { limits: { perId: { perMinute: 600, burst: 100 } } }, { OFFICER_API_TOKENS: `rina:${'r'.repeat(32)}` })
  browser = await launchChromium()
})
afterAll(async () => {
  await browser?.close()
  await server?.close()
  await site?.close()
})

const widget = (page: Page) => page.locator('[data-migrasi-aman-chat]')
const botTexts = (page: Page) => widget(page).locator('.msg.bot').allTextContents()

/** Waits until the assistant has said something matching `pattern` (in a bubble added after `after` bubbles). */
async function waitForBot(page: Page, pattern: RegExp, after = 0): Promise<void> {
  let seen: string[] = []
  await expect
    .poll(
      async () => {
        seen = (await botTexts(page)).slice(after)
        return seen.some((t) => pattern.test(t))
      },
      { timeout: 10_000, message: `the assistant should say ${pattern} (it said: ${JSON.stringify(seen.slice(-3))})` },
    )
    .toBe(true)
}
async function typeMessage(page: Page, text: string): Promise<void> {
  await widget(page).getByLabel('Pesan Anda').fill(text)
  await widget(page).getByLabel('Pesan Anda').press('Enter')
}
async function press(page: Page, label: string): Promise<void> {
  await widget(page).locator('.choices button:not([disabled])', { hasText: label }).first().click()
}
async function count(page: Page): Promise<number> {
  return (await botTexts(page)).length
}

describe('web chat in Chromium', () => {
  let page: Page

  it('a visitor of another site walks the menu, asks a question and leaves a training lead', async () => {
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
    await page.goto(`${siteOrigin}/`)
    const launcher = widget(page).getByRole('button', { name: 'Tanya Disnaker' })
    await launcher.click()
    await expect.poll(() => widget(page).getByLabel('Pesan Anda').evaluate((el) => el === (el.getRootNode() as unknown as { activeElement: unknown }).activeElement)).toBe(true)
    await waitForBot(page, /Apa yang Anda perlukan/)
    await page.screenshot({ path: `${SHOTS}/embed-1280.png` })

    // Buttons and typing.
    let n = await count(page)
    await press(page, 'Tanya jawab')
    await waitForBot(page, /\S/, n)
    n = await count(page)
    await typeMessage(page, 'menu')
    await waitForBot(page, /Apa yang Anda perlukan/, n)
    n = await count(page)
    await typeMessage(page, 'berapa biaya jadi PMI?')
    await waitForBot(page, /biaya penempatan/i, n)

    // The training form, with consent; the lead is in the store.
    n = await count(page)
    await typeMessage(page, 'menu')
    await waitForBot(page, /Apa yang Anda perlukan/, n)
    n = await count(page)
    await press(page, 'Daftar minat pelatihan')
    await waitForBot(page, /setuju/, n)
    const steps: Array<[() => Promise<void>, RegExp]> = [
      [() => press(page, 'Ya'), /nama Anda/],
      [() => typeMessage(page, 'Siti Aminah'), /Nomor HP/],
      [() => typeMessage(page, '081234567890'), /umur/],
      [() => typeMessage(page, '25'), /provinsi/],
      [() => typeMessage(page, 'Jawa Barat'), /Kabupaten/],
      [() => typeMessage(page, 'Kota Bandung'), /Pendidikan/],
      [() => press(page, 'SMA/MA'), /Pelatihan apa/],
      [() => typeMessage(page, '1'), /Negara tujuan/],
      [() => press(page, 'Jepang'), /periksa data/],
      [() => press(page, 'Benar, kirim'), /MA-[0-9A-Z]{6}/],
    ]
    for (const [act, expected] of steps) {
      n = await count(page)
      await act()
      await waitForBot(page, expected, n)
    }
    const leads = await server.runtime.store.listLeads()
    expect(leads).toHaveLength(1)
    expect(leads[0]).toMatchObject({ channel: 'web', name: 'Siti Aminah', phone: '+6281234567890', destination: 'japan' })
    expect(leads[0]!.userKey).toMatch(/^web:[0-9a-f]{32}$/)
  })

  it('shows an officer message in the open page: bold, line breaks, and links only to official hosts', async () => {
    const user = await page.evaluate(() => (globalThis as unknown as PageGlobals).__migrasiAmanChat.user())
    const n = await count(page)
    server.channel.deliver(user, [{ text: 'Halo, saya *petugas*.\nLihat https://siskop2mi.bp2mi.go.id atau https://lowongan-palsu.example.com' }])
    await waitForBot(page, /petugas/, n)
    const last = widget(page).locator('.msg.bot').last()
    await expect.poll(() => last.locator('strong').textContent()).toBe('petugas')
    expect(await last.locator('a').evaluateAll((links) => links.map((a) => (a as unknown as { href: string }).href))).toEqual(['https://siskop2mi.bp2mi.go.id/'])
  })

  it('loses no reply and doubles none when the connection drops mid-conversation', async () => {
    let n = await count(page)
    await typeMessage(page, 'menu')
    await waitForBot(page, /Apa yang Anda perlukan/, n)
    // The connection drops while the assistant is working on the message: the reply comes after the reconnect.
    server.beforeTurn = (inbound) => {
      if (inbound.text === 'apa itu P3MI?') server.channel.dropConnections()
    }
    n = await count(page)
    const turns = server.handled.length
    await typeMessage(page, 'apa itu P3MI?')
    await waitForBot(page, /\S/, n)
    server.beforeTurn = undefined
    // Then a message typed while the page is offline is sent once it is back.
    await expect.poll(() => server.channel.sockets).toBe(1)
    const m = await count(page)
    await page.context().setOffline(true)
    server.channel.dropConnections()
    await expect.poll(() => widget(page).locator('.status').textContent()).toMatch(/offline|terputus/i)
    await typeMessage(page, 'menu')
    await page.context().setOffline(false)
    await waitForBot(page, /Apa yang Anda perlukan/, m)
    await expect.poll(() => widget(page).locator('.status').textContent()).toBe('')
    const p3mi = server.handled.slice(turns).filter((i) => i.text === 'apa itu P3MI?')
    expect(p3mi).toHaveLength(1)
    expect(server.handled.slice(turns).filter((i) => i.text === 'menu')).toHaveLength(1)
    // Every reply shown exactly once: as many bubbles since then as replies the gate gave to those two messages.
    const after = (await botTexts(page)).slice(n)
    expect(after.length).toBe(server.answers.slice(turns).reduce((sum, replies) => sum + replies.length, 0))
  })

  it('officer replies (human handoff) arrive in the open page, and those sent while it was closed on return', async () => {
    let n = await count(page)
    await typeMessage(page, 'bicara dengan petugas')
    await waitForBot(page, /Setuju\?/, n)
    n = await count(page)
    await typeMessage(page, 'ya')
    await waitForBot(page, /MA-[A-Z0-9]{6}/, n)
    const user = await page.evaluate(() => (globalThis as unknown as PageGlobals).__migrasiAmanChat.user())
    const found = await server.runtime.handoff.cases.openCaseOf(`web:${user}`)
    expect(found).toBeDefined()
    n = await count(page)
    expect((await server.runtime.handoff.reply(found!.id, 'rina', 'Halo, saya Rina dari BP3MI.', 'api')).ok).toBe(true)
    await waitForBot(page, /saya Rina/, n)
    // The visitor leaves; the officer writes; the visitor comes back to the site.
    await page.goto('about:blank')
    expect((await server.runtime.handoff.reply(found!.id, 'rina', 'Kami sudah cek agensinya.', 'api')).ok).toBe(true)
    await server.runtime.handoff.idle()
    await page.goto(`${siteOrigin}/`)
    await widget(page).getByRole('button', { name: 'Tanya Disnaker' }).click()
    await waitForBot(page, /sudah cek agensinya/)
    expect((await botTexts(page)).filter((t) => /saya Rina/.test(t))).toHaveLength(1)
    n = await count(page)
    await server.runtime.handoff.close(found!.id, 'rina', 'api')
    await waitForBot(page, /\S/, n)
  })

  it('refuses a 100 KB message politely', async () => {
    const answer = await page.evaluate(async (url) => {
      const ws = new WebSocket(url.replace('http', 'ws') + '/webchat/ws')
      await new Promise((resolve) => (ws.onopen = resolve))
      ws.send(JSON.stringify({ hello: { user: 'big-message-test' } }))
      ws.send(JSON.stringify({ id: 'big', text: 'x'.repeat(100 * 1024) }))
      return new Promise<string>((resolve) => {
        ws.onmessage = (event) => {
          const value = JSON.parse(String(event.data)) as { replies?: Array<{ text: string }> }
          if (value.replies) resolve(value.replies[0]!.text)
        }
      })
    }, server.url)
    expect(answer).toMatch(/terlalu panjang/)
  })

  it('"new chat" starts over with a new browser id', async () => {
    const before = await page.evaluate(() => (globalThis as unknown as PageGlobals).__migrasiAmanChat.user())
    await widget(page).getByRole('button', { name: 'Chat baru' }).click()
    await waitForBot(page, /Apa yang Anda perlukan/)
    expect(await count(page)).toBeLessThanOrEqual(2)
    const after = await page.evaluate(() => (globalThis as unknown as PageGlobals).__migrasiAmanChat.user())
    expect(after).not.toBe(before)
  })

  it('"hapus data saya" deletes the data and the browser forgets its id and transcript', async () => {
    const before = await page.evaluate(() => (globalThis as unknown as PageGlobals).__migrasiAmanChat.user())
    let n = await count(page)
    await typeMessage(page, 'hapus data saya')
    await waitForBot(page, /Hapus semua data/, n)
    n = await count(page)
    await press(page, 'Ya, hapus')
    await waitForBot(page, /sudah dihapus/, n)
    await expect.poll(() => page.evaluate(() => (globalThis as unknown as PageGlobals).__migrasiAmanChat.user())).not.toBe(before)
    const stored = await page.evaluate(() => JSON.stringify((globalThis as unknown as { localStorage: { getItem(k: string): string | null } }).localStorage.getItem(Object.keys((globalThis as unknown as { localStorage: object }).localStorage)[0]!)))
    expect(stored).not.toContain(before)
    expect(stored).not.toContain('hapus data saya')
    await page.close()
  })

  it('falls back to HTTP when WebSockets are blocked', async () => {
    const blocked = await browser.newPage({ viewport: { width: 1280, height: 800 } })
    // A network that refuses WebSockets: every attempt fails before it opens.
    await blocked.addInitScript(() => {
      class Refused extends EventTarget {
        onopen: unknown = null
        onmessage: unknown = null
        onclose: ((event: unknown) => void) | null = null
        readyState = 3
        constructor() {
          super()
          setTimeout(() => this.onclose?.({ code: 1006 }), 10)
        }
        send(): void {}
        close(): void {}
      }
      ;(globalThis as unknown as { WebSocket: unknown }).WebSocket = Refused
    })
    await blocked.goto(`${siteOrigin}/`)
    await widget(blocked).getByRole('button', { name: 'Tanya Disnaker' }).click()
    await waitForBot(blocked, /Apa yang Anda perlukan/)
    let n = await count(blocked)
    await press(blocked, 'Cek P3MI / agen')
    await waitForBot(blocked, /\S/, n)
    n = await count(blocked)
    await typeMessage(blocked, 'menu')
    await waitForBot(blocked, /Apa yang Anda perlukan/, n)
    // A message that comes later (an officer's) arrives by long poll.
    const user = await blocked.evaluate(() => (globalThis as unknown as PageGlobals).__migrasiAmanChat.user())
    n = await count(blocked)
    server.channel.deliver(user, [{ text: 'Pesan dari petugas lewat HTTP.' }])
    await waitForBot(blocked, /lewat HTTP/, n)
    expect(server.handled.filter((i) => i.userId === user).length).toBe(3)
    await blocked.close()
  })

  it('a page on an origin not on the list cannot connect', async () => {
    const other = await browser.newPage()
    await other.goto(`http://localhost:${site.port}/`)
    const opened = await other.evaluate(async (url) => {
      const ws = new WebSocket(url.replace('http', 'ws') + '/webchat/ws')
      return new Promise<boolean>((resolve) => {
        ws.onopen = () => resolve(true)
        ws.onclose = () => resolve(false)
      })
    }, server.url)
    expect(opened).toBe(false)
    const turns = server.handled.length
    await widget(other).getByRole('button', { name: 'Tanya Disnaker' }).click()
    await expect.poll(() => widget(other).locator('.status').textContent(), { timeout: 10_000 }).toMatch(/terputus/)
    expect(await count(other)).toBe(0)
    expect(server.handled.length).toBe(turns)
    await other.close()
  })

  it('the full-page chat at /chat works on a 360-pixel phone under its Content-Security-Policy', async () => {
    const phone = await browser.newPage({ viewport: { width: 360, height: 740 } })
    const violations: string[] = []
    phone.on('console', (message) => {
      if (/Content.Security.Policy/i.test(message.text())) violations.push(message.text())
    })
    const response = await phone.goto(`${server.url}/chat`)
    expect(response?.headers()['content-security-policy']).toMatch(/script-src 'self'/)
    await waitForBot(phone, /Apa yang Anda perlukan/)
    const header = widget(phone).locator('header')
    expect(await header.evaluate((el) => (globalThis as unknown as PageGlobals).getComputedStyle(el).backgroundColor)).toBe('rgb(11, 110, 79)')
    const width = await phone.evaluate(() => (globalThis as unknown as PageGlobals).document.documentElement.scrollWidth)
    expect(width).toBeLessThanOrEqual(360)
    await phone.screenshot({ path: `${SHOTS}/chat-360.png` })
    expect(violations).toEqual([])
    await phone.close()
  })
})
