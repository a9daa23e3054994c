import { parse } from 'csv-parse/sync'
import { describe, expect, it } from 'vitest'
import { leadsCommand } from '../../src/cli/leads.ts'
import type { Session } from '../../src/engine/types.ts'
import { makeLead } from '../helpers/lead-fixtures.ts'
import { MemoryStoreFake } from '../helpers/memory-store-fake.ts'

const ayu = makeLead({ id: 'a', ref: 'MA-AAAAAA', userKey: 'telegram:111', channel: 'telegram', name: '=HYPERLINK("x")' })
const budi = makeLead({
  id: 'b',
  ref: 'MA-BBBBBB',
  userKey: 'whatsapp:6281299990000@s.whatsapp.net',
  name: 'Budi',
  interests: ['hospitality'],
  destination: 'taiwan',
  province: '35',
  createdAt: '2025-12-10T01:00:00.000Z',
  updatedAt: '2025-12-10T01:00:00.000Z',
})

async function run(args: string[], store = new MemoryStoreFake({ leads: [ayu, budi] })) {
  let stdout = ''
  let stderr = ''
  const code = await leadsCommand(args, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), store })
  return { code, stdout, stderr, store }
}

describe('leads export', () => {
  it('writes CSV by default, safe to open in a spreadsheet', async () => {
    const { code, stdout, stderr } = await run(['export'])
    expect(code).toBe(0)
    expect(stdout.startsWith('\uFEFFref,createdAt,')).toBe(true)
    const rows = parse(stdout, { bom: true, columns: true }) as Record<string, string>[]
    expect(rows.map((r) => r.ref)).toEqual(['MA-AAAAAA', 'MA-BBBBBB'])
    expect(rows[0]?.name).toBe(`'=HYPERLINK("x")`)
    expect(rows[0]?.phone).toBe("'+6281234567890")
    expect(stderr).toBe('2 lead(s) exported\n')
  })

  it('writes JSON with --format json', async () => {
    const { code, stdout } = await run(['export', '--format', 'json'])
    expect(code).toBe(0)
    // Both give the fixture's phone: each stays its own lead, and each names the other's ref.
    expect(JSON.parse(stdout)).toEqual([
      { ...ayu, samePhoneAs: [budi.ref] },
      { ...budi, samePhoneAs: [ayu.ref] },
    ])
  })

  it('keeps leads created or updated since a date', async () => {
    const { code, stdout, stderr } = await run(['export', '--format=json', '--since', '2025-12-05'])
    expect(code).toBe(0)
    expect((JSON.parse(stdout) as { id: string }[]).map((l) => l.id)).toEqual(['b'])
    expect(stderr).toBe('1 lead(s) exported since 2025-12-05\n')
  })

  it('writes ; separated CSV with --delimiter semicolon', async () => {
    const { stdout } = await run(['export', '--delimiter', 'semicolon'])
    expect(stdout.startsWith('\uFEFFref;createdAt;')).toBe(true)
  })

  it.each([
    [['export', '--since', '2025-13-01'], /--since must be a date like 2025-12-01/],
    [['export', '--since', '1 Dec'], /--since must be a date/],
    [['export', '--format', 'xlsx'], /--format must be one of: csv, json/],
    [['export', '--delimiter', 'tab'], /--delimiter must be one of: comma, semicolon/],
    [['export', '--bogus'], /Unknown option '--bogus'/],
    [['export', 'extra'], /positional/],
  ])('rejects %j with a usage message (exit 2)', async (args, message) => {
    const { code, stdout, stderr } = await run(args)
    expect(code).toBe(2)
    expect(stdout).toBe('')
    expect(stderr).toMatch(message)
    expect(stderr).toContain('usage:')
  })
})

describe('leads stats', () => {
  it('prints counts in Indonesian by default', async () => {
    const { code, stdout } = await run(['stats'])
    expect(code).toBe(0)
    expect(stdout).toContain('Jumlah lead: 2\n')
    expect(stdout).toContain('  welding: 1\n')
    expect(stdout).toContain('  taiwan: 1\n')
  })

  it('prints English with --lang en', async () => {
    const { stdout } = await run(['stats', '--lang', 'en'])
    expect(stdout.split('\n')[0]).toBe('Leads: 2')
  })
})

describe('leads delete', () => {
  it("deletes one user's data and says what was deleted", async () => {
    const session: Session = { v: 1, lang: 'id', createdAt: 0, updatedAt: 0 }
    const store = new MemoryStoreFake({ leads: [ayu, budi], sessions: { 'telegram:111': session } })
    const { code, stdout } = await run(['delete', '--user', 'telegram:111'], store)
    expect(code).toBe(0)
    expect(stdout).toBe('deleted for telegram:111: 1 lead(s), 0 report(s), session yes\n')
    expect(store.deletions).toEqual(['telegram:111'])
    expect([...store.leads.keys()]).toEqual(['b'])
  })

  it('accepts a WhatsApp user key and reports when nothing was there', async () => {
    const { code, stdout } = await run(['delete', '--user', 'whatsapp:6280000000000@s.whatsapp.net'])
    expect(code).toBe(0)
    expect(stdout).toBe('deleted for whatsapp:6280000000000@s.whatsapp.net: 0 lead(s), 0 report(s), session none\n')
  })

  it.each([[['delete']], [['delete', '--user', '111']], [['delete', '--user', 'telegram:']]])(
    'asks for a CHANNEL:USERID key: %j',
    async (args) => {
      const { code, stderr, store } = await run(args)
      expect(code).toBe(2)
      expect(stderr).toMatch(/--user needs the user key CHANNEL:USERID/)
      expect(store.deletions).toEqual([])
    },
  )
})

describe('leads (other)', () => {
  it('prints the usage for help, and a usage error for unknown commands', async () => {
    expect((await run(['help'])).stdout).toContain('leads export')
    const unknown = await run(['import'])
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toMatch(/unknown leads command "import"/)
    expect((await run([])).code).toBe(2)
  })

  it('exits 1 with the reason when the store is unavailable', async () => {
    const store = new MemoryStoreFake()
    store.down = true
    const { code, stderr } = await run(['stats'], store)
    expect(code).toBe(1)
    expect(stderr).toBe('leads: memory store fake is down (test)\n')
  })
})
