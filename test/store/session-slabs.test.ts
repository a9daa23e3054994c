import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { SessionTable, sessionText } from '../../src/store/session-table.ts'

const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true })
})

/** A session text of about 1 KB, different per user and turn, with a character outside Latin-1 (UTF-8: 3 bytes). */
function sessionOf(user: number, turn: number): string {
  return JSON.stringify({ v: 1, user, turn, label: 'Lainnya ▸', pad: 'x'.repeat(900 + (user % 50)) })
}

describe('sessions kept in shared slabs', () => {
  it('gives back every session as saved, before and after the older slabs are copied out, and after a reopen', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ma-slabs-'))
    dirs.push(dir)
    const table = new SessionTable(dir, 0, () => undefined)
    const users = 3_000
    // Two turns per user: about 6 MB of sessions, more than the 4 MB after which slabs are copied out.
    for (let turn = 0; turn < 2; turn++) {
      for (let user = 0; user < users; user++) {
        table.commitTurn(`u${user}`, { session: sessionOf(user, turn), expiresAt: 10_000, messageId: `m${turn}`, handledExpiresAt: 10_000, limit: 3 }, 1)
      }
      // A user who spoke once, early: their session stays in an old slab until it is copied out.
      if (turn === 0) table.set('idle', { session: sessionOf(-1, 0), expiresAt: 10_000, handled: [], handledExpiresAt: 0 })
    }
    for (let user = 0; user < users; user++) {
      const record = table.get(`u${user}`, 1)!
      expect(sessionText(record)).toBe(sessionOf(user, 1))
      expect(record.handled).toEqual(['m0', 'm1'])
    }
    // Sessions written before the last copy-out have buffers of their own (no slab kept alive for them).
    const early = table.get('u0', 1)!.session as Buffer
    expect(early.buffer.byteLength).toBe(early.length)
    const idle = table.get('idle', 1)!.session as Buffer
    expect(idle.toString()).toBe(sessionOf(-1, 0))
    expect(idle.buffer.byteLength).toBe(idle.length)
    await table.close()
    const reopened = new SessionTable(dir, 1, () => undefined)
    for (let user = 0; user < users; user += 97) expect(sessionText(reopened.get(`u${user}`, 1))).toBe(sessionOf(user, 1))
    expect(sessionText(reopened.get('idle', 1))).toBe(sessionOf(-1, 0))
    await reopened.close()
  })

  it('keeps a long session in a buffer of its own', () => {
    const table = new SessionTable(undefined, 0, () => undefined)
    const long = JSON.stringify({ v: 1, text: 'y'.repeat(40_000) })
    table.set('long', { session: long, expiresAt: 10, handled: [], handledExpiresAt: 0 })
    const stored = table.get('long', 1)!.session as Buffer
    expect(stored.toString()).toBe(long)
    expect(stored.buffer.byteLength).toBe(stored.length)
  })
})
