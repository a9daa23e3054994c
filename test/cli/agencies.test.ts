import { existsSync } from 'node:fs'
import { cp, mkdir, writeFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { agenciesCommand } from '../../src/cli/agencies.ts'
import { registryPaths } from '../../src/content/agency-csv.ts'
import { ACTION_SPECS } from '../../src/engine/actions.ts'
import { FolderVersionStore } from '../../src/store/versions.ts'
import { SPECIAL, TODAY, fictionalRegistryRows, registryCsv, tempDir, writeCsv } from '../helpers/fictional-registry.ts'
import { sharedModelCache } from '../helpers/bundle.ts'

// Each import validates the whole content bundle once (as an instance will load it): seconds on a busy machine.
vi.setConfig({ testTimeout: 120_000 })

let dir: string
let cleanup: () => Promise<void>
beforeEach(async () => {
  ;({ dir, cleanup } = await tempDir())
  // Working files as a deployment has them: the repository's flows and content, no registry.
  await cp(resolve('flows'), `${dir}/flows`, { recursive: true })
  await cp(resolve('content'), `${dir}/content`, { recursive: true })
})
afterEach(async () => cleanup())

const versionStore = () => new FolderVersionStore(`${dir}/data/content-versions`)

/** Runs the command as `npm run cli -- agencies ...` would, capturing its output. */
async function run(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = []
  const err: string[] = []
  const code = await agenciesCommand(args, {
    stdout: (s) => out.push(s),
    stderr: (s) => err.push(s),
    flowsDir: `${dir}/flows`,
    contentDir: `${dir}/content`,
    actions: ACTION_SPECS,
    ...sharedModelCache(),
    openVersions: async () => versionStore(),
    today: TODAY,
    by: 'petugas-uji',
  })
  return { code, stdout: out.join('\n'), stderr: err.join('\n') }
}

async function importGood(asOf?: string): Promise<string> {
  const file = await writeCsv(dir, 'daftar.csv', registryCsv(fictionalRegistryRows(2000), { delimiter: ';', bom: true }))
  const result = await run('import', file, ...(asOf ? ['--as-of', asOf] : []))
  expect(result.code, result.stderr).toBe(0)
  return file
}

describe('agencies check', () => {
  it('says no_registry before any import, as one JSON object', async () => {
    const { code, stdout } = await run('check', 'PT Contoh Maju Jaya Fiktif', '--json')
    expect(code).toBe(0)
    expect(stdout.trim().split('\n')).toHaveLength(1)
    expect(JSON.parse(stdout)).toEqual({ query: 'PT Contoh Maju Jaya Fiktif', verdict: 'no_registry', as_of: null, matches: [] })
    const human = await run('check', 'PT Contoh Maju Jaya Fiktif')
    expect(human.stdout).toContain('BELUM ADA DAFTAR P3MI')
    expect(human.stdout).toContain('agencies import')
  })

  it('prints every verdict as JSON with the documented keys, best match first', async () => {
    await importGood('2026-01-15')
    const cases: [string, string][] = [
      ['PT Contoh Maju Jaya Fiktif', 'licensed'],
      ['fik 9001 sip3mi 2024', 'licensed'],
      ['PT Contoh Skorsing Fiktif', 'suspended'],
      ['PT Contoh Maju Jaya Abadi Fiktif', 'revoked'],
      ['PT Contoh Kedaluwarsa Fiktif', 'expired'],
      ['Contoh Maju Jaya', 'ambiguous'],
      ['PT Zzyzx Qwerty Plover', 'not_found'],
    ]
    for (const [query, verdict] of cases) {
      const { code, stdout } = await run('check', query, '--json')
      expect(code).toBe(0)
      const json = JSON.parse(stdout)
      expect(Object.keys(json)).toEqual(['query', 'verdict', 'as_of', 'matches'])
      expect(json, query).toMatchObject({ query, verdict, as_of: '2026-01-15' })
      for (const m of json.matches) expect(Object.keys(m)).toEqual(['name', 'license', 'status', 'valid_until', 'score'])
      const scores = json.matches.map((m: { score: number }) => m.score)
      expect([...scores].sort((a, b) => b - a)).toEqual(scores)
    }
    const licensed = JSON.parse((await run('check', '--json', 'PT', 'Contoh', 'Maju', 'Jaya', 'Fiktif')).stdout)
    expect(licensed.matches[0]).toEqual({ name: SPECIAL.licensed.name, license: SPECIAL.licensed.license, status: 'active', valid_until: '2028-12-31', score: 1 })
  })

  it('prints the same for a person, Indonesian first, with the registry date', async () => {
    await importGood('2026-01-15')
    const licensed = (await run('check', 'PT Contoh Maju Jaya Fiktif')).stdout
    expect(licensed).toContain('TERDAFTAR')
    expect(licensed).toContain(SPECIAL.licensed.license)
    expect(licensed).toContain('Daftar per 2026-01-15')
    expect(licensed).toContain('SISKOP2MI')
    const ambiguous = (await run('check', 'Contoh Maju Jaya')).stdout
    expect(ambiguous).toContain('maksud Anda')
    expect(ambiguous).toMatch(/1\. PT Contoh Maju Jaya Fiktif/)
    const notFound = (await run('check', 'PT Zzyzx Qwerty Plover')).stdout
    expect(notFound).toContain('belum tentu ilegal')
    const mismatch = (await run('check', 'PT Contoh Sinar Fiktif FIK.9001/SIP3MI/2024')).stdout
    expect(mismatch).toContain('nomor izin ini milik perusahaan dengan nama lain')
  })

  it('fails clearly when a registry left in the working files (older releases) is broken', async () => {
    const paths = registryPaths(`${dir}/content`)
    await mkdir(paths.dir, { recursive: true })
    await writeFile(paths.csv, 'nama_p3mi\n')
    await writeFile(paths.meta, 'as_of: "2026-01-15"\nrows: 1\ncsv_sha256: "00"\n')
    const { code, stderr, stdout } = await run('check', 'x', '--json')
    expect(code).toBe(1)
    expect(stdout).toBe('')
    expect(stderr).toContain('does not match')
  })

  it('needs a query', async () => {
    expect((await run('check', '--json')).code).toBe(2)
  })
})

describe('agencies import', () => {
  it('imports, prints how many rows, and records today as the default date', async () => {
    const file = await writeCsv(dir, 'daftar.csv', registryCsv(fictionalRegistryRows(100)))
    const { code, stdout } = await run('import', file)
    expect(code).toBe(0)
    expect(stdout).toContain(`${fictionalRegistryRows(100).length} P3MI diimpor`)
    expect(stdout).toContain(`per ${TODAY}`)
    // The registry is in the store (a published version), never in the read-only content folder.
    expect(stdout).toContain('content version 1')
    expect(existsSync(registryPaths(`${dir}/content`).csv)).toBe(false)
    const [version] = await versionStore().list()
    expect(version).toMatchObject({ number: 1, kind: 'registry', by: 'petugas-uji', registry: { asOf: TODAY, rows: fictionalRegistryRows(100).length } })
    expect(version!.changes.added).toContain('content/agencies/registry.csv')
    expect(JSON.parse((await run('check', 'x', '--json')).stdout).as_of).toBe(TODAY)
  })

  it('takes --as-of in both spellings and rejects a bad or future date', async () => {
    const file = await writeCsv(dir, 'daftar.csv', registryCsv(fictionalRegistryRows(10)))
    expect((await run('import', file, '--as-of=2026-01-02')).code).toBe(0)
    expect(JSON.parse((await run('check', 'x', '--json')).stdout).as_of).toBe('2026-01-02')
    expect((await run('import', '--as-of', '2026-01-03', file)).code).toBe(0)
    expect(JSON.parse((await run('check', 'x', '--json')).stdout).as_of).toBe('2026-01-03')
    for (const bad of ['03/01/2026', '2026-02-30', '2027-01-01']) {
      const result = await run('import', file, '--as-of', bad)
      expect(result.code, bad).toBe(2)
      expect(result.stderr).toMatch(/as-of/)
    }
    expect((await run('import', file, '--as-of')).code).toBe(2)
    expect(JSON.parse((await run('check', 'x', '--json')).stdout).as_of).toBe('2026-01-03')
  })

  it('prints every problem as file:line:col, says the registry was not changed, and keeps the old one', async () => {
    await importGood('2026-01-15')
    const bad = await writeCsv(
      dir,
      'rusak.csv',
      'nama_p3mi;nomor_sip3mi;status;berlaku_sampai\nPT Contoh Satu Fiktif;FIK.1;aktiv;2027-12-31\nPT Contoh Dua Fiktif;FIK.2;aktif;31/02/2027\nPT Contoh Tiga Fiktif;fik 2;aktif;2027-12-31\n',
    )
    const { code, stdout, stderr } = await run('import', bad, '--as-of', '2026-01-18')
    expect(code).toBe(1)
    expect(stdout).toBe('')
    expect(stderr).toContain(`${bad}:2:3  error  status: status "aktiv" is not a known status`)
    expect(stderr).toContain(`${bad}:3:4  error  berlaku_sampai: date "31/02/2027" does not exist`)
    expect(stderr).toContain(`${bad}:4:2  error  nomor_sip3mi: "fik 2" is already on line 3`)
    expect(stderr).toContain('registry not changed')
    expect(await versionStore().list()).toHaveLength(1)
    const after = JSON.parse((await run('check', 'PT Contoh Maju Jaya Fiktif', '--json')).stdout)
    expect(after).toMatchObject({ verdict: 'licensed', as_of: '2026-01-15' })
  })

  it('reports a missing file and wrong usage', async () => {
    const missing = await run('import', `${dir}/tidak-ada.csv`)
    expect(missing.code).toBe(1)
    expect(missing.stderr).toContain('file not found')
    expect((await run('import')).code).toBe(2)
    expect((await run('import', 'a.csv', 'b.csv')).code).toBe(2)
    expect((await run('import', 'a.csv', '--force')).code).toBe(2)
    expect((await run()).code).toBe(2)
    expect((await run('hapus')).code).toBe(2)
    const help = await run('help')
    expect(help.code).toBe(0)
    expect(help.stdout).toContain('agencies check')
  })
})
