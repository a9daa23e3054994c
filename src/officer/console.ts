/**
 * The officer console under `/console` on the shared listener: login, sessions, roles, CSRF, security headers, the
 * page layout, and the way other modules add pages. Everything lives in one encapsulated fastify plugin, so its form
 * parser, cookies, helmet headers and error pages apply to `/console/*` only, never to the webhooks.
 *
 * ## Adding a page or route (for other modules)
 *
 * Write a `ConsoleModule` (a function that receives the `ConsoleBuilder`) and add it to `CONSOLE_MODULES` in
 * `src/officer/modules.ts`:
 *
 * ```ts
 * import { html } from '../html.ts'
 * import type { ConsoleModule } from '../console.ts'
 *
 * export const dashboardModule: ConsoleModule = (console) => {
 *   console.page({
 *     path: '/dashboard',                          // GET /console/dashboard
 *     title: { id: 'Dasbor', en: 'Dashboard' },     // menu entry and <title>
 *     role: 'viewer',                              // weakest role allowed (viewer < officer < admin)
 *     nav: 10,                                     // place in the menu (leave out: not in the menu)
 *     render: async (ctx) => html`<h1>${ctx.t('Dasbor', 'Dashboard')}</h1>`,   // the layout wraps it
 *   })
 *   console.route({
 *     method: 'POST', path: '/dashboard/refresh', role: 'officer',
 *     handle: async (ctx) => ctx.redirect('/dashboard'),                         // CSRF checked before this runs
 *   })
 *   console.asset('chart.umd.js', { file: 'node_modules/chart.js/dist/chart.umd.js', type: 'text/javascript' })
 * }
 * ```
 *
 * What every page and route gets for free:
 * - no session → a GET goes to the login page, anything else is answered 401; a role too weak → 403 page;
 * - every POST is refused (403, "reload the page") without the form's CSRF token. Put `${ctx.csrfField}` in every
 *   `<form method="post">`; for `fetch` send the header `x-csrf-token: ctx.csrfToken`; for a multipart upload put
 *   it in the action's query (`action="${ctx.url('/registry/upload', { _csrf: ctx.csrfToken })}"`);
 * - forms (`application/x-www-form-urlencoded`) arrive parsed in `ctx.request.body` (strings, or arrays for
 *   repeated names); multipart is registered (`await ctx.request.file()`, at most `MULTIPART_LIMIT_BYTES`);
 * - a body that is too large, a thrown error, an unknown path: a page in the officer's language, nothing changed;
 * - pages are `Cache-Control: no-store`; the CSP allows scripts, styles and images from `/console` only: no inline
 *   `<script>` or `style=""`, put code in an asset (`console.asset`) and load it with `<script src>`.
 *
 * Personal data never goes into a URL (query strings are logged by proxies): filters in query strings are dates and
 * codes only; anything with a name or number is sent with POST. Nothing personal is logged.
 */
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import cookie from '@fastify/cookie'
import csrfProtection from '@fastify/csrf-protection'
import formbody from '@fastify/formbody'
import helmet from '@fastify/helmet'
import multipart from '@fastify/multipart'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Config } from '../config.ts'
import type { ContentHolder } from '../content/reloader.ts'
import type { Lang } from '../engine/types.ts'
import type { HandoffService } from '../handoff/service.ts'
import type { HttpServer } from '../http/server.ts'
import type { Logger } from '../logger.ts'
import type { Store } from '../store/types.ts'
import type { VersionStore } from '../store/versions.ts'
import { OfficerAccounts, type OfficerAccount } from './accounts.ts'
import { OfficerAudit, type OfficerAuditEntry } from './audit.ts'
import { html, Html } from './html.ts'
import { layout, messagePage, type NavItem } from './layout.ts'
import { registerLogin } from './login.ts'
import { LoginLimiter, type LoginLimits } from './login-limit.ts'
import { hasRole, type Role } from './roles.ts'
import { ConsoleSessions } from './sessions.ts'

export const CONSOLE_PREFIX = '/console'
export const SESSION_COOKIE = 'ma_console'
export const LANG_COOKIE = 'ma_lang'
/** Largest multipart upload (a registry CSV, say). */
export const MULTIPART_LIMIT_BYTES = 5 * 1024 * 1024

/** A text in both languages. */
export interface Text {
  id: string
  en: string
}

/** What the console needs from the running assistant. */
export interface ConsoleDeps {
  /** The assistant's configuration (content folders, limits…). */
  config: Config
  store: Store
  content: ContentHolder
  /** Published content versions (the registry page publishes through them); absent: the page says it is unavailable. */
  versions?: VersionStore
  handoff: HandoffService
  logger: Logger
  /** A session unused this long ends. */
  idleMs: number
  /** The clock (tests pass a fake one). Default `Date.now`. */
  now?: () => number
  loginLimits?: Partial<LoginLimits>
}

/** The shared services every page may use. */
export interface ConsoleServices {
  readonly deps: ConsoleDeps
  readonly accounts: OfficerAccounts
  readonly sessions: ConsoleSessions
  readonly limiter: LoginLimiter
  readonly audit: OfficerAudit
  now(): number
}

/** What a page's `render` or a route's `handle` receives. */
export interface ConsoleContext {
  request: FastifyRequest
  reply: FastifyReply
  /** The officer who is logged in. */
  officer: OfficerAccount
  lang: Lang
  /** The text in the officer's language: `ctx.t('Unduh', 'Download')`. */
  t(id: string, en: string): string
  /** The CSRF token of this browser, for a hidden field or the `x-csrf-token` header. */
  csrfToken: string
  /** `<input type="hidden" name="_csrf" value="…">`: put it in every POST form. */
  csrfField: Html
  /** Whether the officer has at least this role. */
  can(role: Role): boolean
  /** Writes an audit entry in the officer's name (`via: 'console'`). */
  audit(entry: Omit<OfficerAuditEntry, 'at' | 'officer' | 'via'>): Promise<void>
  /** The time of this request (ms). */
  now: number
  services: ConsoleServices
  /** A path under /console with a query string: `ctx.url('/leads', { page: 2 })` → `/console/leads?page=2`. */
  url(path: string, query?: Record<string, string | number | undefined>): string
  /** Sends a 303 redirect to a path under /console. */
  redirect(path: string, query?: Record<string, string | number | undefined>): FastifyReply
  /** Sends `body` inside the console layout (for routes; pages return their body instead). */
  page(body: Html, options: { title: Text; status?: number }): FastifyReply
  /** Sends a short message page ("not found", "wrong date range"…) with a link back. */
  message(status: number, text: Text, back?: string): FastifyReply
}

export interface ConsolePageDef {
  /** Path under /console (`/leads` → `GET /console/leads`); `/` is the home page. */
  path: string
  title: Text
  /** The weakest role that may open it. */
  role: Role
  /** Place in the menu, smaller first; leave it out for pages that are not in the menu. */
  nav?: number
  /** The page's body (the layout adds the menu, language switch and title), or a reply already sent. */
  render(ctx: ConsoleContext): Promise<Html | FastifyReply>
}

export interface ConsoleRouteDef {
  method: 'GET' | 'POST'
  /** Path under /console, may have fastify parameters (`/leads/:id`). */
  path: string
  role: Role
  /** Use `ctx.reply` (or return what fastify should send). A POST has had its CSRF token checked already. */
  handle(ctx: ConsoleContext): Promise<unknown>
}

export interface ConsoleAsset {
  /** A file, relative to the project folder or absolute; read once at start. */
  file?: string
  /** Or the content itself. */
  text?: string
  /** Content type, e.g. `text/javascript`, `text/css`. */
  type: string
}

/** One piece of the console: adds its pages, routes and assets. List it in `src/officer/modules.ts`. */
export type ConsoleModule = (console: ConsoleBuilder) => void

/** What a `ConsoleModule` uses to add pages (`page`), other routes (`route`) and files (`asset`). */
export interface ConsoleBuilder {
  readonly services: ConsoleServices
  page(def: ConsolePageDef): void
  route(def: ConsoleRouteDef): void
  /** Serves a file at `/console/assets/<name>` (no CDN: everything is local). */
  asset(name: string, asset: ConsoleAsset): void
  /** Runs when the listener closes (end open streams here). */
  onClose(fn: () => void | Promise<void>): void
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The officer of a console request (set by the console's guard). */
    officer?: OfficerAccount
  }
}

/** The officer's language: the `ma_lang` cookie, else Indonesian. */
export function langOf(request: FastifyRequest): Lang {
  return request.cookies?.[LANG_COOKIE] === 'en' ? 'en' : 'id'
}

export function consoleUrl(path: string, query?: Record<string, string | number | undefined>): string {
  const base = `${CONSOLE_PREFIX}${path === '/' ? '' : path}`
  const pairs = Object.entries(query ?? {}).filter((e): e is [string, string | number] => e[1] !== undefined && e[1] !== '')
  return pairs.length === 0 ? base || '/' : `${base}?${new URLSearchParams(pairs.map(([k, v]): [string, string] => [k, String(v)])).toString()}`
}

/**
 * Registers the console on `http` under `/console` with the given modules (see the module comment). Resolves once
 * the routes are in place (before `listen`).
 */
export async function registerConsole(http: HttpServer, deps: ConsoleDeps, modules: readonly ConsoleModule[]): Promise<ConsoleServices> {
  const now = deps.now ?? Date.now
  const services: ConsoleServices = {
    deps,
    accounts: new OfficerAccounts(deps.store),
    sessions: new ConsoleSessions(deps.store, { idleMs: deps.idleMs }),
    limiter: new LoginLimiter(deps.store, deps.loginLimits),
    audit: new OfficerAudit(deps.store),
    now,
  }
  const pages: ConsolePageDef[] = []
  const routes: ConsoleRouteDef[] = []
  const assets = new Map<string, { body: Buffer; type: string }>()
  const closers: Array<() => void | Promise<void>> = []
  const builder: ConsoleBuilder = {
    services,
    page: (def) => void pages.push(def),
    route: (def) => void routes.push(def),
    asset: (name, asset) => {
      const body = asset.file !== undefined ? readFileSync(resolve(asset.file)) : Buffer.from(asset.text ?? '', 'utf8')
      assets.set(name, { body, type: asset.type })
    },
    onClose: (fn) => void closers.push(fn),
  }
  for (const module of modules) module(builder)

  await http.register(
    async (app: FastifyInstance) => {
      await app.register(cookie)
      await app.register(formbody, { bodyLimit: 256 * 1024 })
      await app.register(multipart, { limits: { fileSize: MULTIPART_LIMIT_BYTES, files: 1, fields: 20 } })
      await app.register(csrfProtection, {
        cookieKey: 'ma_csrf',
        cookieOpts: { path: CONSOLE_PREFIX, sameSite: 'strict', httpOnly: true, secure: 'auto' },
        getToken: (request) => {
          const body = request.body as { _csrf?: unknown } | undefined
          const fromBody = typeof body === 'object' && body !== null && !Buffer.isBuffer(body) && typeof body._csrf === 'string' ? body._csrf : undefined
          const header = request.headers['x-csrf-token']
          const query = (request.query as { _csrf?: unknown })._csrf
          return fromBody ?? (typeof header === 'string' ? header : undefined) ?? (typeof query === 'string' ? query : undefined)
        },
      })
      await app.register(helmet, {
        contentSecurityPolicy: {
          useDefaults: false,
          directives: {
            defaultSrc: ["'self'"],
            scriptSrc: ["'self'"],
            styleSrc: ["'self'"],
            imgSrc: ["'self'", 'data:'],
            connectSrc: ["'self'"],
            fontSrc: ["'self'"],
            objectSrc: ["'none'"],
            baseUri: ["'self'"],
            formAction: ["'self'"],
            frameAncestors: ["'none'"],
          },
        },
        // Behind TLS the proxy should set HSTS for the whole site; here it would also pin plain-http test hosts.
        strictTransportSecurity: false,
      })
      app.addHook('onSend', async (request, reply, payload) => {
        if (!request.url.startsWith(`${CONSOLE_PREFIX}/assets/`)) reply.header('cache-control', 'no-store')
        return payload
      })
      app.addHook('onClose', async () => {
        for (const fn of closers) await fn()
      })

      app.setNotFoundHandler((request, reply) => {
        const lang = langOf(request)
        return reply.code(404).type('text/html; charset=utf-8').send(messagePage(lang, lang === 'en' ? 'Page not found.' : 'Halaman tidak ditemukan.', consoleUrl('/')).value)
      })
      app.setErrorHandler((error: { statusCode?: number; code?: string; message?: string }, request, reply) => {
        const lang = langOf(request)
        const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 600 ? error.statusCode : 500
        const say = (id: string, en: string) => (lang === 'en' ? en : id)
        let text: string
        if (error.code?.startsWith('FST_CSRF')) {
          text = say('Formulir ini sudah kedaluwarsa atau tidak sah. Muat ulang halaman lalu coba lagi; tidak ada yang diubah.', 'This form has expired or is not valid. Reload the page and try again; nothing was changed.')
        } else if (status === 413 || error.code === 'FST_REQ_FILE_TOO_LARGE' || error.code === 'FST_FILES_LIMIT') {
          text = say('Kiriman terlalu besar; tidak ada yang diubah. Kirim yang lebih kecil.', 'The request is too large; nothing was changed. Send a smaller one.')
        } else if (status === 415) {
          text = say('Jenis kiriman ini tidak diterima; tidak ada yang diubah.', 'This kind of request is not accepted; nothing was changed.')
        } else if (status < 500) {
          text = say('Permintaan tidak dapat dibaca; tidak ada yang diubah.', 'The request could not be read; nothing was changed.')
        } else {
          deps.logger.error({ component: 'console', err: error.message, code: error.code }, 'console: request failed')
          text = say('Maaf, terjadi kesalahan. Coba lagi sebentar lagi; tidak ada yang hilang.', 'Sorry, something went wrong. Try again in a moment; nothing was lost.')
        }
        return reply.code(status).type('text/html; charset=utf-8').send(messagePage(lang, text, consoleUrl('/')).value)
      })

      const sessionOf = async (request: FastifyRequest): Promise<OfficerAccount | undefined> => {
        const session = await services.sessions.get(request.cookies[SESSION_COOKIE], now())
        if (!session) return undefined
        return services.accounts.get(session.username)
      }

      const contextOf = (request: FastifyRequest, reply: FastifyReply, officer: OfficerAccount): ConsoleContext => {
        const lang = langOf(request)
        const t = (id: string, en: string) => (lang === 'en' ? en : id)
        const csrfToken = reply.generateCsrf()
        const time = now()
        const nav: NavItem[] = pages
          .filter((p) => p.nav !== undefined && hasRole(officer.role, p.role))
          .sort((a, b) => a.nav! - b.nav!)
          .map((p) => ({ href: consoleUrl(p.path), label: lang === 'en' ? p.title.en : p.title.id, current: routePath(request) === p.path }))
        const ctx: ConsoleContext = {
          request,
          reply,
          officer,
          lang,
          t,
          csrfToken,
          csrfField: html`<input type="hidden" name="_csrf" value="${csrfToken}">`,
          can: (role) => hasRole(officer.role, role),
          audit: (entry) => services.audit.write({ ...entry, officer: officer.username, via: 'console' }, now()),
          now: time,
          services,
          url: consoleUrl,
          redirect: (path, query) => reply.code(303).redirect(consoleUrl(path, query)),
          page: (body, options) =>
            reply
              .code(options.status ?? reply.statusCode)
              .type('text/html; charset=utf-8')
              .send(layout({ lang, title: lang === 'en' ? options.title.en : options.title.id, officer, nav, body, csrfToken, path: request.url }).value),
          message: (status, text, back) => ctx.page(html`<p class="message" role="alert">${lang === 'en' ? text.en : text.id}</p><p><a href="${back ?? consoleUrl('/')}">${t('Kembali', 'Back')}</a></p>`, { title: { id: 'Pesan', en: 'Message' }, status }),
        }
        return ctx
      }

      /** Runs `fn` for a logged-in officer with at least `role`; otherwise login redirect, 401 or 403. */
      const guarded =
        (role: Role, fn: (ctx: ConsoleContext) => Promise<unknown>) =>
        async (request: FastifyRequest, reply: FastifyReply): Promise<unknown> => {
          const officer = await sessionOf(request)
          if (!officer) {
            if (request.method === 'GET' || request.method === 'HEAD') return reply.code(303).redirect(consoleUrl('/login'))
            const lang = langOf(request)
            return reply.code(401).type('text/html; charset=utf-8').send(messagePage(lang, lang === 'en' ? 'Your session has ended. Log in again; nothing was changed.' : 'Sesi Anda sudah berakhir. Silakan masuk lagi; tidak ada yang diubah.', consoleUrl('/login')).value)
          }
          request.officer = officer
          const ctx = contextOf(request, reply, officer)
          if (!hasRole(officer.role, role)) {
            return ctx.message(403, { id: 'Peran Anda tidak mengizinkan halaman atau tindakan ini.', en: 'Your role does not allow this page or action.' })
          }
          return fn(ctx)
        }

      const csrf = app.csrfProtection.bind(app)

      for (const def of pages) {
        app.get(def.path === '/' ? '/' : def.path, guarded(def.role, async (ctx) => {
          const body = await def.render(ctx)
          return body instanceof Html ? ctx.page(body, { title: def.title }) : body
        }))
      }
      for (const def of routes) {
        if (def.method === 'GET') app.get(def.path, guarded(def.role, def.handle))
        else app.post(def.path, { preHandler: csrf }, guarded(def.role, def.handle))
      }

      app.get('/assets/:name', async (request, reply) => {
        const asset = assets.get((request.params as { name: string }).name)
        if (!asset) return reply.callNotFound()
        return reply.type(asset.type).header('cache-control', 'public, max-age=3600').send(asset.body)
      })

      app.get('/lang', async (request, reply) => {
        const { to, back } = request.query as { to?: string; back?: string }
        const lang: Lang = to === 'en' ? 'en' : 'id'
        reply.setCookie(LANG_COOKIE, lang, { path: CONSOLE_PREFIX, sameSite: 'strict', httpOnly: true, secure: 'auto', maxAge: 365 * 24 * 3600 })
        const safeBack = typeof back === 'string' && /^\/console(?:[/?][^\\]*)?$/.test(back) && !back.startsWith('//') ? back : consoleUrl('/')
        return reply.code(303).redirect(safeBack)
      })

      registerLogin(app, services, { sessionOf, csrf })
    },
    { prefix: CONSOLE_PREFIX },
  )
  return services
}

/** The path of a console request without /console and the query (`/leads`), `/` for the home page. */
function routePath(request: FastifyRequest): string {
  const path = request.url.split('?')[0]!.slice(CONSOLE_PREFIX.length)
  return path === '' ? '/' : path
}
