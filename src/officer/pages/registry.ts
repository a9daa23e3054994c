/**
 * `GET /console/registry`: the licensed P3MI registry in use (its date and counts by status) and its upload, in the
 * three steps of src/publish/registry-upload.ts (the same path as `npm run cli -- agencies import`):
 *
 * 1. upload a CSV with the registry date → every error and warning with its line and column, the counts, the date;
 *    nothing changes (a file with an error cannot go further);
 * 2. the officer reads the preview;
 * 3. confirm → a new published content version; every instance switches to it within seconds. Audited.
 *
 * Officers and admins upload; viewers see the page. UTF-16 and Windows-1252 files are read (the latter with a
 * warning); a workbook, a PDF or an image is refused with what to do; a file over the upload limit is refused with
 * its size.
 */
import type { FastifyReply } from 'fastify'
import { todayWib } from '../../engine/actions.ts'
import type { Problem } from '../../content/problems.ts'
import { contentOptions } from '../../runtime.ts'
import {
  confirmRegistryUpload,
  previewRegistryUpload,
  registrySummary,
  type RegistryCounts,
  type RegistryPreview,
} from '../../publish/registry-upload.ts'
import type { ContentVersion } from '../../store/versions.ts'
import { MULTIPART_LIMIT_BYTES, type ConsoleContext, type ConsoleModule } from '../console.ts'
import { wibTime } from '../filters.ts'
import { html, type Html } from '../html.ts'

const TITLE = { id: 'Daftar P3MI', en: 'P3MI registry' }

function countsLine(ctx: ConsoleContext, c: RegistryCounts): Html {
  return html`<span data-total="${c.total}">${ctx.t(
    `${c.total} perusahaan: ${c.active} aktif, ${c.expired} habis masa berlaku, ${c.suspended} skorsing, ${c.revoked} dicabut`,
    `${c.total} companies: ${c.active} active, ${c.expired} expired, ${c.suspended} suspended, ${c.revoked} revoked`,
  )}</span>`
}

function problemTable(ctx: ConsoleContext, problems: readonly Problem[], kind: 'errors' | 'warnings'): Html {
  if (problems.length === 0) return html``
  return html`<h2>${kind === 'errors' ? ctx.t(`Kesalahan (${problems.length})`, `Errors (${problems.length})`) : ctx.t(`Peringatan (${problems.length})`, `Warnings (${problems.length})`)}</h2>
<div class="table-wrap"><table class="${kind}" data-${kind}="${problems.length}">
<thead><tr><th scope="col">${ctx.t('Baris', 'Line')}</th><th scope="col">${ctx.t('Kolom', 'Column')}</th><th scope="col">${ctx.t('Masalah', 'Problem')}</th></tr></thead>
<tbody>${problems.map((p) => html`<tr><td>${p.line || ''}</td><td>${p.col ? columnName(p.col) : ''}</td><td>${p.message}</td></tr>`)}</tbody>
</table></div>`
}

/** Column number as a spreadsheet shows it: 1 → "1 (A)". */
function columnName(col: number): string {
  let letters = ''
  for (let n = col; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters
  return `${col} (${letters})`
}

function versionRows(ctx: ConsoleContext, versions: readonly ContentVersion[], active: number | undefined): Html {
  if (versions.length === 0) return html`<p>${ctx.t('Belum ada versi terbit.', 'Nothing published yet.')}</p>`
  return html`<div class="table-wrap"><table>
<thead><tr><th scope="col">${ctx.t('Versi', 'Version')}</th><th scope="col">${ctx.t('Waktu (WIB)', 'Time (WIB)')}</th><th scope="col">${ctx.t('Oleh', 'By')}</th><th scope="col">${ctx.t('Isi', 'What')}</th></tr></thead>
<tbody>${versions.map((v) => html`<tr><td>${v.number}${v.number === active ? ctx.t(' (aktif)', ' (active)') : ''}</td><td>${wibTime(v.createdAt)}</td><td>${v.by}</td><td>${
    v.kind === 'registry'
      ? ctx.t(`daftar P3MI per ${v.registry?.asOf ?? '?'} (${v.registry?.rows ?? '?'} baris)`, `registry as of ${v.registry?.asOf ?? '?'} (${v.registry?.rows ?? '?'} rows)`)
      : v.kind === 'rollback'
        ? ctx.t(`kembali ke versi ${v.rollbackOf}`, `rollback to version ${v.rollbackOf}`)
        : ctx.t('konten diterbitkan', 'content published')
  }</td></tr>`)}</tbody>
</table></div>`
}

async function mainPage(ctx: ConsoleContext, notice?: { ok: boolean; text: string }): Promise<Html> {
  const deps = ctx.services.deps
  const today = todayWib(ctx.now)
  const summary = registrySummary(deps.content.current.agencies, today)
  const status = deps.content.status
  const versions = deps.versions
  const all = versions ? (await versions.list()).slice(-10).reverse() : []
  const active = versions ? await versions.active() : undefined
  return html`${notice ? html`<p class="message ${notice.ok ? 'ok' : 'error'}" role="${notice.ok ? 'status' : 'alert'}">${notice.text}</p>` : ''}
<section class="current">
<h2>${ctx.t('Daftar yang dipakai sekarang', 'The registry in use now')}</h2>
${summary
  ? html`<p data-as-of="${summary.asOf}">${ctx.t(`Daftar per ${summary.asOf}`, `Registry as of ${summary.asOf}`)}: ${countsLine(ctx, summary.counts)}.</p>`
  : html`<p data-as-of="">${ctx.t('Belum ada daftar P3MI: asisten mengatakannya dan mengarahkan ke SISKOP2MI.', 'No registry yet: the assistant says so and sends people to SISKOP2MI.')}</p>`}
<p>${status?.published
  ? ctx.t(`Konten: versi terbit ${status.published.number} (${wibTime(status.published.createdAt)} WIB, ${status.published.by}).`, `Content: published version ${status.published.number} (${wibTime(status.published.createdAt)} WIB, ${status.published.by}).`)
  : ctx.t('Konten: file kerja (belum ada versi terbit).', 'Content: working files (nothing published yet).')}</p>
${status?.refused ? html`<p class="message error" role="alert">${ctx.t(`Versi ${status.refused.number} tidak bisa dimuat di instans ini; versi sebelumnya tetap dipakai.`, `Version ${status.refused.number} does not load on this instance; the previous one stays in use.`)}</p>` : ''}
</section>
${ctx.can('officer') && versions
  ? html`<h2>${ctx.t('Unggah daftar baru', 'Upload a new registry')}</h2>
<p>${ctx.t(
      'Berkas CSV dari spreadsheet (kolom nama_p3mi, nomor_sip3mi, status, berlaku_sampai, …). Semua kesalahan ditampilkan dengan baris dan kolomnya sebelum apa pun berubah.',
      'A CSV file from the spreadsheet (columns nama_p3mi, nomor_sip3mi, status, berlaku_sampai, …). Every error is shown with its line and column before anything changes.',
    )}</p>
<form method="post" enctype="multipart/form-data" action="${ctx.url('/registry/upload', { _csrf: ctx.csrfToken })}" class="stack">
<label>${ctx.t('Tanggal daftar (per)', 'Registry date (as of)')}<input type="date" name="as_of" value="${today}" max="${today}" required></label>
<label>${ctx.t(`Berkas CSV (paling besar ${Math.round(MULTIPART_LIMIT_BYTES / 1024 / 1024)} MB)`, `CSV file (at most ${Math.round(MULTIPART_LIMIT_BYTES / 1024 / 1024)} MB)`)}<input type="file" name="file" accept=".csv,text/csv" required></label>
<button type="submit">${ctx.t('Periksa', 'Check')}</button>
</form>`
  : versions
    ? ''
    : html`<p class="message">${ctx.t('Unggah tidak tersedia di sini; gunakan npm run cli -- agencies import.', 'Upload is not available here; use npm run cli -- agencies import.')}</p>`}
<h2>${ctx.t('Versi terakhir', 'Latest versions')}</h2>
${versionRows(ctx, all, active)}`
}

function previewPage(ctx: ConsoleContext, preview: RegistryPreview): Html {
  return html`<p class="message ${preview.ok ? 'ok' : 'error'}" role="${preview.ok ? 'status' : 'alert'}">${
    preview.ok
      ? ctx.t('Berkas ini bisa dipakai. Belum ada yang berubah: periksa lalu terbitkan.', 'This file can be used. Nothing has changed yet: check it, then publish.')
      : ctx.t(`Berkas ini punya ${preview.errors.length} kesalahan. Tidak ada yang berubah; perbaiki di spreadsheet lalu unggah lagi.`, `This file has ${preview.errors.length} error(s). Nothing changed; fix them in the spreadsheet and upload again.`)
  }</p>
<dl class="preview" data-ok="${preview.ok}">
<dt>${ctx.t('Berkas', 'File')}</dt><dd>${preview.fileName}</dd>
<dt>${ctx.t('Tanggal daftar', 'Registry date')}</dt><dd data-as-of="${preview.asOf}">${preview.asOf}</dd>
<dt>${ctx.t('Isi', 'Contents')}</dt><dd>${countsLine(ctx, preview.counts)}${preview.ok ? '' : ctx.t(' (baris tanpa kesalahan)', ' (rows without errors)')}</dd>
</dl>
${problemTable(ctx, preview.errors, 'errors')}
${problemTable(ctx, preview.warnings, 'warnings')}
${preview.ok && preview.token
  ? html`<form method="post" action="${ctx.url('/registry/confirm')}" class="stack">${ctx.csrfField}<input type="hidden" name="token" value="${preview.token}">
<button type="submit">${ctx.t('Terbitkan daftar ini ke semua instans', 'Publish this registry to every instance')}</button></form>`
  : ''}
<p><a href="${ctx.url('/registry')}">${ctx.t('Kembali', 'Back')}</a></p>`
}

/** Reads the multipart upload: the file's bytes and name and the `as_of` field, or a message for the officer. */
async function readUpload(ctx: ConsoleContext): Promise<{ bytes: Buffer; fileName: string; asOf?: string } | { refused: string }> {
  if (!ctx.request.isMultipart()) return { refused: ctx.t('Pilih berkas CSV lalu tekan Periksa.', 'Choose a CSV file, then press Check.') }
  let bytes: Buffer | undefined
  let fileName = ''
  let asOf: string | undefined
  try {
    for await (const part of ctx.request.parts()) {
      if (part.type === 'file') {
        fileName = part.filename
        bytes = await part.toBuffer()
      } else if (part.fieldname === 'as_of' && typeof part.value === 'string') asOf = part.value.trim()
    }
  } catch (error) {
    if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') {
      return {
        refused: ctx.t(
          `Berkas terlalu besar: paling besar ${Math.round(MULTIPART_LIMIT_BYTES / 1024 / 1024)} MB. Apakah ini berkas yang benar (CSV, bukan workbook)?`,
          `The file is too large: at most ${Math.round(MULTIPART_LIMIT_BYTES / 1024 / 1024)} MB. Is it the right file (CSV, not a workbook)?`,
        ),
      }
    }
    throw error
  }
  if (!bytes || fileName === '') return { refused: ctx.t('Tidak ada berkas. Pilih berkas CSV lalu tekan Periksa.', 'No file. Choose a CSV file, then press Check.') }
  return { bytes, fileName, ...(asOf ? { asOf } : {}) }
}

export const registryModule: ConsoleModule = (console) => {
  console.page({ path: '/registry', title: TITLE, role: 'viewer', nav: 60, render: (ctx) => mainPage(ctx) })

  console.route({
    method: 'POST',
    path: '/registry/upload',
    role: 'officer',
    handle: async (ctx): Promise<FastifyReply> => {
      const versions = ctx.services.deps.versions
      if (!versions) return ctx.page(await mainPage(ctx), { title: TITLE, status: 503 })
      const upload = await readUpload(ctx)
      if ('refused' in upload) return ctx.page(await mainPage(ctx, { ok: false, text: upload.refused }), { title: TITLE, status: 400 })
      const preview = await previewRegistryUpload(
        upload.bytes,
        { fileName: upload.fileName, ...(upload.asOf ? { asOf: upload.asOf } : {}), today: todayWib(ctx.now), maxBytes: MULTIPART_LIMIT_BYTES },
        { versions },
      )
      return ctx.page(previewPage(ctx, preview), { title: TITLE, status: preview.ok ? 200 : 400 })
    },
  })

  console.route({
    method: 'POST',
    path: '/registry/confirm',
    role: 'officer',
    handle: async (ctx): Promise<FastifyReply> => {
      const deps = ctx.services.deps
      if (!deps.versions) return ctx.page(await mainPage(ctx), { title: TITLE, status: 503 })
      const body = (ctx.request.body ?? {}) as Record<string, unknown>
      const token = typeof body.token === 'string' ? body.token : ''
      const { flowsDir, contentDir, actions, modelCacheDir } = contentOptions(deps.config)
      const result = await confirmRegistryUpload(token, { versions: deps.versions, flowsDir, contentDir, actions, modelCacheDir, by: `console:${ctx.officer.username}`, now: () => new Date(ctx.now) })
      if (!result.ok) {
        const errors = result.problems.filter((p) => p.severity === 'error')
        return ctx.page(
          html`<p class="message error" role="alert">${ctx.t('Tidak diterbitkan; tidak ada yang berubah.', 'Not published; nothing changed.')}</p>${problemTable(ctx, errors, 'errors')}<p><a href="${ctx.url('/registry')}">${ctx.t('Kembali', 'Back')}</a></p>`,
          { title: TITLE, status: 400 },
        )
      }
      const v = result.version
      if (result.unchanged) {
        return ctx.page(await mainPage(ctx, { ok: true, text: ctx.t(`Daftar ini sudah dipakai (versi ${v.number}); tidak ada yang berubah.`, `This registry is already in use (version ${v.number}); nothing changed.`) }), { title: TITLE })
      }
      await ctx.audit({ action: 'registry_import', target: 'registry', rows: v.registry?.rows ?? 0, detail: `version ${v.number}, as of ${v.registry?.asOf ?? '?'}` })
      return ctx.page(
        await mainPage(ctx, {
          ok: true,
          text: ctx.t(
            `Daftar per ${v.registry?.asOf} diterbitkan sebagai versi konten ${v.number}. Semua instans memakainya dalam beberapa detik (muat ulang halaman ini).`,
            `The registry as of ${v.registry?.asOf} is published as content version ${v.number}. Every instance uses it within seconds (reload this page).`,
          ),
        }),
        { title: TITLE },
      )
    },
  })
}
