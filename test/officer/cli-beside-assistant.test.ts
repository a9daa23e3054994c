/**
 * Officer commands while the assistant runs (issue 15): `npm start` as a real process with no chat channel but an
 * officer account (so it serves the console), and `leads export` / `officers add` as real CLI processes beside it.
 * With the embedded store the CLI works through the assistant's admin socket (the data folder is the assistant's);
 * with Redis it connects to Redis itself. The account made by the CLI logs into the running console.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import net from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { OfficerAccounts } from '../../src/officer/accounts.ts'
import { ADMIN_INFO_FILE } from '../../src/officer/admin-socket.ts'
import { EmbeddedStore } from '../../src/store/embedded.ts'
import { RedisStore } from '../../src/store/redis.ts'
import type { Store } from '../../src/store/types.ts'
import { makeLead } from '../helpers/lead-fixtures.ts'
import { startRedis, type RedisServer } from '../helpers/redis-server.ts'

const folders: string[] = []
let redis: RedisServer | undefined
afterAll(async () => {
  await redis?.stop()
  for (const dir of folders) rmSync(dir, { recursive: true, force: true })
})

async function freePort(): Promise<number> {
  const probe = net.createServer()
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r))
  const port = (probe.address() as net.AddressInfo).port
  await new Promise((r) => probe.close(r))
  return port
}

function run(args: string[], env: Record<string, string>, stdin = ''): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', resolve('src/cli.ts'), ...args], { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
  child.stdin.end(stdin)
  return new Promise((done) => child.on('close', (code) => done({ code, stdout, stderr })))
}

/** Starts `src/main.ts`; resolves when it logged "assistant running". */
async function startAssistant(env: Record<string, string>): Promise<{ stop(): Promise<number | null>; log(): string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', resolve('src/main.ts')], { env: { ...process.env, LOG_LEVEL: 'info', ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  let log = ''
  child.stderr.on('data', (d: Buffer) => (log += d.toString()))
  child.stdout.on('data', (d: Buffer) => (log += d.toString()))
  const exited = new Promise<number | null>((done) => child.on('close', (code) => done(code)))
  await new Promise<void>((ready, fail) => {
    const check = setInterval(() => {
      if (log.includes('"assistant running"')) {
        clearInterval(check)
        ready()
      }
    }, 20)
    void exited.then((code) => {
      clearInterval(check)
      fail(new Error(`exited ${code} before running:\n${log}`))
    })
  })
  return {
    log: () => log,
    stop: async () => {
      child.kill('SIGTERM')
      return exited
    },
  }
}

/** Logs into the running console over HTTP; resolves the status of GET /console afterwards. */
async function consoleLogin(base: string, username: string, password: string): Promise<number> {
  const jar = new Map<string, string>()
  const keep = (response: Response) => {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';')
      const [name, ...value] = pair!.split('=')
      jar.set(name!, value.join('='))
    }
  }
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ')
  const page = await fetch(`${base}/console/login`)
  keep(page)
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())![1]!
  const login = await fetch(`${base}/console/login`, { method: 'POST', redirect: 'manual', headers: { cookie: cookie(), 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ _csrf: csrf, username, password }) })
  keep(login)
  expect(login.status).toBe(303)
  return (await fetch(`${base}/console`, { redirect: 'manual', headers: { cookie: cookie() } })).status
}

async function scenario(env: Record<string, string>, open: () => Promise<Store>, whileRunning: () => void = () => undefined): Promise<void> {
  // Before the start: one lead and one officer account (the console is on, no chat channel is configured).
  const store = await open()
  await store.upsertLead(makeLead({ id: 'beside-1', ref: 'MA-BESIDE', name: 'Siti Beside', userKey: 'telegram:4242', channel: 'telegram' }))
  await new OfficerAccounts(store).add('admin', 'admin', 'admin-password-123', 'test', Date.now())
  await store.close()

  const port = await freePort()
  const common = { ...env, PORT: String(port), METRICS_PORT: String(await freePort()), TELEGRAM_BOT_TOKEN: '', WHATSAPP_MODE: 'off', WEBCHAT_ALLOWED_ORIGINS: '', OFFICER_API_TOKENS: '', CONSOLE_ENABLED: '' }
  const assistant = await startAssistant(common)
  try {
    expect(assistant.log()).toContain('"console":true')
    whileRunning()
    const exported = await run(['leads', 'export'], common)
    expect(exported.stderr).toContain('1 lead(s) exported')
    expect(exported.code).toBe(0)
    expect(exported.stdout).toContain('MA-BESIDE')
    expect(exported.stdout).toContain('Siti Beside')

    const added = await run(['officers', 'add', 'rina', '--role', 'officer'], common, 'rina-password-123\n')
    expect(added.stderr + added.stdout).toContain('officer rina (officer) created')
    expect(added.code).toBe(0)
    const listed = await run(['officers', 'list'], common)
    expect(listed.stdout).toMatch(/^admin\tadmin\t/m)
    expect(listed.stdout).toMatch(/^rina\tofficer\t/m)
    // The running console knows the new account at once (accounts are in the store).
    expect(await consoleLogin(`http://127.0.0.1:${port}`, 'rina', 'rina-password-123')).toBe(200)
    // Nothing personal went into the assistant's log.
    expect(assistant.log()).not.toContain('Siti Beside')
  } finally {
    expect(await assistant.stop()).toBe(0)
  }
}

describe('officer commands beside a running assistant', () => {
  it('embedded store: leads export and officers add go through the assistant', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ma-beside-'))
    folders.push(dataDir)
    await scenario({ DATA_DIR: dataDir, REDIS_URL: '' }, async () => new EmbeddedStore({ dataDir }), () => {
      expect(statSync(join(dataDir, ADMIN_INFO_FILE)).mode & 0o777).toBe(0o600)
    })
    // The socket information was readable by this user only, and is gone after the shutdown.
    expect(() => statSync(join(dataDir, ADMIN_INFO_FILE))).toThrow()
  })

  it('Redis: leads export and officers add connect to Redis beside the assistant', async () => {
    redis = await startRedis()
    const dataDir = mkdtempSync(join(tmpdir(), 'ma-beside-'))
    folders.push(dataDir)
    await scenario({ DATA_DIR: dataDir, REDIS_URL: redis.url }, async () => {
      const store = new RedisStore({ url: redis!.url })
      await store.ready()
      return store
    })
  })
})
