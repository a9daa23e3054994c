/**
 * `GET /console/questions`: the questions the assistant could not answer, grouped by similarity, most asked first
 * (src/officer/unanswered.ts). Per group: "mark as handled" (hidden until asked again) and "turn into an FAQ draft"
 * (a YAML snippet to paste into content/faq/). Clearing them all (or those last asked before a date) is written to
 * the audit log, as is marking a group handled. Officer role or above: the questions are masked but may still be
 * personal. `GET /console/api/questions` answers the groups as JSON.
 */
import type { ConsoleModule } from '../console.ts'
import { html } from '../html.ts'
import { faqDraft, markGroupHandled, openQuestionGroups, type QuestionGroup } from '../unanswered.ts'
import { isStatsDay } from '../../store/stats.ts'

const field = (body: unknown, name: string): string => {
  const value = (body as Record<string, unknown> | undefined)?.[name]
  return typeof value === 'string' ? value.trim() : ''
}

export const questionsModule: ConsoleModule = (console) => {
  const { store, content } = console.services.deps
  const groups = (): Promise<QuestionGroup[]> => openQuestionGroups(store, content.current)

  console.page({
    path: '/questions',
    title: { id: 'Pertanyaan tak terjawab', en: 'Unanswered questions' },
    role: 'officer',
    nav: 30,
    render: async (ctx) => {
      const list = await groups()
      const done = field(ctx.request.query, 'done')
      const notice =
        done === 'handled'
          ? ctx.t('Kelompok ditandai sudah ditangani. Pertanyaannya muncul lagi bila ditanyakan lagi.', 'Group marked as handled. Its questions show again when asked again.')
          : done === 'cleared'
            ? ctx.t('Pertanyaan dihapus dan dicatat di log audit.', 'Questions deleted and written to the audit log.')
            : ''
      return html`<link rel="stylesheet" href="/console/assets/dashboard.css">
${notice ? html`<p class="message ok" role="status">${notice}</p>` : ''}
<p class="muted">${ctx.t(
        'Pertanyaan yang tidak bisa dijawab asisten, dikelompokkan menurut kemiripan, yang paling sering dulu. Angka, nama dan tempat sudah disamarkan.',
        'Questions the assistant could not answer, grouped by similarity, most frequent first. Numbers, names and places are masked.',
      )}</p>
${list.length === 0 ? html`<p class="message">${ctx.t('Tidak ada pertanyaan tak terjawab yang terbuka.', 'No open unanswered questions.')}</p>` : ''}
<ol class="groups">${list.map(
        (group) => html`<li data-group="${group.id}">
  <span class="count">${group.count}×</span> <strong>${group.text}</strong>
  <span class="muted">(${group.questions.length} ${ctx.t('variasi', 'variants')}, ${ctx.t('terakhir', 'last')} ${group.lastAt.slice(0, 10)})</span>
  ${group.questions.length > 1 ? html`<ul>${group.questions.map((q) => html`<li>${q.count}× ${q.text} <span class="muted">${q.lang}</span></li>`)}</ul>` : ''}
  <div class="actions">
    <form method="post" action="${ctx.url('/questions/handled')}">${ctx.csrfField}<input type="hidden" name="group" value="${group.id}"><button type="submit" class="secondary">${ctx.t('Tandai sudah ditangani', 'Mark as handled')}</button></form>
    <a href="${ctx.url(`/questions/draft/${group.id}`)}">${ctx.t('Jadikan draf FAQ', 'Turn into an FAQ draft')}</a>
  </div>
</li>`,
      )}</ol>
<h2>${ctx.t('Hapus pertanyaan', 'Delete questions')}</h2>
<form method="post" action="${ctx.url('/questions/clear')}" class="filters" data-confirm="${ctx.t('Hapus pertanyaan tak terjawab? Ini dicatat di log audit.', 'Delete unanswered questions? This is written to the audit log.')}">
  ${ctx.csrfField}
  <label>${ctx.t('Terakhir ditanyakan sebelum (kosong: semua)', 'Last asked before (empty: all)')} <input type="date" name="before"></label>
  <button type="submit" class="danger">${ctx.t('Hapus', 'Delete')}</button>
</form>`
    },
  })

  console.route({
    method: 'GET',
    path: '/questions/draft/:id',
    role: 'officer',
    handle: async (ctx) => {
      const id = (ctx.request.params as { id: string }).id
      const group = (await groups()).find((g) => g.id === id)
      if (!group) return ctx.message(404, { id: 'Kelompok pertanyaan ini tidak ada lagi (sudah ditangani atau dihapus).', en: 'This question group is gone (handled or deleted).' }, ctx.url('/questions'))
      return ctx.page(
        html`<link rel="stylesheet" href="/console/assets/dashboard.css">
<p>${ctx.t(
          'Salin ke bagian entries: sebuah berkas content/faq/*.yaml, lengkapi jawaban, sumber (hanya dari ../shared/facts/) dan tanggal tinjauan, lalu jalankan npm run validate.',
          'Copy it under entries: of a content/faq/*.yaml file, fill in the answer, the source (only from ../shared/facts/) and the review date, then run npm run validate.',
        )}</p>
<label>${ctx.t('Draf FAQ (YAML)', 'FAQ draft (YAML)')}<textarea class="yaml" readonly rows="18">${faqDraft(group)}</textarea></label>
<p><a href="${ctx.url('/questions')}">${ctx.t('Kembali', 'Back')}</a></p>`,
        { title: { id: 'Draf FAQ', en: 'FAQ draft' } },
      )
    },
  })

  console.route({
    method: 'POST',
    path: '/questions/handled',
    role: 'officer',
    handle: async (ctx) => {
      const marked = await markGroupHandled(store, field(ctx.request.body, 'group'), new Date(ctx.now).toISOString(), content.current)
      if (marked === 0) return ctx.message(404, { id: 'Kelompok pertanyaan ini tidak ada lagi; tidak ada yang diubah.', en: 'This question group is gone; nothing was changed.' }, ctx.url('/questions'))
      await ctx.audit({ action: 'unanswered_handled', target: 'unanswered', rows: marked })
      return ctx.redirect('/questions', { done: 'handled' })
    },
  })

  console.route({
    method: 'POST',
    path: '/questions/clear',
    role: 'officer',
    handle: async (ctx) => {
      const before = field(ctx.request.body, 'before')
      if (before !== '' && !isStatsDay(before)) {
        return ctx.message(400, { id: `"${before}" bukan tanggal (TTTT-BB-HH); tidak ada yang dihapus.`, en: `"${before}" is not a date (YYYY-MM-DD); nothing was deleted.` }, ctx.url('/questions'))
      }
      const removed = await store.clearUnanswered(before === '' ? {} : { before })
      // Drops the "handled" marks of the questions that went (their text must not stay behind).
      await groups()
      await ctx.audit({ action: 'unanswered_clear', target: 'unanswered', rows: removed, ...(before ? { filter: `before=${before}` } : { filter: 'all' }) })
      return ctx.redirect('/questions', { done: 'cleared' })
    },
  })

  console.route({
    method: 'GET',
    path: '/api/questions',
    role: 'officer',
    handle: async (ctx) => ctx.reply.send({ groups: await groups() }),
  })
}
