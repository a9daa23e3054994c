/**
 * The officer console on a test runtime (the real content, gate, handoff service and an in-memory embedded store,
 * or the store given), with a fake clock and officer accounts made up for the test; plus a tiny cookie-keeping
 * browser over `fastify.inject` for tests that need no real Chromium.
 */
import type { Store } from '../../src/store/types.ts'
import { createHttpServer, type HttpServer } from '../../src/http/server.ts'
import { OfficerAccounts } from '../../src/officer/accounts.ts'
import type { ConsoleServices } from '../../src/officer/console.ts'
import type { Role } from '../../src/officer/roles.ts'
import { startConsole } from '../../src/officer/start.ts'
import { EmbeddedStore } from '../../src/store/embedded.ts'
import { testRuntime, type TestRuntime } from './whatsapp-runtime.ts'

export const PASSWORD = 'kata-sandi-uji-123'

export interface ConsoleHarness {
  runtime: TestRuntime
  http: HttpServer
  services: ConsoleServices
  clock: { now: number }
  close(): Promise<void>
}

/** Accounts: `admin` (admin), `rina` (officer), `vina` (viewer), all with `PASSWORD`. */
export async function startConsoleHarness(env: Record<string, string> = {}, store: Store = new EmbeddedStore({})): Promise<ConsoleHarness> {
  const runtime = testRuntime({ CONSOLE_ENABLED: 'true', ...env }, store)
  const clock = { now: Date.parse('2025-12-10T03:00:00Z') }
  const accounts = new OfficerAccounts(runtime.store)
  for (const [name, role] of [['admin', 'admin'], ['rina', 'officer'], ['vina', 'viewer']] as const satisfies readonly [string, Role][]) {
    if (!(await accounts.get(name))) await accounts.add(name, role, PASSWORD, 'test', clock.now)
  }
  const http = createHttpServer(runtime.logger)
  const services = await startConsole(runtime, http, { now: () => clock.now })
  if (!services) throw new Error('console did not start')
  return {
    runtime,
    http,
    services,
    clock,
    async close() {
      await http.close()
      await runtime.close()
    },
  }
}

export interface Answer {
  status: number
  body: string
  headers: Record<string, string | string[] | number | undefined>
  location?: string
}

/** A browser over `inject`: keeps cookies, reads the CSRF token of the last page. */
export class InjectBrowser {
  readonly cookies = new Map<string, string>()
  csrf = ''
  constructor(
    private readonly http: HttpServer,
    private readonly ip = '127.0.0.1',
  ) {}

  async get(url: string, headers: Record<string, string> = {}): Promise<Answer> {
    return this.#send('GET', url, undefined, headers)
  }

  /** A form post; `_csrf` is added from the last page unless given (pass `_csrf: ''` to leave it out). */
  async post(url: string, form: Record<string, string | string[]> = {}, headers: Record<string, string> = {}): Promise<Answer> {
    const fields = { _csrf: this.csrf, ...form }
    const body = new URLSearchParams()
    for (const [k, v] of Object.entries(fields)) {
      if (k === '_csrf' && v === '') continue
      for (const one of Array.isArray(v) ? v : [v]) body.append(k, one)
    }
    return this.#send('POST', url, body.toString(), { 'content-type': 'application/x-www-form-urlencoded', ...headers })
  }

  /** Logs in (reading the login page's token first); resolves the login POST's answer. */
  async login(username: string, password = PASSWORD): Promise<Answer> {
    await this.get('/console/login')
    return this.post('/console/login', { username, password })
  }

  async #send(method: 'GET' | 'POST', url: string, payload: string | undefined, headers: Record<string, string>): Promise<Answer> {
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ')
    const response = await this.http.inject({ method, url, remoteAddress: this.ip, headers: { ...(cookie ? { cookie } : {}), ...headers }, ...(payload !== undefined ? { payload } : {}) })
    for (const c of response.cookies as Array<{ name: string; value: string; maxAge?: number; expires?: Date }>) {
      if (c.value === '' || c.maxAge === 0 || (c.expires && c.expires.getTime() < Date.now())) this.cookies.delete(c.name)
      else this.cookies.set(c.name, c.value)
    }
    const token = /name="_csrf" value="([^"]+)"/.exec(response.body)?.[1]
    if (token) this.csrf = token
    const location = response.headers.location
    return { status: response.statusCode, body: response.body, headers: response.headers, ...(typeof location === 'string' ? { location } : {}) }
  }
}
