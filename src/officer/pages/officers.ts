/**
 * `GET /console/officers` (admin): the officer accounts; add one (name, role, first password), remove one. The same
 * functions as `npm run cli -- officers …`; every change is audited. An admin cannot remove their own account here
 * (so the console always keeps one admin who can log in).
 */
import { AccountError } from '../accounts.ts'
import type { ConsoleContext, ConsoleModule } from '../console.ts'
import { wibTime } from '../filters.ts'
import { html } from '../html.ts'
import { isRole, ROLES } from '../roles.ts'

const ROLE_NAMES = { viewer: { id: 'pemantau', en: 'viewer' }, officer: { id: 'petugas', en: 'officer' }, admin: { id: 'admin', en: 'admin' } } as const

export const officersModule: ConsoleModule = (console) => {
  const listPage = async (ctx: ConsoleContext, notice?: { ok: boolean; text: string }) => {
    const accounts = await ctx.services.accounts.list()
    return html`${notice ? html`<p class="message ${notice.ok ? 'ok' : 'error'}" role="${notice.ok ? 'status' : 'alert'}">${notice.text}</p>` : ''}
<div class="table-wrap"><table>
<thead><tr><th scope="col">${ctx.t('Nama pengguna', 'Username')}</th><th scope="col">${ctx.t('Peran', 'Role')}</th><th scope="col">${ctx.t('Dibuat (WIB)', 'Created (WIB)')}</th><th scope="col">${ctx.t('Oleh', 'By')}</th><th scope="col"></th></tr></thead>
<tbody>${accounts.map((a) => html`<tr><td>${a.username}</td><td>${ctx.lang === 'en' ? ROLE_NAMES[a.role].en : ROLE_NAMES[a.role].id}</td><td>${wibTime(a.createdAt)}</td><td>${a.createdBy}</td><td>${a.username === ctx.officer.username
  ? ''
  : html`<form method="post" action="${ctx.url('/officers/remove')}" data-confirm="${ctx.t(`Hapus akun ${a.username}?`, `Remove the account ${a.username}?`)}">${ctx.csrfField}<input type="hidden" name="username" value="${a.username}"><button type="submit" class="danger">${ctx.t('Hapus', 'Remove')}</button></form>`}</td></tr>`)}</tbody>
</table></div>
<h2>${ctx.t('Tambah akun', 'Add an account')}</h2>
<form method="post" action="${ctx.url('/officers/add')}" class="stack">${ctx.csrfField}
<label>${ctx.t('Nama pengguna (huruf kecil, angka, . _ -)', 'Username (lower case, digits, . _ -)')}<input name="username" required maxlength="32" pattern="[a-z0-9][a-z0-9._\\-]{1,31}" autocomplete="off" autocapitalize="none"></label>
<label>${ctx.t('Peran', 'Role')}<select name="role">${ROLES.map((r) => html`<option value="${r}"${r === 'officer' ? html` selected` : ''}>${ctx.lang === 'en' ? ROLE_NAMES[r].en : ROLE_NAMES[r].id}</option>`)}</select></label>
<label>${ctx.t('Kata sandi awal (minimal 10 karakter; sampaikan secara langsung)', 'First password (at least 10 characters; hand it over in person)')}<input name="password" type="password" required minlength="10" maxlength="200" autocomplete="new-password"></label>
<button type="submit">${ctx.t('Tambah', 'Add')}</button>
</form>`
  }

  console.page({ path: '/officers', title: { id: 'Akun petugas', en: 'Officer accounts' }, role: 'admin', nav: 95, render: (ctx) => listPage(ctx) })

  console.route({
    method: 'POST',
    path: '/officers/add',
    role: 'admin',
    handle: async (ctx) => {
      const body = (ctx.request.body ?? {}) as Record<string, unknown>
      const username = typeof body.username === 'string' ? body.username.trim().toLowerCase() : ''
      const password = typeof body.password === 'string' ? body.password : ''
      const title = { id: 'Akun petugas', en: 'Officer accounts' }
      if (!isRole(body.role)) return ctx.page(await listPage(ctx, { ok: false, text: ctx.t('Pilih peran dari daftar.', 'Choose a role from the list.') }), { title, status: 400 })
      try {
        await ctx.services.accounts.add(username, body.role, password, ctx.officer.username, ctx.now)
      } catch (error) {
        if (!(error instanceof AccountError)) throw error
        return ctx.page(await listPage(ctx, { ok: false, text: error.message }), { title, status: 400 })
      }
      await ctx.audit({ action: 'officer_add', target: username, detail: body.role })
      return ctx.page(await listPage(ctx, { ok: true, text: ctx.t(`Akun ${username} dibuat.`, `Account ${username} created.`) }), { title })
    },
  })

  console.route({
    method: 'POST',
    path: '/officers/remove',
    role: 'admin',
    handle: async (ctx) => {
      const body = (ctx.request.body ?? {}) as Record<string, unknown>
      const username = typeof body.username === 'string' ? body.username : ''
      const title = { id: 'Akun petugas', en: 'Officer accounts' }
      if (username === ctx.officer.username) {
        return ctx.page(await listPage(ctx, { ok: false, text: ctx.t('Anda tidak dapat menghapus akun Anda sendiri di sini.', 'You cannot remove your own account here.') }), { title, status: 400 })
      }
      if (!(await ctx.services.accounts.remove(username))) {
        return ctx.page(await listPage(ctx, { ok: false, text: ctx.t(`Tidak ada akun "${username.slice(0, 32)}".`, `No account "${username.slice(0, 32)}".`) }), { title, status: 404 })
      }
      await ctx.services.sessions.destroyAllOf(username)
      await ctx.audit({ action: 'officer_remove', target: username })
      return ctx.page(await listPage(ctx, { ok: true, text: ctx.t(`Akun ${username} dihapus; sesinya berakhir.`, `Account ${username} removed; its sessions ended.`) }), { title })
    },
  })
}
