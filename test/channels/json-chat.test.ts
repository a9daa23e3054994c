import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'

const dataDir = mkdtempSync(join(tmpdir(), 'ma-chat-'))
afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

/** Runs `npm run -s chat -- --json` as a real process with these stdin lines. */
function chat(lines: string[], env: Record<string, string> = {}): Promise<{ stdout: string[]; stderr: string; code: number | null }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', resolve('src/cli.ts'), 'chat', '--json'], {
      env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'info', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    child.on('error', fail)
    child.on('close', (code) => done({ stdout: stdout.split('\n').filter(Boolean), stderr, code }))
    child.stdin.end(lines.map((l) => `${l}\n`).join(''))
  })
}

describe('JSON-lines chat (npm run -s chat -- --json)', () => {
  it('answers "halo" with the main menu and "1" with the FAQ topics, one line each, then exits 0', async () => {
    const { stdout, code } = await chat(['{"user":"a","text":"halo"}', '{"user":"a","text":"1"}'])
    expect(code).toBe(0)
    expect(stdout).toHaveLength(2)
    const first = JSON.parse(stdout[0]!)
    expect(first.user).toBe('a')
    const menu = first.replies.find((r: { choices?: unknown[] }) => r.choices)
    expect(menu.choices.map((c: { id: string }) => c.id)).toEqual([
      'main.menu:faq',
      'main.menu:agency',
      'main.menu:siskop2mi',
      'main.menu:training',
      'main.menu:help',
    ])
    expect(JSON.parse(stdout[1]!).replies[0].text).toMatch(/topik/i)
  })

  it('keeps going after bad lines: malformed JSON, missing user, huge text, control characters, emoji, unknown choice', async () => {
    const lines = [
      '{"user":"b","text":"halo"',
      '[1,2,3]',
      '{"text":"tanpa user"}',
      JSON.stringify({ user: 'b', text: 'x'.repeat(10_000) }),
      JSON.stringify({ user: 'b', text: '\u0000\u0007\u001b[31mhalo\u202e\u200b' }),
      JSON.stringify({ user: 'b', text: '😀😀😀' }),
      JSON.stringify({ user: 'b', choice: 'training.summary:confirm' }),
      JSON.stringify({ user: 'b', text: '' }),
      JSON.stringify({ user: 'b', text: 'halo' }),
    ]
    const { stdout, code } = await chat(lines)
    expect(code).toBe(0)
    expect(stdout).toHaveLength(lines.length)
    const parsed = stdout.map((l) => JSON.parse(l))
    expect(parsed[0].error).toMatch(/not valid JSON/)
    expect(parsed[1].error).toMatch(/expected an object/)
    expect(parsed[2].error).toMatch(/"user" is required/)
    for (const reply of parsed.slice(3)) {
      expect(reply.user).toBe('b')
      expect(reply.replies.length).toBeGreaterThan(0)
      for (const r of reply.replies) expect(r.text.length).toBeGreaterThan(0)
    }
    expect(parsed[6].replies[0].text).toMatch(/menu lama/)
    expect(parsed[8].replies.some((r: { choices?: unknown[] }) => r.choices)).toBe(true)
  })

  it('writes logs to stderr only, without message texts', async () => {
    const { stdout, stderr } = await chat([JSON.stringify({ user: 'c', text: 'hapus data saya' }), JSON.stringify({ user: 'c', text: 'ya' })])
    expect(stdout).toHaveLength(2)
    for (const line of stdout) expect(() => JSON.parse(line)).not.toThrow()
    expect(stderr).toContain('user data deleted on request')
    expect(stderr).not.toContain('hapus data saya')
  })
})
