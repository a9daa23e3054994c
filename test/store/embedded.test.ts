import { spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import { DataDirInUseError } from '../../src/store/data-dir-lock.ts'
import { diskError } from '../../src/store/durable-files.ts'
import { EmbeddedStore, SESSIONS_FILE, type EmbeddedStoreOptions } from '../../src/store/embedded.ts'
import { kvFileName } from '../../src/store/kv-folder.ts'
import { appendHandled } from '../../src/store/session-table.ts'
import { StoreUnavailableError } from '../../src/store/types.ts'
import { makeLead, makeReport, makeSession, runStoreContract, type StoreHarness } from './contract.ts'

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const T0 = 1_700_000_000_000

const folders: string[] = []
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ma-embedded-'))
  folders.push(dir)
  return dir
}
afterEach(() => {
  for (const dir of folders.splice(0)) fs.rmSync(dir, { recursive: true, force: true })
})

function harness(options: EmbeddedStoreOptions): StoreHarness {
  let now = T0
  const warnings: string[] = []
  const store = new EmbeddedStore({ ...options, now: () => now, onWarning: (message) => warnings.push(message) })
  return {
    store,
    time: { kind: 'fake', advance: (ms) => void (now += ms) },
    now: () => now,
    close: async () => {
      await store.close()
      expect(warnings).toEqual([])
    },
  }
}

runStoreContract('EmbeddedStore in memory', async () => harness({}))
runStoreContract('EmbeddedStore with a data folder', async () => harness({ dataDir: tempDir() }))

describe('handled ids of a turn', () => {
  it('extends the JSON of the previous ids to exactly the JSON of the new ones, also when ids drop off the front', () => {
    let handled: string[] = []
    let json = JSON.stringify(handled)
    const ids = ['m1', 'with "quotes", commas', 'ünï\u2028', '', 'tab\there', 'm6', '[]']
    for (const [i, id] of [...ids, ...ids].entries()) {
      ;({ handled, json } = appendHandled(handled, json, id, 3))
      expect(json).toBe(JSON.stringify(handled))
      expect(handled).toEqual([...ids, ...ids].slice(Math.max(0, i - 2), i + 1))
    }
    // a shorter limit than before drops several at once
    expect(appendHandled(['a', 'b,c', 'd'], '["a","b,c","d"]', 'e', 2)).toEqual({ handled: ['d', 'e'], json: '["d","e"]' })
  })
})

describe('EmbeddedStore with a data folder', () => {
  const journalOf = (dir: string): string => path.join(dir, 'journal.jsonl')

  it('keeps leads, reports, unanswered questions, key-values and sessions across a restart', async () => {
    const dir = tempDir()
    const first = new EmbeddedStore({ dataDir: dir })
    await first.upsertLead(makeLead())
    await first.upsertLead(makeLead({ id: 'lead-2', userKey: 'telegram:2' }))
    await first.upsertLead(makeLead({ name: 'Nama Baru' }))
    await first.addReport(makeReport())
    const asked = Date.now() - 86_400_000
    await first.recordUnanswered('visa kerja', 'id', new Date(asked).toISOString(), 'telegram:1001')
    await first.recordUnanswered('visa kerja', 'id', new Date(asked + 1000).toISOString(), 'telegram:2')
    await first.kvSet('wa:creds', '{"noiseKey":1}')
    await first.kvSet('wa:Pre-Key-1', 'A')
    await first.kvSet('wa:pre-key-1', 'a')
    await first.setSession('telegram:1001', makeSession(), 3_600)
    await first.deleteUserData('telegram:2')
    await first.close()

    const second = new EmbeddedStore({ dataDir: dir })
    expect(await second.listLeads()).toEqual([makeLead({ name: 'Nama Baru' })])
    expect(await second.listReports()).toEqual([makeReport()])
    // telegram:2's occurrence went with their data.
    expect(await second.listUnanswered()).toMatchObject([{ text: 'visa kerja', count: 1 }])
    expect(await second.kvKeys('wa:')).toEqual(['wa:Pre-Key-1', 'wa:creds', 'wa:pre-key-1'])
    expect(await second.kvGet('wa:Pre-Key-1')).toBe('A')
    expect(await second.getSession('telegram:1001')).toEqual(makeSession())
    await second.close()
  })

  it('an officer\'s deletion of one lead or report stays deleted after a restart, and leaves nothing in the journal', async () => {
    const dir = tempDir()
    const first = new EmbeddedStore({ dataDir: dir })
    await first.upsertLead(makeLead({ id: 'keep' }))
    await first.upsertLead(makeLead({ id: 'gone', name: 'Nama Dihapus' }))
    await first.addReport(makeReport({ id: 'r-gone', story: 'Cerita dihapus' }))
    expect(await first.deleteLead(makeLead().userKey, 'gone')).toBe(true)
    expect(await first.deleteReport(makeReport().userKey, 'r-gone')).toBe(true)
    await first.close()
    expect(fs.readFileSync(journalOf(dir), 'utf8')).not.toMatch(/Nama Dihapus|Cerita dihapus/)
    const second = new EmbeddedStore({ dataDir: dir })
    expect((await second.listLeads()).map((l) => l.id)).toEqual(['keep'])
    expect(await second.listReports()).toEqual([])
    await second.close()
  })

  it('keeps a lead whose upsertLead resolved when the process is killed with SIGKILL right after', async () => {
    const dir = tempDir()
    const fixture = path.join(repoRoot, 'test/fixtures/embedded-write-lead.ts')
    const child = spawn('npx', ['tsx', fixture, dir], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] })
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
    let stderr = ''
    child.stderr.on('data', (data: Buffer) => {
      stderr += data.toString()
    })
    try {
      const writerPid = await new Promise<number>((resolve, reject) => {
        let stdout = ''
        child.stdout.on('data', (data: Buffer) => {
          stdout += data.toString()
          const match = /written (\d+)/.exec(stdout)
          if (match) resolve(Number(match[1]))
        })
        child.once('exit', (code) => reject(new Error(`the fixture exited (${code}) before writing:\n${stderr}`)))
      })
      process.kill(writerPid, 'SIGKILL')
      await exited
    } finally {
      child.kill('SIGKILL')
    }

    const store = new EmbeddedStore({ dataDir: dir })
    expect((await store.listLeads()).map((lead) => lead.id)).toEqual(['crash-lead'])
    await store.close()
  })

  it('ignores a torn last line with a warning and goes on writing', async () => {
    const dir = tempDir()
    const first = new EmbeddedStore({ dataDir: dir })
    await first.upsertLead(makeLead())
    await first.close()
    fs.appendFileSync(journalOf(dir), '{"t":"lead","lead":{"id":"torn","userKey":"telegram:9","na')

    const warnings: string[] = []
    const second = new EmbeddedStore({ dataDir: dir, onWarning: (message) => warnings.push(message) })
    expect((await second.listLeads()).map((lead) => lead.id)).toEqual(['lead-1'])
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toMatch(/incomplete last record in .*journal\.jsonl/)
    await second.upsertLead(makeLead({ id: 'lead-2' }))
    await second.close()

    const third = new EmbeddedStore({ dataDir: dir, onWarning: (message) => warnings.push(message) })
    expect((await third.listLeads()).map((lead) => lead.id)).toEqual(['lead-1', 'lead-2'])
    expect(warnings).toHaveLength(1)
    await third.close()
  })

  it('skips a damaged line in the middle, keeps the rest and a copy of the original', async () => {
    const dir = tempDir()
    const lines = [
      JSON.stringify({ t: 'lead', lead: makeLead({ id: 'a' }) }),
      'garbage that is not JSON',
      JSON.stringify({ t: 'lead', lead: makeLead({ id: 'b' }) }),
    ]
    fs.writeFileSync(journalOf(dir), `${lines.join('\n')}\n`)
    const warnings: string[] = []
    const store = new EmbeddedStore({ dataDir: dir, onWarning: (message) => warnings.push(message) })
    expect((await store.listLeads()).map((lead) => lead.id)).toEqual(['a', 'b'])
    expect(warnings.join('\n')).toMatch(/line 2/)
    const copies = fs.readdirSync(dir).filter((name) => name.startsWith('journal.jsonl.damaged-'))
    expect(copies).toHaveLength(1)
    expect(fs.readFileSync(path.join(dir, copies[0]!), 'utf8')).toContain('garbage that is not JSON')
    await store.close()
  })

  it('erases deleted data from the files, not only from memory', async () => {
    const dir = tempDir()
    const store = new EmbeddedStore({ dataDir: dir })
    await store.upsertLead(makeLead({ name: 'Nama Rahasia' }))
    await store.addReport(makeReport({ story: 'Cerita rahasia' }))
    await store.setSession('telegram:1001', makeSession(), 600)
    await store.recordUnanswered('pertanyaan rahasia', 'id', new Date().toISOString(), 'telegram:1001')
    await store.recordUnanswered('yang lain bertanya', 'id', new Date().toISOString(), 'telegram:2')
    await store.close()
    const again = new EmbeddedStore({ dataDir: dir })
    expect(await again.deleteUserData('telegram:1001')).toEqual({ leads: 1, reports: 1, session: true })
    expect(fs.readFileSync(journalOf(dir), 'utf8')).toContain('yang lain bertanya')
    expect(await again.clearUnanswered()).toBe(1)
    expect(fs.readFileSync(journalOf(dir), 'utf8')).not.toContain('yang lain')
    const files = [journalOf(dir), path.join(dir, SESSIONS_FILE)].map((file) => fs.readFileSync(file, 'utf8'))
    for (const content of files) {
      expect(content).not.toContain('rahasia')
      expect(content).not.toContain('Rahasia')
      expect(content).not.toContain('telegram:1001')
    }
    await again.close()
  })

  it('does not bring back sessions that expired while it was stopped', async () => {
    const dir = tempDir()
    const first = new EmbeddedStore({ dataDir: dir, now: () => T0 })
    await first.setSession('telegram:short', makeSession(), 60)
    await first.setSession('telegram:long', makeSession(), 3_600)
    await first.close()
    const second = new EmbeddedStore({ dataDir: dir, now: () => T0 + 61_000 })
    expect(await second.getSession('telegram:short')).toBeUndefined()
    expect(await second.getSession('telegram:long')).toBeDefined()
    await second.close()
  })

  it('writes each change of a session to the sessions log at the end of the event-loop turn, one line per change', async () => {
    const dir = tempDir()
    const store = new EmbeddedStore({ dataDir: dir })
    await store.setSession('telegram:1001', makeSession(), 600)
    await store.setSession('telegram:1002', makeSession(), 600)
    await new Promise((resolve) => setImmediate(resolve))
    const lines = fs.readFileSync(path.join(dir, SESSIONS_FILE), 'utf8').trim().split('\n')
    expect(lines).toHaveLength(2)
    expect(lines[0]).toMatch(/^\["telegram:1001",\d+,0,\[\]\]\t\{/)
    await store.close()
  })

  it('refuses a second store on the same folder, naming the folder and suggesting Redis', async () => {
    const dir = tempDir()
    const first = new EmbeddedStore({ dataDir: dir })
    let error: unknown
    try {
      new EmbeddedStore({ dataDir: dir })
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(DataDirInUseError)
    expect(error).toBeInstanceOf(StoreUnavailableError)
    expect((error as Error).message).toContain(path.resolve(dir))
    expect((error as Error).message).toMatch(/REDIS_URL/)
    await first.close()
    const second = new EmbeddedStore({ dataDir: dir })
    await second.close()
  })

  it('refuses a folder locked by another running process and takes over one left by a dead process', async () => {
    const dir = tempDir()
    const lockFile = path.join(dir, '.lock')
    fs.writeFileSync(lockFile, JSON.stringify({ pid: process.ppid, host: os.hostname(), since: '' }))
    expect(() => new EmbeddedStore({ dataDir: dir })).toThrow(DataDirInUseError)

    const deadPid = spawnSync(process.execPath, ['-e', '']).pid
    fs.writeFileSync(lockFile, JSON.stringify({ pid: deadPid, host: os.hostname(), since: '' }))
    const store = new EmbeddedStore({ dataDir: dir })
    expect(JSON.parse(fs.readFileSync(lockFile, 'utf8'))).toMatchObject({ pid: process.pid })
    await store.close()
    expect(fs.existsSync(lockFile)).toBe(false)
  })

  it('explains a data folder that cannot be created', () => {
    const dir = tempDir()
    const file = path.join(dir, 'not-a-folder')
    fs.writeFileSync(file, '')
    expect(() => new EmbeddedStore({ dataDir: path.join(file, 'data') })).toThrow(StoreUnavailableError)
    expect(() => new EmbeddedStore({ dataDir: path.join(file, 'data') })).toThrow(file)
  })

  it('rejects a key-value write that cannot reach the disk, naming the folder but not the key', async () => {
    const dir = tempDir()
    const store = new EmbeddedStore({ dataDir: dir })
    const kvDir = path.join(dir, 'kv')
    fs.rmSync(kvDir, { recursive: true })
    fs.writeFileSync(kvDir, 'in the way')
    const error = await store.kvSet('session-6281200000001@s.whatsapp.net', 'v').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(StoreUnavailableError)
    expect((error as Error).message).toContain(kvDir)
    expect((error as Error).message).not.toContain('6281200000001')
    expect(await store.kvGet('session-6281200000001@s.whatsapp.net')).toBeUndefined()
    await store.close()
  })
})

describe('disk details', () => {
  it('explains a disk error in a sentence with the path and the cause', () => {
    const full = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' })
    const denied = Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' })
    expect(diskError('write', '/data/journal.jsonl', full).message).toBe(
      'Cannot write /data/journal.jsonl: the disk is full; free some space (ENOSPC).',
    )
    expect(diskError('write', '/data/kv', denied)).toBeInstanceOf(StoreUnavailableError)
    expect(diskError('write', '/data/kv', denied).message).toMatch(/^Cannot write \/data\/kv: permission denied/)
  })

  it('names key-value files safely on any file system, keeping keys that differ in case apart', () => {
    expect(kvFileName('pre-key-1')).toBe('k-pre-key-1.json')
    expect(kvFileName('Pre-Key-1')).toBe('k-%50re-%4Bey-1.json')
    expect(kvFileName('a/b:c')).toBe('k-a%2Fb%3Ac.json')
    expect(kvFileName('..')).toBe('k-...json')
    expect(kvFileName('x'.repeat(300))).toMatch(/^h-[0-9a-f]{64}\.json$/)
  })
})
