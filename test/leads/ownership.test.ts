import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Inbound } from '../../src/engine/types.ts'
import { Gate } from '../../src/gate/gate.ts'
import { createLogger } from '../../src/logger.ts'
import { EmbeddedStore } from '../../src/store/embedded.ts'
import { RedisStore } from '../../src/store/redis.ts'
import type { Store } from '../../src/store/types.ts'
import { realBundle } from '../helpers/bundle.ts'
import { startRedis, type RedisServer } from '../helpers/redis-server.ts'

/** The training flow up to the confirmation, with a typed phone number (Telegram does not share one). */
const flow = (name: string): string[] => ['halo', '4', 'ya', name, '0813 2222 3333', '24', 'jatim', 'kab malang', 'smk', '1', 'jepang', 'benar']

let n = 0
async function say(gate: Gate, userId: string, texts: string[]): Promise<string> {
  let last = ''
  for (const text of texts) {
    const inbound: Inbound = { channel: 'telegram', userId, messageId: `own-${++n}`, text, now: Date.parse('2026-11-22T03:00:00Z') + n * 1000 }
    last = (await gate.handle(inbound)).map((r) => r.text).join('\n')
  }
  return last
}

const refIn = (text: string): string | undefined => /MA-[A-Z0-9]{6}/.exec(text)?.[0]

function ownershipSuite(open: () => Promise<Store>): void {
  it('two users give the same phone: each keeps their own lead, and each deletion removes only their own', async () => {
    const store = await open()
    try {
      const gate = new Gate({ store, bundle: realBundle, logger: createLogger('silent'), rateLimit: false })
      const siti = refIn(await say(gate, '111', flow('Siti Aminah')))
      const other = refIn(await say(gate, '222', flow('Mallory Palsu')))
      expect(siti).toBeDefined()
      expect(other).toBeDefined()
      expect(other).not.toBe(siti)
      const byName = async () => Object.fromEntries((await store.listLeads()).map((l) => [l.name, [l.userKey, l.ref, l.phone]]))
      expect(await byName()).toEqual({
        'Siti Aminah': ['telegram:111', siti, '+6281322223333'],
        'Mallory Palsu': ['telegram:222', other, '+6281322223333'],
      })

      // The owner updating their own lead keeps the same reference and replaces it.
      expect(refIn(await say(gate, '111', flow('Siti A')))).toBe(siti)
      expect(Object.keys(await byName()).sort()).toEqual(['Mallory Palsu', 'Siti A'])

      // The other user's "hapus data saya" deletes their lead only.
      await say(gate, '222', ['hapus data saya', 'ya'])
      expect(await byName()).toEqual({ 'Siti A': ['telegram:111', siti, '+6281322223333'] })
      await say(gate, '111', ['hapus data saya', 'ya'])
      expect(await store.listLeads()).toEqual([])
    } finally {
      await store.close()
    }
  })
}

describe('lead ownership through the gate: embedded store', () => {
  ownershipSuite(async () => new EmbeddedStore({}))
})

describe('lead ownership through the gate: Redis store', () => {
  let redis: RedisServer
  beforeAll(async () => {
    redis = await startRedis()
  })
  afterAll(async () => redis?.stop())
  ownershipSuite(async () => {
    const store = new RedisStore({ url: redis.url })
    await store.ready()
    return store
  })
})
