/**
 * The admin socket through which officer commands reach a running assistant's embedded store: it answers the
 * allowed store methods to the holder of the token, refuses anything else, and cleans up after itself.
 */
import { mkdtempSync, readFileSync, rmSync, existsSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createLogger } from '../../src/logger.ts'
import { ADMIN_INFO_FILE, remoteStoreFor, startAdminSocket } from '../../src/officer/admin-socket.ts'
import { EmbeddedStore } from '../../src/store/embedded.ts'
import { StoreUnavailableError } from '../../src/store/types.ts'
import { makeLead } from '../helpers/lead-fixtures.ts'

const dir = mkdtempSync(join(tmpdir(), 'ma-admin-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function raw(socket: string, token: string, body: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const r = request({ socketPath: socket, path: '/store', method: 'POST', headers: { authorization: `Bearer ${token}` } }, (response) => {
      let text = ''
      response.on('data', (c: Buffer) => (text += c.toString()))
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text }))
    })
    r.on('error', reject)
    r.end(body)
  })
}

describe('admin socket', () => {
  it('serves the allowed store methods to the token holder and nothing else', async () => {
    const store = new EmbeddedStore({ dataDir: dir })
    await store.upsertLead(makeLead({ id: 'x1', userKey: 'telegram:1' }))
    const admin = await startAdminSocket(store, dir, createLogger('silent'))
    expect(admin).toBeDefined()
    try {
      const remote = remoteStoreFor(dir)!
      expect((await remote.listLeads()).map((l) => l.id)).toEqual(['x1'])
      await remote.kvSet('officer:test', 'v')
      expect(await remote.kvGet('officer:test')).toBe('v')
      expect(await remote.kvGet('officer:none')).toBeUndefined()
      expect(await remote.deleteLead('telegram:1', 'x1')).toBe(true)
      expect(await store.listLeads()).toEqual([])
      expect(() => remote.runTurn()).toThrow(StoreUnavailableError)

      const { socket, token } = JSON.parse(readFileSync(join(dir, ADMIN_INFO_FILE), 'utf8')) as { socket: string; token: string }
      expect((await raw(socket, 'wrong', JSON.stringify({ method: 'listLeads', args: [] }))).status).toBe(401)
      const refused = await raw(socket, token, JSON.stringify({ method: 'runTurn', args: [] }))
      expect(refused.status).toBe(400)
      expect(refused.body).toContain('not a method officer commands may call')
      expect((await raw(socket, token, 'not json')).status).toBe(500)
    } finally {
      await admin!.close()
      await store.close()
    }
    expect(existsSync(join(dir, ADMIN_INFO_FILE))).toBe(false)
    expect(remoteStoreFor(dir)).toBeUndefined()
  })

  it('a command finding stale socket information says it cannot reach the assistant', async () => {
    writeFileSync(join(dir, ADMIN_INFO_FILE), JSON.stringify({ socket: join(dir, 'gone.sock'), token: 't', pid: 1 }))
    await expect(remoteStoreFor(dir)!.listLeads()).rejects.toThrow(/cannot reach the running assistant/)
    rmSync(join(dir, ADMIN_INFO_FILE))
  })
})
