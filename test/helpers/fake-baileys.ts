/**
 * A fake Baileys socket for channel tests: an event emitter as `ev`, a `sendMessage` that records what was
 * sent, and a `user`. Tests drive it with the events Baileys emits (`connection.update`, `messages.upsert`,
 * `creds.update`) and build messages with Baileys' real `proto`. No network, no sleeps: `nextSocket()` and
 * `waitForSent()` resolve on events.
 */
import { EventEmitter } from 'node:events'
import { proto, type WAMessage } from '@whiskeysockets/baileys'
import type { SocketFactory, SocketFactoryInput, WaSocketLike } from '../../src/channels/whatsapp/baileys.ts'

export interface SentText {
  jid: string
  text: string
}

export interface FakeSocket {
  ev: EventEmitter
  user: { id: string; lid: string }
  /** What the channel gave the factory (auth state, getMessage, …). */
  input: SocketFactoryInput
  sent: SentText[]
  pairingRequests: string[]
  ended: boolean
  open(): void
  /** Emits `connection: 'close'` with a Boom-shaped error carrying `statusCode`. */
  close(statusCode: number): void
  qr(code?: string): void
  upsert(type: 'notify' | 'append', ...messages: WAMessage[]): void
}

export interface FakeBaileys {
  factory: SocketFactory
  sockets: FakeSocket[]
  /** The next socket, once the channel listens to it (resolves at once if it exists). */
  nextSocket(): Promise<FakeSocket>
  /** Every text sent by any socket, in order. */
  sent: SentText[]
  /** Resolves when at least `count` texts were sent in total. */
  waitForSent(count: number): Promise<SentText[]>
}

export const BOT = { id: '6289900001111:7@s.whatsapp.net', lid: '99990001111:7@lid' }

export function fakeBaileys(options: { pairingCode?: string } = {}): FakeBaileys {
  const sockets: FakeSocket[] = []
  const sent: SentText[] = []
  const events = new EventEmitter()
  let awaited = 0

  const factory: SocketFactory = (input) => {
    const ev = new EventEmitter()
    const socket: FakeSocket = {
      ev,
      user: BOT,
      input,
      sent: [],
      pairingRequests: [],
      ended: false,
      open: () => void ev.emit('connection.update', { connection: 'open' }),
      close: (statusCode) =>
        void ev.emit('connection.update', {
          connection: 'close',
          lastDisconnect: { error: Object.assign(new Error(`closed ${statusCode}`), { output: { statusCode } }), date: new Date() },
        }),
      qr: (code = 'QR-REF-1') => void ev.emit('connection.update', { qr: code }),
      upsert: (type, ...messages) => void ev.emit('messages.upsert', { type, messages }),
    }
    const like = {
      ev,
      user: socket.user,
      async sendMessage(jid: string, content: { text?: string }) {
        const text = content.text ?? ''
        socket.sent.push({ jid, text })
        sent.push({ jid, text })
        events.emit('sent')
        return proto.WebMessageInfo.create({ key: { id: `OUT${sent.length}`, remoteJid: jid, fromMe: true }, message: { conversation: text } })
      },
      async requestPairingCode(phone: string) {
        socket.pairingRequests.push(phone)
        return options.pairingCode ?? 'ABCD1234'
      },
      async sendPresenceUpdate() {},
      async readMessages() {},
      end() {
        socket.ended = true
      },
    }
    // A socket counts as created once the channel listens to it (its last listener is `messages.upsert`).
    ev.on('newListener', (name: string) => {
      if (name !== 'messages.upsert') return
      queueMicrotask(() => {
        sockets.push(socket)
        events.emit('socket')
      })
    })
    return like as unknown as WaSocketLike
  }

  return {
    factory,
    sockets,
    sent,
    nextSocket() {
      const index = awaited++
      return new Promise((resolve) => {
        const check = (): void => {
          const socket = sockets[index]
          if (!socket) return
          events.off('socket', check)
          resolve(socket)
        }
        events.on('socket', check)
        check()
      })
    },
    waitForSent(count) {
      return new Promise((resolve) => {
        const check = (): void => {
          if (sent.length < count) return
          events.off('sent', check)
          resolve(sent)
        }
        events.on('sent', check)
        check()
      })
    },
  }
}

let counter = 0

/** An incoming one-to-one text message, as Baileys upserts it. */
export function waMessage(
  remoteJid: string,
  message: proto.IMessage,
  extra: { id?: string; remoteJidAlt?: string; participant?: string; fromMe?: boolean; at?: number } = {},
): WAMessage {
  const key: Record<string, unknown> = { remoteJid, id: extra.id ?? `IN${++counter}`, fromMe: extra.fromMe ?? false }
  if (extra.remoteJidAlt) key.remoteJidAlt = extra.remoteJidAlt
  if (extra.participant) key.participant = extra.participant
  return proto.WebMessageInfo.create({
    key,
    message,
    messageTimestamp: Math.floor((extra.at ?? Date.now()) / 1000),
  }) as WAMessage
}
