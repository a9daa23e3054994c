/**
 * The officer console in a real headless Chromium (Debian's /usr/bin/chromium through playwright-core): log in,
 * filter leads that users left through the engine, export the CSV and read it, answer a handoff case in the inbox
 * and see the reply reach the user; a viewer cannot export; five wrong passwords lock the account; a form without
 * its CSRF token is refused; every page fits a 360-pixel phone. Screenshots go to test-output/screenshots/ (ignored
 * by git).
 */
import { mkdirSync, readFileSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { parse } from 'csv-parse/sync'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Reply } from '../../src/engine/types.ts'
import { PASSWORD, startConsoleHarness, type ConsoleHarness } from '../helpers/console.ts'
import { fillConsoleLogin, launchChromium } from '../helpers/chromium.ts'

/** What the tests read of a page's globals (the project compiles without the DOM library). */
interface PageGlobals {
  document: { documentElement: { scrollWidth: number; clientWidth: number }; querySelector(s: string): { remove(): void } | null }
}

const SHOTS = 'test-output/screenshots'
let browser: Browser
let h: ConsoleHarness
let base = ''
let n = 0
const sent: Array<{ userId: string; replies: Reply[] }> = []

async function say(userId: string, text: string, now: number): Promise<Reply[]> {
  return h.runtime.gate.handle({ channel: 'whatsapp', userId, messageId: `m${++n}`, text, now: now + n })
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true })
  h = await startConsoleHarness({ OFFICER_API_TOKENS: `rina:${'r'.repeat(32)}` })
  h.runtime.handoff.registerSender('whatsapp', { send: async (userId, replies) => void sent.push({ userId, replies }) })
  // Two users leave training leads through the whole conversation.
  const leads: Array<[string, string, string, string, string, string, string]> = [
    ['6281233334444@s.whatsapp.net', 'Budi Santoso', '081233334444', 'Jawa Timur', 'Kota Surabaya', 'Korea Selatan', '2025-12-01T03:00:00Z'],
    ['6281255556666@s.whatsapp.net', 'Siti Aminah', '081255556666', 'Jawa Barat', 'Kota Bandung', 'Jepang', '2025-12-05T03:00:00Z'],
  ]
  for (const [user, name, phone, province, regency, destination, at] of leads) {
    for (const text of ['halo', '4', 'ya', name, phone, '30', province, regency, '3', '1', destination, '1']) await say(user, text, Date.parse(at))
  }
  await h.http.listen({ port: 0, host: '127.0.0.1' })
  base = `http://127.0.0.1:${(h.http.server.address() as AddressInfo).port}`
  browser = await launchChromium()
})
afterAll(async () => {
  await browser?.close()
  await h?.close()
})

async function login(page: Page, username: string, password = PASSWORD): Promise<void> {
  await fillConsoleLogin(page, base, username, password)
}

async function fitsWidth(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const root = (globalThis as unknown as PageGlobals).document.documentElement
    return root.scrollWidth <= root.clientWidth
  })
}

describe('officer console in Chromium', () => {
  it('an officer logs in, filters leads, exports the CSV and reads it', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true })
    const page = await context.newPage()
    await page.goto(`${base}/console`)
    expect(page.url()).toBe(`${base}/console/login`)
    await page.screenshot({ path: `${SHOTS}/console-login.png` })
    await login(page, 'rina')
    await expect.poll(() => page.url()).toBe(`${base}/console`)
    await page.getByRole('link', { name: 'Lead pelatihan' }).click()
    await expect.poll(() => page.locator('tbody tr').count()).toBe(2)
    await page.getByLabel('Provinsi').selectOption('Jawa Timur')
    await page.getByRole('button', { name: 'Terapkan' }).click()
    await expect.poll(() => page.locator('tbody tr').count()).toBe(1)
    expect(await page.locator('tbody').textContent()).toContain('Budi Santoso')
    expect(page.url()).toContain('province=Jawa+Timur')
    expect(page.url()).not.toContain('Budi')
    await page.screenshot({ path: `${SHOTS}/console-leads.png`, fullPage: true })
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /^Ekspor/ }).click()])
    const rows = parse(readFileSync((await download.path())!), { bom: true, columns: true }) as Record<string, string>[]
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({ Nama: 'Budi Santoso', 'Nomor HP': "'+6281233334444", Provinsi: 'Jawa Timur', 'Negara tujuan': 'Korea Selatan' })
    expect((await h.services.audit.list())[0]).toMatchObject({ officer: 'rina', action: 'export', rows: 1, filter: 'province=Jawa Timur' })
    await page.getByRole('link', { name: 'Log audit' }).click()
    expect(await page.locator('tbody').textContent()).toContain('province=Jawa Timur')
    await page.screenshot({ path: `${SHOTS}/console-audit.png`, fullPage: true })
    await context.close()
  })

  it('an officer answers a handoff case in the inbox and the reply reaches the user', async () => {
    const user = '6281299990000@s.whatsapp.net'
    const now = Date.parse('2025-12-09T03:00:00Z')
    await say(user, 'halo', now)
    await say(user, 'saya mau bicara dengan petugas', now)
    await say(user, 'ya', now)
    await h.runtime.handoff.idle()
    const [found] = await h.runtime.handoff.cases.list('active')
    expect(found).toBeDefined()
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } })
    const page = await context.newPage()
    await login(page, 'rina')
    await page.getByRole('link', { name: 'Kotak masuk' }).click()
    await page.getByRole('link', { name: found!.ref }).click()
    // A message of the user while the page is open arrives live (server-sent events reload the page).
    await say(user, 'paspor saya ditahan agen', now)
    await h.runtime.handoff.idle()
    await expect.poll(() => page.locator('.transcript').last().textContent(), { timeout: 10_000 }).toContain('paspor saya ditahan agen')
    await page.getByLabel('Balasan untuk pengguna').fill('Halo, saya Rina dari BP3MI. Anda aman sekarang?')
    await page.getByRole('button', { name: 'Kirim balasan' }).click()
    await expect.poll(() => page.locator('.message.ok').textContent()).toContain('Balasan terkirim')
    await h.runtime.handoff.idle()
    expect(sent.some((s) => s.userId === user && s.replies.some((r) => r.text.includes('saya Rina dari BP3MI')))).toBe(true)
    expect(await page.locator('.transcript').last().textContent()).toContain('saya Rina dari BP3MI')
    await page.screenshot({ path: `${SHOTS}/console-inbox-case.png`, fullPage: true })
    await context.close()
  })

  it('a viewer sees no personal data and cannot export', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } })
    const page = await context.newPage()
    await login(page, 'vina')
    await page.goto(`${base}/console/leads`)
    expect(await page.locator('tbody tr').count()).toBe(2)
    expect(await page.content()).not.toContain('Budi Santoso')
    expect(await page.getByRole('button', { name: /^Ekspor/ }).count()).toBe(0)
    expect(await page.getByRole('link', { name: 'Kotak masuk' }).count()).toBe(0)
    // Even a hand-made request with a valid token is refused.
    const token = await page.evaluate(async () => (await (await fetch('/console/leads')).text()).match(/name="_csrf" value="([^"]+)"/)?.[1] ?? '')
    const status = await page.evaluate(async (csrf: string) => (await fetch('/console/leads/export', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-csrf-token': csrf }, body: 'format=csv' })).status, token)
    expect(status).toBe(403)
    await context.close()
  })

  it('a form sent without its CSRF token is refused and explained', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } })
    const page = await context.newPage()
    await login(page, 'rina')
    await page.goto(`${base}/console/leads`)
    const before = (await h.services.audit.list()).length
    await page.evaluate(() => (globalThis as unknown as PageGlobals).document.querySelector('form.actions input[name="_csrf"]')?.remove())
    await page.getByRole('button', { name: /^Ekspor/ }).click()
    await expect.poll(() => page.locator('.message').textContent()).toContain('kedaluwarsa')
    expect((await h.services.audit.list()).length).toBe(before)
    await context.close()
  })

  it('five wrong passwords lock the account with a clear message', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } })
    const page = await context.newPage()
    for (let i = 1; i <= 4; i++) {
      await login(page, 'admin', `wrong-password-${i}`)
      expect(await page.locator('.message.error').textContent()).toContain('Nama pengguna atau kata sandi salah.')
    }
    await login(page, 'admin', 'wrong-password-5')
    expect(await page.locator('.message.error').textContent()).toContain('Terlalu banyak percobaan masuk yang salah')
    await login(page, 'admin')
    expect(await page.locator('.message.error').textContent()).toContain('coba lagi dalam 15 menit')
    expect(page.url()).toBe(`${base}/console/login`)
    await page.screenshot({ path: `${SHOTS}/console-login-locked.png` })
    h.clock.now += 16 * 60_000
    await login(page, 'admin')
    await expect.poll(() => page.url()).toBe(`${base}/console`)
    await context.close()
  })

  it('fits a 360-pixel phone screen, in Indonesian and English', async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true })
    const page = await context.newPage()
    await page.goto(`${base}/console/login`)
    expect(await fitsWidth(page)).toBe(true)
    await login(page, 'rina')
    await expect.poll(() => page.url()).toBe(`${base}/console`)
    for (const [path, name] of [['/console', 'home'], ['/console/leads', 'leads'], ['/console/reports', 'reports'], ['/console/inbox', 'inbox'], ['/console/audit', 'audit']] as const) {
      await page.goto(`${base}${path}`)
      expect(await fitsWidth(page), `${path} is wider than 360 px`).toBe(true)
      await page.screenshot({ path: `${SHOTS}/console-360-${name}.png`, fullPage: true })
    }
    await page.getByRole('link', { name: 'EN', exact: true }).click()
    await expect.poll(() => page.locator('h1').textContent()).toBe('Audit log')
    expect(await fitsWidth(page)).toBe(true)
    await page.screenshot({ path: `${SHOTS}/console-360-audit-en.png`, fullPage: true })
    await context.close()
  })
})
