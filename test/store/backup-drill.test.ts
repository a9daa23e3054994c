/**
 * The restore drill, with both stores: create leads and reports, back up (the embedded store while it is open, as
 * a running assistant holds it, and while leads keep arriving), wipe, restore: every lead and report is back.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import { join } from 'node:path'
import { Redis } from 'ioredis'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { backupCommand } from '../../src/cli/backup.ts'
import type { Lead, Report } from '../../src/engine/types.ts'
import { createBackup, readBackup, restoreBackup, type BackupTarget } from '../../src/store/backup.ts'
import { EmbeddedStore } from '../../src/store/embedded.ts'
import { RedisStore } from '../../src/store/redis.ts'
import type { Store } from '../../src/store/types.ts'
import { FolderVersionStore, versionFolder } from '../../src/store/versions.ts'
import { makeLead } from '../helpers/lead-fixtures.ts'
import { startRedis, type RedisServer } from '../helpers/redis-server.ts'

const byId = <T extends { id: string }>(list: T[]) => [...list].sort((a, b) => a.id.localeCompare(b.id))

function lead(i: number): Lead {
  const at = new Date(Date.UTC(2026, 10, 1, 8, 0, i)).toISOString()
  return makeLead({ id: `lead-${i}`, ref: `MA-${String(i).padStart(6, '0')}`, userKey: `telegram:${1000 + i}`, channel: 'telegram', createdAt: at, updatedAt: at, name: `Peserta Fiktif ${i}` })
}

function report(i: number): Report {
  return { id: `report-${i}`, ref: `MA-R${i}`, userKey: `whatsapp:62812000${i}@s.whatsapp.net`, channel: 'whatsapp', createdAt: new Date(Date.UTC(2026, 10, 2, 9, 0, i)).toISOString(), lang: 'id', recruiter: `PT Calo Fiktif ${i}`, story: `cerita ${i}` }
}

/** Fills a store with leads and reports; resolves what was stored (each durable when its call resolved). */
async function fill(store: Store, leads: number, reports: number): Promise<{ leads: Lead[]; reports: Report[] }> {
  const stored = { leads: [] as Lead[], reports: [] as Report[] }
  for (let i = 0; i < leads; i++) {
    await store.upsertLead(lead(i))
    stored.leads.push(lead(i))
  }
  for (let i = 0; i < reports; i++) {
    await store.addReport(report(i))
    stored.reports.push(report(i))
  }
  await store.recordUnanswered('apa itu visa kerja', 'id', '2026-11-03T00:00:00.000Z', 'telegram:1000')
  await store.kvSet('handoff:case:1', '{"fiktif":true}')
  return stored
}

let dir: string
let file: string
beforeEach(async () => {
  dir = await mkdtemp(join(os.tmpdir(), 'migrasi-backup-'))
  file = join(dir, 'cadangan.backup.gz')
})
afterEach(async () => rm(dir, { recursive: true, force: true }))

async function cli(target: BackupTarget, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = []
  const err: string[] = []
  const code = await backupCommand(args, { stdout: (s) => out.push(s), stderr: (s) => err.push(s), target })
  return { code, stdout: out.join('\n'), stderr: err.join('\n') }
}

describe('restore drill: embedded store', () => {
  it('backs up while the store is open and leads keep arriving, wipes, restores every lead and report', async () => {
    const dataDir = join(dir, 'data')
    const target: BackupTarget = { kind: 'embedded', dataDir }
    const store = new EmbeddedStore({ dataDir })
    const versions = new FolderVersionStore(versionFolder(dataDir))
    await versions.putBlobs(new Map([['flows/x.yaml', Buffer.from('x')]]))
    await versions.create({ createdAt: '2026-11-01T00:00:00.000Z', by: 'uji', kind: 'publish', files: { 'flows/x.yaml': 'y' }, changes: { added: [], changed: [], removed: [] } })
    const before = await fill(store, 300, 40)
    // More leads arrive during the backup (the assistant is running); those confirmed before it began must be in it.
    let writing = true
    const during = (async () => {
      for (let i = 300; writing && i < 5000; i++) await store.upsertLead(lead(i))
    })()
    const made = await cli(target, 'create', file)
    writing = false
    await during
    expect(made.code, made.stderr).toBe(0)
    expect(made.stdout).toMatch(/OK: .* \d+ leads, 40 reports/)
    const { header } = await readBackup(file)
    expect(header).toMatchObject({ format: 'migrasi-aman-backup', store: 'embedded' })
    expect(header.counts.leads).toBeGreaterThanOrEqual(300)

    // While the store is open (the assistant runs), restore refuses and changes nothing.
    const refused = await cli(target, 'restore', file)
    expect(refused.code).toBe(1)
    expect(refused.stderr).toContain('is in use by process')
    await store.close()

    // Wipe, restore.
    await rm(dataDir, { recursive: true, force: true })
    const restored = await cli(target, 'restore', file)
    expect(restored.code, restored.stderr).toBe(0)
    const reopened = new EmbeddedStore({ dataDir })
    try {
      const leads = await reopened.listLeads()
      expect(leads.length).toBe(header.counts.leads)
      const ids = new Set(leads.map((l) => l.id))
      for (const l of before.leads) expect(ids.has(l.id), l.id).toBe(true)
      expect(byId(leads.filter((l) => Number(l.id.slice(5)) < 300))).toEqual(byId(before.leads))
      expect(byId(await reopened.listReports())).toEqual(byId(before.reports))
      expect((await reopened.listUnanswered()).map((q) => q.text)).toEqual(['apa itu visa kerja'])
      expect(await reopened.kvGet('handoff:case:1')).toBe('{"fiktif":true}')
    } finally {
      await reopened.close()
    }
    expect(await new FolderVersionStore(versionFolder(dataDir)).active()).toBe(1)
  })

  it('leaves existing data alone without --force, and moves it aside with it', async () => {
    const dataDir = join(dir, 'data')
    const target: BackupTarget = { kind: 'embedded', dataDir }
    const first = new EmbeddedStore({ dataDir })
    await fill(first, 5, 2)
    await first.close()
    await createBackup(target, file)
    const second = new EmbeddedStore({ dataDir })
    await second.upsertLead(lead(99))
    await second.close()
    const refused = await cli(target, 'restore', file)
    expect(refused.code).toBe(1)
    expect(refused.stderr).toContain('--force')
    const forced = await cli(target, 'restore', file, '--force')
    expect(forced.code, forced.stderr).toBe(0)
    expect(forced.stdout).toContain('before-restore-')
    const store = new EmbeddedStore({ dataDir })
    try {
      expect((await store.listLeads()).map((l) => l.id).sort()).toEqual(['lead-0', 'lead-1', 'lead-2', 'lead-3', 'lead-4'])
    } finally {
      await store.close()
    }
  })

  it('refuses what is not a backup, a backup of the other store, and wrong usage', async () => {
    const target: BackupTarget = { kind: 'embedded', dataDir: join(dir, 'data') }
    expect((await cli(target, 'restore', join(dir, 'tidak-ada.gz'))).stderr).toContain('file not found')
    expect((await cli(target, 'create')).code).toBe(2)
    expect((await cli(target, 'create', file, '--force')).code).toBe(2)
    expect((await cli(target, 'hapus')).code).toBe(2)
  })
})

describe('restore drill: Redis', () => {
  let redis: RedisServer
  beforeAll(async () => {
    redis = await startRedis()
  })
  afterAll(async () => redis?.stop())

  it('backs up every key, wipes Redis, restores every lead and report', async () => {
    const target: BackupTarget = { kind: 'redis', topology: { kind: 'server', url: redis.url } }
    const store = new RedisStore({ url: redis.url })
    await store.ready()
    const before = await fill(store, 200, 30)
    await store.setSession('telegram:1000', { flow: 'main', step: 'menu' } as never, 3600)
    const made = await cli(target, 'create', file)
    expect(made.code, made.stderr).toBe(0)
    expect(made.stdout).toContain('200 leads, 30 reports')

    const admin = new Redis(redis.url)
    await admin.flushall()
    expect(await store.listLeads()).toEqual([])
    expect((await cli({ kind: 'embedded', dataDir: join(dir, 'data') }, 'restore', file)).stderr).toContain('set REDIS_URL')

    const restored = await restoreBackup(target, file)
    expect(restored.counts).toEqual({ leads: 200, reports: 30 })
    expect(byId(await store.listLeads())).toEqual(byId(before.leads))
    expect(byId(await store.listReports())).toEqual(byId(before.reports))
    expect(await store.kvGet('handoff:case:1')).toBe('{"fiktif":true}')
    expect(await store.getSession('telegram:1000')).toEqual({ flow: 'main', step: 'menu' })
    const ttl = await admin.ttl('ma:{user:telegram:1000}:session')
    expect(ttl).toBeGreaterThan(0)
    expect(ttl).toBeLessThanOrEqual(3600)
    // "hapus data saya" still finds a restored user's lead (the per-user index came back too).
    expect((await store.deleteUserData('telegram:1005')).leads).toBe(1)
    admin.disconnect()
    await store.close()
  })
})
