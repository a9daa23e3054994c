/**
 * The data-folder lock under a race: many processes (real child processes, real files) find the same stale
 * lock (left by a dead process) at the same instant, and exactly one of them gets the folder; every other one
 * is refused with DataDirInUseError. Before the takeover file, 2 of 20 trials of just two processes ended with
 * two owners.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ma-lock-race-'))
afterAll(() => fs.rmSync(root, { recursive: true, force: true }))

const CHILD = `
import fs from 'node:fs'
import { DataDirLock } from ${JSON.stringify(path.resolve('src/store/data-dir-lock.ts'))}
const [dir, go] = process.argv.slice(2)
process.stdout.write('ready\\n')
const nap = new Int32Array(new SharedArrayBuffer(4))
while (!fs.existsSync(go)) Atomics.wait(nap, 0, 0, 1)
let result
try {
  DataDirLock.acquire(dir)
  result = 'won'
} catch (error) {
  result = error.name === 'DataDirInUseError' ? 'refused' : 'error: ' + error.message
}
process.stdout.write(result + '\\n')
// Stay alive (holding the lock, if won) until the test has every answer.
process.stdin.on('end', () => process.exit(0))
process.stdin.resume()
`

/** Starts `count` processes waiting for `go`; resolves with them once each has said it is ready. */
async function contenders(count: number, dir: string, go: string): Promise<{ children: ChildProcess[]; results: Promise<string[]> }> {
  const script = path.join(root, 'contender.mjs')
  fs.writeFileSync(script, CHILD)
  const children: ChildProcess[] = []
  const ready: Promise<void>[] = []
  const results: Promise<string>[] = []
  for (let i = 0; i < count; i++) {
    const child = spawn(process.execPath, ['--import', 'tsx', script, dir, go], { stdio: ['pipe', 'pipe', 'inherit'] })
    children.push(child)
    let out = ''
    let onReady: () => void
    let onResult: (line: string) => void
    ready.push(new Promise((resolve) => (onReady = resolve)))
    results.push(new Promise((resolve) => (onResult = resolve)))
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString()
      const lines = out.split('\n')
      if (lines.length > 1) onReady()
      if (lines.length > 2) onResult(lines[1]!)
    })
    child.on('close', () => onResult(`exited before answering: ${out}`))
  }
  await Promise.all(ready)
  return { children, results: Promise.all(results) }
}

describe('data folder lock', () => {
  it('of many processes taking over the same stale lock at once, exactly one wins', async () => {
    const deadPid = spawnSync(process.execPath, ['-e', '']).pid
    for (let trial = 0; trial < 2; trial++) {
      const dir = path.join(root, `trial-${trial}`)
      fs.mkdirSync(dir)
      fs.writeFileSync(path.join(dir, '.lock'), JSON.stringify({ pid: deadPid, host: os.hostname(), since: '' }))
      const go = path.join(dir, 'go')
      const { children, results } = await contenders(10, dir, go)
      fs.writeFileSync(go, '')
      const answers = await results
      for (const child of children) child.stdin!.end()
      expect(answers.filter((a) => a === 'won'), `trial ${trial}: ${answers.join(', ')}`).toHaveLength(1)
      expect(answers.filter((a) => a !== 'won' && a !== 'refused')).toEqual([])
      expect(fs.existsSync(path.join(dir, '.lock.takeover'))).toBe(false)
    }
  }, 120_000)
})
