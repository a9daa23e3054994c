/**
 * The Telegram channel, on grammY. Configured by environment variables (see `docs/telegram.md`):
 *
 *   TELEGRAM_BOT_TOKEN        the bot's token from BotFather (required)
 *   TELEGRAM_API_ROOT         another Bot API server, e.g. a self-hosted one (default: Telegram's)
 *   TELEGRAM_WEBHOOK_URL      webhook mode: the public https address that reaches POST /webhooks/telegram
 *   TELEGRAM_WEBHOOK_SECRET   required with a webhook; Telegram sends it in every request, checked in constant time
 *   ADMIN_TELEGRAM_IDS        user ids allowed to use /stats, /unanswered, /export and /reload
 *   OFFICER_TELEGRAM_CHAT_ID  the officers' group for human handoff (`officer-group.ts`, docs/handoff.md)
 *
 * Long polling (`@grammyjs/runner`) is the default; webhook mode registers its route on the shared HTTP
 * listener. Either way one chat's updates are handled one at a time, in order (`sequentialize`), while
 * different chats run concurrently. What each update becomes:
 *
 *   message   → (group: only when addressed) officer command, or `Inbound` → gate → replies
 *   button    → spinner stopped at once (`answerCallbackQuery`) → (in turn) pressed keyboard removed → `Inbound{choice}` → gate
 *
 * The gate drops duplicates by `update_id`, keeps per-user order across processes and rate-limits.
 * Logs carry a one-way user reference, never names, phone numbers or message texts.
 */
import { sequentialize, run, type RunnerHandle } from '@grammyjs/runner'
import { Bot, GrammyError, HttpError, webhookCallback, type Context } from 'grammy'
import type { Message, Update } from 'grammy/types'
import type { Config } from '../../config.ts'
import type { ContentHolder } from '../../content/reloader.ts'
import { userKeyOf } from '../../engine/engine.ts'
import type { Gate } from '../../gate/gate.ts'
import type { HandoffService } from '../../handoff/service.ts'
import type { HttpServer } from '../../http/server.ts'
import { userRef, type Logger } from '../../logger.ts'
import type { Store } from '../../store/types.ts'
import type { RunningChannel } from '../types.ts'
import { isOfficer, isOfficerCommand, privateOnlyAnswer, runOfficerCommand, type OfficerAnswer } from './admin.ts'
import { configureApi, DEFAULT_PACING, DEFAULT_RETRY, type PacingOptions, type RetryOptions } from './api.ts'
import { registerCommands } from './commands.ts'
import { isSkip, messageToInput, pressToInputOf, TELEGRAM_CHANNEL, type BotIdentity, type TelegramInput } from './inbound.ts'
import { OfficerGroup } from './officer-group.ts'
import { markPressed, sendOfficerAnswers, sendReplies } from './send.ts'
import { acceptUpdateBody } from './webhook-body.ts'

/** Where Telegram delivers updates in webhook mode, on the shared listener. */
export const WEBHOOK_PATH = '/webhooks/telegram'
/** Update types the bot asks for; everything else (edits, channel posts, member changes) is not delivered. */
export const ALLOWED_UPDATES = ['message', 'callback_query'] as const
/** How long an officer command's update id is remembered, like the gate's dedupe (3 days). */
const SEEN_TTL_SECONDS = 3 * 24 * 3600

/** The parts of the runtime the channel uses. */
export interface TelegramRuntime {
  config: Pick<Config, 'TELEGRAM_BOT_TOKEN' | 'TELEGRAM_API_ROOT' | 'TELEGRAM_WEBHOOK_URL' | 'TELEGRAM_WEBHOOK_SECRET' | 'ADMIN_TELEGRAM_IDS' | 'OFFICER_TELEGRAM_CHAT_ID'> & Partial<Pick<Config, 'TELEGRAM_EXPORT_ENABLED'>>
  logger: Logger
  content: Pick<ContentHolder, 'current' | 'reload'>
  store: Store
  gate: Pick<Gate, 'handle'>
  /** Human handoff: officer replies are sent to Telegram users from here; the officer group lives here. */
  handoff?: HandoffService
}

export interface TelegramChannelOptions {
  runtime: TelegramRuntime
  /** The shared HTTP listener; webhook mode adds `POST /webhooks/telegram` to it (before it listens). */
  http: HttpServer
  /** Outbound pacing; `false` turns it off (tests). Default `DEFAULT_PACING`. */
  pacing?: PacingOptions | false
  /** 429 / 5xx retry policy. Default `DEFAULT_RETRY`. */
  retry?: RetryOptions
  /** Long-polling timeout of one `getUpdates` call, in seconds. Default 30. */
  pollTimeoutSeconds?: number
  /** Clock for button presses (which carry no date). Default `Date.now`. */
  now?: () => number
  /** Called when an update (message or press) has been handled and its answers sent, or it was ignored. */
  onUpdateHandled?: (updateId: number) => void
}

export interface TelegramChannel extends RunningChannel {
  readonly mode: 'polling' | 'webhook'
  /** The grammY bot (for tests and diagnostics). */
  readonly bot: Bot
}

/** Telegram refused to start the bot; the message says what to check. */
export class TelegramStartError extends Error {
  override readonly name = 'TelegramStartError'
}

/**
 * Starts the Telegram channel: checks the token (`getMe`), registers the command menus, then starts long
 * polling, or sets the webhook and registers its route. Rejects with a `TelegramStartError` that says what to
 * fix when Telegram refuses the token or the webhook.
 */
export async function startTelegram(options: TelegramChannelOptions): Promise<TelegramChannel> {
  const { runtime, http } = options
  const { config, logger } = runtime
  const log = logger.child({ channel: TELEGRAM_CHANNEL })
  const token = config.TELEGRAM_BOT_TOKEN
  if (!token) throw new TelegramStartError('TELEGRAM_BOT_TOKEN is not set: create a bot with @BotFather and put its token in the environment (see docs/telegram.md).')
  const now = options.now ?? Date.now

  // grammY appends `/bot<token>/<method>`: a trailing slash would make a double one, which some servers refuse.
  const apiRoot = config.TELEGRAM_API_ROOT?.replace(/\/+$/, '')
  const bot = new Bot(token, { client: apiRoot ? { apiRoot } : {} })
  configureApi(bot.api, log, options.pacing ?? DEFAULT_PACING, options.retry ?? DEFAULT_RETRY)
  await initBot(bot, apiRoot)
  const me: BotIdentity = { id: bot.botInfo.id, username: bot.botInfo.username }

  let inFlight = 0
  let stopped = false
  const idle: Array<() => void> = []
  const tracked = async (work: () => Promise<void>, updateId?: number): Promise<void> => {
    inFlight++
    try {
      await work()
    } finally {
      if (updateId !== undefined) options.onUpdateHandled?.(updateId)
      inFlight--
      if (inFlight === 0) for (const resolve of idle.splice(0)) resolve()
    }
  }

  // Human handoff: this process can send officers' replies to Telegram users, and hosts the officer group.
  const handoff = runtime.handoff
  handoff?.registerSender(TELEGRAM_CHANNEL, {
    send: async (userId, replies) => void (await sendReplies(bot.api, { chatId: Number(userId) }, replies)),
  })
  const officerGroup =
    handoff && config.OFFICER_TELEGRAM_CHAT_ID !== undefined
      ? new OfficerGroup({ api: bot.api, chatId: config.OFFICER_TELEGRAM_CHAT_ID, handoff, store: runtime.store, log })
      : undefined
  if (officerGroup) handoff!.registerDesk(officerGroup)

  const handlers = createHandlers({ runtime, log, me, now, officerGroup })
  // A press first stops the button's spinner, before waiting for the chat's turn. A failure is logged by the API
  // layer and changes nothing else.
  bot.on('callback_query', async (ctx, next) => {
    await ctx.answerCallbackQuery().catch(() => undefined)
    await next()
  })
  // One update at a time per chat (per user when there is no chat), in arrival order; chats run in parallel.
  bot.use(sequentialize<Context>((ctx) => String(ctx.chat?.id ?? ctx.from?.id ?? '')))
  bot.on('callback_query', (ctx) => tracked(() => handlers.press(ctx), ctx.update.update_id))
  bot.on('message', (ctx) => tracked(() => handlers.message(ctx), ctx.update.update_id))
  bot.catch((error) => {
    log.error({ err: describeError(error.error), update: error.ctx.update.update_id }, 'telegram: handling an update failed')
  })

  await registerCommands(bot.api, config.ADMIN_TELEGRAM_IDS, log)

  const waitIdle = async (): Promise<void> => {
    if (inFlight > 0) await new Promise<void>((resolve) => idle.push(resolve))
  }

  if (config.TELEGRAM_WEBHOOK_URL) {
    const url = config.TELEGRAM_WEBHOOK_URL
    const secretToken = config.TELEGRAM_WEBHOOK_SECRET
    if (!secretToken) throw new TelegramStartError('TELEGRAM_WEBHOOK_SECRET is required with TELEGRAM_WEBHOOK_URL (A-Z, a-z, 0-9, _ and -).')
    // grammY compares the X-Telegram-Bot-Api-Secret-Token header with the secret in constant time and
    // answers 401 when it differs. A slow update answers Telegram after 9 s and goes on in the background
    // (a redelivery would be dropped by the gate anyway).
    const handle = webhookCallback(bot, 'fastify', { secretToken, onTimeout: 'return', timeoutMilliseconds: 9000 })
    http.post(WEBHOOK_PATH, async (request, reply) => {
      // After stop: 503, so Telegram keeps the update and delivers it again (to us or another instance).
      if (stopped) return reply.code(503).send({ ok: false, description: 'shutting down' })
      // The secret is checked before the body is parsed (webhook-body.ts).
      const refused = acceptUpdateBody(request, secretToken)
      if (refused) return reply.code(refused.status).send({ ok: false, description: refused.description })
      await tracked(() => handle(request, reply))
      return reply
    })
    if (new URL(url).pathname !== WEBHOOK_PATH) {
      log.warn({ path: new URL(url).pathname, route: WEBHOOK_PATH }, 'telegram: TELEGRAM_WEBHOOK_URL does not end in the route path; make sure a proxy maps it there')
    }
    try {
      await bot.api.setWebhook(url, { secret_token: secretToken, allowed_updates: [...ALLOWED_UPDATES] })
    } catch (error) {
      throw new TelegramStartError(`Telegram refused the webhook ${url}: ${describeError(error)}. It must be a public https address (ports 443, 80, 88 or 8443).`)
    }
    log.info({ bot: me.username, path: WEBHOOK_PATH }, 'telegram: webhook set')
    return {
      name: TELEGRAM_CHANNEL,
      mode: 'webhook',
      bot,
      state: () => (stopped ? { ready: false, detail: 'stopped' } : { ready: true, detail: 'webhook' }),
      async stop() {
        stopped = true
        await waitIdle()
      },
    }
  }

  // Long polling: a webhook left from an earlier deployment would make getUpdates fail with 409.
  await bot.api.deleteWebhook()
  let failure: string | undefined
  const runner: RunnerHandle = run(bot, {
    runner: {
      fetch: { timeout: options.pollTimeoutSeconds ?? 30, allowed_updates: [...ALLOWED_UPDATES] },
      // Fetch errors are logged by the API transformer (`api.ts`), not printed to the console.
      silent: true,
    },
  })
  runner.task()?.catch((error: unknown) => {
    failure = describeError(error)
    log.error({ err: failure }, 'telegram: long polling stopped; another instance with the same token, or a revoked token?')
  })
  log.info({ bot: me.username }, 'telegram: long polling started')
  return {
    name: TELEGRAM_CHANNEL,
    mode: 'polling',
    bot,
    state: () => {
      if (runner.isRunning()) return { ready: true, detail: 'polling' }
      return { ready: false, detail: failure ? `stopped: ${failure}` : 'stopped' }
    },
    async stop() {
      stopped = true
      if (runner.isRunning()) await runner.stop()
      await waitIdle()
    },
  }
}

/** `getMe`, with a sentence that says what to fix when it fails. */
async function initBot(bot: Bot, apiRoot: string | undefined): Promise<void> {
  try {
    await bot.init()
  } catch (error) {
    if (error instanceof GrammyError && error.error_code === 401) {
      throw new TelegramStartError('Telegram did not accept TELEGRAM_BOT_TOKEN (401 Unauthorized): copy the token again from @BotFather (/mybots → API Token).')
    }
    const where = apiRoot ?? 'api.telegram.org'
    throw new TelegramStartError(`Could not reach the Telegram Bot API at ${where}: ${describeError(error)}. Check the network${apiRoot ? ' and TELEGRAM_API_ROOT' : ''}.`)
  }
}

function describeError(error: unknown): string {
  if (error instanceof GrammyError) return `${error.method}: ${error.error_code} ${error.description}`
  if (error instanceof HttpError) return `network: ${error.message}`
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error)
}

interface HandlerDeps {
  runtime: TelegramRuntime
  log: Logger
  me: BotIdentity
  now: () => number
  officerGroup?: OfficerGroup | undefined
}

/** The two update handlers: a message, and a button press. */
function createHandlers({ runtime, log, me, now, officerGroup }: HandlerDeps) {
  const { gate, store, content, config } = runtime

  const answerWithGate = async (ctx: Context, input: TelegramInput): Promise<void> => {
    const replies = await gate.handle(input.inbound)
    await sendReplies(ctx.api, { chatId: input.chatId, ...(input.replyTo !== undefined ? { replyTo: input.replyTo } : {}) }, replies)
  }

  /** An officer command from an officer. Returns false when the message is not one (it goes to the gate). */
  const officerCommand = async (ctx: Context, input: TelegramInput): Promise<boolean> => {
    const command = input.command
    if (!isOfficerCommand(command)) return false
    const user = userRef(userKeyOf(input.inbound))
    if (!isOfficer(input.inbound.userId, config.ADMIN_TELEGRAM_IDS)) {
      log.warn({ user, command }, 'telegram: officer command from a user not in ADMIN_TELEGRAM_IDS; answered as a normal message')
      return false
    }
    const lang = input.inbound.lang ?? 'id'
    let answers: OfficerAnswer[]
    try {
      // The gate is not involved, so drop a redelivered update here (an export is sent once).
      if (!(await store.markSeen(`${TELEGRAM_CHANNEL}:${input.inbound.messageId}`, SEEN_TTL_SECONDS))) return true
      answers = input.chatType === 'private' ? await runOfficerCommand(command, input.args ?? '', lang, { store, content, now, exportEnabled: config.TELEGRAM_EXPORT_ENABLED === true }) : [privateOnlyAnswer(lang)]
    } catch (error) {
      log.error({ user, command, err: describeError(error) }, 'telegram: officer command failed')
      answers = [{ text: lang === 'en' ? 'The command failed (the store did not answer). Try again in a minute.' : 'Perintah gagal (penyimpanan tidak menjawab). Coba lagi sebentar lagi.' }]
    }
    log.info({ user, command }, 'telegram: officer command')
    await sendOfficerAnswers(ctx.api, input.chatId, answers)
    return true
  }

  return {
    async message(ctx: Context): Promise<void> {
      const update = ctx.update as Update & { message: Message }
      if (officerGroup?.owns(update.message.chat.id)) return officerGroup.handle(update.update_id, update.message)
      const input = messageToInput(update.update_id, update.message, me, now())
      if (isSkip(input)) {
        log.debug({ update: update.update_id, reason: input.skip }, 'telegram: update ignored')
        return
      }
      if (await officerCommand(ctx, input)) return
      await answerWithGate(ctx, input)
    },

    async press(ctx: Context): Promise<void> {
      const query = ctx.callbackQuery!
      if (officerGroup?.owns(query.message?.chat.id)) return
      const input = pressToInputOf(ctx.update.update_id, query, now())
      if (isSkip(input)) {
        log.debug({ update: ctx.update.update_id, reason: input.skip }, 'telegram: press ignored')
        return
      }
      // Remove the pressed keyboard (an old menu should not linger). A press on an old menu still reaches the
      // engine, which answers it kindly ("that button is from an old menu").
      const message = query.message
      if (message && message.date !== 0 && query.data) {
        await markPressed(ctx.api, input.chatId, message as Message, query.data).catch(() => undefined)
      }
      await answerWithGate(ctx, input)
    },
  }
}
