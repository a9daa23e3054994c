/**
 * `npm start` as a real process: the listener on PORT serves /healthz, /readyz and /metrics next to a channel's
 * webhook (WhatsApp Cloud here, with dummy credentials and no network), logs are JSON lines, and SIGTERM shuts
 * it down cleanly with exit code 0.
 */
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs'
import net from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'

const dataDir = mkdtempSync(join(tmpdir(), 'ma-main-'))
afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

async function freePort(): Promise<number> {
  const probe = net.createServer()
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r))
  const port = (probe.address() as net.AddressInfo).port
  await new Promise((r) => probe.close(r))
  return port
}

describe('the assistant process', () => {
  it('serves /healthz and a bare /readyz on PORT, details and /metrics on METRICS_PORT (127.0.0.1), and shuts down cleanly on SIGTERM', async () => {
    const port = await freePort()
    const opsPort = await freePort()
    const child = spawn(process.execPath, ['--import', 'tsx', resolve('src/main.ts')], {
      env: {
        ...process.env,
        PORT: String(port),
        METRICS_PORT: String(opsPort),
        DATA_DIR: dataDir,
        LOG_LEVEL: 'info',
        REDIS_URL: '',
        TELEGRAM_BOT_TOKEN: '',
        WHATSAPP_MODE: 'cloud',
        WHATSAPP_ACCESS_TOKEN: 'dummy',
        WHATSAPP_PHONE_NUMBER_ID: '1',
        WHATSAPP_APP_SECRET: 'dummy',
        WHATSAPP_VERIFY_TOKEN: 'dummy',
        WHATSAPP_API_ROOT: 'http://127.0.0.1:9',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let log = ''
    child.stderr.on('data', (d: Buffer) => (log += d.toString()))
    child.stdout.on('data', (d: Buffer) => (log += d.toString()))
    const exited = new Promise<number | null>((done) => child.on('close', (code) => done(code)))
    try {
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
      const base = `http://127.0.0.1:${port}`
      expect(await (await fetch(`${base}/healthz`)).json()).toEqual({ status: 'ok' })
      // The log salt was generated into DATA_DIR, readable by this user only.
      expect(existsSync(join(dataDir, 'log-salt'))).toBe(true)
      expect(statSync(join(dataDir, 'log-salt')).mode & 0o777).toBe(0o600)
      const publicReady = await fetch(`${base}/readyz`)
      expect(publicReady.status).toBe(200)
      expect(await publicReady.json()).toEqual({ ready: true })
      expect((await fetch(`${base}/metrics`)).status).toBe(404)
      const opsBase = `http://127.0.0.1:${opsPort}`
      const ready = await fetch(`${opsBase}/readyz`)
      expect(ready.status).toBe(200)
      expect(await ready.json()).toMatchObject({ ready: true, store: { kind: 'embedded', ok: true }, channels: [{ name: 'whatsapp-cloud', ready: true }] })
      const metrics = await fetch(`${opsBase}/metrics`)
      expect(metrics.headers.get('content-type')).toMatch(/^text\/plain/)
      const body = await metrics.text()
      expect(body).toContain('migrasi_messages_in_flight 0')
      expect(body).toMatch(/^process_resident_memory_bytes /m)
      expect(body).toContain('migrasi_ready 1')
      expect(body).toContain('migrasi_store_up{store="embedded"} 1')
      expect(body).toMatch(/^migrasi_store_ping_seconds\{store="embedded"\} [\d.e-]+$/m)
      expect(body).toContain('migrasi_handoff_waiting 0')
      child.kill('SIGTERM')
      expect(await exited).toBe(0)
      const lines = log.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { msg: string; level: number })
      expect(lines.map((l) => l.msg)).toEqual(expect.arrayContaining(['assistant running', 'shutting down: stopping intake, finishing messages in flight', 'shut down cleanly']))
    } finally {
      child.kill('SIGKILL')
    }
  })
})
