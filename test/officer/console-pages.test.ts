/**
 * The console's pages through fastify inject: leads made through the real engine and gate, filtered, exported
 * (CSV and XLSX, formula-safe, Indonesian headers and labels), deleted with a reason; roles (a viewer sees no personal
 * data and cannot export or delete); the audit log; bad input (backwards dates, unknown references, oversized forms);
 * and the handoff inbox answering a case, with the reply reaching the user.
 */
import { parse } from 'csv-parse/sync'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Inbound, Reply } from '../../src/engine/types.ts'
import { InjectBrowser, startConsoleHarness, type ConsoleHarness } from '../helpers/console.ts'

let h: ConsoleHarness
let n = 0
const sent: Array<{ userId: string; replies: Reply[] }> = []

async function say(userId: string, text: string, now = Date.parse('2025-12-09T03:00:00Z')): Promise<Reply[]> {
  const inbound: Inbound = { channel: 'whatsapp', userId, messageId: `m${++n}`, text, now: now + n }
  return h.runtime.gate.handle(inbound)
}

/** A training lead through the whole conversation (the user types the phone number). */
async function leadThroughChat(userId: string, name: string, phone: string, province: string, regency: string, destination: string, now: number): Promise<void> {
  for (const text of ['halo', '4', 'ya', name, phone, '30', province, regency, '3', '1', destination, '1']) await say(userId, text, now)
}

beforeAll(async () => {
  h = await startConsoleHarness({ OFFICER_API_TOKENS: `rina:${'r'.repeat(32)}` })
  h.runtime.handoff.registerSender('whatsapp', { send: async (userId, replies) => void sent.push({ userId, replies }) })
  await leadThroughChat('6281233334444@s.whatsapp.net', 'Budi Santoso', '081233334444', 'Jawa Timur', 'Kota Surabaya', 'Korea Selatan', Date.parse('2025-12-01T03:00:00Z'))
  await leadThroughChat('6281255556666@s.whatsapp.net', '=HYPERLINK("http://x","klik")', '081255556666', 'Jawa Barat', 'Kota Bandung', 'Jepang', Date.parse('2025-12-05T03:00:00Z'))
  await h.runtime.store.addReport({ id: 'rep-1', ref: 'MA-REP001', userKey: 'whatsapp:6281277778888@s.whatsapp.net', channel: 'whatsapp', createdAt: '2025-12-06T02:00:00.000Z', lang: 'id', recruiter: 'PT Fiktif Uji', story: '@SUM(A1) minta biaya 20 juta', contact: '+6281277778888' })
})
afterAll(async () => {
  await h?.close()
})

describe('leads', () => {
  it('lists the leads made through the chat, and filters them by province, destination and dates', async () => {
    const b = new InjectBrowser(h.http)
    await b.login('rina')
    const all = await b.get('/console/leads')
    expect(all.status).toBe(200)
    expect(all.body).toContain('data-count="2"')
    expect(all.body).toContain('Budi Santoso')
    expect(all.body).toContain('Korea Selatan')
    const east = await b.get('/console/leads?province=Jawa+Timur')
    expect(east.body).toContain('data-count="1"')
    expect(east.body).toContain('Budi Santoso')
    expect((await b.get('/console/leads?destination=japan')).body).toContain('data-count="1"')
    expect((await b.get('/console/leads?from=2025-12-02&to=2025-12-31')).body).toContain('data-count="1"')
    expect((await b.get('/console/leads?to=2025-11-30')).body).toContain('data-count="0"')
  })

  it('explains a backwards date range, an unreadable date and an unknown province, and shows no rows', async () => {
    const b = new InjectBrowser(h.http)
    await b.login('rina')
    const backwards = await b.get('/console/leads?from=2025-12-31&to=2025-12-01')
    expect(backwards.status).toBe(400)
    expect(backwards.body).toContain('Rentang tanggal terbalik')
    expect(backwards.body).not.toContain('Budi Santoso')
    expect((await b.get('/console/leads?from=31-12-2025')).body).toContain('tidak dikenali')
    expect((await b.get('/console/leads?province=Atlantis')).body).toContain('tidak dikenal')
  })

  it('exports CSV with Indonesian headers and names, formula-safe, and audits the export', async () => {
    const b = new InjectBrowser(h.http)
    await b.login('rina')
    await b.get('/console/leads')
    const csv = await b.post('/console/leads/export', { format: 'csv', province: 'Jawa Barat' })
    expect(csv.status).toBe(200)
    expect(csv.headers['content-type']).toContain('text/csv')
    expect(String(csv.headers['content-disposition'])).toMatch(/attachment; filename="leads-\d{4}-\d{2}-\d{2}\.csv"/)
    const rows = parse(csv.body, { bom: true, columns: true }) as Record<string, string>[]
    expect(rows).toHaveLength(1)
    expect(rows[0]!['Nama']).toBe(`'=HYPERLINK("http://x","klik")`)
    expect(rows[0]!['Nomor HP']).toBe("'+6281255556666")
    expect(rows[0]!['Provinsi']).toBe('Jawa Barat')
    expect(rows[0]!['Negara tujuan']).toBe('Jepang')
    expect(rows[0]!['Pendidikan']).not.toBe('sma')
    const log = await h.services.audit.list()
    expect(log[0]).toMatchObject({ officer: 'rina', action: 'export', target: 'leads', filter: 'province=Jawa Barat', rows: 1, detail: 'csv', via: 'console' })
  })

  it('exports XLSX whose cells are text, never formulas', async () => {
    const b = new InjectBrowser(h.http)
    await b.login('rina')
    await b.get('/console/leads')
    const response = await h.http.inject({
      method: 'POST',
      url: '/console/leads/export',
      headers: { cookie: [...b.cookies].map(([k, v]) => `${k}=${v}`).join('; '), 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: b.csrf, format: 'xlsx' }).toString(),
    })
    expect(response.statusCode).toBe(200)
    expect(response.headers['content-type']).toContain('spreadsheetml')
    const bytes = response.rawPayload
    expect(bytes.subarray(0, 2).toString()).toBe('PK')
    const { inflateRawSync } = await import('node:zlib')
    // Read the sheet out of the zip: no <f> (formula) element anywhere, and the name is text with a leading quote.
    const sheets = unzip(bytes, inflateRawSync)
    const xml = Object.entries(sheets).filter(([name]) => name.startsWith('xl/')).map(([, text]) => text).join('\n')
    expect(xml).not.toMatch(/<f>|<f /)
    expect(xml).toContain(`<t>'=HYPERLINK`)
    expect(xml).toContain('Nomor HP')
  })

  it('shows a lead, refuses a deletion without a reason, deletes with one and audits it', async () => {
    const b = new InjectBrowser(h.http)
    await b.login('rina')
    const ref = (await h.runtime.store.listLeads()).find((l) => l.name === 'Budi Santoso')!.ref
    const item = await b.get(`/console/leads/item?ref=${ref}`)
    expect(item.status).toBe(200)
    expect(item.body).toContain('+6281233334444')
    const noReason = await b.post('/console/leads/delete', { ref, reason: '' })
    expect(noReason.status).toBe(400)
    expect(noReason.body).toContain('Tidak ada yang dihapus')
    expect(await h.runtime.store.listLeads()).toHaveLength(2)
    const unknown = await b.post('/console/leads/delete', { ref: 'MA-ZZZZZZ', reason: 'duplikat' })
    expect(unknown.status).toBe(404)
    expect(unknown.body).toContain('tidak ditemukan')
    expect((await b.get('/console/leads/item?ref=MA-ZZZZZZ')).status).toBe(404)
    const done = await b.post('/console/leads/delete', { ref, reason: 'Permintaan pengguna lewat telepon' })
    expect(done.status).toBe(303)
    expect(done.location).toBe(`/console/leads?deleted=${ref}`)
    expect((await b.get(done.location!)).body).toContain('sudah dihapus')
    expect((await h.runtime.store.listLeads()).map((l) => l.ref)).not.toContain(ref)
    expect((await h.services.audit.list())[0]).toMatchObject({ action: 'delete', target: 'leads', filter: `ref=${ref}`, rows: 1, detail: 'Permintaan pengguna lewat telepon' })
  })

  it('answers an oversized form with a message and changes nothing', async () => {
    const b = new InjectBrowser(h.http)
    await b.login('rina')
    await b.get('/console/leads')
    const before = await h.runtime.store.listLeads()
    const big = await b.post('/console/leads/delete', { ref: (await h.runtime.store.listLeads())[0]!.ref, reason: 'x'.repeat(300 * 1024) })
    expect(big.status).toBe(413)
    expect(big.body).toContain('terlalu besar')
    expect(await h.runtime.store.listLeads()).toEqual(before)
  })
})

describe('roles', () => {
  it('a viewer sees counts without names or phone numbers, and cannot export, open or delete a lead', async () => {
    const b = new InjectBrowser(h.http)
    await b.login('vina')
    const page = await b.get('/console/leads')
    expect(page.status).toBe(200)
    expect(page.body).not.toContain('HYPERLINK')
    expect(page.body).not.toContain('+62812')
    expect(page.body).not.toContain('/console/leads/export')
    const ref = (await h.runtime.store.listLeads())[0]!.ref
    const exported = await b.post('/console/leads/export', { format: 'csv' })
    expect(exported.status).toBe(403)
    expect(exported.body).toContain('Peran Anda tidak mengizinkan')
    expect(exported.headers['content-type']).toContain('text/html')
    expect((await b.get(`/console/leads/item?ref=${ref}`)).status).toBe(403)
    expect((await b.post('/console/leads/delete', { ref, reason: 'coba' })).status).toBe(403)
    expect((await b.get('/console/inbox')).status).toBe(403)
    expect((await b.get('/console/audit')).status).toBe(403)
    const reports = await b.get('/console/reports')
    expect(reports.body).not.toContain('PT Fiktif Uji')
    expect(await h.runtime.store.listLeads()).toHaveLength(1)
  })

  it('a request without the CSRF token is refused even with a session, and nothing is exported', async () => {
    const b = new InjectBrowser(h.http)
    await b.login('rina')
    const before = (await h.services.audit.list()).length
    const refused = await b.post('/console/leads/export', { format: 'csv', _csrf: '' })
    expect(refused.status).toBe(403)
    expect(refused.body).toContain('kedaluwarsa')
    expect((await h.services.audit.list()).length).toBe(before)
  })
})

describe('reports and the audit log', () => {
  it('lists and exports recruiter reports formula-safe', async () => {
    const b = new InjectBrowser(h.http)
    await b.login('rina')
    const page = await b.get('/console/reports')
    expect(page.body).toContain('PT Fiktif Uji')
    const csv = await b.post('/console/reports/export', { format: 'csv-semicolon' })
    const rows = parse(csv.body, { bom: true, columns: true, delimiter: ';' }) as Record<string, string>[]
    expect(rows[0]!['Cerita']).toBe("'@SUM(A1) minta biaya 20 juta")
    expect(rows[0]!['Perekrut yang dilaporkan']).toBe('PT Fiktif Uji')
  })

  it('shows exports, deletions and logins in the audit page, newest first', async () => {
    const b = new InjectBrowser(h.http)
    await b.login('rina')
    const page = await b.get('/console/audit')
    expect(page.status).toBe(200)
    expect(page.body).toContain('export')
    expect(page.body).toContain('province=Jawa Barat')
    expect(page.body).toContain('Permintaan pengguna lewat telepon')
    expect(page.body).toContain('login')
  })
})

describe('inbox', () => {
  it('an officer claims a case, replies, the reply reaches the user, and closes it', async () => {
    const user = '6281299990000@s.whatsapp.net'
    await say(user, 'halo')
    await say(user, 'saya mau bicara dengan petugas')
    const consent = await say(user, 'ya')
    await h.runtime.handoff.idle()
    const [found] = await h.runtime.handoff.cases.list('active')
    expect(found, `no case opened; the assistant said: ${consent.map((r) => r.text).join(' | ')}`).toBeDefined()
    await say(user, 'paspor saya ditahan agen')
    const b = new InjectBrowser(h.http)
    await b.login('rina')
    const inbox = await b.get('/console/inbox')
    expect(inbox.body).toContain(found!.ref)
    expect(inbox.body).toContain('data-live="/console/inbox/events"')
    const page = await b.get(`/console/inbox/case?id=${found!.id}`)
    expect(page.body).toContain('paspor saya ditahan agen')
    expect((await b.post('/console/inbox/claim', { id: found!.id })).status).toBe(303)
    const empty = await b.post('/console/inbox/reply', { id: found!.id, text: '   ' })
    expect(empty.status).toBe(400)
    const replied = await b.post('/console/inbox/reply', { id: found!.id, text: 'Halo, saya Rina dari BP3MI. Ceritakan di mana Anda sekarang.' })
    expect(replied.status).toBe(303)
    await h.runtime.handoff.idle()
    expect(sent.some((s) => s.userId === user && s.replies.some((r) => r.text.includes('saya Rina dari BP3MI')))).toBe(true)
    expect((await b.post('/console/inbox/close', { id: found!.id })).status).toBe(303)
    await h.runtime.handoff.idle()
    const closed = await b.post('/console/inbox/reply', { id: found!.id, text: 'masih di sana?' })
    expect(closed.status).toBe(409)
    expect(closed.body).toContain('masih di sana?')
    const audit = await h.runtime.handoff.cases.auditLog()
    expect(audit.filter((e) => e.via === 'console').map((e) => e.action)).toEqual(expect.arrayContaining(['view', 'claim', 'reply', 'close']))
  })
})

/** The files of a zip (stored or deflated entries), as text. */
function unzip(zip: Buffer, inflate: (b: Buffer) => Buffer): Record<string, string> {
  const files: Record<string, string> = {}
  let at = 0
  while (zip.readUInt32LE(at) === 0x04034b50) {
    const method = zip.readUInt16LE(at + 8)
    let size = zip.readUInt32LE(at + 18)
    const nameLength = zip.readUInt16LE(at + 26)
    const extra = zip.readUInt16LE(at + 28)
    const name = zip.subarray(at + 30, at + 30 + nameLength).toString()
    const start = at + 30 + nameLength + extra
    if ((zip.readUInt16LE(at + 6) & 0x08) !== 0 && size === 0) {
      // sizes follow the data (data descriptor): find the next header
      const next = zip.indexOf(Buffer.from([0x50, 0x4b, 0x07, 0x08]), start)
      size = next - start
      const data = zip.subarray(start, start + size)
      files[name] = (method === 8 ? inflate(data) : data).toString('utf8')
      at = next + 16
      continue
    }
    const data = zip.subarray(start, start + size)
    files[name] = (method === 8 ? inflate(data) : data).toString('utf8')
    at = start + size
  }
  return files
}

describe('logs', () => {
  it('hold no name, phone number or typed text of users after all of the above', () => {
    const logs = h.runtime.logs.join('\n')
    for (const secret of ['Budi Santoso', 'HYPERLINK', '6281233334444', '6281255556666', 'paspor saya', 'Permintaan pengguna', 'saya Rina dari BP3MI']) expect(logs).not.toContain(secret)
  })
})

describe('officer accounts (admin)', () => {
  it('an admin adds and removes an account; the removed officer\'s session ends; others may not', async () => {
    const admin = new InjectBrowser(h.http)
    await admin.login('admin')
    await admin.get('/console/officers')
    const short = await admin.post('/console/officers/add', { username: 'sari', role: 'viewer', password: 'short' })
    expect(short.status).toBe(400)
    expect(short.body).toContain('at least 10 characters')
    const added = await admin.post('/console/officers/add', { username: 'sari', role: 'viewer', password: 'sari-password-1' })
    expect(added.status).toBe(200)
    expect(added.body).toContain('Akun sari dibuat.')
    const sari = new InjectBrowser(h.http)
    expect((await sari.login('sari', 'sari-password-1')).status).toBe(303)
    expect((await sari.get('/console')).status).toBe(200)
    expect((await sari.get('/console/officers')).status).toBe(403)
    expect((await admin.post('/console/officers/remove', { username: 'admin' })).status).toBe(400)
    expect((await admin.post('/console/officers/remove', { username: 'sari' })).body).toContain('dihapus')
    expect((await sari.get('/console')).status).toBe(303)
    const log = await h.services.audit.list()
    expect(log.slice(0, 2).map((e) => [e.action, e.target, e.officer])).toEqual([['officer_remove', 'sari', 'admin'], ['login', undefined, 'sari']])
    const officer = new InjectBrowser(h.http)
    await officer.login('rina')
    expect((await officer.get('/console/officers')).status).toBe(403)
    expect((await officer.post('/console/officers/add', { username: 'x1', role: 'admin', password: 'password-123456' })).status).toBe(403)
  })
})
