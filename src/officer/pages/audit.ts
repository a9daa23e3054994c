/**
 * `GET /console/audit`: the audit log, newest first, 100 a page: console and CLI actions (logins, failed logins,
 * exports with their filter and row count, deletions with their reason, account changes) and the handoff actions of
 * officers (claim, reply, close, views) from the officer API, the Telegram group and the console.
 */
import type { ConsoleModule } from '../console.ts'
import { wibTime } from '../filters.ts'
import { html } from '../html.ts'
import { pageOf, pager } from '../layout.ts'

const PER_PAGE = 100

interface Row {
  at: string
  officer: string
  action: string
  target: string
  filter: string
  rows: string
  detail: string
  via: string
}

export const auditModule: ConsoleModule = (console) => {
  console.page({
    path: '/audit',
    title: { id: 'Log audit', en: 'Audit log' },
    role: 'officer',
    nav: 90,
    render: async (ctx) => {
      const [own, handoff] = await Promise.all([ctx.services.audit.list(), ctx.services.deps.handoff.cases.auditLog()])
      const rows: Row[] = [
        ...own.map((e) => ({ at: e.at, officer: e.officer, action: e.action, target: e.target ?? '', filter: e.filter ?? '', rows: e.rows === undefined ? '' : String(e.rows), detail: e.detail ?? '', via: e.via })),
        ...handoff.map((e) => ({ at: e.at, officer: e.officer, action: `handoff_${e.action}`, target: e.caseId ?? '', filter: '', rows: '', detail: '', via: e.via })),
      ].sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0))
      const { page, pages, start, end } = pageOf(rows.length, PER_PAGE, (ctx.request.query as { page?: unknown }).page)
      const shown = rows.slice(start, end)
      const head = [
        ctx.t('Waktu (WIB)', 'Time (WIB)'),
        ctx.t('Petugas', 'Officer'),
        ctx.t('Tindakan', 'Action'),
        ctx.t('Sasaran', 'Target'),
        ctx.t('Filter', 'Filter'),
        ctx.t('Baris', 'Rows'),
        ctx.t('Keterangan', 'Detail'),
        ctx.t('Lewat', 'Via'),
      ]
      return html`<p class="muted">${ctx.t(`${rows.length} catatan.`, `${rows.length} entries.`)}</p>
<div class="table-wrap"><table>
<thead><tr>${head.map((h) => html`<th scope="col">${h}</th>`)}</tr></thead>
<tbody>${shown.map((r) => html`<tr><td>${wibTime(r.at)}</td><td>${r.officer}</td><td>${r.action}</td><td>${r.target}</td><td>${r.filter}</td><td class="num">${r.rows}</td><td>${r.detail}</td><td>${r.via}</td></tr>`)}</tbody>
</table></div>
${pager(ctx.lang, page, pages, (p) => ctx.url('/audit', { page: p }))}`
    },
  })
}
