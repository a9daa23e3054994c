/**
 * The WhatsApp Cloud API webhook, without HTTP: the verification handshake, the signature check, and the
 * payload → inbound messages. `cloud.ts` mounts these on the HTTP listener.
 *
 * - Verification (GET): Meta sends `hub.mode=subscribe`, `hub.verify_token` and `hub.challenge`; the answer is
 *   the challenge, as is, when the token matches.
 * - Signature (POST): `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body with the app secret>`,
 *   computed over the bytes exactly as received (a re-serialized body would not match) and compared in
 *   constant time.
 * - Payload: every `entry[].changes[].value.messages[]` is read (not just the first), for our phone number id
 *   only. Text → `text`; a reply button or list row → `choice` (the id we sent); a media caption → `text` with
 *   `media`; voice notes, stickers, locations → `media`. The sender is `from` (`wa_id`, the phone digits);
 *   since 2026 a user with a username may come with only a business-scoped user id (`user_id`), which is
 *   then the address to answer.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto'
import { z } from 'zod'
import type { Inbound, MediaKind } from '../../engine/types.ts'

/** Where to send a reply: the phone (`to`) or, when there is none, the business-scoped user id (`recipient`). */
export type CloudAddress = { to: string } | { recipient: string }

export interface CloudMessage {
  inbound: Inbound
  address: CloudAddress
  /** When the user sent it (epoch ms), from the webhook's `timestamp`; opens the 24-hour window. */
  sentAt: number
}

export interface CloudStatus {
  status: string
  /** Meta's error codes of a failed message (no personal data). */
  errors: number[]
}

/** Checks `X-Hub-Signature-256` over the raw body, in constant time. */
export function verifySignature(rawBody: Buffer, header: string | undefined, appSecret: string): boolean {
  if (typeof header !== 'string' || !header.startsWith('sha256=')) return false
  const hex = header.slice('sha256='.length).trim()
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) return false
  const got = Buffer.from(hex, 'hex')
  const want = createHmac('sha256', appSecret).update(rawBody).digest()
  return timingSafeEqual(got, want)
}

/** The answer to Meta's verification request: the challenge when mode and token are right, otherwise 403. */
export function verifyChallenge(query: Record<string, unknown>, verifyToken: string): { status: 200; challenge: string } | { status: 403 } {
  const mode = query['hub.mode']
  const token = query['hub.verify_token']
  const challenge = query['hub.challenge']
  if (mode !== 'subscribe' || typeof token !== 'string' || typeof challenge !== 'string') return { status: 403 }
  // Hashing both sides gives equal lengths, so the comparison takes the same time whatever was sent.
  const digest = (s: string): Buffer => createHash('sha256').update(s).digest()
  return timingSafeEqual(digest(token), digest(verifyToken)) ? { status: 200, challenge } : { status: 403 }
}

const captioned = z.object({ caption: z.string().optional() }).optional()

const messageSchema = z.object({
  id: z.string().min(1),
  from: z.string().optional(),
  from_user_id: z.string().optional(),
  timestamp: z.union([z.string(), z.number()]).optional(),
  type: z.string(),
  text: z.object({ body: z.string() }).optional(),
  interactive: z
    .object({
      type: z.string(),
      button_reply: z.object({ id: z.string(), title: z.string().optional() }).optional(),
      list_reply: z.object({ id: z.string(), title: z.string().optional() }).optional(),
    })
    .optional(),
  button: z.object({ payload: z.string().optional(), text: z.string().optional() }).optional(),
  image: captioned,
  video: captioned,
  document: captioned,
  audio: z.object({ voice: z.boolean().optional() }).optional(),
})

const valueSchema = z.object({
  metadata: z.object({ phone_number_id: z.string() }).optional(),
  contacts: z.array(z.object({ wa_id: z.string().optional(), user_id: z.string().optional() })).optional(),
  messages: z.array(z.unknown()).optional(),
  statuses: z.array(z.unknown()).optional(),
})

const statusSchema = z.object({
  status: z.string(),
  errors: z.array(z.object({ code: z.number().optional() })).optional(),
})

const payloadSchema = z.object({
  object: z.string().optional(),
  entry: z.array(z.object({ changes: z.array(z.object({ field: z.string().optional(), value: z.unknown() })).optional() })).optional(),
})

type Message = z.output<typeof messageSchema>

const MEDIA_TYPES: Record<string, MediaKind> = {
  image: 'image',
  video: 'video',
  document: 'document',
  sticker: 'sticker',
  location: 'location',
  contacts: 'contact',
  unsupported: 'other',
}

/** Types that carry nothing to answer. */
const IGNORED_TYPES = new Set(['reaction', 'system', 'request_welcome', 'order', 'ephemeral', 'edit', 'revoke'])

/**
 * Reads a webhook payload. Messages for another phone number id and messages that cannot be read are left
 * out (`skipped` counts them); statuses are returned for metrics and logs.
 */
export function parseWebhook(body: unknown, phoneNumberId: string, now: number): { messages: CloudMessage[]; statuses: CloudStatus[]; skipped: number } {
  const messages: CloudMessage[] = []
  const statuses: CloudStatus[] = []
  let skipped = 0
  const payload = payloadSchema.safeParse(body)
  if (!payload.success) return { messages, statuses, skipped: 1 }
  for (const entry of payload.data.entry ?? []) {
    for (const change of entry.changes ?? []) {
      if (change.field !== undefined && change.field !== 'messages') continue
      const value = valueSchema.safeParse(change.value)
      if (!value.success) {
        skipped++
        continue
      }
      const { metadata, contacts = [], messages: raw = [], statuses: rawStatuses = [] } = value.data
      if (metadata && metadata.phone_number_id !== phoneNumberId) {
        skipped += raw.length
        continue
      }
      for (const item of rawStatuses) {
        const status = statusSchema.safeParse(item)
        if (status.success) statuses.push({ status: status.data.status, errors: (status.data.errors ?? []).flatMap((e) => (e.code === undefined ? [] : [e.code])) })
      }
      for (const item of raw) {
        const message = messageSchema.safeParse(item)
        const read = message.success ? toCloudMessage(message.data, contacts, now) : undefined
        if (read) messages.push(read)
        else skipped++
      }
    }
  }
  return { messages, statuses, skipped }
}

function toCloudMessage(message: Message, contacts: Array<{ wa_id?: string | undefined; user_id?: string | undefined }>, now: number): CloudMessage | undefined {
  const phone = message.from && /^\d{6,15}$/.test(message.from) ? message.from : undefined
  const contact = contacts.find((c) => (phone ? c.wa_id === phone : c.user_id === message.from_user_id)) ?? (contacts.length === 1 ? contacts[0] : undefined)
  const userId = message.from_user_id ?? contact?.user_id
  const address: CloudAddress | undefined = phone ? { to: phone } : userId ? { recipient: userId } : undefined
  if (!address) return undefined
  const content = contentOf(message)
  if (!content) return undefined
  const inbound: Inbound = {
    channel: 'whatsapp',
    // The same key as a phone-number chat over Baileys, so one person is one user whatever the transport.
    userId: phone ? `${phone}@s.whatsapp.net` : `bsuid:${userId}`,
    messageId: message.id,
    now,
    ...content,
  }
  if (phone) inbound.phone = phone
  const seconds = Number(message.timestamp)
  return { inbound, address, sentAt: Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : now }
}

function contentOf(message: Message): Pick<Inbound, 'text' | 'choice' | 'media'> | undefined {
  switch (message.type) {
    case 'text':
      return message.text ? { text: message.text.body } : undefined
    case 'interactive': {
      const reply = message.interactive?.button_reply ?? message.interactive?.list_reply
      return reply ? { choice: reply.id } : { media: 'other' }
    }
    case 'button': // a quick-reply button of a template message: its text is what the user "said"
      return message.button?.text ? { text: message.button.text } : undefined
    case 'audio':
      return { media: message.audio?.voice ? 'voice' : 'audio' }
  }
  if (IGNORED_TYPES.has(message.type)) return undefined
  const media = MEDIA_TYPES[message.type] ?? 'other'
  const caption = (message as Record<string, { caption?: string } | undefined>)[message.type]?.caption?.trim()
  return caption ? { media, text: caption } : { media }
}
