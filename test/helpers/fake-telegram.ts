/**
 * A small fake Telegram Bot API server for tests, on 127.0.0.1 (a random port). A real grammY bot talks to
 * it through `apiRoot`, exactly as it would to a self-hosted Bot API server.
 *
 * It implements what the assistant uses: getMe, getUpdates (long polling), sendMessage, sendDocument
 * (multipart), answerCallbackQuery, editMessageText, editMessageReplyMarkup, setMyCommands, setWebhook,
 * deleteWebhook; any other method is recorded and answered `true`. Every call is recorded in `calls`.
 *
 * Tests play the users: `say` / `press` / `sendMedia` queue updates that the bot fetches with getUpdates;
 * `makeMessageUpdate` builds one without queueing (to post to a webhook). `failNext` makes the next call of a
 * method fail once (e.g. 429 with `retry_after`). `waitForCall` resolves on a matching call: no sleeps.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { CallbackQuery, Chat, InlineKeyboardMarkup, Message, MessageEntity, Update, User } from 'grammy/types'

export interface ApiCall {
  method: string
  params: Record<string, unknown>
  /** Files of a multipart call, by field name. */
  files: Record<string, { filename: string; bytes: Buffer }>
  /** `Date.now()` when the call arrived. */
  at: number
  /** The HTTP status answered; 0 while the call waits (a long poll). */
  status: number
  /** The `result` answered, when the call succeeded. */
  result?: unknown
}

/** A message the bot sent, as the fake keeps it (edits change it). */
export interface SentMessage {
  message_id: number
  chat_id: number
  text: string
  reply_markup?: InlineKeyboardMarkup
  entities?: MessageEntity[]
  parse_mode?: string
  /** A document's name and bytes (sendDocument). */
  document?: { filename: string; bytes: Buffer }
  caption?: string
}

export interface FakeUser {
  id: number
  first_name: string
  language_code?: string
}

type ApiError = { error_code: number; description: string; parameters?: { retry_after?: number } }

export const FAKE_TOKEN = '123456:TEST-token_for-the-fake-server'
export const FAKE_BOT: User & { username: string } = {
  id: 777000111,
  is_bot: true,
  first_name: 'Migrasi Aman',
  username: 'MigrasiAmanTestBot',
}

export class FakeTelegram {
  readonly calls: ApiCall[] = []
  /** Messages the bot sent, by message id. */
  readonly sent = new Map<number, SentMessage>()
  private readonly updates: Update[] = []
  private readonly pollers = new Set<{ offset: number; respond: (updates: Update[]) => void }>()
  private readonly callWaiters = new Set<() => void>()
  private readonly failures = new Map<string, ApiError[]>()
  private nextUpdateId = 1000
  private nextMessageId = 1
  private nextCallbackId = 1

  private constructor(
    private readonly server: Server,
    readonly apiRoot: string,
    readonly token: string,
  ) {}

  static async start(token = FAKE_TOKEN): Promise<FakeTelegram> {
    let fake: FakeTelegram | undefined
    const server = createServer((req, res) => void fake!.serve(req, res))
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const { port } = server.address() as AddressInfo
    fake = new FakeTelegram(server, `http://127.0.0.1:${port}`, token)
    return fake
  }

  async close(): Promise<void> {
    for (const poller of this.pollers) poller.respond([])
    this.server.closeAllConnections()
    await new Promise<void>((resolve) => this.server.close(() => resolve()))
  }

  // ── playing users ────────────────────────────────────────────────────────────────────────────────

  /** Builds a text message update (not queued). `chat` defaults to the user's private chat. */
  makeMessageUpdate(from: FakeUser, text: string, options: { chat?: Chat; entities?: MessageEntity[]; replyTo?: number } = {}): Update {
    const chat = options.chat ?? ({ id: from.id, type: 'private', first_name: from.first_name } as Chat)
    const entities = options.entities ?? commandEntity(text)
    const message = {
      message_id: this.nextMessageId++,
      date: Math.floor(Date.now() / 1000),
      chat,
      from: { ...from, is_bot: false },
      text,
      ...(entities.length ? { entities } : {}),
      ...(options.replyTo !== undefined ? { reply_to_message: this.asMessage(this.sent.get(options.replyTo)!) } : {}),
    } as Message
    return { update_id: this.nextUpdateId++, message } as Update
  }

  /** Queues a text message from a user; returns its update. */
  say(from: FakeUser, text: string, options: { chat?: Chat; entities?: MessageEntity[]; replyTo?: number } = {}): Update {
    return this.queue(this.makeMessageUpdate(from, text, options))
  }

  /** Queues a non-text message (`photo`, `voice`, `sticker`, `location`, `document`). */
  sendMedia(from: FakeUser, kind: 'photo' | 'voice' | 'sticker' | 'location' | 'document'): Update {
    const media: Record<string, unknown> = {
      photo: { photo: [{ file_id: 'p1', file_unique_id: 'p1', width: 90, height: 90 }] },
      voice: { voice: { file_id: 'v1', file_unique_id: 'v1', duration: 3 } },
      sticker: { sticker: { file_id: 's1', file_unique_id: 's1', type: 'regular', width: 512, height: 512, is_animated: false, is_video: false } },
      location: { location: { latitude: -6.2, longitude: 106.8 } },
      document: { document: { file_id: 'd1', file_unique_id: 'd1', file_name: 'ktp.pdf' } },
    }[kind] as Record<string, unknown>
    const message = {
      message_id: this.nextMessageId++,
      date: Math.floor(Date.now() / 1000),
      chat: { id: from.id, type: 'private', first_name: from.first_name },
      from: { ...from, is_bot: false },
      ...media,
    } as Message
    return this.queue({ update_id: this.nextUpdateId++, message } as Update)
  }

  /** Builds a button press on a message the bot sent (not queued). `data` need not be on its keyboard. */
  makePressUpdate(from: FakeUser, messageId: number, data: string): Update {
    const sent = this.sent.get(messageId)
    if (!sent) throw new Error(`the bot sent no message ${messageId}`)
    const query: CallbackQuery = {
      id: String(this.nextCallbackId++),
      from: { ...from, is_bot: false },
      message: this.asMessage(sent),
      chat_instance: `ci-${sent.chat_id}`,
      data,
    }
    return { update_id: this.nextUpdateId++, callback_query: query } as Update
  }

  /** Queues a button press. */
  press(from: FakeUser, messageId: number, data: string): Update {
    return this.queue(this.makePressUpdate(from, messageId, data))
  }

  /** Queues any update (several queued before the bot polls arrive in one getUpdates batch). */
  queue(update: Update): Update {
    this.updates.push(update)
    for (const poller of [...this.pollers]) {
      const ready = this.updates.filter((u) => u.update_id >= poller.offset)
      if (ready.length) poller.respond(ready)
    }
    return update
  }

  /** The next call of `method` fails once with this error (HTTP status = error_code). */
  failNext(method: string, error: ApiError): void {
    const list = this.failures.get(method) ?? []
    list.push(error)
    this.failures.set(method, list)
  }

  // ── looking at what the bot did ──────────────────────────────────────────────────────────────────

  /** Resolves with the first call (from index `from` on) that matches; rejects after `timeoutMs`. */
  async waitForCall(match: (call: ApiCall) => boolean, options: { from?: number; timeoutMs?: number } = {}): Promise<ApiCall> {
    const from = options.from ?? 0
    const find = () => this.calls.slice(from).find(match)
    const found = find()
    if (found) return found
    return new Promise<ApiCall>((resolve, reject) => {
      const check = () => {
        const call = find()
        if (!call) return
        this.callWaiters.delete(check)
        clearTimeout(timer)
        resolve(call)
      }
      const timer = setTimeout(() => {
        this.callWaiters.delete(check)
        reject(new Error(`no matching Bot API call within ${options.timeoutMs ?? 5000} ms; calls: ${this.calls.map((c) => c.method).join(', ')}`))
      }, options.timeoutMs ?? 5000)
      this.callWaiters.add(check)
    })
  }

  /** Calls of `method` (from index `from` on). */
  callsOf(method: string, from = 0): ApiCall[] {
    return this.calls.slice(from).filter((c) => c.method === method)
  }

  // ── the server ───────────────────────────────────────────────────────────────────────────────────

  private asMessage(sent: SentMessage): Message {
    return {
      message_id: sent.message_id,
      date: Math.floor(Date.now() / 1000),
      chat: { id: sent.chat_id, type: sent.chat_id > 0 ? 'private' : 'group', ...(sent.chat_id > 0 ? { first_name: 'user' } : { title: 'group' }) },
      from: FAKE_BOT,
      text: sent.text,
      ...(sent.entities ? { entities: sent.entities } : {}),
      ...(sent.reply_markup ? { reply_markup: sent.reply_markup } : {}),
    } as Message
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const match = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(req.url ?? '')
    const body = await readBody(req)
    if (!match) return send(res, 404, { ok: false, error_code: 404, description: 'Not Found' })
    const [, token, method] = match as unknown as [string, string, string]
    const { params, files } = parseParams(req.headers['content-type'] ?? '', body)
    // Recorded on arrival (a long poll is answered much later); `status` is 0 until answered.
    const call: ApiCall = { method, params, files, at: Date.now(), status: 0 }
    this.calls.push(call)
    const notify = (): void => {
      for (const waiter of [...this.callWaiters]) waiter()
    }
    notify()
    const answer = (status: number, payload: unknown): void => {
      call.status = status
      send(res, status, payload)
      notify()
    }
    if (token !== this.token) return answer(401, { ok: false, error_code: 401, description: 'Unauthorized' })
    const failure = this.failures.get(method)?.shift()
    if (failure) return answer(failure.error_code, { ok: false, ...failure })

    if (method === 'getUpdates') {
      // Long polling: answer at once when updates are waiting, else when one arrives or the timeout ends.
      const offset = Number(params.offset ?? 0)
      const timeout = Number(params.timeout ?? 0)
      const ready = this.updates.filter((u) => u.update_id >= offset)
      if (ready.length || timeout === 0) return answer(200, { ok: true, result: ready })
      const poller = {
        offset,
        respond: (updates: Update[]) => {
          this.pollers.delete(poller)
          clearTimeout(timer)
          if (!res.writableEnded && !res.destroyed) answer(200, { ok: true, result: updates })
        },
      }
      const timer = setTimeout(() => poller.respond([]), timeout * 1000)
      res.on('close', () => {
        this.pollers.delete(poller)
        clearTimeout(timer)
      })
      this.pollers.add(poller)
      return
    }
    call.result = this.result(method, params, files)
    return answer(200, { ok: true, result: call.result })
  }

  private result(method: string, params: Record<string, unknown>, files: ApiCall['files']): unknown {
    switch (method) {
      case 'getMe':
        return { ...FAKE_BOT, can_join_groups: true, can_read_all_group_messages: false, supports_inline_queries: false }
      case 'sendMessage':
      case 'sendDocument': {
        const sent: SentMessage = {
          message_id: this.nextMessageId++,
          chat_id: Number(params.chat_id),
          text: String(params.text ?? ''),
          ...(params.reply_markup ? { reply_markup: params.reply_markup as InlineKeyboardMarkup } : {}),
          ...(typeof params.parse_mode === 'string' ? { parse_mode: params.parse_mode } : {}),
          ...(files.document ? { document: files.document } : {}),
          ...(typeof params.caption === 'string' ? { caption: params.caption } : {}),
        }
        // What a user sees: the HTML tags are not part of the text.
        if (sent.parse_mode === 'HTML') sent.text = unhtml(sent.text)
        this.sent.set(sent.message_id, sent)
        return this.asMessage(sent)
      }
      case 'editMessageText': {
        const sent = this.sent.get(Number(params.message_id))
        if (sent) {
          sent.text = String(params.text)
          if (params.reply_markup) sent.reply_markup = params.reply_markup as InlineKeyboardMarkup
          else delete sent.reply_markup
        }
        return sent ? this.asMessage(sent) : true
      }
      case 'editMessageReplyMarkup': {
        const sent = this.sent.get(Number(params.message_id))
        if (sent) {
          if (params.reply_markup) sent.reply_markup = params.reply_markup as InlineKeyboardMarkup
          else delete sent.reply_markup
        }
        return sent ? this.asMessage(sent) : true
      }
      default:
        return true
    }
  }
}

/** A `bot_command` entity when the text starts with `/word`. */
function commandEntity(text: string): MessageEntity[] {
  const command = /^\/[A-Za-z0-9_]+(?:@[A-Za-z0-9_]+)?/.exec(text)
  return command ? [{ type: 'bot_command', offset: 0, length: command[0].length }] : []
}

function unhtml(html: string): string {
  return html.replace(/<\/?[a-z]+>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&')
}

function send(res: ServerResponse, status: number, payload: unknown): void {
  const body = JSON.stringify(payload)
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) })
  res.end(body)
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}

/** JSON or multipart/form-data parameters (multipart fields holding JSON are parsed). */
function parseParams(contentType: string, body: Buffer): { params: Record<string, unknown>; files: ApiCall['files'] } {
  const files: ApiCall['files'] = {}
  if (body.length === 0) return { params: {}, files }
  if (contentType.startsWith('application/json')) return { params: JSON.parse(body.toString('utf8')) as Record<string, unknown>, files }
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(contentType)
  if (!boundary) return { params: {}, files }
  const params: Record<string, unknown> = {}
  const delimiter = Buffer.from(`--${boundary[1] ?? boundary[2]}`)
  let start = body.indexOf(delimiter)
  while (start !== -1) {
    const next = body.indexOf(delimiter, start + delimiter.length)
    if (next === -1) break
    const part = body.subarray(start + delimiter.length + 2, next - 2) // skip CRLF after the delimiter and before the next
    const split = part.indexOf('\r\n\r\n')
    const headers = part.subarray(0, split).toString('utf8')
    const content = part.subarray(split + 4)
    const name = /name="([^"]+)"/.exec(headers)?.[1]
    // grammY writes `filename=name.csv` without quotes; browsers quote it.
    const filename = /filename=(?:"([^"]*)"|([^;\r\n]*))/.exec(headers)?.slice(1).find((v) => v !== undefined)
    if (name && filename !== undefined) {
      files[name] = { filename, bytes: Buffer.from(content) }
    } else if (name) {
      const text = content.toString('utf8')
      try {
        params[name] = JSON.parse(text)
      } catch {
        params[name] = text
      }
    }
    start = next
  }
  // grammY sends the file as an attachment field and points the parameter at it: `attach://<field>`.
  for (const [key, value] of Object.entries(params)) {
    const attached = typeof value === 'string' ? /^attach:\/\/(.+)$/.exec(value)?.[1] : undefined
    if (attached && files[attached]) files[key] = files[attached]
  }
  return { params, files }
}
