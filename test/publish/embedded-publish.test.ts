/**
 * The embedded store while the assistant runs: its data folder is locked by the running process, yet `content
 * publish`, `agencies import` and the console's registry upload (other callers) publish into
 * DATA_DIR/content-versions/, and the running process switches to the new version.
 */
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { readFile, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { agenciesCommand } from '../../src/cli/agencies.ts'
import { registryPaths } from '../../src/content/agency-csv.ts'
import { ACTION_SPECS } from '../../src/engine/actions.ts'
import { checkAgency } from '../../src/knowledge/agencies.ts'
import { confirmRegistryUpload, previewRegistryUpload, registrySummary } from '../../src/publish/registry-upload.ts'
import { DataDirInUseError, EmbeddedStore } from '../../src/store/index.ts'
import { FolderVersionStore, versionFolder } from '../../src/store/versions.ts'
import { readBackup } from '../../src/store/backup.ts'
import { sharedModelCache } from '../helpers/bundle.ts'
import { AS_OF, SPECIAL, TODAY, fictionalRegistryRows, registryCsv } from '../helpers/fictional-registry.ts'
import { contentCli, editOperatorText, instance, operatorText, until, workingCopy } from './helpers.ts'

vi.setConfig({ testTimeout: 240_000, hookTimeout: 240_000 })

let work: Awaited<ReturnType<typeof workingCopy>>
let running: Awaited<ReturnType<typeof instance>>
const dataDir = () => join(work.dir, 'data')
const open = async () => new FolderVersionStore(versionFolder(dataDir()))

beforeAll(async () => {
  work = await workingCopy()
  running = await instance(work.dir, {}, 100)
})

afterAll(async () => {
  await running?.close()
  await work?.cleanup()
})

async function agencies(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = []
  const err: string[] = []
  const code = await agenciesCommand(args, {
    stdout: (s) => out.push(s),
    stderr: (s) => err.push(s),
    flowsDir: join(work.dir, 'flows'),
    contentDir: join(work.dir, 'content'),
    actions: ACTION_SPECS,
    ...sharedModelCache(),
    openVersions: open,
    today: TODAY,
  })
  return { code, stdout: out.join('\n'), stderr: err.join('\n') }
}

describe('embedded store: publishing while the assistant runs', () => {
  it('the data folder is locked, and content publish still reaches the running process', async () => {
    expect(() => new EmbeddedStore({ dataDir: dataDir() })).toThrow(DataDirInUseError)
    expect(running.store.kind).toBe('embedded')
    await editOperatorText(work.dir, 'Versi tertanam satu.')
    const result = await contentCli(work.dir, open, 'publish', '--by', 'dewi')
    expect(result.code, result.stderr).toBe(0)
    await until(() => running.content.status.published?.number === 1, 'running process on version 1')
    expect(operatorText(running)).toBe('Versi tertanam satu.')
    expect(existsSync(join(versionFolder(dataDir()), 'active.json'))).toBe(true)
  })

  it('agencies import: every error with line:col and nothing changed; a good file becomes a version the process serves', async () => {
    const badFile = join(work.dir, 'rusak.csv')
    await writeFile(badFile, 'nama_p3mi;nomor_sip3mi;status;berlaku_sampai\nPT Contoh Satu Fiktif;FIK.1;aktiv;2027-12-31\nPT Contoh Dua Fiktif;FIK.2;aktif;31/02/2027\n')
    const bad = await agencies('import', badFile, '--as-of', AS_OF)
    expect(bad.code).toBe(1)
    expect(bad.stderr).toContain(`${badFile}:2:3  error  status: status "aktiv" is not a known status`)
    expect(bad.stderr).toContain(`${badFile}:3:4  error  berlaku_sampai: date "31/02/2027" does not exist`)
    expect(bad.stderr).toContain('registry not changed')
    expect((await (await open()).list()).map((v) => v.number)).toEqual([1])
    expect(running.content.current.agencies).toBeUndefined()

    const good = join(work.dir, 'daftar.csv')
    await writeFile(good, registryCsv(fictionalRegistryRows(300), { delimiter: ';', bom: true }))
    const ok = await agencies('import', good, '--as-of', AS_OF)
    expect(ok.code, ok.stderr).toBe(0)
    expect(ok.stdout).toContain('content version 2')
    await until(() => running.content.status.published?.number === 2, 'running process on version 2')
    expect(running.content.current.agencies?.asOf).toBe(AS_OF)
    expect(checkAgency(running.content.current.agencies, SPECIAL.licensed.name, TODAY).verdict).toBe('licensed')
    // The working content folder (read-only in the Docker image) is not written.
    expect(existsSync(registryPaths(join(work.dir, 'content')).csv)).toBe(false)
    // The texts stay those of version 1: the import changed only the registry.
    expect(operatorText(running)).toBe('Versi tertanam satu.')

    // A later content publish keeps the registry from the store.
    await editOperatorText(work.dir, 'Versi tertanam tiga.')
    expect((await contentCli(work.dir, open, 'publish')).code).toBe(0)
    await until(() => running.content.status.published?.number === 3, 'running process on version 3')
    expect(running.content.current.agencies?.asOf).toBe(AS_OF)
    expect(operatorText(running)).toBe('Versi tertanam tiga.')
  })

  it('the console functions: preview shows counts and every error with line:col, changes nothing; confirm publishes', async () => {
    const versions = await open()
    const context = { versions, flowsDir: join(work.dir, 'flows'), contentDir: join(work.dir, 'content'), actions: ACTION_SPECS, ...sharedModelCache(), by: 'console:dewi' }
    const before = (await versions.list()).length
    const broken = new TextEncoder().encode('nama_p3mi,nomor_sip3mi,status,berlaku_sampai\nPT Contoh Satu Fiktif,FIK.1,aktif,2027-12-31\nPT Contoh Dua Fiktif,FIK.1,aktif,2027-12-31\nPT Tiga Fiktif,FIK.3,aktif,12/31/2027\n')
    const rejected = await previewRegistryUpload(broken, { fileName: 'daftar.csv', asOf: '2026-01-18', today: TODAY }, context)
    expect(rejected.ok).toBe(false)
    expect(rejected.token).toBeUndefined()
    expect(rejected.errors.map((p) => `${p.line}:${p.col}`)).toEqual(['3:2', '4:4'])
    expect(rejected.counts).toMatchObject({ active: 1 })
    expect(await versions.list()).toHaveLength(before)

    const workbook = await previewRegistryUpload(Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 0, 0]), { fileName: 'daftar.xlsx', today: TODAY }, context)
    expect(workbook.errors[0]!.message).toContain('Excel workbook')
    const huge = await previewRegistryUpload(new Uint8Array(2048), { fileName: 'besar.csv', today: TODAY, maxBytes: 1024 }, context)
    expect(huge.errors[0]!.message).toContain('terlalu besar')
    const future = await previewRegistryUpload(broken, { fileName: 'daftar.csv', asOf: '2099-01-01', today: TODAY }, context)
    expect(future.errors[0]!.message).toContain('masa depan')

    const rows = fictionalRegistryRows(120)
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(registryCsv(rows), 'utf16le')])
    const preview = await previewRegistryUpload(utf16, { fileName: 'daftar.csv', asOf: '2026-01-18', today: TODAY }, context)
    expect(preview.ok).toBe(true)
    expect(preview.counts.total).toBe(rows.length)
    expect(preview.counts.active + preview.counts.expired + preview.counts.suspended + preview.counts.revoked).toBe(rows.length)
    expect(await versions.list()).toHaveLength(before)

    // Pressed twice, or sent again by the browser while the first is still publishing: one version, one result.
    const [published, again] = await Promise.all([confirmRegistryUpload(preview.token!, context), confirmRegistryUpload(preview.token!, context)])
    expect(published.ok).toBe(true)
    expect(again).toBe(published)
    expect(await versions.list()).toHaveLength(before + 1)
    const number = published.ok ? published.version.number : 0
    await until(() => running.content.status.published?.number === number, `running process on version ${number}`)
    expect(registrySummary(running.content.current.agencies, TODAY)).toEqual({ asOf: '2026-01-18', counts: preview.counts })
    expect((await versions.get(number))).toMatchObject({ kind: 'registry', by: 'console:dewi', registry: { asOf: '2026-01-18', rows: rows.length } })
    expect((await confirmRegistryUpload('bukan-token', context)).ok).toBe(false)
  })

  it('the real CLI beside it: content publish, content versions and backup create work while the process holds DATA_DIR', async () => {
    const cli = (...args: string[]) => {
      const env = { ...process.env, FLOWS_DIR: join(work.dir, 'flows'), CONTENT_DIR: join(work.dir, 'content'), DATA_DIR: dataDir(), LOG_LEVEL: 'silent' }
      const child = spawn(process.execPath, ['--import', 'tsx', resolve('src/cli.ts'), ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] })
      let stdout = ''
      let stderr = ''
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
      return new Promise<{ code: number | null; stdout: string; stderr: string }>((done) => child.on('close', (code) => done({ code, stdout, stderr })))
    }
    const before = running.content.status.published!.number
    await editOperatorText(work.dir, 'Dari proses CLI.')
    const published = await cli('content', 'publish', '--by', 'proses-cli')
    expect(published.code, published.stderr).toBe(0)
    await until(() => running.content.status.published?.number === before + 1, 'running process on the CLI version')
    expect(operatorText(running)).toBe('Dari proses CLI.')
    const listed = await cli('content', 'versions')
    expect(listed.stdout).toMatch(new RegExp(`\\*\\s+${before + 1} .* proses-cli`))
    const file = join(work.dir, 'cadangan.backup.gz')
    const backup = await cli('backup', 'create', file)
    expect(backup.code, backup.stderr).toBe(0)
    const { header, entries } = await readBackup(file)
    expect(header.store).toBe('embedded')
    expect(entries.some((e) => e.t === 'file' && e.path === 'content-versions/active.json')).toBe(true)
    await editOperatorText(work.dir, 'Versi tertanam tiga.')
    expect((await contentCli(work.dir, open, 'publish')).code).toBe(0)
  })

  it('a restart serves the active published version, not the working files', async () => {
    await running.close()
    await editOperatorText(work.dir, 'Hanya di file kerja.')
    running = await instance(work.dir, {}, 100)
    expect(running.content.status.source).toBe('published')
    expect(operatorText(running)).toBe('Versi tertanam tiga.')
    expect(await readFile(join(versionFolder(dataDir()), 'active.json'), 'utf8')).toContain(String(running.content.status.published?.number))
  })
})
