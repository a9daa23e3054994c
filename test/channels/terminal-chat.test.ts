import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'

const dataDir = mkdtempSync(join(tmpdir(), 'ma-term-'))
afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

describe('interactive terminal chat (npm run chat)', () => {
  it('keeps JSON log lines out of the conversation: they go to DATA_DIR/assistant.log', async () => {
    const { out, code } = await new Promise<{ out: string; code: number | null }>((done, fail) => {
      const child = spawn(process.execPath, ['--import', 'tsx', resolve('src/cli.ts'), 'chat'], {
        env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'debug' },
        stdio: ['pipe', 'pipe', 'pipe'],
      })
      let out = ''
      child.stdout.on('data', (d: Buffer) => (out += d.toString()))
      child.stderr.on('data', (d: Buffer) => (out += d.toString()))
      child.on('error', fail)
      child.on('close', (code) => done({ out, code }))
      child.stdin.end('halo\nberapa umur minimal jadi PMI\nhapus data saya\nya\n/quit\n')
    })
    expect(code).toBe(0)
    expect(out).toMatch(/18/)
    expect(out).not.toMatch(/"level":/)
    const log = join(dataDir, 'assistant.log')
    expect(existsSync(log)).toBe(true)
    expect(readFileSync(log, 'utf8')).toMatch(/"level":/)
  })
})
