/**
 * The handoff inbox, on top of src/handoff (the same service as the officer API and the Telegram officer group):
 *
 *   GET  /console/inbox               open and claimed cases, newest first, and the last closed ones
 *   GET  /console/inbox/case?id=…     one case: the transcript, a reply box, claim and close (the view is audited)
 *   POST /console/inbox/claim|reply|close   (form fields `id`, and `text` for a reply)
 *   GET  /console/inbox/events        server-sent events: first `state` (a stamp of all cases; a page drawn with
 *                                     another stamp reloads), then `change` with `{kind, case}` (ids only, nothing
 *                                     personal) whenever any process hears of a case; the pages reload on it
 *
 * Officer role (transcripts are personal data). Errors of the service (closed case, outside WhatsApp's 24-hour
 * window, empty reply) are shown in the page; the typed reply is kept in the box.
 */
import { createHash } from 'node:crypto'
import type { ServerResponse } from 'node:http'
import type { HandoffCase } from '../../handoff/cases.ts'
import type { ActionResult } from '../../handoff/service.ts'
import type { ConsoleContext, ConsoleModule } from '../console.ts'
import { wibTime } from '../filters.ts'
import { html, type Html } from '../html.ts'

const CLOSED_SHOWN = 20

/**
 * What the inbox looked like: a page carries it (`data-stamp`) and the event stream sends it first, so a page that
 * missed a change between being drawn and connecting reloads at once.
 */
async function stampOf(ctx: ConsoleContext): Promise<string> {
  const cases = await ctx.services.deps.handoff.cases.list()
  return createHash('sha256').update(cases.map((c) => `${c.id}:${c.status}:${c.messages.length}:${c.claimedBy ?? ''}`).join('|')).digest('hex').slice(0, 16)
}
const PING_MS = 20_000

const STATUS = {
  open: { id: 'menunggu', en: 'waiting' },
  claimed: { id: 'ditangani', en: 'claimed' },
  closed: { id: 'selesai', en: 'closed' },
} as const

const iso = (ms: number | undefined) => (ms === undefined ? '' : wibTime(new Date(ms).toISOString()))

function badge(ctx: ConsoleContext, found: HandoffCase): Html {
  return html`<span class="badge ${found.status}">${ctx.lang === 'en' ? STATUS[found.status].en : STATUS[found.status].id}</span>`
}

function caseList(ctx: ConsoleContext, cases: HandoffCase[]): Html {
  if (cases.length === 0) return html`<p>${ctx.t('Tidak ada.', 'None.')}</p>`
  return html`<div class="table-wrap"><table>
<thead><tr><th scope="col">${ctx.t('Kasus', 'Case')}</th><th scope="col">${ctx.t('Status', 'Status')}</th><th scope="col">${ctx.t('Kanal', 'Channel')}</th><th scope="col">${ctx.t('Dibuka (WIB)', 'Opened (WIB)')}</th><th scope="col">${ctx.t('Petugas', 'Officer')}</th><th scope="col">${ctx.t('Pesan terakhir', 'Last message')}</th></tr></thead>
<tbody>${cases.map((c) => {
    const last = c.messages.at(-1)
    return html`<tr><td><a href="${ctx.url('/inbox/case', { id: c.id })}">${c.ref}</a></td><td>${badge(ctx, c)}</td><td>${c.channel}</td><td>${iso(c.openedAt)}</td><td>${c.claimedBy ?? ''}</td><td>${last ? last.text.slice(0, 80) : ''}</td></tr>`
  })}</tbody></table></div>`
}

export const inboxModule: ConsoleModule = (console) => {
  const streams = new Set<ServerResponse>()
  console.onClose(() => {
    for (const stream of streams) stream.end()
    streams.clear()
  })

  console.page({
    path: '/inbox',
    title: { id: 'Kotak masuk', en: 'Inbox' },
    role: 'officer',
    nav: 10,
    render: async (ctx) => {
      const all = await ctx.services.deps.handoff.cases.list()
      const active = all.filter((c) => c.status !== 'closed')
      const closed = all.filter((c) => c.status === 'closed').slice(0, CLOSED_SHOWN)
      return html`<div data-live="${ctx.url('/inbox/events')}" data-stamp="${await stampOf(ctx)}"></div>
${ctx.services.deps.handoff.available ? '' : html`<p class="message">${ctx.t('Penghubung ke petugas belum aktif (OFFICER_API_TOKENS atau grup Telegram petugas belum diatur): pengguna belum bisa meminta petugas.', 'Officer handoff is off (no OFFICER_API_TOKENS or officer Telegram group): users cannot ask for an officer yet.')}</p>`}
<h2>${ctx.t('Kasus aktif', 'Active cases')} (${active.length})</h2>
${caseList(ctx, active)}
<h2>${ctx.t('Baru selesai', 'Recently closed')}</h2>
${caseList(ctx, closed)}`
    },
  })

  const casePage = async (ctx: ConsoleContext, caseId: string, notice?: { ok: boolean; text: string }, draft = ''): Promise<unknown> => {
    const result = await ctx.services.deps.handoff.view(caseId, ctx.officer.username, 'console')
    if (!result.ok) {
      return ctx.message(404, { id: 'Kasus tidak ditemukan: mungkin sudah dihapus atas permintaan pengguna.', en: 'No such case: it may have been deleted at the user\'s request.' }, ctx.url('/inbox'))
    }
    const c = result.case
    const open = c.status !== 'closed'
    const who = (from: string, officer?: string) => (from === 'user' ? ctx.t('Pengguna', 'User') : from === 'officer' ? `${ctx.t('Petugas', 'Officer')} ${officer ?? ''}` : ctx.t('Sistem', 'System'))
    const idField = html`${ctx.csrfField}<input type="hidden" name="id" value="${c.id}">`
    return ctx.page(
      html`<div data-live="${ctx.url('/inbox/events')}" data-stamp="${await stampOf(ctx)}"></div>
<p>${badge(ctx, c)} ${c.channel} · ${ctx.t('dibuka', 'opened')} ${iso(c.openedAt)} WIB${c.claimedBy ? html` · ${ctx.t('ditangani', 'claimed by')} <strong>${c.claimedBy}</strong>` : ''}</p>
${notice ? html`<p class="message ${notice.ok ? 'ok' : 'error'}" role="${notice.ok ? 'status' : 'alert'}">${notice.text}</p>` : ''}
${c.recent.length > 0 ? html`<h2>${ctx.t('Pesan sebelum meminta petugas', 'Messages before asking for an officer')}</h2><ul class="transcript">${c.recent.map((text) => html`<li>${text}</li>`)}</ul>` : ''}
<h2>${ctx.t('Percakapan', 'Conversation')}</h2>
<ul class="transcript" aria-live="polite">${c.messages.map((m) => html`<li class="${m.from}"><span class="meta">${who(m.from, m.officer)} · ${iso(m.at)}</span>${m.text}</li>`)}</ul>
${c.messages.length === 0 ? html`<p class="muted">${ctx.t('Belum ada pesan sejak kasus dibuka.', 'No messages since the case was opened.')}</p>` : ''}
${open
  ? html`<form method="post" action="${ctx.url('/inbox/reply')}" class="stack">${idField}
<label>${ctx.t('Balasan untuk pengguna', 'Reply to the user')}<textarea name="text" rows="4" required maxlength="20000">${draft}</textarea></label>
<p class="muted" data-live-note hidden>${ctx.t('Ada pesan baru; kirim atau kosongkan kotak untuk memuat ulang.', 'New messages arrived; send or empty the box to reload.')}</p>
<button type="submit">${ctx.t('Kirim balasan', 'Send reply')}</button></form>
<div class="actions">
${c.status === 'open' ? html`<form method="post" action="${ctx.url('/inbox/claim')}">${idField}<button type="submit" class="secondary">${ctx.t('Ambil kasus ini', 'Claim this case')}</button></form>` : ''}
<form method="post" action="${ctx.url('/inbox/close')}" data-confirm="${ctx.t('Tutup kasus ini? Pengguna akan diberi tahu.', 'Close this case? The user will be told.')}">${idField}<button type="submit" class="danger">${ctx.t('Tutup kasus', 'Close case')}</button></form>
</div>`
  : draft
    ? html`<label>${ctx.t('Teks Anda (tidak terkirim; salin bila perlu)', 'Your text (not sent; copy it if needed)')}<textarea readonly rows="4">${draft}</textarea></label>`
    : ''}
<p><a href="${ctx.url('/inbox')}">${ctx.t('Kembali ke kotak masuk', 'Back to the inbox')}</a></p>`,
      { title: { id: `Kasus ${c.ref}`, en: `Case ${c.ref}` } },
    )
  }

  console.route({
    method: 'GET',
    path: '/inbox/case',
    role: 'officer',
    handle: async (ctx) => {
      const id = (ctx.request.query as { id?: unknown }).id
      const done = (ctx.request.query as { done?: unknown }).done
      const notices: Record<string, { id: string; en: string }> = {
        reply: { id: 'Balasan terkirim ke pengguna.', en: 'Reply sent to the user.' },
        claim: { id: 'Kasus ini sekarang Anda tangani.', en: 'You have claimed this case.' },
        close: { id: 'Kasus ditutup; pengguna sudah diberi tahu.', en: 'Case closed; the user was told.' },
      }
      const notice = typeof done === 'string' && notices[done] ? { ok: true, text: ctx.lang === 'en' ? notices[done].en : notices[done].id } : undefined
      return casePage(ctx, typeof id === 'string' ? id : '', notice)
    },
  })

  const act = (name: 'claim' | 'reply' | 'close') =>
    console.route({
      method: 'POST',
      path: `/inbox/${name}`,
      role: 'officer',
      handle: async (ctx) => {
        const body = (ctx.request.body ?? {}) as Record<string, unknown>
        const id = typeof body.id === 'string' ? body.id : ''
        const text = typeof body.text === 'string' ? body.text : ''
        const handoff = ctx.services.deps.handoff
        const officer = ctx.officer.username
        const result: ActionResult =
          name === 'claim' ? await handoff.claim(id, officer, 'console') : name === 'reply' ? await handoff.reply(id, officer, text, 'console') : await handoff.close(id, officer, 'console')
        if (result.ok) return ctx.redirect('/inbox/case', { id, done: name })
        if (result.error === 'not_found') return casePage(ctx, id)
        ctx.reply.code(result.error === 'invalid' ? 400 : result.error === 'unavailable' ? 503 : 409)
        return casePage(ctx, id, { ok: false, text: result.message }, name === 'reply' ? text : '')
      },
    })
  act('claim')
  act('reply')
  act('close')

  console.route({
    method: 'GET',
    path: '/inbox/events',
    role: 'officer',
    handle: async (ctx) => {
      const response = ctx.reply.raw
      ctx.reply.hijack()
      response.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        'x-accel-buffering': 'no',
        'x-content-type-options': 'nosniff',
      })
      // The listener closes idle connections; this one is quiet on purpose.
      ctx.request.raw.socket.setTimeout(0)
      response.write('retry: 3000\n\n')
      response.write(`event: state\ndata: ${await stampOf(ctx)}\n\n`)
      streams.add(response)
      const stop = ctx.services.deps.handoff.onNotice((notice) => {
        response.write(`event: change\ndata: ${JSON.stringify({ kind: notice.kind, case: notice.case.id })}\n\n`)
      })
      const ping = setInterval(() => response.write(': ping\n\n'), PING_MS)
      ping.unref()
      // The stream ends after the idle time; the browser reconnects, and the session is checked again then.
      const expiry = setTimeout(() => response.end(), ctx.services.deps.idleMs)
      expiry.unref()
      const end = () => {
        stop()
        clearInterval(ping)
        clearTimeout(expiry)
        streams.delete(response)
      }
      response.on('close', end)
      return undefined
    },
  })
}
