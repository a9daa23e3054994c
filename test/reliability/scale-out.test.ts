/**
 * Done-when checks of scale-out and faults, with real processes (`chat --json`) and a real redis-server:
 *  - two bot processes on one Redis, one user's messages alternately to both: the same conversation as with one
 *    process, no message lost, none handled twice (also when a message is delivered to both);
 *  - Redis stopped in the middle of a lead flow and started again: the user is told to retry, then completes,
 *    and the export has exactly one lead;
 *  - a process killed with SIGKILL while it handles the confirmation: after a restart the redelivered message is
 *    handled exactly once (or was already), and there is exactly one lead.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Redis } from 'ioredis'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { leadsCommand } from '../../src/cli/leads.ts'
import { RedisStore } from '../../src/store/redis.ts'
import { ChatProcess } from '../helpers/chat-process.ts'
import { type RedisServer, startRedis } from '../helpers/redis-server.ts'

/** The training-interest flow up to the summary, then the confirmation ("benar"), with a question typed midway. */
const FLOW = ['halo', '4', 'ya', 'Rina Marlina', '0812 7777 1234', '27', 'apa itu bp2mi?', 'jawa tengah', 'kab cilacap', 'sma', '3', 'taiwan', 'benar', 'menu']
const BUSY = /sedang sibuk/
const DONE = /MA-[A-Z0-9]{6}/

let redis: RedisServer
let admin: Redis
const dataDir = mkdtempSync(join(tmpdir(), 'ma-scale-'))
const running: ChatProcess[] = []

beforeAll(async () => {
  redis = await startRedis({ appendonly: true })
  admin = new Redis(redis.url, { lazyConnect: false })
})
afterAll(async () => {
  await Promise.all(running.map((p) => p.kill9()))
  await admin?.quit()
  await redis?.stop()
  rmSync(dataDir, { recursive: true, force: true })
})
beforeEach(async () => {
  await admin.flushall()
})

function bot(): ChatProcess {
  const chat = new ChatProcess({ REDIS_URL: redis.url, DATA_DIR: dataDir, LOG_LEVEL: 'warn' })
  running.push(chat)
  return chat
}

type Wire = Awaited<ReturnType<ChatProcess['send']>>
const texts = (reply: Wire): string[] => reply.replies.map((r) => r.text)

/** `leads export --format json`, the operator's command, on its own connection to the shared Redis. */
async function exportLeads(): Promise<Array<{ ref: string; name: string; phone: string }>> {
  const store = new RedisStore({ url: redis.url })
  let out = ''
  try {
    await store.ready()
    const code = await leadsCommand(['export', '--format', 'json'], { stdout: (s) => (out += s), stderr: () => undefined, store })
    expect(code).toBe(0)
  } finally {
    await store.close()
  }
  return JSON.parse(out)
}

// Real processes start in seconds; on a busy CI machine give each test more room than the default 30 s.
describe('two bot processes share one Redis', { timeout: 90_000 }, () => {
  let solo: ChatProcess
  let a: ChatProcess
  let b: ChatProcess
  beforeAll(() => {
    ;[solo, a, b] = [bot(), bot(), bot()]
  })
  afterAll(async () => {
    await Promise.all([a.end(), b.end()])
  })

  it('alternating one user\'s messages between them gives the one-process conversation; nothing lost or doubled', async () => {
    // The reference: one process.
    const reference: string[][] = []
    for (const [i, text] of FLOW.entries()) reference.push(texts(await solo.send({ user: 'rina', text, id: `solo-${i}` })))
    await solo.end()
    expect(reference.at(-2)!.join('\n')).toMatch(DONE)
    const referenceLeads = await exportLeads()
    expect(referenceLeads).toHaveLength(1)
    await admin.flushall()

    const transcript: string[][] = []
    for (const [i, text] of FLOW.entries()) {
      const [first, second] = i % 2 === 0 ? [a, b] : [b, a]
      transcript.push(texts(await first.send({ user: 'rina', text, id: `m-${i}` })))
      // The platform delivers the same message again, to the other process: it is not handled a second time.
      if (i % 3 === 0) expect(await second.send({ user: 'rina', text, id: `m-${i}` })).toEqual({ user: 'rina', replies: [] })
    }
    expect(transcript).toEqual(reference)
    const leads = await exportLeads()
    expect(leads).toHaveLength(1)
    expect(leads[0]).toMatchObject({ ref: referenceLeads[0]!.ref, name: 'Rina Marlina', phone: '+6281277771234' })
    // Every message handled exactly once: one handled mark per message id.
    expect(await admin.zcard('ma:{user:terminal:rina}:handled')).toBe(FLOW.length)
  })

  it('several users at once on both processes: each conversation as with one process', async () => {
    const users = ['u1', 'u2', 'u3', 'u4']
    const transcripts = new Map<string, string[][]>()
    // All users talk at the same time; each user's messages alternate between the processes.
    await Promise.all(
      users.map(async (user, u) => {
        const lines: string[][] = []
        for (const [i, text] of FLOW.slice(0, 6).entries()) {
          const chat = (i + u) % 2 === 0 ? a : b
          lines.push(texts(await chat.send({ user, text, id: `${user}-${i}` })))
        }
        transcripts.set(user, lines)
      }),
    )
    const first = transcripts.get('u1')!
    for (const user of users) expect(transcripts.get(user)).toEqual(first)
  })
})

describe('faults', { timeout: 90_000 }, () => {
  it('Redis stops in the middle of a lead flow: the user is told to retry, then completes; exactly one lead', async () => {
    const chat = bot()
    const summaryAt = FLOW.indexOf('benar')
    for (const [i, text] of FLOW.slice(0, summaryAt).entries()) await chat.send({ user: 'sari', text, id: `s-${i}` })

    await redis.stop()
    const duringOutage = texts(await chat.send({ user: 'sari', text: 'benar', id: 'confirm-1' })).join('\n')
    expect(duringOutage).toMatch(BUSY)
    await redis.restart()

    // The user tries again (each try is a new message); the process reconnects by itself.
    let confirmation = ''
    for (let attempt = 2; attempt < 60 && !DONE.test(confirmation); attempt++) {
      confirmation = texts(await chat.send({ user: 'sari', text: 'benar', id: `confirm-${attempt}` })).join('\n')
      if (!DONE.test(confirmation)) {
        expect(confirmation).toMatch(BUSY)
        await new Promise((r) => setTimeout(r, 100))
      }
    }
    expect(confirmation).toMatch(DONE)
    const leads = await exportLeads()
    expect(leads).toHaveLength(1)
    expect(leads[0]).toMatchObject({ name: 'Rina Marlina', ref: DONE.exec(confirmation)![0] })
    await chat.end()
  })

  it('a process killed (SIGKILL) while it handles the confirmation: the redelivery is handled once, one lead', async () => {
    const summaryAt = FLOW.indexOf('benar')
    // Both processes of a round start together (start-up is the slow part).
    const rounds = [1, 2].map((round) => ({ round, doomed: bot(), heir: bot() }))
    for (const { round, doomed, heir } of rounds) {
      await admin.flushall()
      for (const [i, text] of FLOW.slice(0, summaryAt).entries()) await doomed.send({ user: 'tuti', text, id: `t-${i}` })
      doomed.post({ user: 'tuti', text: 'benar', id: 'confirm' })
      // Kill it after the lead is written (before or after the commit), or surely after the commit.
      if (round === 1) await waitFor(async () => (await admin.hlen('ma:leads')) === 1)
      if (round === 2) await waitFor(async () => (await admin.zscore('ma:{user:terminal:tuti}:handled', 'confirm')) !== null)
      await doomed.kill9()

      const redelivered = texts(await heir.send({ user: 'tuti', text: 'benar', id: 'confirm' })).join('\n')
      const committedBefore = redelivered === ''
      // Handled once: either here (with the confirmation) or before the kill (then this is a duplicate).
      if (!committedBefore) expect(redelivered).toMatch(DONE)
      if (round === 2) expect(committedBefore).toBe(true)
      expect(await exportLeads()).toHaveLength(1)
      // The session is valid and at the end of the flow: the next message works.
      expect(texts(await heir.send({ user: 'tuti', text: 'menu', id: 'after' })).join('\n')).toMatch(/Apa yang Anda perlukan/)
      await heir.end()
    }
  })
})

async function waitFor(condition: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 2_000; i++) {
    if (await condition()) return
    await new Promise((r) => setImmediate(r))
  }
  throw new Error('condition not met')
}
