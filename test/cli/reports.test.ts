import { parse } from 'csv-parse/sync'
import { describe, expect, it } from 'vitest'
import { reportsCommand } from '../../src/cli/reports.ts'
import type { Report } from '../../src/engine/types.ts'
import { MemoryStoreFake } from '../helpers/memory-store-fake.ts'

const first: Report = {
  id: 'r1',
  ref: 'MA-AAAAAA',
  userKey: 'telegram:111',
  channel: 'telegram',
  createdAt: '2026-11-20T01:00:00.000Z',
  lang: 'id',
  recruiter: '=HYPERLINK("http://contoh.invalid","klik")',
  story: 'Diminta transfer, "segera",\nke rekening pribadi',
  contact: '+6281234567890',
}
const second: Report = {
  id: 'r2',
  ref: 'MA-BBBBBB',
  userKey: 'whatsapp:6281299990000@s.whatsapp.net',
  channel: 'whatsapp',
  createdAt: '2026-11-22T01:00:00.000Z',
  lang: 'en',
  recruiter: 'PT Contoh Fiktif',
  story: 'Passport held',
}

async function run(args: string[], store = new MemoryStoreFake({ reports: [first, second] })) {
  let stdout = ''
  let stderr = ''
  const code = await reportsCommand(args, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), store })
  return { code, stdout, stderr }
}

describe('reports export', () => {
  it('writes CSV by default, in the order the store lists them (oldest first), safe to open in a spreadsheet', async () => {
    const { code, stdout, stderr } = await run(['export'])
    expect(code).toBe(0)
    expect(stdout.startsWith('\uFEFFref,createdAt,channel,lang,recruiter,story,contact,userKey,id\r\n')).toBe(true)
    const rows = parse(stdout, { bom: true, columns: true }) as Record<string, string>[]
    expect(rows.map((r) => r.ref)).toEqual(['MA-AAAAAA', 'MA-BBBBBB'])
    expect(rows[0]!.recruiter).toBe(`'${first.recruiter}`)
    expect(rows[0]!.story).toBe(first.story)
    expect(rows[0]!.contact).toBe("'+6281234567890")
    expect(rows[1]!.contact).toBe('')
    expect(stderr).toBe('2 report(s) exported\n')
  })

  it('writes JSON with the same keys, a missing contact as null', async () => {
    const { code, stdout } = await run(['export', '--format', 'json'])
    expect(code).toBe(0)
    const list = JSON.parse(stdout) as Record<string, unknown>[]
    expect(Object.keys(list[0]!)).toEqual(['ref', 'createdAt', 'channel', 'lang', 'recruiter', 'story', 'contact', 'userKey', 'id'])
    expect(list[0]!.recruiter).toBe(first.recruiter)
    expect(list[1]!.contact).toBeNull()
  })

  it('takes --since and --delimiter semicolon', async () => {
    const { stdout, stderr } = await run(['export', '--since', '2026-11-21', '--delimiter', 'semicolon'])
    const rows = parse(stdout, { bom: true, columns: true, delimiter: ';' }) as Record<string, string>[]
    expect(rows.map((r) => r.id)).toEqual(['r2'])
    expect(stderr).toContain('since 2026-11-21')
  })

  it('exits 2 with the usage on wrong usage, 1 when the store is down', async () => {
    for (const args of [['export', '--format', 'xml'], ['export', '--since', '21-11-2026'], ['export', 'extra'], ['list'], []]) {
      const { code, stderr } = await run(args)
      expect(code, args.join(' ')).toBe(2)
      expect(stderr).toContain('usage:')
    }
    const store = new MemoryStoreFake()
    store.down = true
    expect((await run(['export'], store)).code).toBe(1)
    expect((await run(['help'])).stdout).toContain('reports export')
  })
})
