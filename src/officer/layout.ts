/**
 * The console's page frame: header with the menu (only the pages the officer's role may open), the language switch
 * (Bahasa Indonesia / English) and logout, then the page. Works from a 360-pixel phone up: the menu wraps, wide
 * tables scroll inside their own box. Styles and scripts come from /console/assets (no CDN, no inline code).
 */
import type { Lang } from '../engine/types.ts'
import type { OfficerAccount } from './accounts.ts'
import { html, type Html } from './html.ts'

export interface NavItem {
  href: string
  label: string
  current: boolean
}

const ROLE_NAMES: Record<Lang, Record<string, string>> = {
  id: { viewer: 'pemantau', officer: 'petugas', admin: 'admin' },
  en: { viewer: 'viewer', officer: 'officer', admin: 'admin' },
}

function head(lang: Lang, title: string): Html {
  return html`<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${title} · Konsol Migrasi Aman</title>
<link rel="stylesheet" href="/console/assets/console.css">
<script src="/console/assets/console.js" defer></script>
</head>`
}

function langSwitch(lang: Lang, path: string): Html {
  const back = encodeURIComponent(path)
  return html`<span class="lang">${lang === 'id' ? html`<strong>ID</strong>` : html`<a href="/console/lang?to=id&amp;back=${back}" hreflang="id">ID</a>`} · ${lang === 'en' ? html`<strong>EN</strong>` : html`<a href="/console/lang?to=en&amp;back=${back}" hreflang="en">EN</a>`}</span>`
}

export interface LayoutOptions {
  lang: Lang
  title: string
  officer: OfficerAccount
  nav: NavItem[]
  body: Html
  csrfToken: string
  /** The current request path (for the language switch to come back to). */
  path: string
}

export function layout(o: LayoutOptions): Html {
  const t = (id: string, en: string) => (o.lang === 'en' ? en : id)
  return html`${head(o.lang, o.title)}
<body>
<header class="top">
  <a class="brand" href="/console">${t('Konsol Petugas', 'Officer console')}</a>
  <nav aria-label="${t('Menu', 'Menu')}"><ul>${o.nav.map((item) => html`<li><a href="${item.href}"${item.current ? html` aria-current="page"` : ''}>${item.label}</a></li>`)}</ul></nav>
  <div class="who">
    ${langSwitch(o.lang, o.path)}
    <span class="officer">${o.officer.username} (${ROLE_NAMES[o.lang][o.officer.role] ?? o.officer.role})</span>
    <form method="post" action="/console/logout"><input type="hidden" name="_csrf" value="${o.csrfToken}"><button type="submit" class="link">${t('Keluar', 'Log out')}</button></form>
  </div>
</header>
<main>
<h1>${o.title}</h1>
${o.body}
</main>
</body>
</html>`
}

/** A page without the menu (login, errors before login): one message and a link. */
export function messagePage(lang: Lang, text: string, back: string): Html {
  return html`${head(lang, lang === 'en' ? 'Message' : 'Pesan')}
<body class="bare"><main><p class="message" role="alert">${text}</p><p><a href="${back}">${lang === 'en' ? 'Back' : 'Kembali'}</a></p></main></body></html>`
}

/** The login page. `error` is shown above the form; the username is kept, never the password. */
export function loginPage(lang: Lang, csrfToken: string, options: { error?: string; username?: string } = {}): Html {
  const t = (id: string, en: string) => (lang === 'en' ? en : id)
  return html`${head(lang, t('Masuk', 'Log in'))}
<body class="bare">
<main class="login">
<h1>${t('Konsol Petugas Migrasi Aman', 'Migrasi Aman officer console')}</h1>
<p class="lang-line">${langSwitch(lang, '/console/login')}</p>
${options.error ? html`<p class="message error" role="alert">${options.error}</p>` : ''}
<form method="post" action="/console/login" class="stack">
  <input type="hidden" name="_csrf" value="${csrfToken}">
  <label>${t('Nama pengguna', 'Username')} <input name="username" autocomplete="username" autocapitalize="none" spellcheck="false" required maxlength="64" value="${options.username ?? ''}"></label>
  <label>${t('Kata sandi', 'Password')} <input name="password" type="password" autocomplete="current-password" required maxlength="200"></label>
  <button type="submit">${t('Masuk', 'Log in')}</button>
</form>
<p class="hint">${t('Akun dibuat oleh admin dengan', 'Accounts are made by an admin with')} <code>npm run cli -- officers add NAMA --role officer</code></p>
</main>
</body>
</html>`
}

/** Which page to show of `total` rows, `perPage` a page, for the asked page number (1-based, clamped). */
export function pageOf(total: number, perPage: number, asked: unknown): { page: number; pages: number; start: number; end: number } {
  const pages = Math.max(1, Math.ceil(total / perPage))
  const n = Number.parseInt(typeof asked === 'string' ? asked : '1', 10)
  const page = Number.isInteger(n) && n >= 1 ? Math.min(n, pages) : 1
  return { page, pages, start: (page - 1) * perPage, end: page * perPage }
}

/** "← Previous · Page 2 of 5 · Next →" with links made by `link(page)`. */
export function pager(lang: Lang, page: number, pages: number, link: (page: number) => string): Html {
  const t = (id: string, en: string) => (lang === 'en' ? en : id)
  return html`<nav class="pager" aria-label="${t('Halaman', 'Pages')}">
${page > 1 ? html`<a href="${link(page - 1)}" rel="prev">← ${t('Sebelumnya', 'Previous')}</a>` : ''}
<span>${t(`Halaman ${page} dari ${pages}`, `Page ${page} of ${pages}`)}</span>
${page < pages ? html`<a href="${link(page + 1)}" rel="next">${t('Berikutnya', 'Next')} →</a>` : ''}
</nav>`
}
