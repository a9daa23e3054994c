/**
 * `node --max-semi-space-size=64 --import tsx scripts/bench-lockstep.ts [embedded|redis] [BLOCKS]`: CPU per message
 * of the mixed script with a fixed amount of work, for before/after comparisons on a shared machine (where
 * `bench --mixed`'s 3-second closed loop is dominated by the load and by first-time costs). 1,000 users send the
 * script's messages in lock-step rounds (each round: every user one message, each on its own event-loop turn);
 * 32 rounds warm up (two passes of the script), then BLOCKS (default 5) blocks of 16 rounds = 16,000 messages are
 * timed with process.cpuUsage; prints the min, lower quartile and median µs per message over the blocks (on a loaded
 * machine the min and quartile of many blocks are the steadier figures).
 * HEAPPROF=FILE: samples allocations (collected ones included) during the last block and prints KB per message.
 * CPUPROF=FILE: a V8 CPU profile of the timed blocks only (no content load, no warm-up), for scripts/cpuprofile-top.ts.
 * REPLIES=FILE: writes the replies of users 0-2 during warm-up (fixed clock), to compare two versions byte for byte.
 * Start node with the same flags as the other side of the comparison (the semi-space size matters).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import { join } from 'node:path'
import { Session as InspSession } from 'node:inspector/promises'
import { loadBundle } from '../src/content/load.ts'
import { contentOptions } from '../src/runtime.ts'
import { loadConfig } from '../src/config.ts'
import { Gate } from '../src/gate/gate.ts'
import { createLogger } from '../src/logger.ts'
import { EmbeddedStore } from '../src/store/embedded.ts'
import { RedisStore } from '../src/store/redis.ts'
import { startRedis } from '../src/ops/redis-process.ts'
import { MIXED_SCRIPT, scriptText } from '../src/bench/load.ts'
const kind = process.argv[2] ?? 'embedded'
const blocks = Number(process.argv[3] ?? 5)
const content = loadBundle(contentOptions(loadConfig(process.env))).bundle!
const redis = kind === 'redis' ? await startRedis({ appendonly: true, appendfsync: 'everysec' }) : undefined
const dataDir = mkdtempSync(join(os.tmpdir(), 'ma-h2-'))
let store: any
if (redis) { store = new RedisStore({ url: redis.url, onWarning: () => undefined }); await store.ready() }
else store = new EmbeddedStore({ dataDir, onWarning: () => undefined })
const gate = new Gate({ store, bundle: () => content, logger: createLogger('silent'), rateLimit: false })
const U = 1000
let seq = 0
const positions = new Array(U).fill(0)
const replyLog: string[] = []
async function rounds(n: number, record = false) {
  for (let r = 0; r < n; r++) {
    await Promise.all(Array.from({ length: U }, async (_, u) => {
      await new Promise((res) => setImmediate(res))
      const text = scriptText(MIXED_SCRIPT[positions[u]]!, u); positions[u] = (positions[u] + 1) % MIXED_SCRIPT.length
      const replies = await gate.handle({ channel: 'bench', userId: `h${u}`, messageId: `b${++seq}`, text, now: 1_800_000_000_000 + seq })
      if (replies.length === 0 || replies.some((x) => x.key?.startsWith('error.'))) throw new Error('bad reply')
      if (record && u < 3) replyLog.push(JSON.stringify(replies))
    }))
  }
}
await rounds(32, true)
const insp = process.env.HEAPPROF ? new InspSession() : undefined
const cpu = process.env.CPUPROF ? new InspSession() : undefined
if (cpu) { cpu.connect(); await cpu.post('Profiler.enable'); await cpu.post('Profiler.setSamplingInterval', { interval: 200 }); await cpu.post('Profiler.start') }
const res: number[] = []
for (let b = 0; b < blocks; b++) {
  if (insp && b === blocks - 1) { insp.connect(); await insp.post('HeapProfiler.startSampling', { samplingInterval: 8192, includeObjectsCollectedByMinorGC: true, includeObjectsCollectedByMajorGC: true } as any) }
  const c0 = process.cpuUsage()
  await rounds(16)
  const c = process.cpuUsage(c0)
  res.push((c.user + c.system) / (16 * U))
}
if (cpu) { const { profile } = await cpu.post('Profiler.stop'); writeFileSync(process.env.CPUPROF!, JSON.stringify(profile)) }
let bytes = ''
if (insp) { const { profile } = await insp.post('HeapProfiler.stopSampling'); writeFileSync(process.env.HEAPPROF!, JSON.stringify({ profile, messages: 16 * U }));
  let sum = 0; const walk = (n: any) => { sum += n.selfSize; n.children.forEach(walk) }; walk(profile.head); bytes = ` alloc ${(sum / 16 / U / 1024).toFixed(1)} KB/msg` }
if (process.env.REPLIES) writeFileSync(process.env.REPLIES, replyLog.join('\n'))
const sorted = [...res].sort((a, b) => a - b)
console.log(`${process.env.TAG ?? ''} ${kind}: µs/msg min ${sorted[0]!.toFixed(1)} p25 ${sorted[Math.floor(sorted.length / 4)]!.toFixed(1)} med ${sorted[Math.floor(sorted.length / 2)]!.toFixed(1)}${bytes} | load ${os.loadavg()[0]!.toFixed(1)}`)
await store.close(); await redis?.stop(); rmSync(dataDir, { recursive: true, force: true })
process.exit(0)
