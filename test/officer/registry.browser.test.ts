/**
 * The console's registry upload in a real headless Chromium (Debian's /usr/bin/chromium through playwright-core):
 * an officer picks a CSV with errors and sees every error with its line and column while nothing changes; then a
 * good file, its preview, the confirmation, and the registry date on the page. Screenshots go to
 * test-output/screenshots/ (kept out of git).
 */
import { mkdirSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PASSWORD, startConsoleHarness, type ConsoleHarness } from '../helpers/console.ts'
import { fictionalRegistryRows, registryCsv } from '../helpers/fictional-registry.ts'
import { fillConsoleLogin, launchChromium } from '../helpers/chromium.ts'

const SHOTS = 'test-output/screenshots'
const AS_OF = '2025-12-01'
let browser: Browser
let h: ConsoleHarness
let dataDir = ''
let base = ''

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true })
  dataDir = await mkdtemp(join(os.tmpdir(), 'migrasi-registry-browser-'))
  h = await startConsoleHarness({ DATA_DIR: dataDir })
  // Publishing validates the content as of the console's clock: FAQ review dates may not lie after it.
  h.clock.now = Date.parse('2026-12-10T03:00:00Z')
  await h.http.listen({ port: 0, host: '127.0.0.1' })
  base = `http://127.0.0.1:${(h.http.server.address() as AddressInfo).port}`
  browser = await launchChromium()
})
afterAll(async () => {
  await browser?.close()
  await h?.runtime.follower.close()
  await h?.close()
  if (dataDir) await rm(dataDir, { recursive: true, force: true })
})

async function login(page: Page): Promise<void> {
  await fillConsoleLogin(page, base, 'rina', PASSWORD)
  await expect.poll(() => page.url()).toBe(`${base}/console`)
}

async function pick(page: Page, name: string, text: string): Promise<void> {
  await page.goto(`${base}/console/registry`)
  await page.getByLabel(/Tanggal daftar/).fill(AS_OF)
  await page.getByLabel(/Berkas CSV/).setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(text) })
  await page.getByRole('button', { name: 'Periksa' }).click()
}

describe('registry upload in Chromium', () => {
  it('shows every error with its line and column and changes nothing; a good file is previewed, then published', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } })
    const page = await context.newPage()
    await login(page)

    await pick(page, 'rusak.csv', 'nama_p3mi;nomor_sip3mi;status;berlaku_sampai\nPT Contoh Satu Fiktif;FIK.1;aktiv;2027-12-31\nPT Contoh Dua Fiktif;FIK.2;aktif;31/02/2027\n')
    await expect.poll(() => page.locator('body').textContent()).toContain('Tidak ada yang berubah')
    const errors = await page.locator('main').textContent()
    expect(errors).toContain('3 (C)')
    expect(errors).toContain('4 (D)')
    expect(await page.getByRole('button', { name: /Terbitkan/ }).count()).toBe(0)
    await page.screenshot({ path: `${SHOTS}/console-registry-errors.png`, fullPage: true })
    expect(await h.runtime.versions.list()).toEqual([])

    const rows = fictionalRegistryRows(50)
    await pick(page, 'daftar.csv', registryCsv(rows))
    await expect.poll(() => page.locator('body').textContent()).toContain('Belum ada yang berubah')
    expect(await page.locator(`[data-total="${rows.length}"]`).count()).toBeGreaterThan(0)
    await page.screenshot({ path: `${SHOTS}/console-registry-preview.png`, fullPage: true })
    expect(await h.runtime.versions.list()).toEqual([])

    await page.getByRole('button', { name: /Terbitkan/ }).click()
    await expect.poll(() => page.locator('body').textContent()).toContain('versi konten 1')
    expect(await h.runtime.versions.list()).toEqual([expect.objectContaining({ number: 1, kind: 'registry', by: 'console:rina', registry: { asOf: AS_OF, rows: rows.length } })])
    await context.close()
  })
})
