/**
 * Group commit (issue 17): the embedded journal writes the leads of one event-loop turn together with one fsync,
 * and a lead is confirmed to the user only after its batch is on the disk. So a process killed with SIGKILL in
 * the middle of a burst of 1,000 lead confirmations loses none that a user saw: after a restart every lead whose
 * confirmation (with its reference) left the process is in the export.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { createInterface } from 'node:readline'
import { afterAll, describe, expect, it } from 'vitest'
import { leadsCommand } from '../../src/cli/leads.ts'
import { EmbeddedStore } from '../../src/store/embedded.ts'

const USERS = 1_000
const dirs: string[] = []
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})

describe('kill -9 during a burst of lead confirmations', () => {
  it('keeps every lead whose confirmation reached the user', { timeout: 240_000 }, async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ma-burst-'))
    dirs.push(dataDir)
    const child = spawn(process.execPath, ['--import', 'tsx', resolve('test/fixtures/lead-burst-child.ts'), dataDir, String(USERS)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stderr = ''
    child.stderr.on('data', (data: Buffer) => (stderr += data.toString()))
    const exited = new Promise<void>((done) => child.once('exit', () => done()))
    const confirmed = new Map<string, string>()
    let unconfirmed = 0
    let killedAfter = -1
    try {
      await new Promise<void>((done, fail) => {
        createInterface({ input: child.stdout }).on('line', (line) => {
          const [word, user, ref] = line.split(' ')
          if (word === 'confirmed') confirmed.set(user!, ref!)
          if (word === 'unconfirmed') unconfirmed++
          // Kill in the middle of the burst: as soon as the first confirmations are out.
          if (killedAfter < 0 && confirmed.size >= 1) {
            killedAfter = confirmed.size
            child.kill('SIGKILL')
            done()
          }
        })
        child.once('exit', (code) => (killedAfter < 0 ? fail(new Error(`the child exited (${code}) before confirming:\n${stderr}`)) : done()))
      })
      await exited
    } finally {
      child.kill('SIGKILL')
    }
    expect(unconfirmed).toBe(0)
    expect(confirmed.size).toBeGreaterThan(0)

    // The restart: the operator's export of the same folder.
    const store = new EmbeddedStore({ dataDir, onWarning: () => undefined })
    let out = ''
    try {
      expect(await leadsCommand(['export', '--format', 'json'], { stdout: (s) => (out += s), stderr: () => undefined, store })).toBe(0)
    } finally {
      await store.close()
    }
    const exported = new Map((JSON.parse(out) as Array<{ userKey?: string; user?: string; ref: string }>).map((lead) => [lead.ref, lead]))
    if (process.env.BURST_DEBUG) console.log(`confirmed ${confirmed.size}, killed after ${killedAfter}, exported ${exported.size}`)
    const missing = [...confirmed].filter(([, ref]) => !exported.has(ref))
    expect(missing).toEqual([])
    // Every lead on disk is a whole one (no torn half): at most the confirmed ones plus those whose batch was
    // flushed when the kill came.
    expect(exported.size).toBeGreaterThanOrEqual(confirmed.size)
    expect(exported.size).toBeLessThanOrEqual(USERS)
  })
})
