/**
 * Debian's Chromium for the browser tests (the `*.browser.test.ts` files), driven by playwright-core, which downloads
 * no browser; and the officer console's login form as a person fills it.
 */
import { chromium, type Browser, type Page } from 'playwright-core'

/** The flags every browser test runs Chromium with (no sandbox in containers, nothing fetched from the network). */
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS })
}

/** Fills in and sends `/console/login` (the caller checks where it lands). */
export async function fillConsoleLogin(page: Page, base: string, username: string, password: string): Promise<void> {
  await page.goto(`${base}/console/login`)
  await page.getByLabel('Nama pengguna').fill(username)
  await page.getByLabel('Kata sandi').fill(password)
  await page.getByRole('button', { name: 'Masuk' }).click()
}
