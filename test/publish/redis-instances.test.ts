/**
 * Two assistant instances on one real Redis; `content publish` from a third caller (the CLI's code, with its own
 * Redis connection) changes both; a broken publish changes neither; rollback works.
 *
 * Instance A polls only once an hour, so it can switch only through pub/sub; instance B polls every 100 ms.
 */
import { rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { readiness } from '../../src/ops/health.ts'
import { Metrics } from '../../src/ops/metrics.ts'
import { manifestOf } from '../../src/content/snapshot.ts'
import { RedisVersionStore } from '../../src/store/redis-versions.ts'
import { startRedis, type RedisServer } from '../helpers/redis-server.ts'
import { contentCli, editOperatorText, instance, operatorText, until, workingCopy } from './helpers.ts'

vi.setConfig({ testTimeout: 240_000, hookTimeout: 240_000 })

let redis: RedisServer
let work: Awaited<ReturnType<typeof workingCopy>>
let a: Awaited<ReturnType<typeof instance>>
let b: Awaited<ReturnType<typeof instance>>
const open = () => RedisVersionStore.connect({ kind: 'server', url: redis.url })
const both = () => [a, b]

beforeAll(async () => {
  redis = await startRedis()
  work = await workingCopy()
  a = await instance(work.dir, { REDIS_URL: redis.url, DATA_DIR: join(work.dir, 'data-a') }, 3_600_000)
  b = await instance(work.dir, { REDIS_URL: redis.url, DATA_DIR: join(work.dir, 'data-b') }, 100)
})

afterAll(async () => {
  await a?.close()
  await b?.close()
  await redis?.stop()
  await work?.cleanup()
})

const published = (r: typeof a) => r.content.status.published?.number

describe('content publish with two instances on one Redis', () => {
  it('serves the working files until something is published, then both switch to the new version', async () => {
    for (const r of both()) expect(r.content.status).toEqual({ source: 'files' })
    expect((await contentCli(work.dir, open, 'versions')).stdout).toContain('Belum ada versi terbit')

    await editOperatorText(work.dir, 'Versi satu untuk uji.')
    const result = await contentCli(work.dir, open, 'publish', '--by', 'budi', '--note', 'teks operator')
    expect(result.code, result.stderr).toBe(0)
    expect(result.stdout).toContain('versi konten 1 aktif')
    const waited = await until(() => both().every((r) => published(r) === 1), 'both instances on version 1')
    for (const r of both()) expect(operatorText(r)).toBe('Versi satu untuk uji.')
    console.info(`publish → both instances switched after ${waited} ms (bounded wait)`)

    const ready = await readiness({ store: a.store, content: a.content, draining: () => false, channels: () => [], metrics: new Metrics({ processMetrics: false }) })
    expect(ready.ready).toBe(true)
    expect(ready.content).toMatchObject({ ok: true, source: 'published', published: { number: 1, by: 'budi' } })
    const metrics = new Metrics({ processMetrics: false, contentStatus: () => b.content.status })
    expect((await metrics.exposition()).body).toMatch(/^migrasi_content_published_version 1$/m)

    const listed = await contentCli(work.dir, open, 'versions')
    // The first version adds every file.
    expect(listed.stdout).toMatch(/\*\s+1 .* budi .*publish "teks operator"; \+\d+ ~0 -0: \+content\/\w[\w-]*\.yaml, /)
  })

  it('refuses a broken publish with file:line:col, stores nothing, and both instances stay', async () => {
    await writeFile(join(work.dir, 'flows', 'rusak.yaml'), 'id: rusak\nsteps:\n  - id: a\n    say: [unclosed\n')
    const result = await contentCli(work.dir, open, 'publish', '--by', 'budi')
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/flows\/rusak\.yaml:\d+:\d+ +error/)
    expect(result.stderr).toContain('version 1 stays active')
    await rm(join(work.dir, 'flows', 'rusak.yaml'))
    const versions = await open()
    try {
      expect((await versions.list()).map((v) => v.number)).toEqual([1])
      expect(await versions.active()).toBe(1)
    } finally {
      await versions.close()
    }
    for (const r of both()) expect(published(r)).toBe(1)
  })

  it('keeps serving the old version when a stored version does not load, and says so in /readyz and metrics', async () => {
    // A version that passed no validation (written straight into the store): both must refuse it.
    const versions = await open()
    try {
      const good = (await versions.get(1))!
      const files = await versions.getFiles(good.files)
      files.set('flows/main.yaml', Buffer.from('id: main\nsteps: [\n'))
      await versions.putBlobs(files)
      await versions.create({ ...good, createdAt: new Date().toISOString(), by: 'rusak', kind: 'publish', files: manifestOf(files), changes: { added: [], changed: ['flows/main.yaml'], removed: [] } })
    } finally {
      await versions.close()
    }
    await until(() => both().every((r) => r.content.status.refused?.number === 2), 'both instances refused version 2')
    for (const r of both()) {
      expect(published(r)).toBe(1)
      expect(operatorText(r)).toBe('Versi satu untuk uji.')
      expect(r.logs.some((line) => line.includes('published version refused') && line.includes('main.yaml'))).toBe(true)
    }
    const ready = await readiness({ store: b.store, content: b.content, draining: () => false, channels: () => [], metrics: new Metrics({ processMetrics: false }) })
    expect(ready.content).toMatchObject({ ok: true, published: { number: 1 }, refused: { number: 2 } })
    const metrics = new Metrics({ processMetrics: false, contentStatus: () => a.content.status })
    expect((await metrics.exposition()).body).toMatch(/^migrasi_content_refused_version 2$/m)
  })

  it('publishes again and rolls back to an earlier version; both follow each time', async () => {
    await editOperatorText(work.dir, 'Versi tiga untuk uji.')
    expect((await contentCli(work.dir, open, 'publish', '--by', 'sari')).code).toBe(0)
    await until(() => both().every((r) => published(r) === 3), 'both on version 3')
    for (const r of both()) {
      expect(operatorText(r)).toBe('Versi tiga untuk uji.')
      expect(r.content.status.refused).toBeUndefined()
    }

    const back = await contentCli(work.dir, open, 'rollback', '1', '--by', 'sari')
    expect(back.code, back.stderr).toBe(0)
    expect(back.stdout).toContain('versi konten 4 aktif (rollback to version 1)')
    await until(() => both().every((r) => published(r) === 4), 'both on version 4 (= version 1)')
    for (const r of both()) expect(operatorText(r)).toBe('Versi satu untuk uji.')

    const listed = (await contentCli(work.dir, open, 'versions')).stdout
    expect(listed).toMatch(/\*\s+4 .* sari .*rollback to 1; \+0 ~1 -0: ~content\/texts\/id\/about\.yaml/)
    expect(listed).toMatch(/ {2}3 .* sari .*publish; \+0 ~2 -0: ~content\/texts\/id\/about\.yaml, ~flows\/main\.yaml/)
    expect((await contentCli(work.dir, open, 'rollback', '99')).code).toBe(1)
    expect((await contentCli(work.dir, open, 'rollback')).code).toBe(2)
  })

  it('an unchanged publish stores nothing', async () => {
    await editOperatorText(work.dir, 'Versi satu untuk uji.')
    const again = await contentCli(work.dir, open, 'publish')
    expect(again.code).toBe(0)
    expect(again.stdout).toContain('nothing changed')
  })
})
