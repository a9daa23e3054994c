/**
 * A table of stored records for officers (leads, recruiter reports), as a console module:
 *
 *   GET  /console/<kind>?from&to&province&interest&destination&page   the table, newest first, 50 a page
 *   POST /console/<kind>/export   (officer)   the filtered rows as CSV or XLSX; audited with the filter and the count
 *   GET  /console/<kind>/item?ref  (officer)  one record in full, with the deletion form
 *   POST /console/<kind>/delete   (officer)   deletes it, with a reason; audited
 *
 * Filters are dates and codes only (they may go into the address); viewers see no personal columns and no export
 * or deletion. A wrong filter or an unknown reference gives a message in the page; nothing changes.
 */
import type { FastifyReply } from 'fastify'
import type { Store } from '../../store/types.ts'
import type { ConsoleContext, ConsoleModule, Text } from '../console.ts'
import { exportFile, type ExportFormat } from '../export-files.ts'
import { describeFilter, filterQuery, FilterError, readFilter, type RecordFilter } from '../filters.ts'
import { html, type Html } from '../html.ts'
import { labelsOf, type Labels } from '../labels.ts'
import { pageOf, pager } from '../layout.ts'
import type { TableColumn } from '../tables.ts'

export const PAGE_SIZE = 50
const MAX_REASON = 500

export interface RecordsSpec<T> {
  kind: 'leads' | 'reports'
  title: Text
  /** One record's name in a sentence ("lead", "laporan"). */
  noun: Text
  nav: number
  /** Whether province, interest and destination filters apply. */
  regions: boolean
  columns: readonly TableColumn<T>[]
  /** Every record, newest first, ready for the table. */
  load(store: Store): Promise<T[]>
  matches(row: T, filter: RecordFilter, labels: Labels): boolean
  /** The reference officers see (and use in the item's address). */
  refOf(row: T): string
  remove(store: Store, row: T): Promise<boolean>
}

const FORMATS: ReadonlyArray<[ExportFormat, string]> = [
  ['csv', 'CSV (,)'],
  ['csv-semicolon', 'CSV (;) Excel Indonesia'],
  ['xlsx', 'Excel (XLSX)'],
]

function visible<T>(columns: readonly TableColumn<T>[], ctx: ConsoleContext): TableColumn<T>[] {
  return columns.filter((c) => !c.exportOnly && (!c.personal || ctx.can('officer')))
}

function selectBox(name: string, label: string, options: Array<[string, string]>, value: string | undefined, any: string): Html {
  return html`<label>${label}<select name="${name}"><option value="">${any}</option>${options.map(([code, text]) => html`<option value="${code}"${code === value ? html` selected` : ''}>${text}</option>`)}</select></label>`
}

function filterForm<T>(spec: RecordsSpec<T>, ctx: ConsoleContext, labels: Labels, raw: Record<string, unknown>): Html {
  const value = (key: string) => (typeof raw[key] === 'string' ? (raw[key] as string) : '')
  const any = ctx.t('Semua', 'All')
  return html`<form method="get" action="${ctx.url(`/${spec.kind}`)}" class="filters" aria-label="${ctx.t('Filter', 'Filter')}">
<label>${ctx.t('Dari tanggal', 'From')}<input type="date" name="from" value="${value('from')}"></label>
<label>${ctx.t('Sampai tanggal', 'To')}<input type="date" name="to" value="${value('to')}"></label>
${spec.regions
  ? [
      selectBox('province', ctx.t('Provinsi', 'Province'), labels.provinces, value('province'), any),
      selectBox('interest', ctx.t('Minat', 'Interest'), labels.interests, value('interest'), any),
      selectBox('destination', ctx.t('Tujuan', 'Destination'), labels.destinations, value('destination'), any),
    ]
  : ''}
<button type="submit">${ctx.t('Terapkan', 'Apply')}</button>
</form>`
}

export function recordsModule<T>(spec: RecordsSpec<T>): ConsoleModule {
  const base = `/${spec.kind}`
  return (console) => {
    console.page({
      path: base,
      title: spec.title,
      role: 'viewer',
      nav: spec.nav,
      render: async (ctx) => {
        const labels = labelsOf(ctx.services.deps.content.current, ctx.lang)
        const query = ctx.request.query as Record<string, unknown>
        let filter: RecordFilter
        try {
          filter = readFilter(query, labels, { regions: spec.regions })
        } catch (error) {
          if (!(error instanceof FilterError)) throw error
          ctx.reply.code(400)
          return html`${filterForm(spec, ctx, labels, query)}<p class="message error" role="alert">${ctx.lang === 'en' ? error.text.en : error.text.id}</p>`
        }
        const rows = (await spec.load(ctx.services.deps.store)).filter((row) => spec.matches(row, filter, labels))
        const { page, pages, start, end } = pageOf(rows.length, PAGE_SIZE, query.page)
        const shown = rows.slice(start, end)
        const columns = visible(spec.columns, ctx)
        const deleted = typeof query.deleted === 'string' && /^[A-Za-z0-9-]{1,64}$/.test(query.deleted) ? query.deleted : undefined
        const link = (p: number) => ctx.url(base, { ...filterQuery(filter), page: p })
        return html`${filterForm(spec, ctx, labels, query)}
${deleted ? html`<p class="message ok" role="status">${ctx.t(`${spec.noun.id} ${deleted} sudah dihapus dan dicatat di log audit.`, `${spec.noun.en} ${deleted} was deleted and written to the audit log.`)}</p>` : ''}
<p class="muted" data-count="${rows.length}">${ctx.t(`${rows.length} ${spec.noun.id} cocok dengan filter.`, `${rows.length} ${spec.noun.en}(s) match the filter.`)}${ctx.can('officer') ? '' : html` ${ctx.t('Data pribadi disembunyikan untuk peran pemantau.', 'Personal data is hidden for the viewer role.')}`}</p>
${ctx.can('officer')
  ? html`<form method="post" action="${ctx.url(`${base}/export`)}" class="actions">${ctx.csrfField}${Object.entries(filterQuery(filter)).map(([k, v]) => html`<input type="hidden" name="${k}" value="${v}">`)}
<label>${ctx.t('Format', 'Format')}<select name="format">${FORMATS.map(([id, name]) => html`<option value="${id}">${name}</option>`)}</select></label>
<button type="submit">${ctx.t('Ekspor', 'Export')} (${rows.length})</button></form>`
  : ''}
<div class="table-wrap"><table>
<thead><tr>${columns.map((c) => html`<th scope="col">${ctx.lang === 'en' ? c.header.en : c.header.id}</th>`)}</tr></thead>
<tbody>${shown.map((row) => html`<tr>${columns.map((c, i) => {
  const text = c.cell(row, labels)
  return i === 0 && ctx.can('officer') ? html`<td><a href="${ctx.url(`${base}/item`, { ref: spec.refOf(row) })}">${text}</a></td>` : html`<td${typeof text === 'number' ? html` class="num"` : ''}>${text}</td>`
})}</tr>`)}</tbody>
</table></div>
${shown.length === 0 ? html`<p>${ctx.t('Belum ada data untuk filter ini.', 'Nothing for this filter yet.')}</p>` : ''}
${pager(ctx.lang, page, pages, link)}`
      },
    })

    console.route({
      method: 'POST',
      path: `${base}/export`,
      role: 'officer',
      handle: async (ctx) => {
        const body = (ctx.request.body ?? {}) as Record<string, unknown>
        const labels = labelsOf(ctx.services.deps.content.current, 'id')
        let filter: RecordFilter
        try {
          filter = readFilter(body, labels, { regions: spec.regions })
        } catch (error) {
          if (!(error instanceof FilterError)) throw error
          return ctx.message(400, error.text, ctx.url(base))
        }
        const format = FORMATS.find(([id]) => id === body.format)?.[0] ?? 'csv'
        const rows = (await spec.load(ctx.services.deps.store)).filter((row) => spec.matches(row, filter, labels)).reverse()
        const file = await exportFile(rows, spec.columns, labels, format, spec.title.id)
        await ctx.audit({ action: 'export', target: spec.kind, filter: describeFilter(filter), rows: rows.length, detail: format })
        const day = new Date(ctx.now + 7 * 3600_000).toISOString().slice(0, 10)
        return ctx.reply
          .type(file.contentType)
          .header('content-disposition', `attachment; filename="${spec.kind}-${day}.${file.extension}"`)
          .send(file.body)
      },
    })

    const find = async (ctx: ConsoleContext, ref: unknown): Promise<T | FastifyReply> => {
      const wanted = typeof ref === 'string' ? ref.trim() : ''
      const rows = wanted ? (await spec.load(ctx.services.deps.store)).filter((row) => spec.refOf(row) === wanted) : []
      if (rows.length !== 1) {
        return ctx.message(
          404,
          {
            id: `${spec.noun.id} "${wanted.slice(0, 64)}" tidak ditemukan: mungkin sudah dihapus, atau referensinya salah. Tidak ada yang diubah.`,
            en: `No ${spec.noun.en} "${wanted.slice(0, 64)}": it may have been deleted, or the reference is wrong. Nothing was changed.`,
          },
          ctx.url(base),
        )
      }
      return rows[0]!
    }

    console.route({
      method: 'GET',
      path: `${base}/item`,
      role: 'officer',
      handle: async (ctx) => {
        const found = await find(ctx, (ctx.request.query as { ref?: unknown }).ref)
        if (isReply(found)) return found
        const labels = labelsOf(ctx.services.deps.content.current, ctx.lang)
        const ref = spec.refOf(found)
        return ctx.page(
          html`<div class="table-wrap"><table><tbody>${spec.columns.map((c) => html`<tr><th scope="row">${ctx.lang === 'en' ? c.header.en : c.header.id}</th><td>${c.cell(found, labels)}</td></tr>`)}</tbody></table></div>
<h2>${ctx.t('Hapus', 'Delete')}</h2>
<form method="post" action="${ctx.url(`${base}/delete`)}" class="stack" data-confirm="${ctx.t(`Hapus ${spec.noun.id} ${ref}? Tindakan ini tidak bisa dibatalkan.`, `Delete ${spec.noun.en} ${ref}? This cannot be undone.`)}">
${ctx.csrfField}<input type="hidden" name="ref" value="${ref}">
<label>${ctx.t('Alasan penghapusan (wajib, dicatat di log audit)', 'Reason for deleting (required, written to the audit log)')}<textarea name="reason" required minlength="3" maxlength="${MAX_REASON}" rows="3"></textarea></label>
<button type="submit" class="danger">${ctx.t(`Hapus ${spec.noun.id} ini`, `Delete this ${spec.noun.en}`)}</button>
</form>
<p><a href="${ctx.url(base)}">${ctx.t('Kembali ke daftar', 'Back to the list')}</a></p>`,
          { title: { id: `${spec.noun.id} ${ref}`, en: `${spec.noun.en} ${ref}` } },
        )
      },
    })

    console.route({
      method: 'POST',
      path: `${base}/delete`,
      role: 'officer',
      handle: async (ctx) => {
        const body = (ctx.request.body ?? {}) as Record<string, unknown>
        const reason = typeof body.reason === 'string' ? body.reason.trim() : ''
        if (reason.length < 3 || reason.length > MAX_REASON) {
          return ctx.message(
            400,
            { id: `Tulis alasan penghapusan (3 sampai ${MAX_REASON} huruf). Tidak ada yang dihapus.`, en: `Write the reason for deleting (3 to ${MAX_REASON} characters). Nothing was deleted.` },
            typeof body.ref === 'string' ? ctx.url(`${base}/item`, { ref: body.ref.slice(0, 64) }) : ctx.url(base),
          )
        }
        const found = await find(ctx, body.ref)
        if (isReply(found)) return found
        const ref = spec.refOf(found)
        const gone = await spec.remove(ctx.services.deps.store, found)
        if (!gone) return ctx.message(404, { id: `${spec.noun.id} ${ref} sudah tidak ada. Tidak ada yang diubah.`, en: `${spec.noun.en} ${ref} is gone already. Nothing was changed.` }, ctx.url(base))
        await ctx.audit({ action: 'delete', target: spec.kind, filter: `ref=${ref}`, rows: 1, detail: reason })
        return ctx.redirect(base, { deleted: ref })
      },
    })
  }
}

function isReply(value: unknown): value is FastifyReply {
  return typeof value === 'object' && value !== null && 'sent' in value && 'code' in value && typeof (value as FastifyReply).code === 'function'
}
