/**
 * Sending to one chat: the engine's replies (rendered by `render.ts`), officer answers (texts and documents),
 * and tidying a pressed message (its keyboard removed, the chosen option written under it).
 *
 * Calls are awaited one after another, so a chat receives its messages in order; pacing and 429 retries
 * happen underneath (see `api.ts`).
 */
import { InputFile, type Api } from 'grammy'
import type { Message } from 'grammy/types'
import type { Reply } from '../../engine/types.ts'
import type { OfficerAnswer } from './admin.ts'
import { pressedLabel, renderReply, splitText, TELEGRAM_TEXT_LIMIT } from './render.ts'

export interface SendTarget {
  chatId: number
  /** In a group: the message to quote, so it is clear whom the answer is for. */
  replyTo?: number
}

const NO_PREVIEW = { link_preview_options: { is_disabled: true } } as const

function quoteOnce(target: SendTarget, first: boolean) {
  return first && target.replyTo !== undefined
    ? { reply_parameters: { message_id: target.replyTo, allow_sending_without_reply: true } }
    : {}
}

/** Sends the replies, in order. Resolves with the number of messages sent. */
export async function sendReplies(api: Api, target: SendTarget, replies: readonly Reply[]): Promise<number> {
  let sent = 0
  for (const reply of replies) {
    for (const message of renderReply(reply)) {
      await api.sendMessage(target.chatId, message.html, {
        parse_mode: 'HTML',
        ...NO_PREVIEW,
        ...(message.keyboard ? { reply_markup: message.keyboard } : {}),
        ...quoteOnce(target, sent === 0),
      })
      sent++
    }
  }
  return sent
}

/** Sends officer answers: texts as plain text (they show file paths and raw questions), documents as files. */
export async function sendOfficerAnswers(api: Api, chatId: number, answers: readonly OfficerAnswer[]): Promise<void> {
  for (const answer of answers) {
    if ('text' in answer) {
      for (const part of splitText(answer.text)) await api.sendMessage(chatId, part, NO_PREVIEW)
    } else {
      const { filename, bytes, caption } = answer.document
      await api.sendDocument(chatId, new InputFile(bytes, filename), { caption })
    }
  }
}

/**
 * After a press: removes the keyboard of the pressed message and writes the chosen option under its text,
 * so the chat shows what was chosen and the old menu does not linger. Falls back to removing the keyboard
 * alone when the text cannot be edited (inaccessible, or too long).
 */
export async function markPressed(api: Api, chatId: number, message: Message, data: string): Promise<void> {
  const label = pressedLabel(message.reply_markup, data)
  const text = message.text
  if (label && text) {
    const edited = `${text}\n\n✅ ${label}`
    if (edited.length <= TELEGRAM_TEXT_LIMIT) {
      // The original formatting (entities) stays valid: text is only added at the end.
      await api.editMessageText(chatId, message.message_id, edited, {
        ...(message.entities ? { entities: message.entities } : {}),
        ...NO_PREVIEW,
      })
      return
    }
  }
  await api.editMessageReplyMarkup(chatId, message.message_id)
}
