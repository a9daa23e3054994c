/**
 * `tsx scripts/time-load.ts [cold|warm]`: one content load (`loadBundle`, with its training) timed in this fresh
 * process, as one JSON line: wall clock, CPU time of all threads (process.cpuUsage: main, training worker, V8's
 * compiler and GC threads), CPU time of the main thread alone (Linux, /proc/thread-self/schedstat) and the load
 * average. `cold` (default): an empty model cache, so the classifiers train; `warm`: a first load fills a cache,
 * the second is timed (trained weights read from it) in the same process (its code already compiled); `cached`: a
 * child process fills the cache, then this fresh process's first load is timed with it (a restart with unchanged
 * content: what a deployment sees). The machine is shared: run it several times, before and
 * after a change in turn, and compare medians (wall clock only means something on a quiet machine).
 * `--profile FILE`: a V8 CPU profile of the main thread during the timed load only (`scripts/cpuprofile-top.ts FILE`).
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { Session } from 'node:inspector'
import os from 'node:os'
import { join, resolve } from 'node:path'
import { loadBundle } from '../src/content/load.ts'
import { ACTION_SPECS } from '../src/engine/actions.ts'

const args = process.argv.slice(2)
const profileAt = args.indexOf('--profile')
const profileFile = profileAt >= 0 ? args.splice(profileAt, 2)[1] : undefined
const mode = args[0] ?? 'cold'
if (mode !== 'cold' && mode !== 'warm' && mode !== 'cached' && mode !== 'fill') throw new Error('usage: tsx scripts/time-load.ts [cold|warm|cached] [--profile FILE]')
const session = profileFile ? new Session() : undefined
/** Posts an inspector command (answered synchronously on the main thread's own session). */
const post = (method: string, params: object = {}): unknown => {
  let result: unknown
  session!.post(method, params, (error, value) => {
    if (error) throw error
    result = value
  })
  return result
}
const threadCpuMs = (): number => {
  try {
    return Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[0]) / 1e6
  } catch {
    return Number.NaN
  }
}
// `fill DIR` (the child of `cached`): one load that fills the cache in DIR, nothing timed.
const dir = mode === 'fill' ? args[1]! : mkdtempSync(join(os.tmpdir(), 'ma-time-load-'))
try {
  const options = { flowsDir: resolve('flows'), contentDir: resolve('content'), actions: ACTION_SPECS, modelCacheDir: dir }
  if (mode === 'fill') {
    if (!loadBundle(options).bundle) throw new Error('content has errors')
    process.exit(0)
  }
  if (mode === 'warm') loadBundle(options)
  if (mode === 'cached') {
    const child = spawnSync(process.execPath, [...process.execArgv, process.argv[1]!, 'fill', dir], { stdio: 'inherit' })
    if (child.status !== 0) throw new Error('filling the cache in a child process failed')
  }
  if (session) {
    session.connect()
    post('Profiler.enable')
    post('Profiler.setSamplingInterval', { interval: 500 })
    post('Profiler.start')
  }
  const load = os.loadavg()[0]!
  const main = threadCpuMs()
  const cpu = process.cpuUsage()
  const started = performance.now()
  const result = loadBundle(options)
  const ms = performance.now() - started
  const used = process.cpuUsage(cpu)
  const mainMs = threadCpuMs() - main
  if (session) writeFileSync(profileFile!, JSON.stringify((post('Profiler.stop') as { profile: object }).profile))
  if (!result.bundle) throw new Error('content has errors; run `npx tsx src/cli.ts validate`')
  const line = { mode, ms: Math.round(ms), cpu_ms: Math.round((used.user + used.system) / 1000), main_cpu_ms: Math.round(mainMs), load: Number(load.toFixed(2)) }
  process.stdout.write(`${JSON.stringify(line)}\n`)
} finally {
  rmSync(dir, { recursive: true, force: true })
}
