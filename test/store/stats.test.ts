/**
 * Per-day dashboard counters (`Store.addStats` / `readStats`) in both stores: they add up, read by date range,
 * survive a restart (embedded: stats.json; Redis: hashes), and bad ranges are refused with a clear message.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { Redis } from 'ioredis'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { EmbeddedStore } from '../../src/store/embedded.ts'
import { RedisStore } from '../../src/store/redis.ts'
import { daysInRange, statsDay, statsField } from '../../src/store/stats.ts'
import { STATS_FILE } from '../../src/store/stats-file.ts'
import type { Store } from '../../src/store/types.ts'
import { type RedisServer, startRedis } from '../helpers/redis-server.ts'

const folders: string[] = []
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ma-stats-'))
  folders.push(dir)
  return dir
}
afterEach(() => {
  for (const dir of folders.splice(0)) fs.rmSync(dir, { recursive: true, force: true })
})

describe('stats days', () => {
  it('are WIB calendar days', () => {
    expect(statsDay(Date.parse('2026-03-01T16:59:59Z'))).toBe('2026-03-01')
    expect(statsDay(Date.parse('2026-03-01T17:00:00Z'))).toBe('2026-03-02')
  })

  it('lists a range and refuses a backwards, unreadable or huge one with a sentence', () => {
    expect(daysInRange('2026-02-27', '2026-03-02')).toEqual(['2026-02-27', '2026-02-28', '2026-03-01', '2026-03-02'])
    expect(() => daysInRange('2026-03-02', '2026-03-01')).toThrow(/backwards: 2026-03-02 is after 2026-03-01/)
    expect(() => daysInRange('2026-02-30', '2026-03-01')).toThrow(/not a date; write it as YYYY-MM-DD/)
    expect(() => daysInRange('2000-01-01', '2026-03-01')).toThrow(/longer than/)
  })

  it('field names lose control characters', () => {
    expect(statsField('lead', 'province', 'Jawa\nTimur')).toBe('lead:province:Jawa Timur')
  })
})

function statsContract(name: string, open: () => Promise<{ store: Store; reopen: () => Promise<Store> }>): void {
  describe(`${name}: dashboard counters`, () => {
    it('add up per day and read back by range', async () => {
      const { store, reopen } = await open()
      await store.addStats('2026-03-01', { 'msg:telegram': 2, 'conv:telegram': 1 })
      await store.addStats('2026-03-01', { 'msg:telegram': 1, 'lead:province:Jawa Timur': 1, zero: 0 })
      await store.addStats('2026-03-03', { 'faq:fallback': 1 })
      expect(await store.readStats('2026-03-01', '2026-03-03')).toEqual({
        '2026-03-01': { 'msg:telegram': 3, 'conv:telegram': 1, 'lead:province:Jawa Timur': 1 },
        '2026-03-03': { 'faq:fallback': 1 },
      })
      expect(await store.readStats('2026-03-02', '2026-03-02')).toEqual({})
      await expect(store.readStats('2026-03-03', '2026-03-01')).rejects.toThrow(RangeError)
      await expect(store.addStats('yesterday', { x: 1 })).rejects.toThrow(RangeError)

      const again = await reopen()
      expect(await again.readStats('2026-03-01', '2026-03-01')).toEqual({
        '2026-03-01': { 'msg:telegram': 3, 'conv:telegram': 1, 'lead:province:Jawa Timur': 1 },
      })
      await again.close()
    })
  })
}

statsContract('EmbeddedStore with a data folder', async () => {
  const dir = tempDir()
  const store = new EmbeddedStore({ dataDir: dir })
  return {
    store,
    reopen: async () => {
      await store.close()
      expect(JSON.parse(fs.readFileSync(path.join(dir, STATS_FILE), 'utf8')).days['2026-03-01']['msg:telegram']).toBe(3)
      return new EmbeddedStore({ dataDir: dir })
    },
  }
})

describe('EmbeddedStore counters on disk', () => {
  it('are saved by the periodic tick, before close', async () => {
    const dir = tempDir()
    const store = new EmbeddedStore({ dataDir: dir, maintenanceIntervalMs: 10 })
    await store.addStats('2026-03-01', { 'msg:web': 5 })
    const file = path.join(dir, STATS_FILE)
    // Wait for the tick (no timed assertion: poll until the file appears).
    while (!fs.existsSync(file)) await new Promise((resolve) => setTimeout(resolve, 5))
    expect(JSON.parse(fs.readFileSync(file, 'utf8')).days).toEqual({ '2026-03-01': { 'msg:web': 5 } })
    await store.close()
  })

  it('start from zero, with a warning, when the file is unreadable', async () => {
    const dir = tempDir()
    fs.writeFileSync(path.join(dir, STATS_FILE), '{not json')
    const warnings: string[] = []
    const store = new EmbeddedStore({ dataDir: dir, onWarning: (message) => warnings.push(message) })
    expect(await store.readStats('2026-03-01', '2026-03-02')).toEqual({})
    expect(warnings.join('\n')).toMatch(/dashboard counters/)
    await store.close()
  })
})

describe('RedisStore', () => {
  let server: RedisServer
  let admin: Redis
  beforeAll(async () => {
    server = await startRedis()
    admin = new Redis(server.url)
  })
  afterAll(async () => {
    await admin?.quit()
    await server?.stop()
  })

  statsContract('RedisStore', async () => {
    await admin.flushall()
    const store = new RedisStore({ url: server.url })
    await store.ready()
    return {
      store,
      reopen: async () => {
        await store.close()
        const again = new RedisStore({ url: server.url })
        await again.ready()
        return again
      },
    }
  })

  it('keeps a day in one hash, shared by every process', async () => {
    await admin.flushall()
    const one = new RedisStore({ url: server.url })
    const two = new RedisStore({ url: server.url })
    await Promise.all([one.ready(), two.ready()])
    await Promise.all([one.addStats('2026-03-01', { 'msg:web': 1 }), two.addStats('2026-03-01', { 'msg:web': 2 })])
    expect(await admin.hgetall('ma:{stats}:2026-03-01')).toEqual({ 'msg:web': '3' })
    expect(await one.readStats('2026-03-01', '2026-03-01')).toEqual(await two.readStats('2026-03-01', '2026-03-01'))
    await Promise.all([one.close(), two.close()])
  })
})
