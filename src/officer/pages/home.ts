/**
 * `GET /console`: the home page, a list of the pages this officer may open. (The dashboard with charts may take
 * this path instead: register a page with `path: '/'` and remove this module from `modules.ts`.)
 */
import type { ConsoleModule } from '../console.ts'
import { html } from '../html.ts'

export const homeModule: ConsoleModule = (console) => {
  console.page({
    path: '/',
    title: { id: 'Beranda', en: 'Home' },
    role: 'viewer',
    nav: 0,
    render: async (ctx) =>
      html`<p>${ctx.t(`Selamat datang, ${ctx.officer.username}.`, `Welcome, ${ctx.officer.username}.`)}</p>
<p class="muted">${ctx.t('Pilih halaman di menu di atas. Semua ekspor dan penghapusan dicatat di Log audit.', 'Choose a page in the menu above. Every export and deletion is written to the Audit log.')}</p>`,
  })
}
