import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createStore } from '../../src/store/index.ts'
import { ChatProcess } from '../helpers/chat-process.ts'
import { startRedis, type RedisServer } from '../helpers/redis-server.ts'

const FLOW = ['halo', '4', 'ya', 'Lestari Wulandari', '0813 2222 3333', '24', 'jatim', 'kab malang', 'smk', '2, 13', 'jepang', 'benar']
const dirs: string[] = []
const tempDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'ma-leads-'))
  dirs.push(dir)
  return dir
}
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })))

/** Runs the training flow in a real process and kills it with SIGKILL the moment the confirmation arrives. */
async function confirmThenKill(env: Record<string, string>): Promise<string> {
  const chat = new ChatProcess(env)
  let confirmation = ''
  for (const text of FLOW) {
    const reply = await chat.say('kill-test', text)
    confirmation = reply.replies.map((r) => r.text).join('\n')
  }
  await chat.kill9()
  const ref = /MA-[A-Z0-9]{6}/.exec(confirmation)?.[0]
  expect(ref, `no reference number in the last reply: ${confirmation}`).toBeDefined()
  return ref!
}

// Real assistant processes (start, content load, kill -9, restart): on a busy shared machine more than the default 30 s.
describe('a confirmed lead is never lost', { timeout: 120_000 }, () => {
  it('embedded store: the lead is in the export after kill -9 right after the confirmation, and after a restart', async () => {
    const dataDir = tempDir()
    const ref = await confirmThenKill({ DATA_DIR: dataDir })
    const store = await createStore({ dataDir })
    try {
      const leads = await store.listLeads()
      expect(leads).toHaveLength(1)
      expect(leads[0]).toMatchObject({ ref, name: 'Lestari Wulandari', phone: '+6281322223333', regency: 'Kabupaten Malang', interests: ['hospitality', 'german'] })
    } finally {
      await store.close()
    }
    // and a normal restart of the assistant still sees it
    const again = new ChatProcess({ DATA_DIR: dataDir })
    await again.say('other', 'halo')
    await again.end()
    const reopened = await createStore({ dataDir })
    expect((await reopened.listLeads()).map((l) => l.ref)).toEqual([ref])
    await reopened.close()
  })

  describe('Redis store', () => {
    let redis: RedisServer
    beforeAll(async () => {
      redis = await startRedis({ appendonly: true })
    })
    afterAll(async () => redis?.stop())

    it('the lead is in Redis after kill -9 of the assistant right after the confirmation', async () => {
      const ref = await confirmThenKill({ REDIS_URL: redis.url, DATA_DIR: tempDir() })
      const store = await createStore({ redisUrl: redis.url, dataDir: tempDir() })
      try {
        const leads = await store.listLeads()
        expect(leads.map((l) => l.ref)).toEqual([ref])
      } finally {
        await store.close()
      }
    })
  })
})
