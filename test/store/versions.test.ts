/**
 * The content-version stores' contract (folder and Redis), snapshot paths, and the follower's poll (the safety net
 * when no notification arrives).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ContentHolder } from '../../src/content/reloader.ts'
import { diffManifests, manifestOf, materializeSnapshot, readWorkingSnapshot, safeSnapshotPath, type Snapshot } from '../../src/content/snapshot.ts'
import { ACTION_SPECS } from '../../src/engine/actions.ts'
import { ContentFollower } from '../../src/publish/follower.ts'
import { RedisVersionStore } from '../../src/store/redis-versions.ts'
import { FolderVersionStore, type VersionDraft, type VersionStore } from '../../src/store/versions.ts'
import { startRedis, type RedisServer } from '../helpers/redis-server.ts'
import { sharedModelCache } from '../helpers/bundle.ts'

const files = (text: string): Snapshot => new Map([['flows/a.yaml', Buffer.from(text)], ['content/b.yaml', Buffer.from('b')]])
const draft = (snapshot: Snapshot, by = 'uji'): VersionDraft => ({
  createdAt: '2026-12-03T00:00:00.000Z',
  by,
  kind: 'publish',
  files: manifestOf(snapshot),
  changes: diffManifests(undefined, manifestOf(snapshot)),
})

let redis: RedisServer
let dir: string
beforeAll(async () => {
  redis = await startRedis()
  dir = await mkdtemp(join(os.tmpdir(), 'migrasi-versions-'))
})
afterAll(async () => {
  await redis?.stop()
  await rm(dir, { recursive: true, force: true })
})

/** Each kind: a fresh place, and a way to open it (again, as another caller). */
const kinds: Array<[string, () => () => Promise<VersionStore>]> = [
  ['folder', () => {
    const place = join(dir, `v-${Math.random().toString(36).slice(2)}`)
    return async () => new FolderVersionStore(place)
  }],
  ['redis', () => {
    const keyPrefix = `t${Math.random().toString(36).slice(2, 8)}:`
    return () => RedisVersionStore.connect({ kind: 'server', url: redis.url }, { keyPrefix })
  }],
]

describe.each(kinds)('%s version store', (_name, place) => {
  it('numbers versions, keeps them, points at the active one, and gives files back', async () => {
    const store = await place()()
    try {
      expect(await store.active()).toBeUndefined()
      expect(await store.list()).toEqual([])
      const one = files('satu')
      await store.putBlobs(one)
      await store.putBlobs(one) // idempotent
      expect((await store.create(draft(one))).number).toBe(1)
      const two = files('dua')
      await store.putBlobs(two)
      // Two publishers at once get two numbers.
      const [a, b] = await Promise.all([store.create(draft(two, 'a')), store.create(draft(two, 'b'))])
      expect([a.number, b.number].sort()).toEqual([2, 3])
      expect((await store.list()).map((v) => v.number)).toEqual([1, 2, 3])
      expect([2, 3]).toContain(await store.active())
      expect(await store.get(1)).toMatchObject({ number: 1, by: 'uji', kind: 'publish' })
      expect(await store.get(9)).toBeUndefined()
      const back = await store.getFiles((await store.get(1))!.files)
      expect(back.get('flows/a.yaml')!.toString()).toBe('satu')
      await expect(store.getFiles({ 'flows/x.yaml': 'f'.repeat(64) })).rejects.toThrow(/flows\/x\.yaml .* missing/)
    } finally {
      await store.close()
    }
  })

  it('tells a watcher when another caller makes a version active', async () => {
    const open = place()
    const store = await open()
    const other = await open()
    try {
      let heard = 0
      const stop = await store.watch(() => heard++)
      const snapshot = files('tiga')
      await other.putBlobs(snapshot)
      await other.create(draft(snapshot))
      const started = Date.now()
      while (heard === 0 && Date.now() - started < 30_000) await new Promise((r) => setTimeout(r, 10))
      expect(heard).toBeGreaterThan(0)
      stop()
    } finally {
      await store.close()
      await other.close()
    }
  })
})

describe('snapshots', () => {
  it('refuses stored paths that would leave the folder', () => {
    for (const bad of ['../x', 'flows/../../x', '/etc/passwd', 'other/x.yaml', 'flows//x', 'flows/a\\..\\b']) expect(safeSnapshotPath(bad), bad).toBe(false)
    expect(safeSnapshotPath('content/faq/biaya.yaml')).toBe(true)
    expect(() => materializeSnapshot(new Map([['flows/../../x', Buffer.from('')]]), join(dir, 'm'))).toThrow(/refusing/)
  })

  it('reads working files without the registry and editor leftovers', async () => {
    const work = join(dir, 'work')
    const snap = readWorkingSnapshot(resolve('flows'), resolve('content'))
    expect([...snap.keys()].some((p) => p.startsWith('content/agencies/'))).toBe(false)
    expect(snap.has('flows/main.yaml')).toBe(true)
    await rm(work, { recursive: true, force: true })
    const folders = materializeSnapshot(new Map([...snap, ['flows/.main.yaml.swp', Buffer.from('x')]]), work)
    await writeFile(join(folders.flowsDir, 'x.yaml~'), 'x')
    expect(manifestOf(readWorkingSnapshot(folders.flowsDir, folders.contentDir))).toEqual(manifestOf(snap))
  })
})

describe('the follower without notifications', () => {
  it('switches by polling alone', async () => {
    const store = new FolderVersionStore(join(dir, 'poll'))
    // A store whose notifications never arrive (lost pub/sub message, no file events).
    const silent: VersionStore = {
      kind: store.kind,
      putBlobs: (f) => store.putBlobs(f),
      getFiles: (m) => store.getFiles(m),
      create: (d) => store.create(d),
      get: (n) => store.get(n),
      list: () => store.list(),
      active: () => store.active(),
      watch: async () => () => undefined,
      close: () => store.close(),
    }
    const holder = new ContentHolder({ flowsDir: resolve('flows'), contentDir: resolve('content'), actions: ACTION_SPECS, ...sharedModelCache() })
    const follower = new ContentFollower({ versions: silent, actions: ACTION_SPECS, pollMs: 50 })
    await follower.follow(holder)
    try {
      const snapshot = readWorkingSnapshot(resolve('flows'), resolve('content'))
      await store.putBlobs(snapshot)
      await store.create(draft(snapshot))
      const switched = new Promise((resolve) => follower.once('switched', resolve))
      expect(await switched).toBe(1)
      expect(holder.status).toMatchObject({ source: 'published', published: { number: 1 } })
    } finally {
      await follower.close()
    }
  })
})
