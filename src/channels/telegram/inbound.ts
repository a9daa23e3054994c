/**
 * From a Telegram update to the assistant's `Inbound` shape, and the decisions that come before it: is the
 * message for us at all (group chats), is it a command, what kind of media is it.
 *
 * Plain functions over the Bot API's update objects, so every rule here is a unit test without a bot.
 *
 * - `userId` is the Telegram user id and `messageId` the `update_id`, so the gate drops a redelivered update.
 * - `lang` is a hint from the user's app language (`id…` or `en…`; anything else: none).
 * - In groups the bot answers only when addressed: a command (`/menu` or `/menu@ThisBot`), a mention of
 *   `@ThisBot`, or a reply to one of its messages. Everything else there is ignored, silently.
 * - Commands lose their `@ThisBot` suffix; `/start` also loses its deep-link payload (`/start abc` → `/start`).
 */
import type { CallbackQuery, Message, MessageEntity, User } from 'grammy/types'
import type { Inbound, Lang, MediaKind } from '../../engine/types.ts'
import { pressToInput } from './render.ts'

export const TELEGRAM_CHANNEL = 'telegram'

/** Who the bot is, from `getMe`. */
export interface BotIdentity {
  id: number
  username: string
}

/** A message or press the assistant should handle. */
export interface TelegramInput {
  inbound: Inbound
  chatId: number
  /** Private chat, or a group / supergroup where the bot was addressed. */
  chatType: 'private' | 'group'
  /** The command without `/` and `@bot`, lower-cased, when the text starts with one (e.g. `export`). */
  command?: string
  /** What follows the command, trimmed. */
  args?: string
  /** For a message in a group: its id, so the answer can quote it. */
  replyTo?: number
}

/** Why an update is not handled (for debug logs; never contains message content). */
export type Skip = { skip: 'not-addressed' | 'channel-post' | 'from-bot' | 'no-sender' | 'service-message' | 'no-chat' | 'no-data' }

/** `id`, `id-ID` → `id`; `en`, `en-GB` → `en`; anything else → no hint. */
export function langOf(user: Pick<User, 'language_code'> | undefined): Lang | undefined {
  const code = user?.language_code?.toLowerCase()
  if (!code) return undefined
  if (code === 'id' || code.startsWith('id-') || code === 'in') return 'id'
  if (code === 'en' || code.startsWith('en-')) return 'en'
  return undefined
}

/** The kind of media a message carries, or `undefined` for a text message (or a service message). */
export function mediaOf(message: Message): MediaKind | undefined {
  if (message.photo || message.live_photo) return 'image'
  if (message.voice) return 'voice'
  if (message.audio) return 'audio'
  // An animation (GIF) also carries `document`; it is a video to the user.
  if (message.video || message.video_note || message.animation) return 'video'
  if (message.sticker) return 'sticker'
  if (message.location || message.venue) return 'location'
  if (message.document) return 'document'
  if (message.contact) return 'contact'
  if (message.poll || message.dice || message.game || message.story || message.paid_media || message.invoice) return 'other'
  return undefined
}

function entityText(text: string, entity: MessageEntity): string {
  return text.slice(entity.offset, entity.offset + entity.length)
}

/** The leading `/command[@bot]`, if the text starts with one. */
function leadingCommand(text: string, entities: readonly MessageEntity[] | undefined): { name: string; target?: string; rest: string } | undefined {
  const entity = entities?.find((e) => e.type === 'bot_command' && e.offset === 0)
  const raw = entity ? entityText(text, entity) : /^\/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,64})?(?=\s|$)/.exec(text)?.[0]
  if (!raw) return undefined
  const [name, target] = raw.slice(1).split('@') as [string, string | undefined]
  return { name: name.toLowerCase(), ...(target ? { target } : {}), rest: text.slice(raw.length).trim() }
}

/** Whether a group message is for this bot, and its text without the `@ThisBot` mention. */
function addressing(message: Message, text: string, bot: BotIdentity): { addressed: boolean; text: string } {
  const entities = message.entities ?? message.caption_entities ?? []
  const handle = `@${bot.username}`.toLowerCase()
  let addressed = message.reply_to_message?.from?.id === bot.id
  let cleaned = text
  for (const entity of entities) {
    if (entity.type === 'mention' && entityText(text, entity).toLowerCase() === handle) addressed = true
    if (entity.type === 'text_mention' && entity.user.id === bot.id) addressed = true
  }
  const command = leadingCommand(text, entities)
  if (command && (!command.target || `@${command.target}`.toLowerCase() === handle)) addressed = true
  if (addressed) cleaned = text.replace(new RegExp(`(^|\\s)${escapeRegExp(handle)}\\b`, 'gi'), ' ').replace(/\s+/g, ' ').trim()
  return { addressed, text: cleaned }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/** Maps a message update. `now` is used only when the message has no date. */
export function messageToInput(updateId: number, message: Message, bot: BotIdentity, now: number): TelegramInput | Skip {
  if (message.chat.type === 'channel') return { skip: 'channel-post' }
  const from = message.from
  if (!from) return { skip: 'no-sender' }
  if (from.is_bot) return { skip: 'from-bot' }
  const isPrivate = message.chat.type === 'private'

  let text = message.text ?? message.caption ?? ''
  const media = mediaOf(message)
  if (!text && !media) return { skip: 'service-message' }
  if (!isPrivate) {
    const group = addressing(message, text, bot)
    if (!group.addressed) return { skip: 'not-addressed' }
    text = group.text
  }

  let command: { name: string; rest: string } | undefined
  const leading = text ? leadingCommand(text, message.entities ?? message.caption_entities) : undefined
  if (leading && (!leading.target || leading.target.toLowerCase() === bot.username.toLowerCase())) {
    command = { name: leading.name, rest: leading.rest }
    // `/start payload` (a deep link) is `/start`; other commands keep what follows, without `@bot`.
    text = leading.name === 'start' || !leading.rest ? `/${leading.name}` : `/${leading.name} ${leading.rest}`
  }

  const lang = langOf(from)
  const inbound: Inbound = {
    channel: TELEGRAM_CHANNEL,
    userId: String(from.id),
    messageId: String(updateId),
    ...(text ? { text } : {}),
    ...(media ? { media } : {}),
    ...(lang ? { lang } : {}),
    now: message.date > 0 ? message.date * 1000 : now,
  }
  return {
    inbound,
    chatId: message.chat.id,
    chatType: isPrivate ? 'private' : 'group',
    ...(command ? { command: command.name, args: command.rest } : {}),
    ...(isPrivate ? {} : { replyTo: message.message_id }),
  }
}

/** Maps a button press. `now` is the time of the press (a callback query carries no date of its own). */
export function pressToInputOf(updateId: number, query: CallbackQuery, now: number): TelegramInput | Skip {
  const chat = query.message?.chat
  if (!chat) return { skip: 'no-chat' }
  if (chat.type === 'channel') return { skip: 'channel-post' }
  if (query.from.is_bot) return { skip: 'from-bot' }
  if (!query.data) return { skip: 'no-data' }
  const lang = langOf(query.from)
  const inbound: Inbound = {
    channel: TELEGRAM_CHANNEL,
    userId: String(query.from.id),
    messageId: String(updateId),
    ...pressToInput(query.data),
    ...(lang ? { lang } : {}),
    now,
  }
  return { inbound, chatId: chat.id, chatType: chat.type === 'private' ? 'private' : 'group' }
}

export function isSkip(value: TelegramInput | Skip): value is Skip {
  return 'skip' in value
}
