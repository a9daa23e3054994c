/**
 * The WhatsApp channel over Baileys (`WHATSAPP_MODE=baileys`): the assistant logs in as a linked device of a
 * WhatsApp number, like WhatsApp Web. Quick to set up, unofficial, with a real ban risk: see docs/whatsapp.md.
 * For an official deployment use the Cloud API channel (`cloud.ts`).
 *
 * What it does, and why (issue numbers in /work/shared/research/whatsapp.md):
 * - Login by QR code (printed on stderr) or by pairing code when `WHATSAPP_PAIRING_NUMBER` is set.
 * - Auth state in the store (`baileys-auth.ts`): files under DATA_DIR or Redis; atomic; write errors thrown.
 * - One process per WhatsApp number: a lease in the store on the session name before connecting and on the
 *   number once connected, renewed while running. Two sockets on one login evict each other forever.
 * - A fresh socket for every connection attempt (a Baileys socket is single-use), with exponential backoff,
 *   and a policy per disconnect reason (`baileys-policy.ts`).
 * - Messages of both `notify` and `append` upserts (messages that arrived while offline come as `append`),
 *   dropped when seen before (message id; the gate also dedupes durably), when ours, when from a group,
 *   broadcast, status or newsletter, or when older than the gate's dedupe window.
 * - Replies go to `key.remoteJid` exactly as received, LID addresses included: "restoring" the phone-number
 *   address leads to "waiting for this message" and silent non-delivery.
 * - `getMessage` answers Baileys' retry requests from the messages sent recently, `undefined` on a miss.
 * - Numbered menus ("Balas 1, 2 atau 3"): Baileys cannot send buttons or lists.
 *
 * Baileys is imported lazily, here, only when this channel starts (`baileys-lib.ts`): a Cloud or Telegram
 * deployment never loads it, and it is an optional dependency that the slim image leaves out. Logs carry no phone numbers, JIDs or texts (`userRef`, and `baileys-logger.ts` for Baileys' own).
 */
import { createHash, randomUUID } from 'node:crypto'
import { hostname } from 'node:os'
import type { AuthenticationState, proto, SocketConfig, WAMessage, WAMessageKey, WASocket } from '@whiskeysockets/baileys'
import type { Reply } from '../../engine/types.ts'
import { userRef } from '../../logger.ts'
import type { Runtime } from '../../runtime.ts'
import type { RunningChannel } from '../types.ts'
import { backoffDelay, realWait, type Wait } from './backoff.ts'
import { useStoreAuthState, type StoredAuthState } from './baileys-auth.ts'
import { loadBaileys, type BaileysLib } from './baileys-lib.ts'
import { baileysLogger, type ILogger } from './baileys-logger.ts'
import { disconnectCode, disconnectPolicy } from './baileys-policy.ts'
import { ChatQueue } from './chat-queue.ts'
import { extractContent, skipReason, timestampMs, toInbound } from './extract.ts'
import { safeError as errorText } from './privacy.ts'
import { renderNumberedText, splitText } from './render.ts'
import { TtlCache } from './ttl-cache.ts'

export type { BaileysLib } from './baileys-lib.ts'

/** The part of a Baileys socket the channel uses. The real `makeWASocket(...)` result is one. */
export type WaSocketLike = Pick<WASocket, 'ev' | 'sendMessage' | 'user' | 'end'> &
  Partial<Pick<WASocket, 'requestPairingCode' | 'readMessages' | 'sendPresenceUpdate' | 'signalRepository'>>

export interface SocketFactoryInput {
  auth: AuthenticationState
  getMessage(key: WAMessageKey): Promise<proto.IMessage | undefined>
  /** Outlives sockets, so that retry counts survive reconnects. */
  msgRetryCounterCache: TtlCache
  logger: ILogger
  lib: BaileysLib
}

/** Makes one socket. Production: `makeWASocket`; tests: a fake. Called once per connection attempt. */
export type SocketFactory = (input: SocketFactoryInput) => WaSocketLike | Promise<WaSocketLike>

export type LoginPrompt = { kind: 'qr'; qr: string } | { kind: 'pairing-code'; code: string }

export interface BaileysOptions {
  runtime: Pick<Runtime, 'config' | 'logger' | 'store' | 'gate'> & Partial<Pick<Runtime, 'handoff'>>
  /** Default: `makeWASocket` with settings for a bot (see `defaultSocketFactory`). */
  createSocket?: SocketFactory
  /** Names the auth state and the lease. Default `WHATSAPP_SESSION`. */
  session?: string
  /** Log in with a pairing code for this number (digits with country code). Default `WHATSAPP_PAIRING_NUMBER`. */
  pairingNumber?: string
  /** Shows a QR code or pairing code to the operator. Default: printed on stderr. */
  onLogin?: (prompt: LoginPrompt) => void
  /** Waits between attempts and before typing; tests pass one that returns at once. */
  wait?: Wait
  random?: () => number
  now?: () => number
  /** "typing…" shown before each message, in ms: a random time in [min, max]. Default [400, 1200]. */
  typingMs?: readonly [number, number]
  /** Lease length; it is renewed every third of it. Default 30 s. */
  leaseTtlMs?: number
  /** Runs `fn` every `ms` until the returned function is called (lease renewal). Default `setInterval`. */
  every?: (ms: number, fn: () => void) => () => void
  /** QR codes expire after about two minutes; stop after this many unanswered cycles. Default 3. */
  maxLoginCycles?: number
  /** Messages older than this are not answered (the gate remembers message ids for 3 days). Default 3 days. */
  maxAgeMs?: number
  /** How long a reply waits for the connection to come back before it is given up. Default 2 min. */
  resendWaitMs?: number
}

export type BaileysState =
  | { kind: 'starting' }
  | { kind: 'needs-login'; method: 'qr' | 'pairing-code' }
  | { kind: 'open' }
  | { kind: 'reconnecting'; attempt: number; code?: number }
  | { kind: 'stopped'; reason: 'requested' | 'logged-out' | 'replaced' | 'forbidden' | 'lease-lost' | 'login-timeout'; detail: string }

export interface BaileysChannel extends RunningChannel {
  /** The connection state in detail (`state()` is the one-line summary). */
  readonly connection: BaileysState
  /** Resolves when every message received so far has been answered. */
  settled(): Promise<void>
}

const CHANNEL = 'whatsapp'
const DAY = 24 * 3600 * 1000

/**
 * A factory of real sockets: `makeWASocket` with the settings a bot wants (research §1.1). `overrides` are for
 * tests (e.g. `waWebSocketUrl` pointing at a local port).
 */
export function baileysSocketFactory(overrides: Partial<SocketConfig> = {}): SocketFactory {
  return ({ auth, getMessage, msgRetryCounterCache, logger, lib }) =>
    lib.makeWASocket({
      auth: { creds: auth.creds, keys: lib.makeCacheableSignalKeyStore(auth.keys, logger) },
      logger,
      browser: lib.Browsers.ubuntu('Migrasi Aman'),
      // false: the phone keeps its notifications, and the bot does not look "online" all the time.
      markOnlineOnConnect: false,
      syncFullHistory: false,
      // Dropped before decryption. Groups are not: their keys must still be processed; they are skipped later.
      shouldIgnoreJid: (jid) => Boolean(lib.isJidBroadcast(jid) || lib.isJidNewsletter(jid)),
      getMessage,
      msgRetryCounterCache,
      ...overrides,
    })
}

export const defaultSocketFactory: SocketFactory = baileysSocketFactory()

/** Starts the channel: takes the lease, loads the auth state, opens the first socket. */
export async function startBaileys(options: BaileysOptions): Promise<BaileysChannel> {
  const lib: BaileysLib = await loadBaileys()
  const { config, store } = options.runtime
  const session = options.session ?? config.WHATSAPP_SESSION
  const owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`
  const leaseTtlMs = options.leaseTtlMs ?? 30_000
  const leaseName = `whatsapp:${session}`
  if (!(await store.acquireLease(leaseName, owner, leaseTtlMs))) {
    throw new Error(
      `WhatsApp session "${session}" is already connected by another process (lease "${leaseName}" in the store). ` +
        `Run exactly one process per WhatsApp number: stop the other one, or wait ${Math.ceil(leaseTtlMs / 1000)} s if it crashed.`,
    )
  }
  try {
    const auth = await useStoreAuthState(store, session, lib)
    const channel = new Baileys(options, lib, session, owner, leaseName, leaseTtlMs, auth)
    // Officers' replies (human handoff) to WhatsApp users go out through the one process with this connection.
    options.runtime.handoff?.registerSender(CHANNEL, { send: (userId, replies) => channel.deliver(userId, replies) })
    await channel.connect()
    return channel
  } catch (error) {
    await store.releaseLease(leaseName, owner).catch(() => undefined)
    throw error
  }
}

class Baileys implements BaileysChannel {
  readonly name = 'whatsapp-baileys'
  connection: BaileysState = { kind: 'starting' }

  readonly #log: Runtime['logger']
  readonly #baileysLog: ILogger
  readonly #wait: Wait
  readonly #now: () => number
  readonly #random: () => number
  readonly #createSocket: SocketFactory
  readonly #abort = new AbortController()
  readonly #queue = new ChatQueue()
  /** Message ids seen recently: the cheap first filter (the gate's durable one follows). */
  readonly #seen: TtlCache<true>
  /** Messages sent recently, by id, for `getMessage`. */
  readonly #sent: TtlCache<proto.IMessage>
  readonly #retryCounters: TtlCache
  readonly #stopRenewal: () => void
  #sock: WaSocketLike | undefined
  #attempt = 0
  #loginCycles = 0
  #numberLease: string | undefined
  #openWaiters: Array<() => void> = []

  constructor(
    private readonly options: BaileysOptions,
    private readonly lib: BaileysLib,
    private readonly session: string,
    private readonly owner: string,
    private readonly leaseName: string,
    private readonly leaseTtlMs: number,
    private auth: StoredAuthState,
  ) {
    this.#log = options.runtime.logger.child({ channel: this.name })
    this.#baileysLog = baileysLogger(options.runtime.logger)
    this.#wait = options.wait ?? realWait
    this.#now = options.now ?? Date.now
    this.#random = options.random ?? Math.random
    this.#createSocket = options.createSocket ?? defaultSocketFactory
    this.#seen = new TtlCache({ ttlMs: DAY, max: 10_000, now: this.#now })
    this.#sent = new TtlCache({ ttlMs: DAY, max: 2_000, now: this.#now })
    this.#retryCounters = new TtlCache({ ttlMs: 3600_000, max: 10_000, now: this.#now })
    const every = options.every ?? defaultEvery
    this.#stopRenewal = every(Math.max(1000, Math.floor(leaseTtlMs / 3)), () => void this.#renewLeases())
  }

  state(): { ready: boolean; detail: string } {
    const c = this.connection
    switch (c.kind) {
      case 'open':
        return { ready: true, detail: 'connected' }
      case 'needs-login':
        return { ready: false, detail: `needs-login (${c.method === 'qr' ? 'scan the QR code' : 'enter the pairing code'})` }
      case 'reconnecting':
        return { ready: false, detail: `reconnecting (attempt ${c.attempt}${c.code ? `, last code ${c.code}` : ''})` }
      case 'stopped':
        return { ready: false, detail: `stopped: ${c.reason}` }
      default:
        return { ready: false, detail: c.kind }
    }
  }

  async stop(): Promise<void> {
    await this.#halt({ kind: 'stopped', reason: 'requested', detail: 'stopped on request' })
    await this.#queue.idle()
  }

  settled(): Promise<void> {
    return this.#queue.idle()
  }

  /** Opens a fresh socket with the current auth state and listens to it. */
  async connect(): Promise<void> {
    if (this.#stopped) return
    let sock: WaSocketLike
    try {
      sock = await this.#createSocket({
        auth: this.auth.state,
        getMessage: async (key) => (key.id ? this.#sent.get(key.id) : undefined),
        msgRetryCounterCache: this.#retryCounters,
        logger: this.#baileysLog,
        lib: this.lib,
      })
    } catch (error) {
      this.#log.error({ err: errorText(error) }, 'could not create a WhatsApp socket; retrying')
      return this.#retry(undefined)
    }
    this.#sock = sock
    const auth = this.auth
    let pairingRequested = false
    /** Whether this socket showed a QR code or asked for a pairing code (a login cycle). */
    let loginShown = false

    sock.ev.on('creds.update', (update) => {
      Object.assign(auth.state.creds, update)
      auth.saveCreds().catch((error: unknown) => {
        this.#log.error({ err: errorText(error) }, 'could not save WhatsApp credentials; the login may be lost on restart')
      })
    })

    sock.ev.on('connection.update', (update) => {
      if (sock !== this.#sock || this.#stopped) return
      if (update.qr) {
        loginShown = true
        if (this.options.pairingNumber ?? this.options.runtime.config.WHATSAPP_PAIRING_NUMBER) {
          if (!pairingRequested) {
            pairingRequested = true
            void this.#requestPairingCode(sock, update.qr)
          }
        } else {
          this.connection = { kind: 'needs-login', method: 'qr' }
          this.#showLogin({ kind: 'qr', qr: update.qr })
        }
      }
      if (update.connection === 'open') this.#onOpen(sock)
      if (update.connection === 'close') void this.#onClose(disconnectCode(update.lastDisconnect?.error), loginShown)
    })

    sock.ev.on('messages.upsert', ({ messages, type }) => {
      if (sock !== this.#sock || this.#stopped) return
      for (const message of messages) this.#receive(message, type)
    })
  }

  get #stopped(): boolean {
    return this.connection.kind === 'stopped'
  }

  async #requestPairingCode(sock: WaSocketLike, qr: string): Promise<void> {
    const number = this.options.pairingNumber ?? this.options.runtime.config.WHATSAPP_PAIRING_NUMBER
    if (this.auth.state.creds.registered || !number || !sock.requestPairingCode) {
      this.connection = { kind: 'needs-login', method: 'qr' }
      return this.#showLogin({ kind: 'qr', qr })
    }
    try {
      const code = await sock.requestPairingCode(number)
      if (sock !== this.#sock || this.#stopped) return
      this.connection = { kind: 'needs-login', method: 'pairing-code' }
      this.#showLogin({ kind: 'pairing-code', code })
    } catch (error) {
      this.#log.warn({ err: errorText(error) }, 'could not get a pairing code; showing the QR code instead')
      this.connection = { kind: 'needs-login', method: 'qr' }
      this.#showLogin({ kind: 'qr', qr })
    }
  }

  #showLogin(prompt: LoginPrompt): void {
    this.#log.info({ method: prompt.kind }, 'WhatsApp login needed')
    ;(this.options.onLogin ?? printLogin)(prompt)
  }

  #onOpen(sock: WaSocketLike): void {
    this.#attempt = 0
    this.#loginCycles = 0
    this.connection = { kind: 'open' }
    this.#log.info('WhatsApp connected')
    for (const resolve of this.#openWaiters.splice(0)) resolve()
    void this.#claimNumber(sock)
  }

  async #onClose(code: number | undefined, loginShown: boolean): Promise<void> {
    const policy = disconnectPolicy(code)
    if (policy.action !== 'stop') this.#sock = undefined
    switch (policy.action) {
      case 'restart':
        this.#log.info({ code }, 'WhatsApp asked for a restart; reconnecting now')
        return this.connect()
      case 'stop':
        this.#log.error({ code }, `WhatsApp connection stopped: ${policy.why}`)
        return this.#halt({ kind: 'stopped', reason: policy.reason, detail: policy.why })
      case 'relogin':
        return this.#relogin(code, policy.why)
      default:
        return this.#retry(code, loginShown)
    }
  }

  async #relogin(code: number | undefined, why: string): Promise<void> {
    this.#log.warn({ code }, `WhatsApp session ended: ${why}. Wiping it; a new login is needed`)
    try {
      await this.auth.wipe()
      this.auth = await useStoreAuthState(this.options.runtime.store, this.session, this.lib)
    } catch (error) {
      this.#log.error({ err: errorText(error) }, 'could not wipe the WhatsApp session; retrying')
      return this.#retry(code)
    }
    await this.#releaseNumberLease()
    this.#attempt = 0
    this.#loginCycles = 0
    this.connection = { kind: 'needs-login', method: this.options.pairingNumber ?? this.options.runtime.config.WHATSAPP_PAIRING_NUMBER ? 'pairing-code' : 'qr' }
    return this.connect()
  }

  /** Reconnects after a backoff. A socket that showed a login code and closed unanswered is one login cycle. */
  async #retry(code: number | undefined, loginShown = false): Promise<void> {
    if (this.#stopped) return
    if (loginShown && !this.auth.state.creds.registered) {
      this.#loginCycles++
      const max = this.options.maxLoginCycles ?? 3
      if (this.#loginCycles >= max) {
        const detail = `no login after ${max} QR/pairing-code cycles; start the assistant again to get a new code`
        this.#log.error({ code }, `WhatsApp login not completed: ${detail}`)
        return this.#halt({ kind: 'stopped', reason: 'login-timeout', detail })
      }
    }
    this.#attempt++
    const delay = backoffDelay(this.#attempt, { random: this.#random })
    this.connection = code === undefined ? { kind: 'reconnecting', attempt: this.#attempt } : { kind: 'reconnecting', attempt: this.#attempt, code }
    const log = this.#attempt % 10 === 0 ? this.#log.error.bind(this.#log) : this.#log.warn.bind(this.#log)
    log({ code, attempt: this.#attempt, delayMs: delay }, 'WhatsApp connection closed; reconnecting with a fresh socket')
    await this.#wait(delay, this.#abort.signal)
    if (!this.#stopped) await this.connect()
  }

  async #halt(state: Extract<BaileysState, { kind: 'stopped' }>): Promise<void> {
    if (this.#stopped) return
    this.connection = state
    this.#abort.abort()
    this.#stopRenewal()
    for (const resolve of this.#openWaiters.splice(0)) resolve()
    const sock = this.#sock
    this.#sock = undefined
    try {
      sock?.end(undefined)
    } catch {
      // Already closed.
    }
    const { store } = this.options.runtime
    await store.releaseLease(this.leaseName, this.owner).catch(() => undefined)
    await this.#releaseNumberLease()
  }

  // ── one process per number ────────────────────────────────────────────────────────────────────────

  /** Once the number is known, takes a lease on it too (another session name could log in the same number). */
  async #claimNumber(sock: WaSocketLike): Promise<void> {
    const user = sock.user?.id ? this.lib.jidNormalizedUser(sock.user.id) : undefined
    if (!user) return
    const lease = `whatsapp-number:${createHash('sha256').update(user).digest('hex').slice(0, 24)}`
    try {
      if (await this.options.runtime.store.acquireLease(lease, this.owner, this.leaseTtlMs)) {
        this.#numberLease = lease
        return
      }
    } catch (error) {
      this.#log.warn({ err: errorText(error) }, 'could not take the WhatsApp number lease; will try again')
      return
    }
    const detail = 'another process is already connected with this WhatsApp number; run exactly one process per number'
    this.#log.error(detail)
    await this.#halt({ kind: 'stopped', reason: 'lease-lost', detail })
  }

  async #renewLeases(): Promise<void> {
    if (this.#stopped) return
    const { store } = this.options.runtime
    try {
      const names = [this.leaseName, ...(this.#numberLease ? [this.#numberLease] : [])]
      for (const name of names) {
        if (!(await store.acquireLease(name, this.owner, this.leaseTtlMs))) {
          const detail = `the lease "${name.split(':')[0]}" was taken by another process; stopping so that only one process uses this WhatsApp number`
          this.#log.error(detail)
          return await this.#halt({ kind: 'stopped', reason: 'lease-lost', detail })
        }
      }
      if (this.connection.kind === 'open' && !this.#numberLease && this.#sock) await this.#claimNumber(this.#sock)
    } catch (error) {
      this.#log.warn({ err: errorText(error) }, 'could not renew the WhatsApp lease; will try again')
    }
  }

  async #releaseNumberLease(): Promise<void> {
    const lease = this.#numberLease
    this.#numberLease = undefined
    if (lease) await this.options.runtime.store.releaseLease(lease, this.owner).catch(() => undefined)
  }

  // ── messages in ───────────────────────────────────────────────────────────────────────────────────

  #receive(message: WAMessage, type: string): void {
    const skip = skipReason(message, this.lib)
    if (skip) {
      if (skip !== 'own message') this.#log.debug({ skip, type }, 'message ignored')
      return
    }
    const id = message.key.id as string
    const jid = message.key.remoteJid as string
    if (this.#seen.has(id)) {
      this.#log.debug({ type }, 'duplicate message dropped')
      return
    }
    this.#seen.set(id, true)
    const sentAt = timestampMs(message)
    if (sentAt !== undefined && this.#now() - sentAt > (this.options.maxAgeMs ?? 3 * DAY)) {
      this.#log.info({ type }, 'message too old to answer; ignored')
      return
    }
    const content = extractContent(message.message, this.lib)
    if (content.kind === 'ignore') {
      this.#log.debug({ skip: content.reason, type }, 'message ignored')
      return
    }
    void this.#queue.push(jid, async () => {
      try {
        const phone = await this.#phoneOfLid(jid, message.key.remoteJidAlt)
        const inbound = toInbound(message, content, this.#now(), this.lib, phone)
        if (!inbound) return
        const replies = await this.options.runtime.gate.handle(inbound)
        await this.#markRead(message.key)
        await this.#send(jid, replies, userRef(`${CHANNEL}:${inbound.userId}`))
      } catch (error) {
        this.#log.error({ err: errorText(error) }, 'could not answer a WhatsApp message')
      }
    })
  }

  /** The phone digits of a LID sender without a phone address in the message, from Baileys' LID mapping. */
  async #phoneOfLid(jid: string, alt: string | undefined): Promise<string | undefined> {
    if (alt || !this.lib.isLidUser(jid)) return undefined
    try {
      const pn = await this.#sock?.signalRepository?.lidMapping?.getPNForLID(jid)
      const user = pn ? this.lib.jidDecode(pn)?.user : undefined
      return user && /^\d{6,15}$/.test(user) ? user : undefined
    } catch {
      return undefined
    }
  }

  async #markRead(key: WAMessageKey): Promise<void> {
    try {
      await this.#sock?.readMessages?.([key])
    } catch {
      // Blue ticks are a courtesy.
    }
  }

  // ── messages out ──────────────────────────────────────────────────────────────────────────────────

  /** Sends replies that no message asked for (an officer's message), in the chat's order. */
  deliver(jid: string, replies: Reply[]): Promise<void> {
    return this.#queue.push(jid, () => this.#send(jid, replies, userRef(`${CHANNEL}:${jid}`)))
  }

  /** Sends replies to the chat address exactly as it came in (a LID stays a LID). */
  async #send(jid: string, replies: Reply[], user: string): Promise<void> {
    for (const reply of replies) {
      for (const text of splitText(renderNumberedText(reply))) {
        if (!(await this.#sendText(jid, text))) {
          this.#log.warn({ user }, 'reply not delivered: WhatsApp stayed disconnected')
          return
        }
      }
    }
  }

  /** Sends one text, waiting once for a reconnect when the socket is down. Resolves whether it was sent. */
  async #sendText(jid: string, text: string): Promise<boolean> {
    for (let tries = 0; tries < 2; tries++) {
      const sock = this.connection.kind === 'open' ? this.#sock : undefined
      if (sock) {
        try {
          await this.#typing(sock, jid)
          const sent = await sock.sendMessage(jid, { text })
          if (sent?.key.id && sent.message) this.#sent.set(sent.key.id, sent.message)
          return true
        } catch (error) {
          this.#log.warn({ err: errorText(error) }, 'sending a WhatsApp message failed; will retry after reconnecting')
        }
      }
      if (this.#stopped || tries > 0) return false
      await this.#untilOpen(this.options.resendWaitMs ?? 120_000)
    }
    return false
  }

  async #typing(sock: WaSocketLike, jid: string): Promise<void> {
    const [min, max] = this.options.typingMs ?? [400, 1200]
    if (max <= 0) return
    await sock.sendPresenceUpdate?.('composing', jid).catch(() => undefined)
    await this.#wait(min + Math.round((max - min) * this.#random()), this.#abort.signal)
  }

  /** Resolves when the connection is open again, the channel stops, or `ms` passed. */
  #untilOpen(ms: number): Promise<void> {
    if (this.connection.kind === 'open') return Promise.resolve()
    return new Promise<void>((resolve) => {
      const timeout = new AbortController()
      const done = (): void => {
        timeout.abort()
        resolve()
      }
      this.#openWaiters.push(done)
      void this.#wait(ms, timeout.signal).then(() => {
        this.#openWaiters = this.#openWaiters.filter((w) => w !== done)
        resolve()
      })
    })
  }
}

function defaultEvery(ms: number, fn: () => void): () => void {
  const timer = setInterval(fn, ms)
  timer.unref()
  return () => clearInterval(timer)
}

/** Shows the QR code (as terminal art) or the pairing code on stderr; stdout belongs to the JSON chat. */
function printLogin(prompt: LoginPrompt): void {
  if (prompt.kind === 'pairing-code') {
    const code = prompt.code.length === 8 ? `${prompt.code.slice(0, 4)}-${prompt.code.slice(4)}` : prompt.code
    process.stderr.write(
      `\nWhatsApp pairing code: ${code}\nOn the phone: WhatsApp › Linked devices › Link a device › Link with phone number instead, then type the code.\n\n`,
    )
    return
  }
  void import('qrcode-terminal').then(({ default: qrcode }) => {
    qrcode.generate(prompt.qr, { small: true }, (art) => {
      process.stderr.write(`\nScan this QR code with WhatsApp on the phone (Linked devices › Link a device):\n${art}\n`)
    })
  })
}
