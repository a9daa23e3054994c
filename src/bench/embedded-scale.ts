/**
 * The embedded store at scale (`npm run bench`): 100,000 users, each with a session in the middle of the training
 * flow and a few handled message ids, and a lead for one user in ten. Measures, while turns go on:
 *
 * - the largest event-loop stall (`monitorEventLoopDelay`) during ordinary turns (with the store's tick, which
 *   flushes and may compact), and during "hapus data saya" (which rewrites both files in the background);
 * - how long a deletion takes for the user who asked (the others are served meanwhile);
 * - close, and reopening in a fresh process (as a restart): the time and that process's memory.
 *
 * Before this store kept sessions in one `sessions.json` snapshot, the same 100,000 users gave (issue 12): a
 * 1.2 s stall every 30 s save, 0.5–1.9 s stalls per deletion, 3.1 s to reopen and 741 MB.
 */
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import type { Bundle } from '../content/bundle.ts'
import type { Lead, Session } from '../engine/types.ts'
import { Gate } from '../gate/gate.ts'
import { createLogger } from '../logger.ts'
import { EmbeddedStore } from '../store/embedded.ts'
import { JOURNAL_FILE } from '../store/journal.ts'
import { SESSIONS_LOG } from '../store/session-table.ts'
import { MIXED_SCRIPT, scriptText } from './load.ts'

export interface EmbeddedScaleResult {
  users: number
  leads: number
  sessions_file_mb: number
  journal_file_mb: number
  fill_s: number
  /**
   * `max_stall_ms`: the longest the event loop did not run (wall clock: includes waiting for a busy machine's
   * CPU); `max_cpu_stall_ms`: the most CPU time the process used between two 1 ms ticks (what the store's own
   * work can be blamed for, also counting GC and thread-pool threads).
   */
  turns: { count: number; per_second: number; max_stall_ms: number; max_cpu_stall_ms: number }
  deletions: { count: number; mean_ms: number; max_ms: number; max_stall_ms: number; max_cpu_stall_ms: number; turns_meanwhile: number }
  close_ms: number
  /** Opening the store in a fresh process (`reopen-child.ts`), and that process's memory then. */
  reopen_ms: number
  rss_mb_after_reopen: number
  heap_mb_after_reopen: number
  /** 1-minute load average at the end: on a busy machine wall-clock stalls include waiting for the CPU. */
  load_average: number
}

const TTL = { sessionTtlSeconds: 72 * 3600, handledTtlSeconds: 3 * 86_400 }
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))
const mb = (bytes: number): number => Math.round(bytes / 2 ** 20)
const round1 = (n: number): number => Math.round(n * 10) / 10

/** A session as the gate leaves it after seven answers of the training flow. */
async function realisticSession(content: Bundle): Promise<Session> {
  const store = new EmbeddedStore({})
  const gate = new Gate({ store, bundle: () => content, logger: createLogger('silent'), rateLimit: false })
  for (let step = 0; step < 7; step++) {
    await gate.handle({ channel: 'bench', userId: 'x', messageId: `s-${step}`, text: scriptText(MIXED_SCRIPT[step]!, 7), now: Date.now() })
  }
  const session = await store.getSession('bench:x')
  await store.close()
  if (!session) throw new Error('the training flow left no session')
  return session
}

function leadFor(user: number): Lead {
  const at = new Date().toISOString()
  return {
    id: `lead-${user}`,
    ref: `MA-${user.toString(36).toUpperCase().padStart(6, '0')}`,
    userKey: `bench:u${user}`,
    channel: 'bench',
    createdAt: at,
    updatedAt: at,
    lang: 'id',
    name: `Peserta ${user}`,
    phone: `+62812${String(user).padStart(7, '0')}`,
    age: 24,
    province: 'Jawa Timur',
    regency: 'Kabupaten Malang',
    education: 'smk',
    interests: ['welding', 'japanese'],
    destination: 'japan',
    consentAt: at,
  }
}

/** The most CPU time used between two ticks of a 1 ms timer. */
class CpuStallProbe {
  #timer: NodeJS.Timeout | undefined
  #max = 0

  start(): void {
    this.#max = 0
    let last = process.cpuUsage()
    this.#timer = setInterval(() => {
      const now = process.cpuUsage()
      this.#max = Math.max(this.#max, (now.user - last.user + now.system - last.system) / 1000)
      last = now
    }, 1)
  }

  stop(): number {
    clearInterval(this.#timer)
    return round1(this.#max)
  }
}

/** Opens the store on `dir` in a new process (as a restart would) and reports the time and memory. */
function reopenInFreshProcess(dir: string, someUser: string): { reopen_ms: number; rss_mb: number; heap_mb: number } {
  const here = path.dirname(fileURLToPath(import.meta.url))
  const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(here, 'reopen-child.ts'), dir, someUser], {
    cwd: path.resolve(here, '../..'),
    encoding: 'utf8',
  })
  if (result.status !== 0) throw new Error(`reopening the store failed:\n${result.stderr}`)
  return JSON.parse(result.stdout) as { reopen_ms: number; rss_mb: number; heap_mb: number }
}

export async function benchEmbeddedScale(content: Bundle, users: number, progress: (line: string) => void): Promise<EmbeddedScaleResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ma-bench-scale-'))
  try {
    const session = await realisticSession(content)
    // One lead for one user in ten, written as the journal would hold them (10,000 fsync'ed writes would only
    // measure the disk).
    const leadUsers = Array.from({ length: Math.ceil(users / 10) }, (_, i) => i * 10)
    fs.writeFileSync(path.join(dir, JOURNAL_FILE), leadUsers.map((u) => `${JSON.stringify({ t: 'lead', lead: leadFor(u) })}\n`).join(''))

    progress(`embedded store at ${users.toLocaleString('en-US')} users: filling`)
    const fillStarted = performance.now()
    let store = new EmbeddedStore({ dataDir: dir, maintenanceIntervalMs: 1_000, onWarning: (w) => progress(`warning: ${w}`) })
    let message = 0
    const turn = (user: number): Promise<unknown> =>
      store.runTurn(`bench:u${user}`, `m-${++message}`, async () => ({ value: 0, commit: { session: { ...session, updatedAt: message } } }), TTL)
    for (let round = 0; round < 3; round++) {
      for (let u = 0; u < users; u++) {
        await turn(u)
        if (u % 200 === 0) await nextTurn()
      }
    }
    const fillS = (performance.now() - fillStarted) / 1000

    const histogram = monitorEventLoopDelay({ resolution: 1 })
    const maxStall = (): number => round1(histogram.max / 1e6)
    const cpu = new CpuStallProbe()

    progress('embedded store at scale: turns')
    const count = Math.min(users, 20_000)
    histogram.enable()
    cpu.start()
    const turnsStarted = performance.now()
    for (let i = 0; i < count; i++) {
      await turn(Math.floor(Math.random() * users))
      if (i % 50 === 0) await nextTurn()
    }
    const turnsS = (performance.now() - turnsStarted) / 1000
    histogram.disable()
    const turnStall = maxStall()
    const turnCpuStall = cpu.stop()

    progress('embedded store at scale: "hapus data saya" while others are served')
    histogram.reset()
    histogram.enable()
    cpu.start()
    let running = true
    let meanwhile = 0
    const background = (async () => {
      while (running) {
        await turn(Math.floor(Math.random() * users))
        meanwhile++
        if (meanwhile % 20 === 0) await nextTurn()
      }
    })()
    const durations: number[] = []
    for (let d = 0; d < 10; d++) {
      const started = performance.now()
      await store.deleteUserData(`bench:u${leadUsers[d * 7]!}`)
      durations.push(performance.now() - started)
    }
    running = false
    await background
    histogram.disable()
    const deletionStall = maxStall()
    const deletionCpuStall = cpu.stop()

    const sessionsBytes = fs.statSync(path.join(dir, SESSIONS_LOG)).size
    const journalBytes = fs.statSync(path.join(dir, JOURNAL_FILE)).size
    progress('embedded store at scale: close and reopen')
    const closeStarted = performance.now()
    await store.close()
    const closeMs = performance.now() - closeStarted
    const reopened = reopenInFreshProcess(dir, `bench:u${users - 1}`)

    return {
      users,
      leads: leadUsers.length,
      sessions_file_mb: mb(sessionsBytes),
      journal_file_mb: round1(journalBytes / 2 ** 20),
      fill_s: round1(fillS),
      turns: { count, per_second: Math.round(count / turnsS), max_stall_ms: turnStall, max_cpu_stall_ms: turnCpuStall },
      deletions: {
        count: durations.length,
        mean_ms: Math.round(durations.reduce((a, b) => a + b, 0) / durations.length),
        max_ms: Math.round(Math.max(...durations)),
        max_stall_ms: deletionStall,
        max_cpu_stall_ms: deletionCpuStall,
        turns_meanwhile: meanwhile,
      },
      close_ms: Math.round(closeMs),
      reopen_ms: reopened.reopen_ms,
      rss_mb_after_reopen: reopened.rss_mb,
      heap_mb_after_reopen: reopened.heap_mb,
      load_average: round1(os.loadavg()[0]!),
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}
