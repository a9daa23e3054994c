/**
 * `backup create FILE` / `backup restore FILE`: a copy of everything the store keeps, in one gzip file of JSON lines.
 *
 * The first line says what it is: `{ "format": "migrasi-aman-backup", "version": 1, "store": "embedded" | "redis",
 * "createdAt", "counts": { "leads", "reports" } }`; then one line per file (embedded) or per key (Redis).
 *
 * ## Embedded store (DATA_DIR)
 *
 * *Create* works while the assistant runs and holds the data folder's lock: it only reads. Every store file is
 * append-only or replaced by an atomic rename (durable-files.ts), so a file read through one open handle is a state
 * the store passed through or a crash could leave, which the store reopens correctly (a torn last line is dropped).
 * The sessions file is read before the journal: a session that says "lead saved" has its lead in the journal read
 * after it (a lead is stored before its confirmation). The published content versions (`content-versions/`) are
 * immutable files and a pointer. Then the copy is opened as a store in a temporary folder to check it and count its
 * leads and reports (a backup that does not open is refused, not written).
 *
 * *Restore* needs the assistant stopped (it takes the data folder's lock; a running assistant makes it fail with
 * the reason). A data folder that already has store files is left alone unless `force`, which moves them into
 * `DATA_DIR/before-restore-<time>/` first (nothing is deleted). After writing, it opens the store and checks the
 * counts against the backup's.
 *
 * ## Redis
 *
 * Redis keeps its own persistence (AOF + RDB snapshots, docs/operations.md): copying `dump.rdb` is the primary
 * backup. `backup create` on Redis is a logical copy of every key under the prefix (`DUMP` with its remaining time
 * to live, key by key, so each key is consistent; keys written during the copy may or may not be in it), restored
 * with `RESTORE … REPLACE`. The `DUMP` format belongs to the Redis version: restore into the same or a newer Redis.
 */
import fs from 'node:fs'
import fsp from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { gunzip, gzip } from 'node:zlib'
import { Cluster, Redis } from 'ioredis'
import { DataDirLock, LOCK_FILE, TAKEOVER_FILE } from './data-dir-lock.ts'
import { DIR_MODE, FILE_MODE, fsyncDirSync, TEMP_PREFIX, writeFileAtomic } from './durable-files.ts'
import { EmbeddedStore } from './embedded.ts'
import { JOURNAL_FILE } from './journal.ts'
import { connectRedis, type RedisTopology } from './redis-connect.ts'
import { RedisStore } from './redis.ts'
import { SESSIONS_LOG } from './session-table.ts'

export const BACKUP_FORMAT = 'migrasi-aman-backup'

export interface BackupHeader {
  format: typeof BACKUP_FORMAT
  version: 1
  store: 'embedded' | 'redis'
  createdAt: string
  counts: { leads: number; reports: number }
}

export type BackupEntry = { t: 'file'; path: string; data: string } | { t: 'key'; key: string; pttl: number; dump: string }

/** Where the store is: the embedded store's folder, or Redis. */
export type BackupTarget = { kind: 'embedded'; dataDir: string } | { kind: 'redis'; topology: RedisTopology; keyPrefix?: string }

export interface BackupResult {
  header: BackupHeader
  /** Files or keys in the backup. */
  entries: number
  bytes: number
}

/**
 * Files in the data folder that are not data: the lock, the running assistant's admin socket and its token
 * (src/officer/admin-socket.ts), temporary files, the terminal chat's log, old restores, and trained classifier
 * weights (`model-cache/`: rebuilt from the content by the next load).
 */
function skipped(relative: string): boolean {
  const name = path.basename(relative)
  const top = relative.split('/')[0] ?? ''
  return name === LOCK_FILE || name === TAKEOVER_FILE || name === 'admin-socket.json' || name === 'admin.sock' || name.startsWith(TEMP_PREFIX) || name.endsWith('.tmp') || top === 'assistant.log' || top === 'model-cache' || top.startsWith('before-restore-')
}

/** The data folder's files in a safe reading order: sessions first, journal last (see the header). */
function dataFiles(dataDir: string): string[] {
  const found: string[] = []
  const visit = (dir: string, prefix: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const relative = prefix ? `${prefix}/${entry.name}` : entry.name
      if (skipped(relative)) continue
      if (entry.isDirectory()) visit(path.join(dir, entry.name), relative)
      else if (entry.isFile()) found.push(relative)
    }
  }
  visit(dataDir, '')
  const rank = (file: string): number => (file === SESSIONS_LOG ? 0 : file === JOURNAL_FILE ? 2 : 1)
  return found.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b))
}

/** Reads a file through one handle (a rename during the read does not mix two files). */
async function readWhole(file: string): Promise<Buffer | undefined> {
  let handle: fsp.FileHandle
  try {
    handle = await fsp.open(file, 'r')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined // removed meanwhile (a compaction)
    throw error
  }
  try {
    return await handle.readFile()
  } finally {
    await handle.close()
  }
}

async function countEmbedded(dataDir: string): Promise<BackupHeader['counts']> {
  const store = new EmbeddedStore({ dataDir, onWarning: () => undefined })
  try {
    return { leads: (await store.listLeads()).length, reports: (await store.listReports()).length }
  } finally {
    await store.close()
  }
}

async function writeFiles(dir: string, entries: BackupEntry[]): Promise<void> {
  for (const entry of entries) {
    if (entry.t !== 'file') continue
    const parts = entry.path.split('/')
    if (parts.some((p) => p === '' || p === '.' || p === '..') || path.isAbsolute(entry.path)) throw new Error(`refusing the path "${entry.path}" in the backup`)
    const target = path.join(dir, ...parts)
    await fsp.mkdir(path.dirname(target), { recursive: true, mode: DIR_MODE })
    const handle = await fsp.open(target, 'w', FILE_MODE)
    try {
      await handle.writeFile(Buffer.from(entry.data, 'base64'))
      await handle.sync()
    } finally {
      await handle.close()
    }
  }
}

async function embeddedEntries(dataDir: string): Promise<{ entries: BackupEntry[]; counts: BackupHeader['counts'] }> {
  if (!fs.existsSync(dataDir)) throw new Error(`the data folder ${dataDir} does not exist; check DATA_DIR`)
  const entries: BackupEntry[] = []
  for (const file of dataFiles(dataDir)) {
    const bytes = await readWhole(path.join(dataDir, ...file.split('/')))
    if (bytes) entries.push({ t: 'file', path: file, data: bytes.toString('base64') })
  }
  // Check the copy: it must open as a store.
  const check = await fsp.mkdtemp(path.join(os.tmpdir(), 'migrasi-backup-check-'))
  try {
    await writeFiles(check, entries)
    return { entries, counts: await countEmbedded(check) }
  } finally {
    await fsp.rm(check, { recursive: true, force: true })
  }
}

function redisClient(topology: RedisTopology): Redis | Cluster {
  return topology.kind === 'server' ? new Redis(topology.url, { lazyConnect: true, maxRetriesPerRequest: 1 }) : connectRedis(topology)
}

async function redisEntries(target: Extract<BackupTarget, { kind: 'redis' }>): Promise<{ entries: BackupEntry[]; counts: BackupHeader['counts'] }> {
  const client = redisClient(target.topology)
  client.on('error', () => undefined)
  const prefix = target.keyPrefix ?? 'ma:'
  try {
    await client.connect()
    const nodes = client instanceof Cluster ? client.nodes('master') : [client]
    const keys = new Set<string>()
    for (const node of nodes) {
      let cursor = '0'
      do {
        const [next, batch] = await node.scanBuffer(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000)
        cursor = String(next)
        for (const key of batch) keys.add(key.toString('base64'))
      } while (cursor !== '0')
    }
    const entries: BackupEntry[] = []
    for (const encoded of [...keys].sort()) {
      const key = Buffer.from(encoded, 'base64')
      const [dump, pttl] = await Promise.all([client.dumpBuffer(key), client.pttl(key)])
      if (dump === null || pttl === -2) continue // expired or deleted meanwhile
      entries.push({ t: 'key', key: encoded, pttl, dump: dump.toString('base64') })
    }
    return { entries, counts: await countRedis(target) }
  } finally {
    client.disconnect()
  }
}

async function countRedis(target: Extract<BackupTarget, { kind: 'redis' }>): Promise<BackupHeader['counts']> {
  const store =
    target.topology.kind === 'server'
      ? new RedisStore({ url: target.topology.url, ...(target.keyPrefix ? { keyPrefix: target.keyPrefix } : {}), onWarning: () => undefined })
      : new RedisStore({ redis: connectRedis(target.topology), ownsClient: true, ...(target.keyPrefix ? { keyPrefix: target.keyPrefix } : {}), onWarning: () => undefined })
  try {
    await store.ready()
    return { leads: (await store.listLeads()).length, reports: (await store.listReports()).length }
  } finally {
    await store.close()
  }
}

/** Writes a backup of the store to `file` (replaced atomically). */
export async function createBackup(target: BackupTarget, file: string, now = new Date()): Promise<BackupResult> {
  const { entries, counts } = target.kind === 'embedded' ? await embeddedEntries(path.resolve(target.dataDir)) : await redisEntries(target)
  const header: BackupHeader = { format: BACKUP_FORMAT, version: 1, store: target.kind, createdAt: now.toISOString(), counts }
  const lines = [JSON.stringify(header), ...entries.map((e) => JSON.stringify(e))].join('\n') + '\n'
  const body = await promisify(gzip)(Buffer.from(lines, 'utf8'))
  await writeFileAtomic(path.resolve(file), body)
  return { header, entries: entries.length, bytes: body.length }
}

/** Reads a backup file; throws a sentence when it is not one. */
export async function readBackup(file: string): Promise<{ header: BackupHeader; entries: BackupEntry[] }> {
  let text: string
  try {
    text = (await promisify(gunzip)(await fsp.readFile(file))).toString('utf8')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    throw new Error(code === 'ENOENT' ? `${file}: file not found` : `${file} is not a backup made by \`backup create\` (${(error as Error).message})`)
  }
  const [first, ...rest] = text.split('\n').filter((line) => line !== '')
  const header = first ? (JSON.parse(first) as BackupHeader) : undefined
  if (!header || header.format !== BACKUP_FORMAT || header.version !== 1) throw new Error(`${file} is not a backup made by \`backup create\``)
  return { header, entries: rest.map((line) => JSON.parse(line) as BackupEntry) }
}

export interface RestoreResult {
  header: BackupHeader
  /** Counts in the store after the restore (checked against the backup's). */
  counts: BackupHeader['counts']
  /** Embedded with `force`: where the files that were there went. */
  movedTo?: string
}

/**
 * Restores a backup into the store. Embedded: the assistant must be stopped; with existing data only with `force`
 * (moved aside, see the header). Redis: keys are replaced (`force` not needed; other keys stay).
 */
export async function restoreBackup(target: BackupTarget, file: string, options: { force?: boolean; now?: Date } = {}): Promise<RestoreResult> {
  const { header, entries } = await readBackup(file)
  if (header.store !== target.kind) {
    throw new Error(
      `this backup is of the ${header.store} store, but the configured store is ${target.kind}: ` +
        (header.store === 'redis' ? 'set REDIS_URL to the Redis to restore into' : 'unset REDIS_URL to restore into DATA_DIR'),
    )
  }
  let movedTo: string | undefined
  if (target.kind === 'embedded') movedTo = await restoreEmbedded(path.resolve(target.dataDir), entries, options)
  else await restoreRedis(target, entries)
  const counts = target.kind === 'embedded' ? await countEmbedded(path.resolve(target.dataDir)) : await countRedis(target)
  if (counts.leads < header.counts.leads || counts.reports < header.counts.reports) {
    throw new Error(`restored ${counts.leads} leads and ${counts.reports} reports, but the backup has ${header.counts.leads} and ${header.counts.reports}`)
  }
  return { header, counts, ...(movedTo ? { movedTo } : {}) }
}

async function restoreEmbedded(dataDir: string, entries: BackupEntry[], options: { force?: boolean; now?: Date }): Promise<string | undefined> {
  await fsp.mkdir(dataDir, { recursive: true, mode: DIR_MODE })
  // Throws DataDirInUseError (with the process) while the assistant runs: stop it first.
  const lock = DataDirLock.acquire(dataDir)
  try {
    const present = dataFiles(dataDir)
    let movedTo: string | undefined
    if (present.length > 0) {
      if (!options.force) {
        throw new Error(`${dataDir} already holds store files (${present.slice(0, 3).join(', ')}${present.length > 3 ? ', …' : ''}); restore with --force to move them into a before-restore-<time> folder inside it first`)
      }
      const stamp = (options.now ?? new Date()).toISOString().replace(/[:.]/g, '-')
      movedTo = path.join(dataDir, `before-restore-${stamp}`)
      await fsp.mkdir(movedTo, { mode: DIR_MODE })
      const tops = new Set(present.map((p) => p.split('/')[0]!))
      for (const top of tops) await fsp.rename(path.join(dataDir, top), path.join(movedTo, top))
    }
    await writeFiles(dataDir, entries)
    fsyncDirSync(dataDir)
    return movedTo
  } finally {
    lock.release()
  }
}

async function restoreRedis(target: Extract<BackupTarget, { kind: 'redis' }>, entries: BackupEntry[]): Promise<void> {
  const client = redisClient(target.topology)
  client.on('error', () => undefined)
  try {
    await client.connect()
    for (const entry of entries) {
      if (entry.t !== 'key') continue
      await client.restore(Buffer.from(entry.key, 'base64'), entry.pttl > 0 ? entry.pttl : 0, Buffer.from(entry.dump, 'base64'), 'REPLACE')
    }
  } finally {
    client.disconnect()
  }
}
