/**
 * The web chat channel (`WEBCHAT_ALLOWED_ORIGINS` set; docs/webchat.md). On the shared HTTP listener (PORT):
 *
 * - `GET /webchat/widget.js`: the widget a site embeds with one `<script>` tag (widget.js beside this file).
 * - `GET /chat`: a full-page chat, with a strict Content-Security-Policy.
 * - `GET /webchat/ws`: the WebSocket. First frame `{"hello":{"user":...,"after":...}}`, then messages
 *   (protocol.ts). Every batch of replies for the browser id goes to every open socket of that id.
 * - `POST /webchat/messages` and `GET /webchat/poll?user=&after=` (long poll, 8 s): the same conversation for
 *   networks that block WebSockets.
 *
 * Each message goes through the same gate, engine and sessions as the other channels (channel `web`, user id
 * the browser's random id). Pages on origins not on the list cannot connect (WebSocket `Origin` check, CORS).
 */
import { randomUUID } from 'node:crypto'
import websocket from '@fastify/websocket'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Bundle } from '../../content/bundle.ts'
import type { Gate } from '../../gate/gate.ts'
import { jsonBodyOf, type HttpServer } from '../../http/server.ts'
import type { Inbound, Lang } from '../../engine/types.ts'
import { isCrisis } from '../../gate/rate-limit.ts'
import { renderText } from '../../engine/text.ts'
import { toWire } from '../terminal.ts'
import type { Runtime } from '../../runtime.ts'
import type { RunningChannel } from '../types.ts'
import { FrontLimit, type FrontLimitOptions } from './front-limit.ts'
import { originAllowed, parseOrigins, type OriginPolicy } from './origins.ts'
import { Outbox, type Batch } from './outbox.ts'
import { chatPage, CHAT_PAGE_CSP, widgetScript } from './assets.ts'
import { MAX_FRAME_BYTES, parseHello, parseJson, parseLang, parseMessage, parseUser, tooLongText, type ClientMessage } from './protocol.ts'

export const WEB_CHANNEL = 'web'
/** A long poll answers within this, under the listener's idle-connection timeout (10 s, src/http/server.ts). */
const POLL_MS = 8_000
const PING_MS = 30_000

/** The part of a `ws` socket this channel uses (@fastify/websocket hands a `ws` WebSocket). */
interface Socket {
  readyState: number
  send(data: string): void
  close(code?: number, reason?: string): void
  terminate(): void
  ping(): void
  on(event: 'message', listener: (data: Buffer, isBinary: boolean) => void): void
  on(event: 'close' | 'pong', listener: () => void): void
  on(event: 'error', listener: (error: Error) => void): void
}

/** A handled message's batch; `replay` when the message id had been answered before. */
interface Turn {
  batch: Batch
  replay?: true
}

export interface WebOptions {
  runtime: Pick<Runtime, 'config' | 'logger'> & Partial<Pick<Runtime, 'handoff'>> & { gate: Pick<Gate, 'handle'>; content: { readonly current: Bundle } }
  http: HttpServer
  /** Overrides WEBCHAT_ALLOWED_ORIGINS (tests). */
  origins?: string
  limits?: FrontLimitOptions
  /** Open WebSockets per IP address (default 50). */
  socketsPerIp?: number
  now?: () => number
}

export interface WebChannel extends RunningChannel {
  /** Sends replies that come later (e.g. an officer's) to a browser id: open pages get them at once, others on reconnect. */
  deliver(user: string, replies: Batch['replies']): Batch
  /** Open WebSockets. */
  readonly sockets: number
  /** Closes every open WebSocket abruptly, as a network drop would (tests). */
  dropConnections(): void
}

export async function startWeb(options: WebOptions): Promise<WebChannel> {
  const text = options.origins ?? options.runtime.config.WEBCHAT_ALLOWED_ORIGINS
  if (!text) throw new Error('The web chat needs WEBCHAT_ALLOWED_ORIGINS (see docs/webchat.md).')
  const policy = parseOrigins(text)
  const log = options.runtime.logger.child({ channel: WEB_CHANNEL })
  if (policy.any) log.warn('WEBCHAT_ALLOWED_ORIGINS=* lets any website embed the chat; list the official sites instead')
  const channel = new Web(options, policy, log)
  await channel.mount(options.http)
  // Officers' replies (human handoff, docs/handoff.md) reach open pages at once, and others when they reconnect.
  options.runtime.handoff?.registerSender(WEB_CHANNEL, {
    send: async (userId, replies) => {
      channel.deliver(userId, toWire(replies))
    },
  })
  return channel
}

class Web implements WebChannel {
  readonly name = WEB_CHANNEL
  readonly #outbox: Outbox
  readonly #limit: FrontLimit
  readonly #now: () => number
  readonly #sockets = new Map<Socket, { alive: boolean; ip: string }>()
  readonly #perIp = new Map<string, number>()
  readonly #chains = new Map<string, Promise<unknown>>()
  readonly #polls = new Set<() => void>()
  #pinger?: NodeJS.Timeout
  #stopped = false

  constructor(
    private readonly options: WebOptions,
    private readonly policy: OriginPolicy,
    private readonly log: Runtime['logger'],
  ) {
    this.#now = options.now ?? Date.now
    this.#outbox = new Outbox({ now: this.#now })
    this.#limit = new FrontLimit({ ...options.limits, now: this.#now })
  }

  get sockets(): number {
    return this.#sockets.size
  }

  state(): { ready: boolean; detail: string } {
    return this.#stopped ? { ready: false, detail: 'stopped' } : { ready: true, detail: `${this.#sockets.size} open` }
  }

  async stop(): Promise<void> {
    this.#stopped = true
    clearInterval(this.#pinger)
    for (const socket of this.#sockets.keys()) socket.close(1001, 'server restarting')
    for (const release of this.#polls) release()
    await Promise.allSettled([...this.#chains.values()])
  }

  deliver(user: string, replies: Batch['replies']): Batch {
    return this.#outbox.put(user, { replies })
  }

  dropConnections(): void {
    for (const socket of this.#sockets.keys()) socket.terminate()
  }

  async mount(http: HttpServer): Promise<void> {
    await http.register(websocket, { options: { maxPayload: MAX_FRAME_BYTES } })
    const bundle = () => this.options.runtime.content.current

    http.get('/webchat/widget.js', async (_request, reply) => {
      return reply
        .type('application/javascript; charset=utf-8')
        .header('cache-control', 'public, max-age=300')
        .header('cross-origin-resource-policy', 'cross-origin')
        .send(widgetScript(bundle()))
    })
    http.get('/chat', async (request, reply) => {
      const lang = parseLang((request.query as Record<string, unknown>).lang) ?? 'id'
      return reply
        .type('text/html; charset=utf-8')
        .header('content-security-policy', CHAT_PAGE_CSP)
        .header('x-content-type-options', 'nosniff')
        .header('referrer-policy', 'no-referrer')
        .send(chatPage(lang))
    })

    // The HTTP fallback: CORS for allowed origins only.
    const cors = async (request: FastifyRequest, reply: FastifyReply): Promise<boolean> => {
      const origin = request.headers.origin
      if (!originAllowed(this.policy, origin, request.headers.host)) {
        await reply.code(403).send({ error: 'this site may not use the chat (origin not in WEBCHAT_ALLOWED_ORIGINS)' })
        return false
      }
      if (origin) reply.header('access-control-allow-origin', origin).header('vary', 'Origin')
      return true
    }
    for (const url of ['/webchat/messages', '/webchat/poll']) {
      http.options(url, async (request, reply) => {
        if (!(await cors(request, reply))) return reply
        return reply
          .code(204)
          .header('access-control-allow-methods', 'GET, POST')
          .header('access-control-allow-headers', 'content-type')
          .header('access-control-max-age', '600')
          .send()
      })
    }
    http.post('/webchat/messages', async (request, reply) => {
      if (!(await cors(request, reply))) return reply
      const body = jsonBodyOf(request)
      const user = parseUser(body)
      if (!user) return reply.code(400).send({ error: '"user" is required: the browser id, 8 to 64 characters of A-Z, a-z, 0-9, _ or -' })
      const message = parseMessage(body, randomUUID)
      if ('error' in message) return reply.code(400).send({ error: message.error })
      const lang = parseLang((body as Record<string, unknown>).lang) ?? 'id'
      const { batch } = await this.#handle(user, request.ip, lang, message.ok)
      return reply.send(batch)
    })
    http.get('/webchat/poll', async (request, reply) => {
      if (!(await cors(request, reply))) return reply
      const query = request.query as Record<string, unknown>
      const user = parseUser(query)
      if (!user) return reply.code(400).send({ error: '"user" is required' })
      const after = Number(query.after ?? 0) || 0
      const ready = this.#outbox.after(user, after)
      if (ready.length > 0 || this.#stopped) return reply.send({ batches: ready })
      const batches = await new Promise<Batch[]>((resolve) => {
        let finished = false
        const done = (): void => {
          if (finished) return
          finished = true
          clearTimeout(timer)
          unlisten()
          this.#polls.delete(done)
          resolve(this.#outbox.after(user, after))
        }
        const timer = setTimeout(done, POLL_MS)
        const unlisten = this.#outbox.listen(user, () => setImmediate(done))
        this.#polls.add(done)
        // The page went away (the response's socket closed): stop waiting.
        reply.raw.once('close', done)
      })
      return reply.send({ batches })
    })

    http.get(
      '/webchat/ws',
      {
        websocket: true,
        preValidation: async (request: FastifyRequest, reply: FastifyReply) => {
          if (!originAllowed(this.policy, request.headers.origin, request.headers.host)) {
            this.log.info('web socket refused: origin not in WEBCHAT_ALLOWED_ORIGINS')
            return reply.code(403).send({ error: 'this site may not use the chat (origin not in WEBCHAT_ALLOWED_ORIGINS)' })
          }
          return undefined
        },
      },
      (socket: unknown, request: FastifyRequest) => this.#connect(socket as Socket, request.ip),
    )
    this.#pinger = setInterval(() => this.#ping(), PING_MS)
    this.#pinger.unref()
  }

  #connect(socket: Socket, ip: string): void {
    const open = (this.#perIp.get(ip) ?? 0) + 1
    if (open > (this.options.socketsPerIp ?? 50) || this.#stopped) {
      socket.close(1013, 'too many connections; try again later')
      return
    }
    this.#perIp.set(ip, open)
    this.#sockets.set(socket, { alive: true, ip })
    let user: string | undefined
    let lang: Lang = 'id'
    let unlisten: (() => void) | undefined
    const send = (value: unknown): void => {
      if (socket.readyState === 1) socket.send(JSON.stringify(value))
    }
    socket.on('pong', () => {
      const entry = this.#sockets.get(socket)
      if (entry) entry.alive = true
    })
    socket.on('error', () => undefined)
    socket.on('close', () => {
      unlisten?.()
      this.#sockets.delete(socket)
      const left = (this.#perIp.get(ip) ?? 1) - 1
      if (left <= 0) this.#perIp.delete(ip)
      else this.#perIp.set(ip, left)
    })
    socket.on('message', (data, isBinary) => {
      const value = isBinary ? undefined : parseJson(data.toString('utf8'))
      if (user === undefined) {
        const hello = parseHello(value)
        if ('error' in hello) {
          send({ error: hello.error })
          socket.close(1008, 'hello expected')
          return
        }
        user = hello.ok.user
        lang = hello.ok.lang ?? 'id'
        for (const batch of this.#outbox.after(user, hello.ok.after)) send(batch)
        unlisten = this.#outbox.listen(user, send)
        send({ welcome: { seq: hello.ok.after } })
        return
      }
      const message = value === undefined ? { error: 'not valid JSON' } : parseMessage(value, randomUUID)
      if ('error' in message) {
        send({ error: message.error })
        return
      }
      // A new batch reaches this socket (and the user's other pages) through the outbox listener; a message sent
      // again after a reconnect gets its stored batch (the page drops a seq it has already shown).
      void this.#handle(user, ip, lang, message.ok).then((turn) => turn.replay && send(turn.batch))
    })
  }

  /** One message: answered once per message id, in order per browser id. */
  #handle(user: string, ip: string, lang: Lang, message: ClientMessage): Promise<Turn> {
    const previous = this.#chains.get(user) ?? Promise.resolve()
    const turn = previous.then(() => this.#turn(user, ip, lang, message))
    const settled = turn.catch(() => undefined)
    this.#chains.set(user, settled)
    void settled.then(() => {
      if (this.#chains.get(user) === settled) this.#chains.delete(user)
    })
    return turn
  }

  async #turn(user: string, ip: string, lang: Lang, message: ClientMessage): Promise<Turn> {
    const answered = this.#outbox.answered(user, message.id)
    if (answered) return { batch: answered, replay: true }
    const bundle = this.options.runtime.content.current
    if (message.tooLong) return { batch: this.#outbox.put(user, { id: message.id, replies: [{ text: tooLongText(lang) }] }) }
    const inbound: Inbound = {
      channel: WEB_CHANNEL,
      userId: user,
      messageId: message.id,
      ...(message.text !== undefined ? { text: message.text } : {}),
      ...(message.choice !== undefined ? { choice: message.choice } : {}),
      lang,
      now: this.#now(),
    }
    const decision = this.#limit.check(user, ip, () => isCrisis(inbound, bundle))
    if (decision !== 'allow') {
      const replies = decision === 'notify' ? [{ text: renderText(bundle, lang, 'error.rate_limited') }] : []
      return { batch: this.#outbox.put(user, { id: message.id, replies }) }
    }
    const replies = await this.options.runtime.gate.handle(inbound)
    const forget = replies.some((r) => r.key === 'delete.done')
    const batch = this.#outbox.put(user, { id: message.id, replies: toWire(replies), ...(forget ? { forget: true as const } : {}) })
    if (forget) this.#outbox.forget(user)
    return { batch }
  }

  #ping(): void {
    for (const [socket, entry] of this.#sockets) {
      if (!entry.alive) {
        socket.terminate()
        continue
      }
      entry.alive = false
      socket.ping()
    }
  }
}
