/**
 * The WhatsApp channel over Meta's official Cloud API (`WHATSAPP_MODE=cloud`), the choice for an official
 * deployment (see docs/whatsapp.md). Configured by `WHATSAPP_ACCESS_TOKEN`, `WHATSAPP_PHONE_NUMBER_ID`,
 * `WHATSAPP_APP_SECRET`, `WHATSAPP_VERIFY_TOKEN`, `WHATSAPP_API_ROOT` and `WHATSAPP_API_VERSION`.
 *
 * On the shared HTTP listener (PORT):
 * - `GET /webhooks/whatsapp`: Meta's verification handshake (`hub.challenge`).
 * - `POST /webhooks/whatsapp`: the signature is checked over the raw body (401 when wrong), 200 is answered at
 *   once, and the messages are handled after: Meta retries a webhook that is slow to answer, and a slow answer
 *   would also hold the connection while the gate and the Graph API work.
 *
 * Messages whose own timestamp is older than WHATSAPP_MAX_MESSAGE_AGE_SECONDS (default one day) are dropped and
 * logged: a signed webhook replayed later is not handled twice.
 *
 * Each message goes through the gate; each chat's messages are handled one after the other, in order.
 * Replies are rendered as reply buttons, a list, or numbered text (`cloud-render.ts`) and sent with retries
 * (`cloud-api.ts`). Nothing is sent outside the 24-hour customer service window (`service-window.ts`).
 */
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Reply } from '../../engine/types.ts'
import { HttpError, jsonBodyOf, rawBodyOf, type HttpServer } from '../../http/server.ts'
import { userRef } from '../../logger.ts'
import type { Runtime } from '../../runtime.ts'
import type { RunningChannel } from '../types.ts'
import type { Wait } from './backoff.ts'
import { ChatQueue } from './chat-queue.ts'
import { GraphApiError, GraphClient, OUTSIDE_WINDOW_CODES } from './cloud-api.ts'
import { renderCloud } from './cloud-render.ts'
import { parseWebhook, verifyChallenge, verifySignature, type CloudAddress, type CloudMessage } from './cloud-webhook.ts'
import { safeError } from './privacy.ts'
import { ServiceWindow } from './service-window.ts'
import { TtlCache } from './ttl-cache.ts'

export const WEBHOOK_PATH = '/webhooks/whatsapp'

export interface CloudOptions {
  runtime: Pick<Runtime, 'config' | 'logger' | 'gate'> & Partial<Pick<Runtime, 'handoff'>>
  /** The shared listener; routes are added before it listens. */
  http: HttpServer
  fetch?: typeof fetch
  /** Waits between Graph API retries; tests pass one that returns at once. */
  wait?: Wait
  random?: () => number
  now?: () => number
  /** Graph API tries per message, the first included. Default 4. */
  maxAttempts?: number
}

export interface CloudChannel extends RunningChannel {
  /** Resolves when every message received so far has been answered. */
  settled(): Promise<void>
}

const DAY = 24 * 3600 * 1000

export async function startCloud(options: CloudOptions): Promise<CloudChannel> {
  const { config } = options.runtime
  const required = {
    WHATSAPP_ACCESS_TOKEN: config.WHATSAPP_ACCESS_TOKEN,
    WHATSAPP_PHONE_NUMBER_ID: config.WHATSAPP_PHONE_NUMBER_ID,
    WHATSAPP_APP_SECRET: config.WHATSAPP_APP_SECRET,
    WHATSAPP_VERIFY_TOKEN: config.WHATSAPP_VERIFY_TOKEN,
  }
  const missing = Object.entries(required).flatMap(([name, value]) => (value ? [] : [name]))
  if (missing.length > 0) throw new Error(`The WhatsApp Cloud API channel needs ${missing.join(', ')} (see docs/whatsapp.md).`)
  const channel = new Cloud(options, {
    accessToken: required.WHATSAPP_ACCESS_TOKEN as string,
    phoneNumberId: required.WHATSAPP_PHONE_NUMBER_ID as string,
    appSecret: required.WHATSAPP_APP_SECRET as string,
    verifyToken: required.WHATSAPP_VERIFY_TOKEN as string,
  })
  channel.mount(options.http)
  // Officers' replies (human handoff) to WhatsApp users go out through this channel. The 24-hour window is checked
  // by the handoff service against the user's last message in the case, which every process can read.
  options.runtime.handoff?.registerSender('whatsapp', { send: (userId, replies) => channel.deliver(userId, replies) })
  return channel
}

interface Secrets {
  accessToken: string
  phoneNumberId: string
  appSecret: string
  verifyToken: string
}

class Cloud implements CloudChannel {
  readonly name = 'whatsapp-cloud'
  readonly #log: Runtime['logger']
  readonly #client: GraphClient
  readonly #window: ServiceWindow
  readonly #queue = new ChatQueue()
  readonly #seen: TtlCache<true>
  readonly #now: () => number
  readonly #abort = new AbortController()
  /** Webhooks answered but not yet read. */
  readonly #arrived = new Set<Promise<void>>()
  #stopped = false

  constructor(
    private readonly options: CloudOptions,
    private readonly secrets: Secrets,
  ) {
    const { config, logger } = options.runtime
    this.#log = logger.child({ channel: this.name })
    this.#now = options.now ?? Date.now
    this.#window = new ServiceWindow({ now: this.#now })
    this.#seen = new TtlCache({ ttlMs: DAY, max: 10_000, now: this.#now })
    this.#client = new GraphClient({
      apiRoot: config.WHATSAPP_API_ROOT,
      apiVersion: config.WHATSAPP_API_VERSION,
      phoneNumberId: secrets.phoneNumberId,
      accessToken: secrets.accessToken,
      ...(options.fetch ? { fetch: options.fetch } : {}),
      ...(options.wait ? { wait: options.wait } : {}),
      ...(options.random ? { random: options.random } : {}),
      ...(options.maxAttempts ? { maxAttempts: options.maxAttempts } : {}),
      onRetry: ({ status, code, attempt, delayMs }) => this.#log.warn({ status, code, attempt, delayMs }, 'Graph API busy or failing; retrying'),
    })
  }

  mount(http: HttpServer): void {
    http.get(WEBHOOK_PATH, async (request: FastifyRequest, reply: FastifyReply) => {
      const result = verifyChallenge(request.query as Record<string, unknown>, this.secrets.verifyToken)
      if (result.status === 403) {
        this.#log.warn('webhook verification refused: wrong hub.verify_token or hub.mode')
        return reply.code(403).type('text/plain').send('Forbidden')
      }
      this.#log.info('webhook verified by Meta')
      return reply.code(200).type('text/plain').send(result.challenge)
    })

    http.post(WEBHOOK_PATH, async (request: FastifyRequest, reply: FastifyReply) => {
      const signature = request.headers['x-hub-signature-256']
      if (!verifySignature(rawBodyOf(request), typeof signature === 'string' ? signature : undefined, this.secrets.appSecret)) {
        this.#log.warn('webhook refused: missing or wrong X-Hub-Signature-256')
        return reply.code(401).type('text/plain').send('Invalid signature')
      }
      if (this.#stopped) return reply.code(503).type('text/plain').send('Stopping; Meta will deliver again')
      let body: unknown
      try {
        body = jsonBodyOf(request)
      } catch (error) {
        const status = error instanceof HttpError ? error.statusCode : 400
        return reply.code(status).type('text/plain').send('Body is not JSON')
      }
      // Answer first, then work: Meta only needs to know that the webhook arrived.
      const arrived = new Promise<void>((resolve) =>
        setImmediate(() => {
          try {
            this.#receive(body)
          } catch (error) {
            this.#log.error({ err: safeError(error) }, 'could not read a webhook')
          }
          resolve()
        }),
      )
      this.#arrived.add(arrived)
      void arrived.then(() => this.#arrived.delete(arrived))
      return reply.code(200).type('text/plain').send('OK')
    })
  }

  state(): { ready: boolean; detail: string } {
    return this.#stopped ? { ready: false, detail: 'stopped' } : { ready: true, detail: 'webhook' }
  }

  async stop(): Promise<void> {
    this.#stopped = true
    await this.settled()
    this.#abort.abort()
  }

  async settled(): Promise<void> {
    await Promise.all([...this.#arrived])
    await this.#queue.idle()
  }

  /** Sends replies that no webhook asked for (an officer's message), in the chat's order. */
  deliver(userId: string, replies: Reply[]): Promise<void> {
    const address: CloudAddress = userId.startsWith('bsuid:') ? { recipient: userId.slice(6) } : { to: userId.replace(/@.*$/, '') }
    return this.#queue.push(userId, () => this.#send(userId, address, replies, userRef(`whatsapp:${userId}`), { checkWindow: false }))
  }

  #receive(body: unknown): void {
    const { messages, statuses, skipped } = parseWebhook(body, this.secrets.phoneNumberId, this.#now())
    if (skipped > 0) this.#log.debug({ skipped }, 'webhook items ignored (other number, unreadable or nothing to answer)')
    for (const status of statuses) {
      if (status.status === 'failed') this.#log.warn({ codes: status.errors }, 'WhatsApp reports a message as not delivered')
    }
    for (const message of messages) this.#accept(message)
  }

  #accept(message: CloudMessage): void {
    const { inbound } = message
    const user = userRef(`${inbound.channel}:${inbound.userId}`)
    // A signed webhook replayed after the duplicate window would be handled again: its own timestamp says no.
    const ageSeconds = Math.round((this.#now() - message.sentAt) / 1000)
    if (ageSeconds > this.options.runtime.config.WHATSAPP_MAX_MESSAGE_AGE_SECONDS) {
      this.#log.warn({ user, ageSeconds }, 'webhook message older than WHATSAPP_MAX_MESSAGE_AGE_SECONDS dropped (a replay, or a redelivery after a long outage)')
      return
    }
    if (this.#seen.has(inbound.messageId)) {
      this.#log.debug({ user }, 'duplicate webhook message dropped')
      return
    }
    this.#seen.set(inbound.messageId, true)
    this.#window.record(inbound.userId, message.sentAt)
    if (!this.#window.isOpen(inbound.userId)) {
      this.#log.info({ user }, 'message older than the 24-hour service window; not answered (only a template could be sent)')
      return
    }
    void this.#queue.push(inbound.userId, async () => {
      try {
        const replies = await this.options.runtime.gate.handle(inbound)
        await this.#send(inbound.userId, message.address, replies, user)
      } catch (error) {
        this.#log.error({ err: safeError(error), user }, 'could not answer a WhatsApp message')
      }
    })
  }

  async #send(userId: string, address: CloudAddress, replies: Reply[], user: string, options: { checkWindow: boolean } = { checkWindow: true }): Promise<void> {
    for (const reply of replies) {
      for (const content of renderCloud(reply)) {
        if (options.checkWindow && !this.#window.isOpen(userId)) {
          this.#log.warn({ user }, 'reply not sent: the 24-hour service window closed')
          return
        }
        try {
          await this.#client.send(address, content, this.#abort.signal)
        } catch (error) {
          const code = error instanceof GraphApiError ? error.code : undefined
          const status = error instanceof GraphApiError ? error.status : undefined
          const why = code !== undefined && OUTSIDE_WINDOW_CODES.has(code) ? 'outside the 24-hour service window' : 'Graph API error'
          this.#log.error({ err: safeError(error), status, code, user }, `reply not delivered: ${why}`)
          return
        }
      }
    }
  }
}
