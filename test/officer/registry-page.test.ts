/**
 * The console's registry page through fastify inject: upload a CSV, see every error with line and column before
 * anything changes, confirm, and the running assistant serves the new registry (date and counts on the page);
 * UTF-16 and Windows-1252 files are read, a workbook and an oversized file get a clear message; viewers cannot
 * upload; an upload without the CSRF token is refused.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { MULTIPART_LIMIT_BYTES } from '../../src/officer/console.ts'
import { fictionalRegistryRows, registryCsv } from '../helpers/fictional-registry.ts'
import { InjectBrowser, startConsoleHarness, type ConsoleHarness } from '../helpers/console.ts'

vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 })

let h: ConsoleHarness
let dataDir: string
// The harness's clock: 2025-12-10 (WIB); the registry date may not be later.
const AS_OF = '2025-12-01'

beforeAll(async () => {
  dataDir = await mkdtemp(join(os.tmpdir(), 'migrasi-registry-page-'))
  h = await startConsoleHarness({ DATA_DIR: dataDir })
})
afterAll(async () => {
  await h?.runtime.follower.close()
  await h?.close()
  await rm(dataDir, { recursive: true, force: true })
})

/** Posts a multipart form (the page's upload form) with the browser's cookies; the CSRF token in the query. */
async function upload(b: InjectBrowser, file: { name: string; bytes: Uint8Array }, asOf = AS_OF, csrf = b.csrf) {
  const boundary = `----uji${Math.random().toString(16).slice(2)}`
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="as_of"\r\n\r\n${asOf}\r\n`),
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: text/csv\r\n\r\n`),
    Buffer.from(file.bytes),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ])
  const response = await h.http.inject({
    method: 'POST',
    url: `/console/registry/upload${csrf ? `?_csrf=${encodeURIComponent(csrf)}` : ''}`,
    headers: { cookie: [...b.cookies].map(([k, v]) => `${k}=${v}`).join('; '), 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload,
  })
  const token = /name="_csrf" value="([^"]+)"/.exec(response.body)?.[1]
  if (token) b.csrf = token
  return { status: response.statusCode, body: response.body }
}

const versionCount = async () => (await h.runtime.versions.list()).length

describe('registry page', () => {
  it('shows that no registry is in use yet, with the upload form for officers', async () => {
    const b = new InjectBrowser(h.http)
    await b.login('rina')
    const page = await b.get('/console/registry')
    expect(page.status).toBe(200)
    expect(page.body).toContain('Belum ada daftar P3MI')
    expect(page.body).toContain('enctype="multipart/form-data"')
    expect(page.body).toMatch(/action="\/console\/registry\/upload\?_csrf=/)
    expect(page.body).toContain('Belum ada versi terbit')
  })

  it('lists every error with its line and column, and changes nothing', async () => {
    const b = new InjectBrowser(h.http)
    await b.login('rina')
    await b.get('/console/registry')
    const csv = 'nama_p3mi;nomor_sip3mi;status;berlaku_sampai\nPT Contoh Satu Fiktif;FIK.1;aktiv;2027-12-31\nPT Contoh Dua Fiktif;FIK.2;aktif;31/02/2027\nPT Contoh Tiga Fiktif;fik 2;aktif;2027-12-31\n'
    const result = await upload(b, { name: 'rusak.csv', bytes: Buffer.from(csv) })
    expect(result.status).toBe(400)
    expect(result.body).toContain('Tidak ada yang berubah')
    expect(result.body).toContain('data-errors="3"')
    expect(result.body).toMatch(/<td>2<\/td><td>3 \(C\)<\/td><td>status: status &quot;aktiv&quot; is not a known status/)
    expect(result.body).toMatch(/<td>3<\/td><td>4 \(D\)<\/td><td>berlaku_sampai: date &quot;31\/02\/2027&quot; does not exist/)
    expect(result.body).toMatch(/<td>4<\/td><td>2 \(B\)<\/td>/)
    expect(result.body).not.toContain('name="token"')
    expect(await versionCount()).toBe(0)
  })

  it('refuses a workbook, an oversized file, a future date, and an upload without the CSRF token', async () => {
    const b = new InjectBrowser(h.http)
    await b.login('rina')
    await b.get('/console/registry')
    const workbook = await upload(b, { name: 'daftar.xlsx', bytes: Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0]) })
    expect(workbook.status).toBe(400)
    expect(workbook.body).toContain('Excel workbook')
    const huge = await upload(b, { name: 'besar.csv', bytes: Buffer.alloc(MULTIPART_LIMIT_BYTES + 1024, 0x41) })
    expect(huge.status).toBe(400)
    expect(huge.body).toContain('Berkas terlalu besar')
    const future = await upload(b, { name: 'daftar.csv', bytes: Buffer.from(registryCsv(fictionalRegistryRows(5))) }, '2030-01-01')
    expect(future.body).toContain('masa depan')
    const noToken = await upload(b, { name: 'daftar.csv', bytes: Buffer.from(registryCsv(fictionalRegistryRows(5))) }, AS_OF, '')
    expect(noToken.status).toBe(403)
    expect(await versionCount()).toBe(0)
  })

  it('viewers see the page but cannot upload', async () => {
    const b = new InjectBrowser(h.http)
    await b.login('vina')
    const page = await b.get('/console/registry')
    expect(page.status).toBe(200)
    expect(page.body).not.toContain('enctype="multipart/form-data"')
    const tried = await upload(b, { name: 'daftar.csv', bytes: Buffer.from(registryCsv(fictionalRegistryRows(5))) })
    expect(tried.status).toBe(403)
  })

  it('reads Windows-1252 with a warning; a UTF-16 file previews, is confirmed, and the assistant serves it', async () => {
    // Publishing validates the content as of the console's clock: FAQ review dates may not lie after it.
    h.clock.now = Date.parse('2026-12-10T03:00:00Z')
    const b = new InjectBrowser(h.http)
    await b.login('rina')
    await b.get('/console/registry')
    const latin1 = Buffer.from('nama_p3mi,nomor_sip3mi,status,berlaku_sampai\nPT Contoh Caf\xe9 Fiktif,FIK.1,aktif,2027-12-31\n', 'latin1')
    const read = await upload(b, { name: 'excel.csv', bytes: latin1 })
    expect(read.status).toBe(200)
    expect(read.body).toContain('Windows-1252')
    expect(read.body).toContain('name="token"')

    const rows = fictionalRegistryRows(200)
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(registryCsv(rows, { delimiter: ';' }), 'utf16le')])
    const preview = await upload(b, { name: 'daftar-utf16.csv', bytes: utf16 })
    expect(preview.status).toBe(200)
    expect(preview.body).toContain(`data-total="${rows.length}"`)
    expect(preview.body).toContain(`data-as-of="${AS_OF}"`)
    expect(preview.body).toContain('Belum ada yang berubah')
    expect(await versionCount()).toBe(0)

    const token = /name="token" value="([^"]+)"/.exec(preview.body)![1]!
    await h.runtime.follower.follow(h.runtime.content)
    const done = await b.post('/console/registry/confirm', { token })
    expect(done.status, done.body.replace(/<[^>]+>/g, " ").slice(-1500)).toBe(200)
    expect(done.body).toContain('versi konten 1')
    expect(await h.runtime.versions.list()).toEqual([expect.objectContaining({ number: 1, kind: 'registry', by: 'console:rina', registry: { asOf: AS_OF, rows: rows.length } })])
    const audit = await h.services.audit.list()
    expect(audit[0]).toMatchObject({ officer: 'rina', action: 'registry_import', rows: rows.length, via: 'console' })

    // The running assistant switches to the new version (bounded wait), and the page shows its date and counts.
    const started = Date.now()
    while (h.runtime.content.status.published?.number !== 1) {
      if (Date.now() - started > 120_000) throw new Error('the assistant did not switch to version 1')
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
    const page = await b.get('/console/registry')
    expect(page.body).toContain(`data-as-of="${AS_OF}"`)
    expect(page.body).toContain(`data-total="${rows.length}"`)
    expect(page.body).toMatch(/versi terbit 1/)
    expect(page.body).toMatch(/<td>1 \(aktif\)<\/td>/)
    // The same token again (a second click) publishes nothing new, also a minute later.
    h.clock.now += 60_000
    const again = await b.post('/console/registry/confirm', { token })
    expect(again.status).toBe(200)
    expect(again.body).toContain('sudah dipakai')
    expect(await versionCount()).toBe(1)
  })
})
