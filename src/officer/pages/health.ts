/**
 * `GET /console/health`: content health (src/officer/content-health.ts) — the validator's errors and warnings with
 * `file:line:col`, FAQ entries due for review, and a "try a question" box (`POST /console/health/try`, or
 * `POST /console/api/try` for JSON) that shows what the assistant would answer and why, storing nothing. The
 * question is sent with POST so it never lands in a URL or a log. Viewers may use all of it.
 */
import type { ConsoleContext, ConsoleModule } from '../console.ts'
import { MAX_TRY_LENGTH, staleFaq, tryQuestion, validateContent, type TryResult, type ValidationReport } from '../content-health.ts'
import { html, type Html } from '../html.ts'

/** The validator's result is reused this long (a full content load costs about a second). */
const VALIDATION_CACHE_MS = 60_000

function tryForm(ctx: ConsoleContext, text = ''): Html {
  return html`<form method="post" action="${ctx.url('/health/try')}" class="stack wide">
  ${ctx.csrfField}
  <label>${ctx.t('Coba sebuah pertanyaan', 'Try a question')} <textarea name="text" rows="2" maxlength="${MAX_TRY_LENGTH}" required>${text}</textarea></label>
  <button type="submit">${ctx.t('Coba', 'Try')}</button>
</form>
<p class="muted">${ctx.t('Tidak ada yang disimpan: tanpa sesi, tanpa log pertanyaan, tanpa hitungan.', 'Nothing is stored: no session, no question log, no counts.')}</p>`
}

function tryOutput(ctx: ConsoleContext, r: TryResult): Html {
  return html`<section id="try-result" aria-live="polite">
<h2>${ctx.t('Jawaban asisten', 'What the assistant answers')}</h2>
${r.replies.map((reply) => html`<pre class="reply">${reply.text}${reply.choices ? `\n[${reply.choices.join(' | ')}]` : ''}</pre><p class="muted">${reply.key ?? ''}</p>`)}
<h2>${ctx.t('Mengapa', 'Why')}</h2>
<div class="table-wrap"><table><tbody>
<tr><th>${ctx.t('Intent (router)', 'Intent (router)')}</th><td>${r.intent ?? ctx.t('tidak ada', 'none')}</td></tr>
<tr><th>${ctx.t('Rute', 'Route')}</th><td>${r.route.length === 0 ? '–' : r.route.map((x) => html`${x.event}: ${x.flow ?? ''}${x.step ? `.${x.step}` : ''} ${x.intent ? `(${x.intent})` : ''}<br>`)}</td></tr>
<tr><th>${ctx.t('Krisis', 'Crisis')}</th><td>${r.crisis ? html`<strong>${r.crisis.category}</strong> (“${r.crisis.phrase}”, ${r.crisis.about}, ${r.crisis.place})` : ctx.t('tidak terdeteksi', 'not detected')}</td></tr>
<tr><th>${ctx.t('Keputusan FAQ', 'FAQ decision')}</th><td>${r.faq.kind}</td></tr>
<tr><th>${ctx.t('Peristiwa', 'Events')}</th><td>${r.events.join(', ') || '–'}</td></tr>
<tr><th>${ctx.t('Efek (tidak dijalankan)', 'Effects (not run)')}</th><td>${r.effects.join(', ') || '–'}</td></tr>
</tbody></table></div>
<h3>${ctx.t('Kandidat FAQ teratas', 'Top FAQ candidates')}</h3>
<div class="table-wrap"><table>
<thead><tr><th>id</th><th>${ctx.t('Contoh pertanyaan', 'Example question')}</th><th class="num">${ctx.t('skor', 'score')}</th><th class="num">p</th><th class="num">bm25</th><th class="num">${ctx.t('cakupan', 'coverage')}</th></tr></thead>
<tbody>${r.faq.candidates.map((c) => html`<tr><td>${c.id}</td><td>${c.question}</td><td class="num">${c.score}</td><td class="num">${c.p}</td><td class="num">${c.bm25}</td><td class="num">${c.coverage}</td></tr>`)}</tbody>
</table></div>
</section>`
}

function validation(ctx: ConsoleContext, report: ValidationReport): Html {
  return html`<h2>${ctx.t('Hasil validasi', 'Validator result')}</h2>
<p class="message ${report.ok ? 'ok' : 'error'}" role="status">${report.ok ? ctx.t('Konten valid', 'Content is valid') : ctx.t('Konten punya kesalahan', 'Content has errors')}: ${report.errors} ${ctx.t('kesalahan', 'error(s)')}, ${report.warnings} ${ctx.t('peringatan', 'warning(s)')}${report.summary ? html` · ${report.summary.flows} flow, ${report.summary.faq} FAQ` : ''}. <span class="muted">${ctx.t('Diperiksa', 'Checked')} ${report.checkedAt.slice(0, 19).replace('T', ' ')} UTC · <a href="${ctx.url('/health', { recheck: 1 })}">${ctx.t('periksa ulang', 'check again')}</a></span></p>
${report.problems.length === 0 ? '' : html`<div class="table-wrap"><table class="problems">
<thead><tr><th>${ctx.t('Tempat', 'Where')}</th><th>${ctx.t('Jenis', 'Kind')}</th><th>${ctx.t('Masalah', 'Problem')}</th></tr></thead>
<tbody>${report.problems.map((p) => html`<tr><td><code>${p.file}:${p.line}:${p.col}</code></td><td>${p.severity === 'error' ? ctx.t('kesalahan', 'error') : ctx.t('peringatan', 'warning')}</td><td>${p.message}</td></tr>`)}</tbody>
</table></div>`}`
}

/** A form body, or a JSON body (which arrives as raw bytes on the shared listener). */
function bodyOf(body: unknown): { text?: unknown } {
  if (Buffer.isBuffer(body)) {
    try {
      return (JSON.parse(body.toString('utf8')) as { text?: unknown } | null) ?? {}
    } catch {
      return {}
    }
  }
  return (body as { text?: unknown } | undefined) ?? {}
}

export const healthModule: ConsoleModule = (console) => {
  const { content, handoff } = console.services.deps
  let cached: ValidationReport | undefined
  let cachedAt = Number.NEGATIVE_INFINITY
  const report = (now: number, fresh: boolean): ValidationReport => {
    if (fresh || !cached || now - cachedAt >= VALIDATION_CACHE_MS) {
      cached = validateContent(content.options, now)
      cachedAt = now
    }
    return cached
  }
  const tryIt = (ctx: ConsoleContext): TryResult | undefined => {
    const text = bodyOf(ctx.request.body).text
    if (typeof text !== 'string' || text.trim() === '') return undefined
    return tryQuestion(content.current, text.trim(), ctx.now, { handoff: handoff.gateHooks.available })
  }
  const page = (ctx: ConsoleContext, tried?: TryResult, text?: string): Html => {
    const stale = staleFaq(content.current, content.options, ctx.now)
    const recheck = (ctx.request.query as { recheck?: unknown } | undefined)?.recheck !== undefined
    return html`<link rel="stylesheet" href="/console/assets/dashboard.css">
${tryForm(ctx, text)}
${tried ? tryOutput(ctx, tried) : ''}
${validation(ctx, report(ctx.now, recheck))}
<h2>${ctx.t('Entri FAQ yang perlu ditinjau', 'FAQ entries due for review')}</h2>
${stale.length === 0
  ? html`<p class="message ok">${ctx.t('Semua entri FAQ masih segar.', 'Every FAQ entry is fresh.')}</p>`
  : html`<div class="table-wrap"><table class="stale">
<thead><tr><th>id</th><th>${ctx.t('Ditinjau', 'Reviewed')}</th><th>${ctx.t('Jatuh tempo', 'Due')}</th><th>${ctx.t('Setiap', 'Every')}</th><th>${ctx.t('Tempat', 'Where')}</th></tr></thead>
<tbody>${stale.map((e) => html`<tr><td>${e.id}</td><td>${e.reviewed}</td><td>${e.due}</td><td>${e.every}</td><td><code>${e.at}</code></td></tr>`)}</tbody>
</table></div>`}`
  }

  console.page({
    path: '/health',
    title: { id: 'Kesehatan konten', en: 'Content health' },
    role: 'viewer',
    nav: 40,
    render: async (ctx) => page(ctx),
  })

  console.route({
    method: 'POST',
    path: '/health/try',
    role: 'viewer',
    handle: async (ctx) => {
      const tried = tryIt(ctx)
      if (!tried) return ctx.message(400, { id: 'Tulis sebuah pertanyaan dulu.', en: 'Write a question first.' }, ctx.url('/health'))
      return ctx.page(page(ctx, tried, tried.text), { title: { id: 'Kesehatan konten', en: 'Content health' } })
    },
  })

  console.route({
    method: 'POST',
    path: '/api/try',
    role: 'viewer',
    handle: async (ctx) => {
      const tried = tryIt(ctx)
      if (!tried) return ctx.reply.code(400).send({ error: ctx.t('Tulis sebuah pertanyaan dulu.', 'Write a question first.') })
      return ctx.reply.send(tried)
    },
  })
}
