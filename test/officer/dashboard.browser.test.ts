/**
 * The officer console's data pages in a real headless Chromium (Debian's `chromium`, driven by playwright-core):
 * chats sent through the web chat's JSON endpoint (a lead, an FAQ fallback, an emergency) become the dashboard's
 * charts (canvases really drawn), the page fits a 360-pixel phone, and "try a question" answers on the content health
 * page. Screenshots go to test-output/screenshots/ (kept out of git).
 */
import { mkdirSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startWeb, type WebChannel } from '../../src/channels/web/index.ts'
import { createHttpServer, type HttpServer } from '../../src/http/server.ts'
import { OfficerAccounts } from '../../src/officer/accounts.ts'
import { startConsole } from '../../src/officer/start.ts'
import { EmbeddedStore } from '../../src/store/embedded.ts'
import { PASSWORD } from '../helpers/console.ts'
import { testRuntime, type TestRuntime } from '../helpers/whatsapp-runtime.ts'
import { fillConsoleLogin, launchChromium } from '../helpers/chromium.ts'

/** What the tests read of a page's globals (the project compiles without the DOM library). */
interface PageGlobals {
  document: {
    documentElement: { scrollWidth: number }
    querySelectorAll(selector: string): ArrayLike<{ width: number; height: number; getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> } } }>
  }
}

const SHOTS = 'test-output/screenshots'
const ORIGIN = 'https://disnaker.example.go.id'
let browser: Browser
let runtime: TestRuntime
let http: HttpServer
let web: WebChannel
let base = ''

async function chat(user: string, texts: readonly string[]): Promise<void> {
  for (const text of texts) {
    const response = await fetch(`${base}/webchat/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: ORIGIN },
      body: JSON.stringify({ user, text }),
    })
    expect(response.status).toBe(200)
  }
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true })
  runtime = testRuntime({ CONSOLE_ENABLED: 'true' }, new EmbeddedStore({}))
  http = createHttpServer(runtime.logger)
  web = await startWeb({ runtime, http, origins: ORIGIN, limits: { perId: { perMinute: 600, burst: 100 } } })
  await new OfficerAccounts(runtime.store).add('rina', 'officer', PASSWORD, 'test', Date.now())
  await startConsole(runtime, http)
  await http.listen({ port: 0, host: '127.0.0.1' })
  base = `http://127.0.0.1:${(http.server.address() as AddressInfo).port}`
  // Chats through the web chat's JSON endpoint: a training lead, a question nobody can answer, an emergency.
  await chat('browser-lead-0001', ['halo', '4', 'ya', 'Ani', '081234567890', '25', 'jawa timur', 'surabaya', 'smk', '1', 'jepang', 'benar'])
  await chat('browser-faq-00001', ['qwerty zxcv blorf snarg'])
  await chat('browser-sos-00001', ['tolong'])
  await runtime.gate.flushStats()
  browser = await launchChromium()
})
afterAll(async () => {
  await browser?.close()
  await web?.stop()
  await http?.close()
  await runtime?.close()
})

async function login(page: Page): Promise<void> {
  await fillConsoleLogin(page, base, 'rina', PASSWORD)
  await page.waitForURL(`${base}/console`)
}

/** How many of the page's chart canvases have at least one painted pixel. */
async function paintedCanvases(page: Page): Promise<{ canvases: number; painted: number }> {
  return page.evaluate(() => {
    const canvases = Array.from((globalThis as unknown as PageGlobals).document.querySelectorAll('canvas[data-chart]'))
    const painted = canvases.filter((canvas) => {
      if (canvas.width === 0 || canvas.height === 0) return false
      const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data
      for (let i = 3; i < pixels.length; i += 4) if (pixels[i]! > 0) return true
      return false
    })
    return { canvases: canvases.length, painted: painted.length }
  })
}

describe('officer console data pages in Chromium', () => {
  it('logs in and sees the dashboard charts drawn from the chats, also on a 360-pixel phone', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
    await login(page)
    await page.getByRole('link', { name: 'Dasbor' }).click()
    await page.waitForSelector('#dashboard[data-drawn]')
    expect(await page.getAttribute('#dashboard', 'data-drawn')).not.toBe('error')
    const { canvases, painted } = await paintedCanvases(page)
    expect(canvases).toBeGreaterThanOrEqual(12)
    expect(painted).toBe(canvases)
    // The totals come from the chats above.
    const totals = await page.locator('.cards.totals').innerText()
    expect(totals).toMatch(/Minat pelatihan \(lead\)\s*1/)
    expect(totals).toMatch(/Darurat\s*1/)
    await expect.poll(() => page.locator('h3', { hasText: 'training' }).count()).toBeGreaterThan(0)
    await page.screenshot({ path: `${SHOTS}/dashboard-1280.png`, fullPage: true })

    await page.setViewportSize({ width: 360, height: 780 })
    await page.reload()
    await page.waitForSelector('#dashboard[data-drawn]')
    const width = await page.evaluate(() => (globalThis as unknown as PageGlobals).document.documentElement.scrollWidth)
    expect(width).toBeLessThanOrEqual(360)
    expect((await paintedCanvases(page)).painted).toBe(canvases)
    await page.screenshot({ path: `${SHOTS}/dashboard-360.png`, fullPage: true })

    // A backwards range: a clear message, no charts.
    await page.getByLabel('Dari').fill('2026-12-31')
    await page.getByLabel('Sampai').fill('2026-01-01')
    await page.getByRole('button', { name: 'Tampilkan' }).click()
    await expect.poll(() => page.getByRole('alert').innerText()).toMatch(/Rentang tanggal terbalik/)
    expect(await page.locator('canvas').count()).toBe(0)
    await page.close()
  })

  it('groups the unanswered question and tries a question on the content health page', async () => {
    const page = await browser.newPage({ viewport: { width: 360, height: 780 } })
    await login(page)
    await page.goto(`${base}/console/questions`)
    expect(await page.locator('.groups > li').first().innerText()).toContain('qwerty')
    await page.screenshot({ path: `${SHOTS}/questions-360.png`, fullPage: true })

    await page.goto(`${base}/console/health`)
    await page.getByLabel('Coba sebuah pertanyaan').fill('saya dipukul majikan')
    await page.getByRole('button', { name: 'Coba', exact: true }).click()
    const result = page.locator('#try-result')
    await expect.poll(() => result.innerText()).toMatch(/violence/)
    await page.screenshot({ path: `${SHOTS}/health-360.png`, fullPage: true })
    await page.close()
  })
})
