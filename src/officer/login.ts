/**
 * `GET /console/login`, `POST /console/login` (username, password, `_csrf`), `POST /console/logout`.
 * Wrong passwords are counted per account and per address (login-limit.ts) and written to the audit log; the
 * session cookie is HttpOnly, SameSite=Strict, Path=/console and Secure when the request came over TLS (directly,
 * or through a proxy trusted by HTTP_TRUST_PROXY that sets X-Forwarded-Proto).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { OfficerAccount } from './accounts.ts'
import { CONSOLE_PREFIX, langOf, SESSION_COOKIE, type ConsoleServices } from './console.ts'
import { loginPage } from './layout.ts'

type Hook = (request: FastifyRequest, reply: FastifyReply, done: () => void) => void

export function registerLogin(app: FastifyInstance, services: ConsoleServices, helpers: { sessionOf: (request: FastifyRequest) => Promise<OfficerAccount | undefined>; csrf: Hook }): void {
  const send = (reply: FastifyReply, status: number, body: string) => reply.code(status).type('text/html; charset=utf-8').send(body)

  app.get('/login', async (request, reply) => {
    if (await helpers.sessionOf(request)) return reply.code(303).redirect(CONSOLE_PREFIX)
    return send(reply, 200, loginPage(langOf(request), reply.generateCsrf()).value)
  })

  app.post('/login', { preHandler: helpers.csrf }, async (request, reply) => {
    const lang = langOf(request)
    const t = (id: string, en: string) => (lang === 'en' ? en : id)
    const body = (request.body ?? {}) as Record<string, unknown>
    const username = typeof body.username === 'string' ? body.username.trim().toLowerCase().slice(0, 64) : ''
    const password = typeof body.password === 'string' ? body.password : ''
    const now = services.now()
    const again = (error: string, status: number) => send(reply, status, loginPage(lang, reply.generateCsrf(), { error, username }).value)
    const wait = (until: number) => {
      const minutes = Math.max(1, Math.ceil((until - now) / 60_000))
      return again(
        t(`Terlalu banyak percobaan masuk yang salah. Demi keamanan, coba lagi dalam ${minutes} menit.`, `Too many wrong login attempts. For safety, try again in ${minutes} minute(s).`),
        429,
      )
    }
    if (!username || !password) return again(t('Isi nama pengguna dan kata sandi.', 'Fill in the username and the password.'), 400)
    const locked = await services.limiter.lockedUntil(username, request.ip, now)
    if (locked) {
      await services.audit.write({ officer: (await services.accounts.get(username)) ? username : '?', action: 'login_refused', detail: 'locked', via: 'console' }, now)
      return wait(locked)
    }
    const account = await services.accounts.verify(username, password)
    if (!account) {
      const lockedNow = await services.limiter.fail(username, request.ip, now)
      // The typed name is written only when it is an account (a password typed into the name field stays out).
      await services.audit.write({ officer: (await services.accounts.get(username)) ? username : '?', action: 'login_failed', via: 'console' }, now)
      if (lockedNow) return wait(lockedNow)
      return again(t('Nama pengguna atau kata sandi salah.', 'Wrong username or password.'), 401)
    }
    await services.limiter.succeed(username)
    // Counts of other (mistyped or unknown) names are forgotten once their window has passed.
    await services.limiter.sweep(now)
    const token = await services.sessions.create(account.username, now)
    await services.audit.write({ officer: account.username, action: 'login', via: 'console' }, now)
    reply.setCookie(SESSION_COOKIE, token, { path: CONSOLE_PREFIX, httpOnly: true, sameSite: 'strict', secure: 'auto' })
    return reply.code(303).redirect(CONSOLE_PREFIX)
  })

  app.post('/logout', { preHandler: helpers.csrf }, async (request, reply) => {
    const officer = await helpers.sessionOf(request)
    await services.sessions.destroy(request.cookies[SESSION_COOKIE])
    if (officer) await services.audit.write({ officer: officer.username, action: 'logout', via: 'console' }, services.now())
    reply.clearCookie(SESSION_COOKIE, { path: CONSOLE_PREFIX })
    return reply.code(303).redirect(`${CONSOLE_PREFIX}/login`)
  })
}
