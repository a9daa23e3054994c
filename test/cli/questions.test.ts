import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { EmbeddedStore } from '../../src/store/embedded.ts'

const dataDir = mkdtempSync(join(tmpdir(), 'ma-questions-'))
afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

const run = (...args: string[]): { stdout: string; stderr: string } => {
  const result = spawnSync(process.execPath, ['--import', 'tsx', resolve('src/cli.ts'), 'questions', ...args], {
    env: { ...process.env, DATA_DIR: dataDir, REDIS_URL: '', LOG_LEVEL: 'info' },
    encoding: 'utf8',
  })
  return { stdout: result.stdout, stderr: result.stderr }
}
const daysAgo = (n: number): string => new Date(Date.now() - n * 86_400_000).toISOString()

describe('npm run cli -- questions', () => {
  it('says so when there are none, then lists recorded questions most frequent first', async () => {
    expect(run('unanswered').stdout).toMatch(/Belum ada pertanyaan/)
    const store = new EmbeddedStore({ dataDir })
    await store.recordUnanswered('cara buka rekening di jepang', 'id', daysAgo(3), 'telegram:1')
    for (let i = 0; i < 3; i++) await store.recordUnanswered('harga tiket pesawat ke taiwan', 'id', daysAgo(2 - i / 2), `telegram:${i}`)
    await store.close()
    const lines = run('unanswered').stdout.trim().split('\n')
    expect(lines[0]).toMatch(/jumlah/)
    expect(lines[1]).toMatch(new RegExp(`^\\s+3\\s+${daysAgo(1).slice(0, 10)}\\s+id\\s+harga tiket pesawat ke taiwan$`))
    expect(lines[2]).toMatch(new RegExp(`^\\s+1\\s+${daysAgo(3).slice(0, 10)}\\s+id\\s+cara buka rekening di jepang$`))
  })

  it('clears them for officers, before a date or all, and erases them from the disk', async () => {
    const store = new EmbeddedStore({ dataDir })
    await store.recordUnanswered('pertanyaan lama sekali', 'id', daysAgo(40), 'telegram:9')
    await store.close()
    const cleared = run('clear', '--before', daysAgo(20).slice(0, 10))
    expect(cleared.stdout).toMatch(/^1 pertanyaan dihapus \(terakhir ditanyakan sebelum \d{4}-\d{2}-\d{2}\)/)
    expect(cleared.stderr).toMatch(/"removed":1.*unanswered questions cleared by an officer/)
    expect(run('unanswered').stdout).not.toMatch(/lama sekali/)
    expect(run('clear').stdout).toMatch(/^2 pertanyaan dihapus/)
    expect(run('unanswered').stdout).toMatch(/Belum ada pertanyaan/)
    expect(readFileSync(join(dataDir, 'journal.jsonl'), 'utf8')).not.toMatch(/rekening|tiket|lama sekali/)
    expect(run('clear', '--before', 'kemarin').stderr).toMatch(/--before must be a date/)
  })
})
