/**
 * The console's door: login and logout, the session cookie's flags, idle timeout (fake clock), CSRF refusal, roles,
 * the login limit per account and per address, security headers, and the audit of logins.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { InjectBrowser, PASSWORD, startConsoleHarness, type ConsoleHarness } from '../helpers/console.ts'

let h: ConsoleHarness

beforeAll(async () => {
  h = await startConsoleHarness({ CONSOLE_IDLE_MINUTES: '30' })
})
afterAll(async () => {
  await h?.close()
})

describe('login and sessions', () => {
  it('sends a visitor without a session to the login page', async () => {
    const b = new InjectBrowser(h.http)
    const home = await b.get('/console')
    expect(home.status).toBe(303)
    expect(home.location).toBe('/console/login')
    const login = await b.get('/console/login')
    expect(login.status).toBe(200)
    expect(login.body).toContain('name="username"')
    expect(login.body).toContain('name="_csrf"')
  })

  it('logs in with a HttpOnly, SameSite=Strict cookie, shows the home page, and logs out', async () => {
    const b = new InjectBrowser(h.http)
    const done = await b.login('rina')
    expect(done.status).toBe(303)
    const setCookie = String(done.headers['set-cookie'])
    expect(setCookie).toMatch(/ma_console=[^;]+;.*HttpOnly/i)
    expect(setCookie).toMatch(/SameSite=Strict/i)
    expect(setCookie).not.toMatch(/Secure/i)
    const home = await b.get('/console')
    expect(home.status).toBe(200)
    expect(home.body).toContain('rina')
    expect(home.headers['content-security-policy']).toContain("script-src 'self'")
    expect(home.headers['x-frame-options']).toBeDefined()
    expect(home.headers['cache-control']).toBe('no-store')
    const out = await b.post('/console/logout')
    expect(out.status).toBe(303)
    expect((await b.get('/console')).status).toBe(303)
  })

  it('marks the cookie Secure behind a trusted TLS proxy', async () => {
    const proxied = await startConsoleHarness({ CONSOLE_ENABLED: 'true' })
    try {
      // The harness's listener trusts no proxy: X-Forwarded-Proto is ignored.
      const b = new InjectBrowser(proxied.http)
      const plain = await b.login('rina')
      expect(String(plain.headers['set-cookie'])).not.toMatch(/Secure/i)
    } finally {
      await proxied.close()
    }
    const { createHttpServer } = await import('../../src/http/server.ts')
    const { startConsole } = await import('../../src/officer/start.ts')
    const http = createHttpServer(h.runtime.logger, { trustProxy: true })
    await startConsole(h.runtime, http)
    const b = new InjectBrowser(http)
    await b.get('/console/login', { 'x-forwarded-proto': 'https' })
    const done = await b.post('/console/login', { username: 'rina', password: PASSWORD }, { 'x-forwarded-proto': 'https' })
    expect(done.status).toBe(303)
    expect(String(done.headers['set-cookie'])).toMatch(/ma_console=[^;]+;.*Secure/i)
    await http.close()
  })

  it('ends a session after the idle time (fake clock)', async () => {
    const b = new InjectBrowser(h.http)
    await b.login('rina')
    h.clock.now += 29 * 60_000
    expect((await b.get('/console')).status).toBe(200)
    h.clock.now += 29 * 60_000
    expect((await b.get('/console')).status).toBe(200)
    h.clock.now += 31 * 60_000
    const after = await b.get('/console')
    expect(after.status).toBe(303)
    expect(after.location).toBe('/console/login')
  })

  it('refuses a wrong password with a clear message and audits it without the typed text', async () => {
    const b = new InjectBrowser(h.http, '10.0.0.9')
    const wrong = await b.login('vina', 'salah-sekali-123')
    expect(wrong.status).toBe(401)
    expect(wrong.body).toContain('Nama pengguna atau kata sandi salah.')
    const unknown = await b.login('Kata Sandi Rahasia', 'salah-sekali-123')
    expect(unknown.status).toBe(401)
    const log = await h.services.audit.list()
    expect(log.some((e) => e.action === 'login_failed' && e.officer === 'vina')).toBe(true)
    expect(JSON.stringify(log)).not.toContain('rahasia')
    expect(JSON.stringify(log)).not.toContain('salah-sekali')
    await h.services.limiter.succeed('vina')
  })
})

describe('CSRF', () => {
  it('refuses a login and a logout without the token, and keeps the session', async () => {
    const b = new InjectBrowser(h.http)
    await b.get('/console/login')
    const noToken = await b.post('/console/login', { username: 'rina', password: PASSWORD, _csrf: '' })
    expect(noToken.status).toBe(403)
    expect(noToken.body).toContain('kedaluwarsa')
    const forged = await b.post('/console/login', { username: 'rina', password: PASSWORD, _csrf: 'forged-token' })
    expect(forged.status).toBe(403)
    await b.login('rina')
    const out = await b.post('/console/logout', { _csrf: '' })
    expect(out.status).toBe(403)
    expect((await b.get('/console')).status).toBe(200)
  })
})

describe('login limit', () => {
  it('locks an account after five wrong passwords, says how long, and opens again later (fake clock)', async () => {
    const b = new InjectBrowser(h.http, '10.0.0.20')
    for (let i = 1; i <= 4; i++) expect((await b.login('admin', `wrong-password-${i}`)).status).toBe(401)
    const fifth = await b.login('admin', 'wrong-password-5')
    expect(fifth.status).toBe(429)
    expect(fifth.body).toContain('Terlalu banyak percobaan masuk yang salah')
    expect(fifth.body).toMatch(/15 menit/)
    // Even the right password waits, from any address.
    const other = new InjectBrowser(h.http, '10.0.0.21')
    expect((await other.login('admin')).status).toBe(429)
    h.clock.now += 16 * 60_000
    expect((await other.login('admin')).status).toBe(303)
    const log = await h.services.audit.list()
    expect(log.filter((e) => e.officer === 'admin' && e.action === 'login_failed').length).toBeGreaterThanOrEqual(5)
    expect(log.some((e) => e.officer === 'admin' && e.action === 'login_refused')).toBe(true)
  })

  it('refuses an address that tries many accounts', async () => {
    const b = new InjectBrowser(h.http, '10.0.0.30')
    let last = 0
    for (let i = 0; i < 20; i++) last = (await b.login(`nobody${i}`, 'wrong-password')).status
    expect(last).toBe(429)
    expect((await b.login('rina')).status).toBe(429)
    expect((await new InjectBrowser(h.http, '10.0.0.31').login('rina')).status).toBe(303)
    h.clock.now += 16 * 60_000
  })
})

describe('roles and language', () => {
  it('answers 401 to a POST without a session and 404 to an unknown page, in a page', async () => {
    const b = new InjectBrowser(h.http)
    await b.get('/console/login')
    expect((await b.post('/console/logout')).status).toBe(303)
    const lost = await b.login('rina')
    expect(lost.status).toBe(303)
    const missing = await b.get('/console/no-such-page')
    expect(missing.status).toBe(404)
    expect(missing.body).toContain('Halaman tidak ditemukan')
  })

  it('switches the language to English and back, only to console addresses', async () => {
    const b = new InjectBrowser(h.http)
    await b.login('vina')
    const to = await b.get('/console/lang?to=en&back=%2Fconsole')
    expect(to.location).toBe('/console')
    expect((await b.get('/console')).body).toContain('Welcome, vina.')
    const evil = await b.get('/console/lang?to=id&back=https%3A%2F%2Fevil.example')
    expect(evil.location).toBe('/console')
    expect((await b.get('/console')).body).toContain('Selamat datang, vina.')
  })
})

describe('LoginLimiter (fake clock)', () => {
  it('counts failures within the window only, locks at the limit, and sweeps old counts', async () => {
    const { LoginLimiter } = await import('../../src/officer/login-limit.ts')
    const { EmbeddedStore } = await import('../../src/store/embedded.ts')
    const store = new EmbeddedStore({})
    const limiter = new LoginLimiter(store, { perAccount: 3, perIp: 100, windowMs: 60_000, lockMs: 120_000 })
    let t = 1_000_000
    expect(await limiter.fail('sari', '1.2.3.4', t)).toBeUndefined()
    expect(await limiter.fail('sari', '1.2.3.4', (t += 30_000))).toBeUndefined()
    // The first failure left the window: still two in it.
    expect(await limiter.fail('sari', '1.2.3.4', (t += 31_000))).toBeUndefined()
    expect(await limiter.fail('sari', '1.2.3.4', (t += 1_000))).toBe(t + 120_000)
    expect(await limiter.lockedUntil('sari', '9.9.9.9', t + 119_999)).toBe(t + 120_000)
    expect(await limiter.lockedUntil('sari', '9.9.9.9', t + 120_000)).toBeUndefined()
    await limiter.fail('ghost', '1.2.3.4', t)
    await limiter.sweep(t + 200_000)
    expect(await store.kvKeys('officer:login-fail:')).toEqual([])
    await store.close()
  })
})
