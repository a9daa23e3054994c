/**
 * A Baileys message → what the assistant needs of it: the typed text, a pressed button's id, or the kind of
 * media, or a reason to ignore it. And the checks that decide whether a message is for the assistant at all:
 * only one-to-one chats (phone-number or LID addresses), never groups, broadcasts, status or newsletters,
 * never our own messages, never stubs without content.
 *
 * Content wrappers (disappearing, view-once, edited, document-with-caption) are unwrapped with Baileys' own
 * `normalizeMessageContent`. A reply that quotes another message carries its new text in
 * `extendedTextMessage.text`; the quoted message (`contextInfo.quotedMessage`) is not read, so quoting the
 * menu and typing "2" means "2".
 */
import type { proto, WAMessage, WAMessageKey } from '@whiskeysockets/baileys'
import type { Inbound, MediaKind } from '../../engine/types.ts'

/** The pieces of Baileys this file uses (Baileys is loaded lazily, so it is passed in). */
export type BaileysExtractLib = Pick<
  typeof import('@whiskeysockets/baileys'),
  | 'normalizeMessageContent'
  | 'getContentType'
  | 'jidNormalizedUser'
  | 'jidDecode'
  | 'isPnUser'
  | 'isLidUser'
  | 'isHostedPnUser'
  | 'isHostedLidUser'
  | 'isJidGroup'
  | 'isJidBroadcast'
  | 'isJidStatusBroadcast'
  | 'isJidNewsletter'
>

export type Content =
  | { kind: 'text'; text: string }
  | { kind: 'choice'; choice: string; text?: string }
  | { kind: 'media'; media: MediaKind; text?: string }
  | { kind: 'ignore'; reason: string }

/** Messages without anything to answer: protocol notices, reactions, poll votes, key distribution. */
const IGNORED = new Set<string>([
  'protocolMessage',
  'reactionMessage',
  'encReactionMessage',
  'pollUpdateMessage',
  'senderKeyDistributionMessage',
  'keepInChatMessage',
  'pinInChatMessage',
  'callLogMesssage',
  'messageHistoryBundle',
  'botInvokeMessage',
])

const MEDIA: Record<string, MediaKind> = {
  imageMessage: 'image',
  videoMessage: 'video',
  ptvMessage: 'video',
  documentMessage: 'document',
  stickerMessage: 'sticker',
  lottieStickerMessage: 'sticker',
  stickerPackMessage: 'sticker',
  locationMessage: 'location',
  liveLocationMessage: 'location',
  contactMessage: 'contact',
  contactsArrayMessage: 'contact',
}

/** Reads the content of a message. */
export function extractContent(message: proto.IMessage | null | undefined, lib: BaileysExtractLib): Content {
  const content = lib.normalizeMessageContent(message)
  const type = content ? lib.getContentType(content) : undefined
  if (!content || !type) return { kind: 'ignore', reason: 'no content' }
  if (IGNORED.has(type)) return { kind: 'ignore', reason: type }
  switch (type) {
    case 'conversation':
      return { kind: 'text', text: content.conversation ?? '' }
    case 'extendedTextMessage':
      return { kind: 'text', text: content.extendedTextMessage?.text ?? '' }
    case 'audioMessage':
      return { kind: 'media', media: content.audioMessage?.ptt ? 'voice' : 'audio' }
    case 'buttonsResponseMessage':
      return choice(content.buttonsResponseMessage?.selectedButtonId, content.buttonsResponseMessage?.selectedDisplayText)
    case 'templateButtonReplyMessage':
      return choice(content.templateButtonReplyMessage?.selectedId, content.templateButtonReplyMessage?.selectedDisplayText)
    case 'listResponseMessage':
      return choice(content.listResponseMessage?.singleSelectReply?.selectedRowId, content.listResponseMessage?.title)
    case 'interactiveResponseMessage':
      return choice(nativeFlowId(content.interactiveResponseMessage?.nativeFlowResponseMessage?.paramsJson), content.interactiveResponseMessage?.body?.text)
  }
  const media = MEDIA[type]
  if (!media) return { kind: 'media', media: 'other' }
  const caption = captionOf(content, type)
  return caption ? { kind: 'media', media, text: caption } : { kind: 'media', media }
}

function choice(id: string | null | undefined, text: string | null | undefined): Content {
  if (id) return text ? { kind: 'choice', choice: id, text } : { kind: 'choice', choice: id }
  return text ? { kind: 'text', text } : { kind: 'ignore', reason: 'empty choice' }
}

function nativeFlowId(paramsJson: string | null | undefined): string | undefined {
  if (!paramsJson) return undefined
  try {
    const id = (JSON.parse(paramsJson) as { id?: unknown }).id
    return typeof id === 'string' ? id : undefined
  } catch {
    return undefined
  }
}

function captionOf(content: proto.IMessage, type: string): string | undefined {
  const value = (content as Record<string, { caption?: string | null } | null | undefined>)[type]
  const caption = value?.caption?.trim()
  return caption ? caption : undefined
}

/** Why a message is not for the assistant, or `undefined` when it is. */
export function skipReason(message: WAMessage, lib: BaileysExtractLib): string | undefined {
  const { key } = message
  const jid = key?.remoteJid ?? undefined
  if (!key?.id || !jid) return 'no id or chat'
  if (key.fromMe) return 'own message'
  if (lib.isJidStatusBroadcast(jid)) return 'status'
  if (lib.isJidBroadcast(jid)) return 'broadcast'
  if (lib.isJidNewsletter(jid)) return 'newsletter'
  if (lib.isJidGroup(jid) || key.participant) return 'group'
  if (!(lib.isPnUser(jid) || lib.isLidUser(jid) || lib.isHostedPnUser(jid) || lib.isHostedLidUser(jid))) return 'not a person'
  if (!message.message) return 'no content (stub)'
  return undefined
}

/** The sender's phone digits with country code, when the message shows them (a PN address, or a LID's alt). */
export function phoneOf(key: WAMessageKey, lib: BaileysExtractLib): string | undefined {
  for (const jid of [key.remoteJid, key.remoteJidAlt]) {
    if (jid && (lib.isPnUser(jid) || lib.isHostedPnUser(jid))) {
      const user = lib.jidDecode(jid)?.user
      if (user && /^\d{6,15}$/.test(user)) return user
    }
  }
  return undefined
}

/** A message's timestamp in epoch milliseconds (WhatsApp gives seconds: a number, a protobuf Long or a string). */
export function timestampMs(message: WAMessage): number | undefined {
  const raw = message.messageTimestamp
  if (raw === null || raw === undefined) return undefined
  const seconds = typeof raw === 'number' ? raw : Number(raw.toString())
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : undefined
}

/**
 * The inbound message for the gate, or `undefined` when there is nothing to hand in. `phone` may come from
 * elsewhere (Baileys' LID → phone mapping) when the message does not show it.
 */
export function toInbound(message: WAMessage, content: Content, now: number, lib: BaileysExtractLib, phone?: string): Inbound | undefined {
  if (content.kind === 'ignore') return undefined
  const key = message.key
  const inbound: Inbound = {
    channel: 'whatsapp',
    userId: lib.jidNormalizedUser(key.remoteJid ?? undefined),
    messageId: key.id ?? '',
    now,
  }
  const found = phone ?? phoneOf(key, lib)
  if (found) inbound.phone = found
  if (content.kind === 'text') inbound.text = content.text
  else if (content.kind === 'choice') inbound.choice = content.choice
  else {
    inbound.media = content.media
    if (content.text) inbound.text = content.text
  }
  return inbound
}
