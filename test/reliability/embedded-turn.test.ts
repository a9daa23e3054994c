/**
 * The embedded store's turns across a restart: handled message ids are saved with the sessions (one atomic
 * snapshot), so a platform that redelivers its last messages after a restart does not get them handled twice;
 * and "delete my data" leaves nothing keyed by the user in the snapshot.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { EmbeddedStore, SESSIONS_FILE } from '../../src/store/embedded.ts'
import { makeSession } from '../store/contract.ts'

const dirs: string[] = []
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })))
const TTL = { sessionTtlSeconds: 600, handledTtlSeconds: 600 }

describe('embedded store turns across a restart', () => {
  it('a message handled before a clean restart is a duplicate after it', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ma-embedded-turn-'))
    dirs.push(dataDir)
    const first = new EmbeddedStore({ dataDir })
    await first.runTurn('telegram:5', 'update-41', async () => ({ value: '', commit: { session: makeSession({ lang: 'en' }) } }), TTL)
    await first.close()

    const second = new EmbeddedStore({ dataDir })
    let ran = false
    const redelivered = await second.runTurn('telegram:5', 'update-41', async () => {
      ran = true
      return { value: '' }
    }, TTL)
    expect(redelivered).toEqual({ duplicate: true })
    expect(ran).toBe(false)
    expect((await second.getSession('telegram:5'))?.lang).toBe('en')

    // "hapus data saya": the session goes, and so do the user's message ids, from memory and from the disk.
    await second.runTurn('whatsapp:6281234567890', 'wa-1', async () => ({ value: '', commit: { session: makeSession() } }), TTL)
    await second.runTurn('whatsapp:6281234567890', 'wa-2', async () => ({ value: '', commit: { session: null } }), TTL)
    await second.close()
    expect(readFileSync(join(dataDir, SESSIONS_FILE), 'utf8')).not.toContain('6281234567890')
    const third = new EmbeddedStore({ dataDir })
    expect(await third.runTurn('whatsapp:6281234567890', 'wa-1', async () => ({ value: 'new' }), TTL)).toEqual({ duplicate: false, value: 'new' })
    await third.close()
  })
})
