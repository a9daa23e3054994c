import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { EmbeddedStore } from '../../src/store/embedded.ts'

const dataDir = mkdtempSync(join(tmpdir(), 'ma-questions-'))
afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

const run = (): string =>
  execFileSync(process.execPath, ['--import', 'tsx', resolve('src/cli.ts'), 'questions', 'unanswered'], {
    env: { ...process.env, DATA_DIR: dataDir, REDIS_URL: '' },
    encoding: 'utf8',
  })

describe('npm run cli -- questions unanswered', () => {
  it('says so when there are none, then lists recorded questions most frequent first', async () => {
    expect(run()).toMatch(/Belum ada pertanyaan/)
    const store = new EmbeddedStore({ dataDir })
    await store.recordUnanswered('cara buka rekening di jepang', 'id', '2026-11-20T01:00:00Z')
    for (let i = 0; i < 3; i++) await store.recordUnanswered('harga tiket pesawat ke taiwan', 'id', `2026-11-2${i}T01:00:00Z`)
    await store.close()
    const lines = run().trim().split('\n')
    expect(lines[0]).toMatch(/jumlah/)
    expect(lines[1]).toMatch(/^\s+3\s+2026-11-22\s+id\s+harga tiket pesawat ke taiwan$/)
    expect(lines[2]).toMatch(/^\s+1\s+2026-11-20\s+id\s+cara buka rekening di jepang$/)
  })
})
