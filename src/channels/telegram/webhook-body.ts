/**
 * The Telegram webhook's request body, checked before it is read: the `X-Telegram-Bot-Api-Secret-Token`
 * header must equal TELEGRAM_WEBHOOK_SECRET (compared in constant time) before the raw body is parsed as JSON
 * (the listener keeps bodies as raw bytes, `src/http/server.ts`). grammY then handles the parsed update.
 */
import { createHash, timingSafeEqual } from 'node:crypto'
import type { FastifyRequest } from 'fastify'
import { HttpError, jsonBodyOf } from '../../http/server.ts'

/** Why a webhook request was refused, or `undefined` when `request.body` now holds the parsed update. */
export function acceptUpdateBody(request: FastifyRequest, secretToken: string): { status: number; description: string } | undefined {
  const header = request.headers['x-telegram-bot-api-secret-token']
  // Hashing both sides gives equal lengths, so the comparison takes the same time whatever was sent.
  const digest = (s: string): Buffer => createHash('sha256').update(s).digest()
  if (typeof header !== 'string' || !timingSafeEqual(digest(header), digest(secretToken))) {
    return { status: 401, description: 'secret token is wrong' }
  }
  try {
    request.body = jsonBodyOf(request)
  } catch (error) {
    return { status: error instanceof HttpError ? error.statusCode : 400, description: 'body is not JSON' }
  }
  return undefined
}
