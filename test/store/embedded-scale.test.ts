/**
 * The embedded store's sessions log (session-table.ts, append-log.ts): per-user lines, background rewrites that
 * keep what was written meanwhile, crash safety under kill -9 during turns, deletions and rewrites, and the
 * conversion of the former `sessions.json` snapshot.
 */
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import { EmbeddedStore, SESSIONS_FILE } from '../../src/store/embedded.ts'
import { makeSession } from './contract.ts'

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const TTL = { sessionTtlSeconds: 3_600, handledTtlSeconds: 3_600 }
const folders: string[] = []
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ma-embedded-scale-'))
  folders.push(dir)
  return dir
}
afterEach(() => {
  for (const dir of folders.splice(0)) fs.rmSync(dir, { recursive: true, force: true })
})

const sessionsOf = (dir: string): string => fs.readFileSync(path.join(dir, SESSIONS_FILE), 'utf8')

describe('embedded sessions log', () => {
  it('keeps what was written during a background rewrite, and a deletion leaves the disk once it resolves', async () => {
    const dir = tempDir()
    const store = new EmbeddedStore({ dataDir: dir })
    for (let i = 0; i < 20_000; i++) await store.setSession(`telegram:${i}`, makeSession({ updatedAt: 1 }), 3_600)
    const deleting = store.deleteUserData('telegram:0')
    // While the file is being rewritten: updates, a new user and another deletion.
    await store.setSession('telegram:1', makeSession({ updatedAt: 2 }), 3_600)
    await store.setSession('telegram:new', makeSession({ updatedAt: 3 }), 3_600)
    const second = store.deleteUserData('telegram:2')
    await new Promise((resolve) => setImmediate(resolve))
    await store.setSession('telegram:3', makeSession({ updatedAt: 4 }), 3_600)
    expect(await deleting).toEqual({ leads: 0, reports: 0, session: true })
    expect(await second).toEqual({ leads: 0, reports: 0, session: true })
    const content = sessionsOf(dir)
    expect(content).not.toContain('"telegram:0"')
    expect(content).not.toContain('"telegram:2"')
    await store.close()

    const reopened = new EmbeddedStore({ dataDir: dir })
    expect(await reopened.getSession('telegram:0')).toBeUndefined()
    expect(await reopened.getSession('telegram:2')).toBeUndefined()
    expect((await reopened.getSession('telegram:1'))?.updatedAt).toBe(2)
    expect((await reopened.getSession('telegram:new'))?.updatedAt).toBe(3)
    expect((await reopened.getSession('telegram:3'))?.updatedAt).toBe(4)
    expect((await reopened.getSession('telegram:19999'))?.updatedAt).toBe(1)
    await reopened.close()
  })

  it('after kill -9 during turns, deletions and rewrites, every user\'s session and handled ids agree', async () => {
    const dir = tempDir()
    const fixture = path.join(repoRoot, 'test/fixtures/embedded-turns.ts')
    const child = spawn(process.execPath, ['--import', 'tsx', fixture, dir], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] })
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
    let stderr = ''
    child.stderr.on('data', (data: Buffer) => {
      stderr += data.toString()
    })
    try {
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (data: Buffer) => {
          if (data.toString().includes('turning')) resolve()
        })
        child.once('exit', (code) => reject(new Error(`the fixture exited (${code}) early:\n${stderr}`)))
      })
      await new Promise((resolve) => setImmediate(resolve))
      child.kill('SIGKILL')
      await exited
    } finally {
      child.kill('SIGKILL')
    }

    const store = new EmbeddedStore({ dataDir: dir })
    let users = 0
    for (let i = 0; i < 500; i++) {
      const user = `telegram:${i}`
      const k = (await store.getSession(user))?.updatedAt
      if (k === undefined) {
        // Deleted (or never reached): nothing of the user may remain, not even a handled id.
        expect(await store.runTurn(user, 'm-1', async () => ({ value: 'ran' }), TTL)).toEqual({ duplicate: false, value: 'ran' })
        continue
      }
      users++
      expect(await store.runTurn(user, `m-${k}`, async () => ({ value: 'ran' }), TTL)).toEqual({ duplicate: true })
      expect(await store.runTurn(user, `m-${k + 1}`, async () => ({ value: 'ran' }), TTL)).toEqual({ duplicate: false, value: 'ran' })
    }
    expect(users).toBeGreaterThan(100)
    expect(fs.readdirSync(dir).filter((name) => name.startsWith('.tmp-'))).toEqual([])
    await store.close()
  })

  it('converts the sessions.json snapshot of earlier versions once, with handled ids', async () => {
    const dir = tempDir()
    const future = Date.now() + 3_600_000
    const snapshot = {
      v: 1,
      sessions: [['telegram:old', future, makeSession({ lang: 'en' })], ['telegram:gone', Date.now() - 1, makeSession()]],
      handled: [['telegram:old', future, ['upd-1', 'upd-2']]],
    }
    fs.writeFileSync(path.join(dir, 'sessions.json'), JSON.stringify(snapshot))
    const store = new EmbeddedStore({ dataDir: dir })
    expect((await store.getSession('telegram:old'))?.lang).toBe('en')
    expect(await store.getSession('telegram:gone')).toBeUndefined()
    expect(await store.runTurn('telegram:old', 'upd-2', async () => ({ value: 'ran' }), TTL)).toEqual({ duplicate: true })
    expect(fs.existsSync(path.join(dir, 'sessions.json'))).toBe(false)
    await store.close()
    const again = new EmbeddedStore({ dataDir: dir })
    expect((await again.getSession('telegram:old'))?.lang).toBe('en')
    await again.close()
  })
})
