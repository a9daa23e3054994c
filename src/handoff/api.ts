/**
 * The officer API on the shared HTTP listener (docs/handoff.md), for scripts and the officer console:
 *
 *   GET  /api/officer/cases[?status=active|open|claimed|closed|all]   the cases, newest first (no transcript)
 *   GET  /api/officer/cases/:id                                          one case with its transcript
 *   POST /api/officer/cases/:id/claim                                    "I take this one"
 *   POST /api/officer/cases/:id/reply   {"text": "..."}                  a message to the user, on the user's channel
 *   POST /api/officer/cases/:id/close                                    ends the case; the user is told
 *
 * `:id` is the case id or its reference (`MA-7K3F9Q`). Every call needs `Authorization: Bearer <token>` with a
 * token of `OFFICER_API_TOKENS` (compared in constant time); the officer id of the token is written to the audit
 * log with every action. Answers are JSON; errors are `{"error": code, "message": what to do}`:
 * 400 invalid, 401 unauthorized (nothing changed), 404 not_found, 409 closed / outside_window, 503 unavailable.
 * The user's platform id (a phone number on WhatsApp) is never in an answer: `user` is a one-way reference.
 */
import { createHash, timingSafeEqual } from 'node:crypto'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { OfficerToken } from '../config.ts'
import { jsonBodyOf, type HttpServer } from '../http/server.ts'
import { userRef } from '../logger.ts'
import type { HandoffCase } from './cases.ts'
import type { ActionResult, HandoffService } from './service.ts'

export const OFFICER_API_PREFIX = '/api/officer'
const STATUSES = ['active', 'open', 'claimed', 'closed', 'all'] as const

/** Finds the officer whose token this is; every token is compared, in constant time. */
export function officerOfToken(header: string | undefined, tokens: readonly OfficerToken[]): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '')
  if (!match) return undefined
  const given = createHash('sha256').update(match[1]!).digest()
  let found: string | undefined
  for (const { officer, token } of tokens) {
    if (timingSafeEqual(given, createHash('sha256').update(token).digest()) && found === undefined) found = officer
  }
  return found
}

/** A case as officers see it: no platform ids, times as ISO dates. */
export function caseView(found: HandoffCase, options: { transcript: boolean }) {
  const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString())
  const last = found.messages.at(-1)
  return {
    id: found.id,
    ref: found.ref,
    status: found.status,
    channel: found.channel,
    user: userRef(found.userKey),
    lang: found.lang,
    openedAt: iso(found.openedAt),
    lastUserAt: iso(found.lastUserAt),
    claimedBy: found.claimedBy,
    claimedAt: iso(found.claimedAt),
    firstReplyAt: iso(found.firstReplyAt),
    closedAt: iso(found.closedAt),
    closedBy: found.closedBy,
    messageCount: found.messages.length,
    ...(options.transcript
      ? {
          before: found.recent,
          messages: found.messages.map((m) => ({ from: m.from, ...(m.officer ? { officer: m.officer } : {}), text: m.text, at: iso(m.at) })),
        }
      : { lastMessage: last ? { from: last.from, text: last.text.slice(0, 200), at: iso(last.at) } : undefined }),
  }
}

const STATUS_CODES = { not_found: 404, closed: 409, outside_window: 409, invalid: 400, unavailable: 503 } as const

export function registerOfficerApi(http: HttpServer, handoff: HandoffService, tokens: readonly OfficerToken[]): void {
  const officerOf = (request: FastifyRequest) => officerOfToken(request.headers.authorization, tokens)
  const unauthorized = (reply: FastifyReply) =>
    reply
      .code(401)
      .header('www-authenticate', 'Bearer realm="officer"')
      .send({ error: 'unauthorized', message: 'Send "Authorization: Bearer <token>" with a token from OFFICER_API_TOKENS. Nothing was changed.' })
  const answer = (reply: FastifyReply, result: ActionResult) =>
    result.ok ? reply.send({ case: caseView(result.case, { transcript: true }) }) : reply.code(STATUS_CODES[result.error]).send({ error: result.error, message: result.message })
  /** The case id for `:id` (an id, or a reference like MA-7K3F9Q). */
  const caseIdOf = async (request: FastifyRequest): Promise<string> => {
    const id = (request.params as { id: string }).id
    return /^MA-[A-Z0-9]{6}$/i.test(id) ? ((await handoff.findByRef(id))?.id ?? id) : id
  }

  http.get(`${OFFICER_API_PREFIX}/cases`, async (request, reply) => {
    const officer = officerOf(request)
    if (!officer) return unauthorized(reply)
    const status = (request.query as { status?: string }).status ?? 'active'
    if (!(STATUSES as readonly string[]).includes(status)) {
      return reply.code(400).send({ error: 'invalid', message: `status must be one of: ${STATUSES.join(', ')}` })
    }
    const cases = await handoff.list(officer, 'api', status === 'all' ? undefined : (status as Exclude<(typeof STATUSES)[number], 'all'>))
    return reply.send({ cases: cases.map((c) => caseView(c, { transcript: false })) })
  })

  http.get(`${OFFICER_API_PREFIX}/cases/:id`, async (request, reply) => {
    const officer = officerOf(request)
    if (!officer) return unauthorized(reply)
    return answer(reply, await handoff.view(await caseIdOf(request), officer, 'api'))
  })

  http.post(`${OFFICER_API_PREFIX}/cases/:id/claim`, async (request, reply) => {
    const officer = officerOf(request)
    if (!officer) return unauthorized(reply)
    return answer(reply, await handoff.claim(await caseIdOf(request), officer, 'api'))
  })

  http.post(`${OFFICER_API_PREFIX}/cases/:id/reply`, async (request, reply) => {
    const officer = officerOf(request)
    if (!officer) return unauthorized(reply)
    // The body is parsed only after the token was checked (src/http/server.ts keeps bodies raw until then).
    let body: unknown
    try {
      body = jsonBodyOf(request)
    } catch {
      body = undefined
    }
    const text = (body as { text?: unknown } | undefined)?.text
    if (typeof text !== 'string') return reply.code(400).send({ error: 'invalid', message: 'Send a JSON body {"text": "the message for the user"}.' })
    return answer(reply, await handoff.reply(await caseIdOf(request), officer, text, 'api'))
  })

  http.post(`${OFFICER_API_PREFIX}/cases/:id/close`, async (request, reply) => {
    const officer = officerOf(request)
    if (!officer) return unauthorized(reply)
    return answer(reply, await handoff.close(await caseIdOf(request), officer, 'api'))
  })
}
