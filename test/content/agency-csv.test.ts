import { existsSync } from 'node:fs'
import { readdir, readFile, writeFile } from 'node:fs/promises'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  formatRegistryCsv,
  importRegistry,
  loadRegistry,
  parseAgencyCsv,
  parseRegistryDate,
  registryPaths,
} from '../../src/content/agency-csv.ts'
import { hasErrors, type Problem } from '../../src/content/problems.ts'
import { checkAgency, type Agency } from '../../src/knowledge/agencies.ts'
import { AS_OF, SPECIAL, TODAY, fictionalRegistryRows, registryCsv, tempDir, writeCsv } from '../helpers/fictional-registry.ts'

const HEADER = 'nama_p3mi,nomor_sip3mi,status,berlaku_sampai,alamat,kabupaten_kota,provinsi,telepon'
const errors = (problems: Problem[]) => problems.filter((p) => p.severity === 'error')
const strip = (rows: readonly (Agency & { line?: number })[]) => rows.map(({ line: _line, ...a }) => a)

describe('parseAgencyCsv: accepted files', () => {
  const rows = fictionalRegistryRows(200)

  it('reads the canonical file', () => {
    const parsed = parseAgencyCsv(registryCsv(rows), 'daftar.csv')
    expect(errors(parsed.problems)).toEqual([])
    expect(strip(parsed.rows)).toEqual(rows)
    expect(parsed.rows[0]!.line).toBe(2)
  })

  it('reads semicolons, BOM, CRLF, English headers in any order, day-first dates and other status words alike', () => {
    const styles = [
      { delimiter: ';', bom: true },
      { delimiter: ';', bom: true, lineEnding: '\r\n', headers: 'english', statuses: 'en' },
      { delimiter: ',', headers: 'english', order: [3, 7, 0, 2, 6, 1, 5, 4] },
      { delimiter: ';', order: [1, 0, 2, 3, 4, 5, 6, 7], dates: 'dd/mm/yyyy', statuses: 'id-alt' },
      { delimiter: '\t', dates: 'dd-mm-yyyy' },
    ] as const
    for (const style of styles) {
      const parsed = parseAgencyCsv(new TextEncoder().encode(registryCsv(rows, style)), 'daftar.csv')
      expect(errors(parsed.problems), JSON.stringify(style)).toEqual([])
      expect(strip(parsed.rows), JSON.stringify(style)).toEqual(rows)
    }
  })

  it('accepts headers written by people ("Nama P3MI", "Berlaku Sampai") and warns about unknown and missing optional columns', () => {
    const text = 'No;Nama P3MI;Nomor SIP3MI;STATUS;Berlaku Sampai\n1;PT Contoh Satu Fiktif;FIK.1/SIP3MI/2024;aktif;31/12/2027\n'
    const parsed = parseAgencyCsv(text, 'f.csv')
    expect(errors(parsed.problems)).toEqual([])
    expect(parsed.rows[0]).toMatchObject({ name: 'PT Contoh Satu Fiktif', validUntil: '2027-12-31', address: '', phone: '' })
    expect(parsed.problems).toContainEqual(expect.objectContaining({ severity: 'warn', line: 1, col: 1, message: expect.stringContaining('"No"') }))
    expect(parsed.problems).toContainEqual(expect.objectContaining({ severity: 'warn', message: 'no column "alamat", "kabupaten_kota", "provinsi", "telepon": users will not see them' }))
  })

  it('keeps line numbers right across quoted multi-line values and skips empty rows', () => {
    const text = `${HEADER}\n"PT Contoh Satu Fiktif",FIK.1/SIP3MI/2024,aktif,2027-12-31,"Jl. Contoh\nNo. 1",,,\n,,,,,,,\n\nPT Contoh Dua Fiktif,FIK.2/SIP3MI/2024,aktiv,2027-12-31,,,,\n`
    const parsed = parseAgencyCsv(text, 'f.csv')
    expect(parsed.rows[0]!.address).toBe('Jl. Contoh No. 1')
    expect(errors(parsed.problems)).toEqual([expect.objectContaining({ line: 6, col: 3 })])
  })

  it('reads a value containing the other separator', () => {
    const text = 'nama_p3mi;nomor_sip3mi;status;berlaku_sampai;alamat\nPT Contoh, Satu Fiktif;FIK.1/SIP3MI/2024;aktif;2027-12-31;Jl. Contoh, No. 1\n'
    const parsed = parseAgencyCsv(text, 'f.csv')
    expect(errors(parsed.problems)).toEqual([])
    expect(parsed.rows[0]).toMatchObject({ name: 'PT Contoh, Satu Fiktif', address: 'Jl. Contoh, No. 1' })
  })

  it('allows an empty date for suspended and revoked licences', () => {
    const text = `${HEADER}\nPT Contoh Satu Fiktif,FIK.1/SIP3MI/2024,dicabut,,,,,\nPT Contoh Dua Fiktif,FIK.2/SIP3MI/2024,skorsing,,,,,\n`
    const parsed = parseAgencyCsv(text, 'f.csv')
    expect(errors(parsed.problems)).toEqual([])
    expect(parsed.rows.map((r) => r.validUntil)).toEqual([null, null])
  })

  it('warns, without rejecting, about two names that are the same once normalized', () => {
    const text = `${HEADER}\nPT Contoh Satu Fiktif,FIK.1/SIP3MI/2024,aktif,2027-12-31,,,,\n"Contoh Satu Fiktif, PT.",FIK.2/SIP3MI/2024,dicabut,,,,,\n`
    const parsed = parseAgencyCsv(text, 'f.csv')
    expect(errors(parsed.problems)).toEqual([])
    expect(parsed.problems).toEqual([expect.objectContaining({ severity: 'warn', line: 3, col: 1, message: expect.stringContaining('line 2') })])
    expect(parsed.rows).toHaveLength(2)
  })
})

describe('parseAgencyCsv: rejected files name the line and the column', () => {
  const bad = (text: string | Uint8Array) => errors(parseAgencyCsv(text, 'bad.csv').problems)

  it('rejects an empty file, a blank file, and a header without rows', () => {
    expect(bad('')).toEqual([expect.objectContaining({ file: 'bad.csv', line: 1, col: 1, message: expect.stringContaining('empty') })])
    expect(bad('\uFEFF \n\n')).toEqual([expect.objectContaining({ line: 1, col: 1 })])
    expect(bad(`${HEADER}\n`)).toEqual([expect.objectContaining({ line: 2, message: expect.stringContaining('no agencies') })])
  })

  it('rejects a missing column, naming it and guessing a misspelt header', () => {
    const missing = bad('nama_p3mi,nomor_sip3mi,berlaku_sampai\nPT Contoh Satu Fiktif,FIK.1/SIP3MI/2024,2027-12-31\n')
    expect(missing).toEqual([expect.objectContaining({ line: 1, col: 4, message: expect.stringContaining('missing column "status"') })])
    const misspelt = bad('nama_p3mi,nomor_sip3mi,stauts,berlaku_sampai\nPT Contoh Satu Fiktif,FIK.1/SIP3MI/2024,aktif,2027-12-31\n')
    expect(misspelt).toEqual([expect.objectContaining({ line: 1, col: 3, message: expect.stringContaining('did you mean column 3 "stauts"') })])
  })

  it('rejects a repeated column (canonical and alias)', () => {
    expect(bad('nama_p3mi,name,nomor_sip3mi,status,berlaku_sampai\nA,B,FIK.1,aktif,2027-12-31\n')).toEqual([
      expect.objectContaining({ line: 1, col: 2, message: expect.stringContaining('repeats column 1') }),
    ])
  })

  it('rejects a bad status with the list of known ones', () => {
    const problems = bad(`${HEADER}\nPT Contoh Satu Fiktif,FIK.1/SIP3MI/2024,aktiv,2027-12-31,,,,\n`)
    expect(problems).toEqual([
      {
        file: 'bad.csv',
        line: 2,
        col: 3,
        severity: 'error',
        message: 'status: status "aktiv" is not a known status; use one of: aktif, active, skorsing, dibekukan, suspended, dicabut, revoked',
      },
    ])
  })

  it('rejects bad dates, each with how to write it', () => {
    const cases: [string, RegExp][] = [
      ['2027-02-30', /does not exist/],
      ['31/02/2027', /does not exist/],
      ['12/31/2027', /month-first/],
      ['31/12/27', /two-digit year/],
      ['46387', /spreadsheet date number/],
      ['besok', /not a date/],
      ['3027-01-01', /year 3027/],
    ]
    for (const [date, reason] of cases) {
      const problems = bad(`${HEADER}\nPT Contoh Satu Fiktif,FIK.1/SIP3MI/2024,aktif,${date},,,,\n`)
      expect(problems, date).toEqual([expect.objectContaining({ line: 2, col: 4, message: expect.stringMatching(reason) })])
      expect(problems[0]!.message).toContain('YYYY-MM-DD')
    }
    expect(bad(`${HEADER}\nPT Contoh Satu Fiktif,FIK.1/SIP3MI/2024,aktif,,,,,\n`)).toEqual([
      expect.objectContaining({ line: 2, col: 4, message: expect.stringContaining('needs its end date') }),
    ])
  })

  it('reads the documented date forms', () => {
    expect(parseRegistryDate('2027-12-31')).toEqual({ iso: '2027-12-31' })
    expect(parseRegistryDate('2027/12/31')).toEqual({ iso: '2027-12-31' })
    expect(parseRegistryDate('31/12/2027')).toEqual({ iso: '2027-12-31' })
    expect(parseRegistryDate('31-12-2027')).toEqual({ iso: '2027-12-31' })
    expect(parseRegistryDate('31.12.2027')).toEqual({ iso: '2027-12-31' })
    expect(parseRegistryDate('1/2/2027')).toEqual({ iso: '2027-02-01' })
    expect(parseRegistryDate('29/02/2028')).toEqual({ iso: '2028-02-29' })
    expect(parseRegistryDate('31/12-2027')).toHaveProperty('error')
  })

  it('rejects duplicate licence numbers, also when written differently, pointing at both lines', () => {
    const problems = bad(`${HEADER}\nPT Contoh Satu Fiktif,FIK.1/SIP3MI/2024,aktif,2027-12-31,,,,\nPT Contoh Dua Fiktif,fik-1 sip3mi 2024,aktif,2027-12-31,,,,\n`)
    expect(problems).toEqual([expect.objectContaining({ line: 3, col: 2, message: expect.stringContaining('already on line 2') })])
  })

  it('rejects empty names and licence numbers, a name that is only "PT", and formulas', () => {
    const problems = bad(
      `${HEADER}\n,FIK.1/SIP3MI/2024,aktif,2027-12-31,,,,\nPT Contoh Dua Fiktif,,aktif,2027-12-31,,,,\nP.T.,FIK.3,aktif,2027-12-31,,,,\n=HYPERLINK(1),FIK.4,aktif,2027-12-31,,,,\n`,
    )
    expect(problems.map((p) => [p.line, p.col])).toEqual([
      [2, 1],
      [3, 2],
      [4, 1],
      [5, 1],
    ])
  })

  it('rejects a row with too many or too few values', () => {
    const problems = bad(`${HEADER}\nPT Contoh Satu Fiktif,FIK.1/SIP3MI/2024,aktif,2027-12-31,,,,,extra\nPT Contoh Dua Fiktif,FIK.2\n`)
    expect(problems).toEqual([
      expect.objectContaining({ line: 2, col: 9, message: expect.stringContaining('expected 8 values') }),
      expect.objectContaining({ line: 3, col: 3, message: expect.stringContaining('found 2') }),
    ])
  })

  it('rejects quoting errors with their line, and goes on to report the other rows', () => {
    const problems = bad(
      `${HEADER}\nPT Contoh "Satu" Fiktif,FIK.1,aktif,2027-12-31,,,,\nPT Contoh Dua Fiktif,FIK.2,aktiv,2027-12-31,,,,\n"PT Contoh Tiga Fiktif,FIK.3,aktif,2027-12-31,,,,\nPT Contoh Empat Fiktif,FIK.4,aktif,2027-12-31,,,,\n`,
    )
    expect(problems.map((p) => [p.line, p.message.slice(0, 30)])).toEqual([
      [2, 'a double quote (") inside a va'],
      [3, 'status: status "aktiv" is not '],
      [4, 'a double quote (") opened in t'],
    ])
  })

  it('reads a Windows-1252 (Latin-1) file correctly, with a warning; UTF-16 too; refuses a workbook or binary', () => {
    const latin1 = Uint8Array.from([...new TextEncoder().encode(`${HEADER}\nPT Contoh Caf`), 0xe9, ...new TextEncoder().encode(' Fiktif,FIK.1,aktif,2027-12-31,,,,\n')])
    const parsed = parseAgencyCsv(latin1, 'daftar.csv')
    expect(parsed.rows.map((r) => r.name)).toEqual(['PT Contoh Café Fiktif'])
    expect(parsed.problems).toEqual([expect.objectContaining({ line: 1, col: 1, severity: 'warn', message: expect.stringContaining('Windows-1252') })])
    const text = `${HEADER}\nPT Contoh Café Fiktif,FIK.1,aktif,2027-12-31,,,,\n`
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])
    const be = Buffer.from(Buffer.from(`\ufeff${text}`, 'utf16le')).swap16()
    for (const bytes of [le, be, Buffer.from(text, 'utf16le')]) {
      const utf16 = parseAgencyCsv(bytes, 'daftar.csv')
      expect(errors(utf16.problems)).toEqual([])
      expect(utf16.rows.map((r) => r.name)).toEqual(['PT Contoh Café Fiktif'])
    }
    expect(bad(Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]))).toEqual([expect.objectContaining({ line: 1, col: 1, message: expect.stringContaining('Excel workbook') })])
    expect(bad(Uint8Array.from([0x41, 0, 0, 0x42, 0x43, 0x44, 0x45, 0x46]))).toEqual([expect.objectContaining({ message: expect.stringContaining('not text') })])
  })

  it('reports every error in the file, not only the first', () => {
    const problems = bad(`${HEADER}\nPT Contoh Satu Fiktif,FIK.1,aktiv,2027-13-01,,,,\nPT Contoh Dua Fiktif,FIK.2,aktif,2027-12-31,,,,\nPT Contoh Tiga Fiktif,FIK.2,dicabut,,,,,\n`)
    expect(problems.map((p) => `${p.line}:${p.col}`)).toEqual(['2:3', '2:4', '4:2'])
  })
})

describe('importRegistry and loadRegistry', () => {
  let dir: string
  let cleanup: () => Promise<void>
  beforeEach(async () => ({ dir, cleanup } = await tempDir()))
  afterEach(async () => cleanup())
  const contentDir = () => `${dir}/content`

  it('has no registry and no problem before any import', () => {
    expect(loadRegistry(contentDir())).toEqual({ problems: [] })
  })

  it('imports a valid file, writes canonical CSV and meta, and loads it back with its date', async () => {
    const rows = fictionalRegistryRows(5000)
    const file = await writeCsv(dir, 'daftar p3mi.csv', registryCsv(rows, { delimiter: ';', bom: true, headers: 'english', dates: 'dd/mm/yyyy' }))
    const result = await importRegistry(file, contentDir(), AS_OF, { now: new Date('2026-01-16T03:04:05Z') })
    expect(result).toMatchObject({ ok: true, rows: rows.length, asOf: AS_OF })
    const paths = registryPaths(contentDir())
    expect(await readFile(paths.csv, 'utf8')).toBe(formatRegistryCsv(rows))
    expect((await readFile(paths.csv, 'utf8')).split('\n')[0]).toBe(HEADER)
    const meta = await readFile(paths.meta, 'utf8')
    expect(meta).toContain(`as_of: "${AS_OF}"`)
    expect(meta).toContain('imported_at: "2026-01-16T03:04:05.000Z"')
    expect(meta).toContain('source_file: "daftar p3mi.csv"')
    expect(meta).toContain(`rows: ${rows.length}`)
    expect((await readdir(paths.dir)).sort()).toEqual(['registry.csv', 'registry.meta.yaml'])

    const loaded = loadRegistry(contentDir())
    expect(loaded.problems).toEqual([])
    expect(loaded.registry!.asOf).toBe(AS_OF)
    expect(loaded.registry!.agencies).toEqual(rows)
    expect(checkAgency(loaded.registry, SPECIAL.licensed.name, TODAY).verdict).toBe('licensed')
  })

  it('an unchanged registry is not parsed again on reload; a new import is', async () => {
    expect((await importRegistry(await writeCsv(dir, 'a.csv', registryCsv(fictionalRegistryRows(50))), contentDir(), AS_OF)).ok).toBe(true)
    const first = loadRegistry(contentDir()).registry!
    expect(loadRegistry(contentDir()).registry).toBe(first)
    const rows = fictionalRegistryRows(60)
    expect((await importRegistry(await writeCsv(dir, 'b.csv', registryCsv(rows)), contentDir(), '2026-01-18')).ok).toBe(true)
    const second = loadRegistry(contentDir()).registry!
    expect(second).not.toBe(first)
    expect(second.asOf).toBe('2026-01-18')
    expect(second.agencies).toEqual(rows)
  })

  it('changes nothing when the file has an error, and reports every problem', async () => {
    const good = await writeCsv(dir, 'good.csv', registryCsv(fictionalRegistryRows(50)))
    expect((await importRegistry(good, contentDir(), AS_OF)).ok).toBe(true)
    const paths = registryPaths(contentDir())
    const before = [await readFile(paths.csv), await readFile(paths.meta)]

    const badFiles = {
      'missing-column.csv': 'nama_p3mi,nomor_sip3mi,status\nPT Contoh Satu Fiktif,FIK.1,aktif\n',
      'bad-status.csv': `${HEADER}\nPT Contoh Satu Fiktif,FIK.1,aktiv,2027-12-31,,,,\n`,
      'bad-date.csv': `${HEADER}\nPT Contoh Satu Fiktif,FIK.1,aktif,31/31/2027,,,,\n`,
      'duplicate.csv': `${HEADER}\nPT Contoh Satu Fiktif,FIK.1,aktif,2027-12-31,,,,\nPT Contoh Dua Fiktif,FIK-1,aktif,2027-12-31,,,,\n`,
      'empty.csv': '',
    }
    for (const [name, text] of Object.entries(badFiles)) {
      const file = await writeCsv(dir, name, text)
      const result = await importRegistry(file, contentDir(), '2026-01-18')
      expect(result.ok, name).toBe(false)
      expect(hasErrors(result.problems), name).toBe(true)
      for (const p of errors(result.problems)) {
        expect(p.file, name).toBe(file)
        expect(p.line, name).toBeGreaterThan(0)
        expect(p.col, name).toBeGreaterThan(0)
      }
      expect([await readFile(paths.csv), await readFile(paths.meta)], name).toEqual(before)
      expect(loadRegistry(contentDir()).registry!.asOf, name).toBe(AS_OF)
    }
    expect(await readdir(paths.dir)).toHaveLength(2) // no temporary files left behind
  })

  it('rejects a missing file and a bad as-of date', async () => {
    expect(await importRegistry(`${dir}/nope.csv`, contentDir(), AS_OF)).toMatchObject({ ok: false, problems: [expect.objectContaining({ message: expect.stringContaining('file not found') })] })
    const file = await writeCsv(dir, 'good.csv', registryCsv(fictionalRegistryRows(5)))
    expect((await importRegistry(file, contentDir(), '15/01/2026')).ok).toBe(false)
    expect(existsSync(registryPaths(contentDir()).csv)).toBe(false)
  })

  it('never pairs a new CSV with an old date: a CSV that does not match its meta is rejected', async () => {
    const first = await writeCsv(dir, 'a.csv', registryCsv(fictionalRegistryRows(30)))
    await importRegistry(first, contentDir(), '2026-01-10')
    const paths = registryPaths(contentDir())
    // What a reader would see between the two renames of an import: the next CSV, the previous meta.
    const next = registryCsv(fictionalRegistryRows(31))
    await writeFile(paths.csv, next)
    const torn = loadRegistry(contentDir())
    expect(torn.registry).toBeUndefined()
    expect(torn.problems).toEqual([expect.objectContaining({ severity: 'error', message: expect.stringContaining('does not match') })])
  })

  it('rejects a missing meta, a missing CSV, a hand-edited meta', async () => {
    const file = await writeCsv(dir, 'a.csv', registryCsv(fictionalRegistryRows(10)))
    await importRegistry(file, contentDir(), AS_OF)
    const paths = registryPaths(contentDir())
    const meta = await readFile(paths.meta, 'utf8')

    await writeFile(paths.meta, meta.replace(/rows: \d+/, 'rows: 3'))
    expect(loadRegistry(contentDir()).problems[0]!.message).toContain('says 3 rows')
    await writeFile(paths.meta, meta.replace(/as_of: "[^"]+"/, 'as_of: "kemarin"'))
    expect(loadRegistry(contentDir()).problems[0]!.message).toContain('as_of')
    await writeFile(paths.meta, 'as_of: [')
    expect(loadRegistry(contentDir()).problems[0]!.message).toContain('not valid YAML')

    await writeFile(paths.meta, meta)
    expect(loadRegistry(contentDir()).registry).toBeDefined()
    const { unlink } = await import('node:fs/promises')
    await unlink(paths.meta)
    expect(loadRegistry(contentDir()).problems[0]!.message).toContain('registry.meta.yaml is missing')
  })
})
