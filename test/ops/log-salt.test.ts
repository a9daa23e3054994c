/**
 * The user reference in logs is keyed with a secret salt: LOG_SALT, or one generated once into
 * DATA_DIR/log-salt (mode 0600) and kept across restarts. Without the salt, hashing every phone number does
 * not give back whose ref a log line carries.
 */
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { LOG_SALT_FILE, resolveLogSalt } from '../../src/log-salt.ts'
import { setLogSalt, userRef } from '../../src/logger.ts'

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ma-log-salt-'))
afterAll(() => fs.rmSync(root, { recursive: true, force: true }))

describe('log salt', () => {
  it('is generated once into DATA_DIR/log-salt (0600) and read back on the next start', () => {
    const dir = path.join(root, 'data')
    const first = resolveLogSalt({ DATA_DIR: dir })
    expect(first.source).toBe('generated')
    expect(first.salt).toMatch(/^[0-9a-f]{64}$/)
    const file = path.join(dir, LOG_SALT_FILE)
    expect(fs.statSync(file).mode & 0o777).toBe(0o600)
    expect(resolveLogSalt({ DATA_DIR: dir })).toEqual({ salt: first.salt, source: 'file' })
  })

  it('LOG_SALT wins (all processes sharing a Redis store set the same one)', () => {
    expect(resolveLogSalt({ DATA_DIR: path.join(root, 'data'), LOG_SALT: 'shared-secret-salt-for-all-instances' })).toEqual({ salt: 'shared-secret-salt-for-all-instances', source: 'env' })
  })

  it('without a writable DATA_DIR: a salt for this process only, and a warning that says to set LOG_SALT', () => {
    const notADir = path.join(root, 'file')
    fs.writeFileSync(notADir, '')
    const result = resolveLogSalt({ DATA_DIR: path.join(notADir, 'data') })
    expect(result.source).toBe('process')
    expect(result.salt).toMatch(/^[0-9a-f]{64}$/)
    expect(result.warning).toMatch(/LOG_SALT/)
  })

  it('userRef is a keyed hash: stable per salt, different across salts, not the unsalted hash of the user', () => {
    const user = 'whatsapp:6281234567890@s.whatsapp.net'
    setLogSalt('salt-one-0123456789abcdef0123456789abcdef')
    const one = userRef(user)
    expect(one).toMatch(/^[0-9a-f]{16}$/)
    expect(userRef(user)).toBe(one)
    expect(userRef('whatsapp:6281234567891@s.whatsapp.net')).not.toBe(one)
    setLogSalt('salt-two-0123456789abcdef0123456789abcdef')
    expect(userRef(user)).not.toBe(one)
    // The old unsalted reference could be found by hashing every phone number; the new one is not it.
    const unsalted = createHash('sha256').update(`migrasi-aman:${user}`).digest('hex')
    expect(unsalted.startsWith(one)).toBe(false)
    expect(unsalted.startsWith(userRef(user))).toBe(false)
  })
})
