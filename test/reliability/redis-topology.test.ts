/**
 * Redis through Sentinel and as a Cluster, configured by environment variables, with real servers: a master and
 * a Sentinel; three cluster masters made into a cluster by `redis-cli --cluster create`. The assistant's whole
 * path (gate → runTurn → leads, deletion, channel state, unanswered questions) runs on each.
 */
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { Redis } from 'ioredis'
import { afterAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../../src/config.ts'
import { Gate } from '../../src/gate/gate.ts'
import { createLogger } from '../../src/logger.ts'
import { storeConfig } from '../../src/runtime.ts'
import { createStore } from '../../src/store/index.ts'
import { RedisStore } from '../../src/store/redis.ts'
import type { Store } from '../../src/store/types.ts'
import { realBundle } from '../helpers/bundle.ts'
import { type RedisServer, startRedis } from '../helpers/redis-server.ts'

const run = promisify(execFile)
const dataDir = mkdtempSync(join(tmpdir(), 'ma-topology-'))
const servers: RedisServer[] = []
afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()))
  rmSync(dataDir, { recursive: true, force: true })
})

// Content is loaded before any turn: loading it inside the first turn blocks the event loop for seconds on a busy
// machine, longer than the user lock's lease (5 s), and the redelivery check below then sees an expired lock.
realBundle()

/** The gate's "busy, not processed" answer (a store call slower than its timeout). */
const BUSY = 'error.busy'

const TRAINING = ['halo', '4', 'ya', 'Dewi', '{phone}', '30', 'jawa timur', 'surabaya', 'smk', '1', 'jepang', 'benar']

/** `users` people complete the training flow at the same time; returns the confirmation texts. */
async function completeFlows(store: Store, users: number): Promise<string[]> {
  // A long lock wait: this test is about topology, and on a loaded machine the default wait can pass, answering 'busy'.
  const gate = new Gate({ store, bundle: realBundle, logger: createLogger('silent'), rateLimit: false, lockWaitMs: 60_000 })
  return Promise.all(
    Array.from({ length: users }, async (_, u) => {
      let last = ''
      for (const [i, text] of TRAINING.entries()) {
        const inbound = { channel: 'telegram', userId: `t${u}`, messageId: `m${i}`, text: text.replace('{phone}', `08129${String(100000 + u)}`), now: Date.now() }
        // A store call slower than its timeout (this machine under heavy load) answers "busy, not processed": the
        // platform delivers the message again, as here. Anything else must be handled the first time.
        let replies = await gate.handle(inbound)
        for (let retry = 0; retry < 5 && replies.some((r) => r.key === BUSY); retry++) replies = await gate.handle(inbound)
        last = replies.map((r) => r.text).join('\n')
        // a redelivery of every message is dropped (the message names what the first delivery got, if it is not)
        expect(await gate.handle(inbound), `redelivery of "${text}" (user t${u}) after: ${last.slice(0, 120)}`).toEqual([])
      }
      return last
    }),
  )
}

describe('Redis configuration', () => {
  it('reads REDIS_SENTINELS / REDIS_CLUSTER_NODES and refuses two ways at once', () => {
    const sentinel = storeConfig(loadConfig({ REDIS_SENTINELS: '10.0.0.1:26379, sentinel-b', REDIS_SENTINEL_MASTER: 'bot', REDIS_PASSWORD: 'pw', REDIS_TLS: 'true' }))
    expect(sentinel.redis).toEqual({ kind: 'sentinel', sentinels: [{ host: '10.0.0.1', port: 26379 }, { host: 'sentinel-b', port: 26379 }], name: 'bot', password: 'pw', tls: true })
    const cluster = storeConfig(loadConfig({ REDIS_CLUSTER_NODES: 'a:7000,b:7001,[::1]:7002' }))
    expect(cluster.redis).toEqual({ kind: 'cluster', nodes: [{ host: 'a', port: 7000 }, { host: 'b', port: 7001 }, { host: '::1', port: 7002 }] })
    expect(storeConfig(loadConfig({ REDIS_URL: 'redis://r:6379' }))).toMatchObject({ redisUrl: 'redis://r:6379' })
    expect(storeConfig(loadConfig({})).redis).toBeUndefined()
    expect(() => loadConfig({ REDIS_URL: 'redis://r:6379', REDIS_CLUSTER_NODES: 'a:7000' })).toThrow(/REDIS_CLUSTER_NODES cannot be set together with REDIS_URL/)
    expect(() => loadConfig({ REDIS_SENTINELS: 'a:notaport' })).toThrow(/REDIS_SENTINELS must be host:port pairs/)
  })
})

describe('Redis Sentinel', () => {
  it('finds the master through the sentinel; conversations and leads work', async () => {
    const master = await startRedis()
    servers.push(master)
    const sentinel = await startRedis({ sentinelFor: { name: 'ma-master', masterPort: master.port } })
    servers.push(sentinel)
    const store = await createStore(storeConfig(loadConfig({ REDIS_SENTINELS: `127.0.0.1:${sentinel.port}`, REDIS_SENTINEL_MASTER: 'ma-master', DATA_DIR: dataDir })))
    try {
      expect(store.kind).toBe('redis')
      expect((store as RedisStore).target).toBe(`Redis master "ma-master" via Sentinel 127.0.0.1:${sentinel.port}`)
      const confirmations = await completeFlows(store, 3)
      for (const text of confirmations) expect(text).toMatch(/MA-[A-Z0-9]{6}/)
      expect(await store.listLeads()).toHaveLength(3)
      // the data is on the master the sentinel named
      const direct = new Redis(master.url)
      expect(await direct.hlen('ma:leads')).toBe(3)
      await direct.quit()
    } finally {
      await store.close()
    }
  })
})

describe('Redis Cluster', () => {
  it('spreads users over the masters, keeps each user in one slot, and everything works', async () => {
    const nodes = await Promise.all([0, 1, 2].map(() => startRedis({ extraArgs: ['--cluster-enabled', 'yes', '--cluster-config-file', 'nodes.conf', '--cluster-node-timeout', '2000'] })))
    servers.push(...nodes)
    await run('redis-cli', ['--cluster', 'create', ...nodes.map((n) => `127.0.0.1:${n.port}`), '--cluster-replicas', '0', '--cluster-yes'])
    const admins = nodes.map((n) => new Redis(n.url))
    for (let i = 0; i < 500; i++) {
      const states = await Promise.all(admins.map((a) => a.cluster('INFO')))
      if (states.every((s) => s.includes('cluster_state:ok'))) break
      await new Promise((r) => setTimeout(r, 20))
    }
    const store = await createStore(storeConfig(loadConfig({ REDIS_CLUSTER_NODES: nodes.map((n) => `127.0.0.1:${n.port}`).join(','), DATA_DIR: dataDir })))
    try {
      const confirmations = await completeFlows(store, 12)
      for (const text of confirmations) expect(text).toMatch(/MA-[A-Z0-9]{6}/)
      expect(await store.listLeads()).toHaveLength(12)
      // users' keys live on more than one master: the cluster really spreads them
      const perNode = await Promise.all(admins.map((a) => a.dbsize()))
      expect(perNode.filter((n) => n > 0).length).toBeGreaterThan(1)
      expect(await store.deleteUserData('telegram:t3')).toEqual({ leads: 1, reports: 0, session: true })
      expect(await store.listLeads()).toHaveLength(11)
      for (const key of ['wa:a', 'wa:b', 'wa:c', 'tg:x']) await store.kvSet(key, key)
      expect(await store.kvKeys('wa:')).toEqual(['wa:a', 'wa:b', 'wa:c'])
      await store.recordUnanswered('kenapa langit biru', 'id', new Date().toISOString())
      expect((await store.listUnanswered()).map((q) => q.text)).toEqual(['kenapa langit biru'])
      expect(await store.acquireLease('whatsapp:628', 'me', 5_000)).toBe(true)
    } finally {
      await store.close()
      await Promise.all(admins.map((a) => a.quit()))
    }
  })
})
