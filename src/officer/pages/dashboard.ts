/**
 * `GET /console/dashboard`: charts of the per-day counters (src/officer/dashboard-data.ts) for a date range, and
 * `GET /console/api/dashboard?from=YYYY-MM-DD&to=YYYY-MM-DD`, the JSON the charts are drawn from (Chart.js, served
 * from /console/assets, drawn by assets/dashboard.js). Viewers may see both: counters hold no personal data.
 * A range that runs backwards, is too long or is not made of dates gets a clear message and no charts.
 */
import type { ConsoleContext, ConsoleModule, Text } from '../console.ts'
import { defaultRange, loadDashboard, type DashboardData, type Funnel } from '../dashboard-data.ts'
import { html, type Html } from '../html.ts'
import { addDays, isStatsDay, MAX_STATS_DAYS } from '../../store/stats.ts'

/** The range asked for in the query (default: the last 30 days), or what is wrong with it. */
export function readRange(query: unknown, now: number): { from: string; to: string } | { error: Text } {
  const q = (query ?? {}) as { from?: unknown; to?: unknown }
  const fallback = defaultRange(now)
  const from = typeof q.from === 'string' && q.from !== '' ? q.from.trim() : fallback.from
  const to = typeof q.to === 'string' && q.to !== '' ? q.to.trim() : fallback.to
  for (const day of [from, to]) {
    if (!isStatsDay(day)) {
      return { error: { id: `"${day}" bukan tanggal. Tulis tanggal sebagai TTTT-BB-HH, misalnya 2026-03-01.`, en: `"${day}" is not a date. Write dates as YYYY-MM-DD, e.g. 2026-03-01.` } }
    }
  }
  if (from > to) {
    return { error: { id: `Rentang tanggal terbalik: "dari" (${from}) sesudah "sampai" (${to}). Tukar kedua tanggal.`, en: `The date range runs backwards: "from" (${from}) is after "to" (${to}). Swap the two dates.` } }
  }
  if (addDays(from, MAX_STATS_DAYS - 1) < to) {
    return { error: { id: `Rentang terlalu panjang (lebih dari ${MAX_STATS_DAYS} hari). Pilih rentang yang lebih pendek.`, en: `The range is too long (over ${MAX_STATS_DAYS} days). Choose a shorter one.` } }
  }
  return { from, to }
}

const n = (value: number): string => value.toLocaleString('id-ID')

function filterForm(ctx: ConsoleContext, from: string, to: string): Html {
  const quick = (days: number): Html => {
    const end = defaultRange(ctx.now).to
    return html`<a href="${ctx.url('/dashboard', { from: addDays(end, 1 - days), to: end })}">${ctx.t(`${days} hari`, `${days} days`)}</a>`
  }
  return html`<form method="get" action="${ctx.url('/dashboard')}" class="filters" aria-label="${ctx.t('Rentang tanggal', 'Date range')}">
  <label>${ctx.t('Dari', 'From')} <input type="date" name="from" value="${from}"></label>
  <label>${ctx.t('Sampai', 'To')} <input type="date" name="to" value="${to}"></label>
  <button type="submit">${ctx.t('Tampilkan', 'Show')}</button>
</form>
<p class="actions">${quick(7)} ${quick(30)} ${quick(90)} ${quick(365)}</p>`
}

function chart(id: string, title: string, kind: string): Html {
  return html`<figure class="chart"><figcaption>${title}</figcaption><div class="chart-box"><canvas id="${id}" data-chart="${kind}" role="img" aria-label="${title}"></canvas></div></figure>`
}

function funnelTable(ctx: ConsoleContext, funnel: Funnel): Html {
  return html`<h3>${funnel.label} <span class="muted">(${funnel.flow})</span></h3>
<p class="muted">${ctx.t('Dimulai', 'Started')} ${n(funnel.started)} · ${ctx.t('Selesai', 'Completed')} ${n(funnel.completed)} · ${ctx.t('Ditinggalkan', 'Left')} ${n(funnel.abandoned)}</p>
<div class="table-wrap"><table>
<thead><tr><th>${ctx.t('Langkah', 'Step')}</th><th class="num">${ctx.t('Dicapai', 'Reached')}</th><th class="num">${ctx.t('Berhenti di sini', 'Dropped here')}</th><th class="num">%</th></tr></thead>
<tbody>${funnel.steps.map(
    (step) => html`<tr><td>${step.step}</td><td class="num">${n(step.reached)}</td><td class="num">${n(step.dropOff)}</td><td class="num">${step.reached > 0 ? Math.round((step.dropOff / step.reached) * 100) : 0}%</td></tr>`,
  )}</tbody>
</table></div>`
}

function summary(ctx: ConsoleContext, data: DashboardData): Html {
  const card = (label: string, value: number | string): Html => html`<li><span class="muted">${label}</span><br><strong class="big">${typeof value === 'number' ? n(value) : value}</strong></li>`
  const mean = data.handoff.meanFirstReplyMinutes
  return html`<ul class="cards totals">
${card(ctx.t('Percakapan', 'Conversations'), data.totals.conversations)}
${card(ctx.t('Pesan', 'Messages'), data.totals.messages)}
${card(ctx.t('Minat pelatihan (lead)', 'Training leads'), data.totals.leads)}
${card(ctx.t('Pertanyaan FAQ', 'FAQ questions'), data.totals.faq)}
${card(ctx.t('Darurat', 'Emergencies'), data.totals.emergencies)}
${card(ctx.t('Laporan perekrut', 'Recruiter reports'), data.totals.reports)}
${card(ctx.t('Rata-rata balasan pertama petugas', 'Mean first officer reply'), mean === null ? '–' : `${mean} ${ctx.t('menit', 'min')}`)}
</ul>`
}

export const dashboardModule: ConsoleModule = (console) => {
  console.asset('dashboard.js', { file: new URL('../assets/dashboard.js', import.meta.url).pathname, type: 'text/javascript; charset=utf-8' })
  console.asset('dashboard.css', { file: new URL('../assets/dashboard.css', import.meta.url).pathname, type: 'text/css; charset=utf-8' })

  console.page({
    path: '/dashboard',
    title: { id: 'Dasbor', en: 'Dashboard' },
    role: 'viewer',
    nav: 5,
    render: async (ctx) => {
      const range = readRange(ctx.request.query, ctx.now)
      const head = html`<link rel="stylesheet" href="/console/assets/dashboard.css">`
      if ('error' in range) {
        const fallback = defaultRange(ctx.now)
        const body = html`${head}${filterForm(ctx, fallback.from, fallback.to)}<p class="message error" role="alert">${ctx.t(range.error.id, range.error.en)}</p>`
        return ctx.page(body, { title: { id: 'Dasbor', en: 'Dashboard' }, status: 400 })
      }
      const bundle = console.services.deps.content.current
      const data = await loadDashboard(console.services.deps.store, bundle, range.from, range.to, ctx.lang)
      const api = ctx.url('/api/dashboard', { from: range.from, to: range.to })
      return html`${head}${filterForm(ctx, range.from, range.to)}
<p class="muted">${ctx.t('Hari dihitung menurut WIB. Angka diperbarui setiap detik.', 'Days are WIB days. Counts are updated every second.')} ${range.from} – ${range.to}</p>
${summary(ctx, data)}
<div id="dashboard" data-api="${api}" data-empty="${ctx.t('Belum ada data pada rentang ini.', 'No data in this range yet.')}">
<h2>${ctx.t('Percakapan dan pesan', 'Conversations and messages')}</h2>
<div class="charts">
${chart('c-conversations', ctx.t('Percakapan per hari, per kanal', 'Conversations per day, by channel'), 'conversations')}
${chart('c-messages', ctx.t('Pesan per hari, per kanal', 'Messages per day, by channel'), 'messages')}
</div>
<h2>${ctx.t('Minat pelatihan (lead)', 'Training leads')}</h2>
<div class="charts">
${chart('c-leads', ctx.t('Lead per hari', 'Leads per day'), 'leads')}
${chart('c-province', ctx.t('Lead per provinsi', 'Leads by province'), 'province')}
${chart('c-interest', ctx.t('Lead per minat', 'Leads by interest'), 'interest')}
${chart('c-destination', ctx.t('Lead per negara tujuan', 'Leads by destination'), 'destination')}
</div>
<h2>${ctx.t('FAQ, cek P3MI, darurat', 'FAQ, agency checks, emergencies')}</h2>
<div class="charts">
${chart('c-faq', ctx.t('Hasil FAQ per hari (terjawab / klarifikasi / tidak terjawab)', 'FAQ outcomes per day (answered / clarification / fallback)'), 'faq')}
${chart('c-agency', ctx.t('Cek P3MI per hasil', 'Agency checks by verdict'), 'agency')}
${chart('c-emergency', ctx.t('Darurat per kategori', 'Emergencies by category'), 'emergency')}
</div>
<h2>${ctx.t('Petugas (handoff)', 'Officers (handoff)')}</h2>
<div class="charts">
${chart('c-handoff', ctx.t('Kasus dibuka / ditutup per hari', 'Cases opened / closed per day'), 'handoff')}
${chart('c-first-reply', ctx.t('Balasan pertama petugas dalam…', 'First officer reply within…'), 'first-reply')}
</div>
<h2>${ctx.t('Formulir: berhenti di langkah mana', 'Forms: where people drop out')}</h2>
${data.funnels.length === 0 ? html`<p class="muted">${ctx.t('Belum ada formulir yang dimulai pada rentang ini.', 'No form was started in this range.')}</p>` : ''}
<div class="charts">${data.funnels.map((f) => chart(`c-funnel-${f.flow}`, `${f.label}: ${ctx.t('dicapai per langkah', 'reached per step')}`, `funnel:${f.flow}`))}</div>
${data.funnels.map((f) => funnelTable(ctx, f))}
</div>
<script src="/console/assets/chart.umd.js" defer></script>
<script src="/console/assets/dashboard.js" defer></script>`
    },
  })

  console.route({
    method: 'GET',
    path: '/api/dashboard',
    role: 'viewer',
    handle: async (ctx) => {
      const range = readRange(ctx.request.query, ctx.now)
      if ('error' in range) return ctx.reply.code(400).send({ error: ctx.t(range.error.id, range.error.en) })
      const bundle = console.services.deps.content.current
      return ctx.reply.send(await loadDashboard(console.services.deps.store, bundle, range.from, range.to, ctx.lang))
    },
  })
}
