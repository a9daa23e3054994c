/**
 * One reply → the Cloud API message bodies that show it, picked by the number of choices and the length of
 * their labels (Meta's limits, developers.facebook.com › WhatsApp › Messages):
 *
 * | choices                                   | rendered as                                  |
 * | ----------------------------------------- | -------------------------------------------- |
 * | none                                      | text (split at 4096 characters)              |
 * | 1–3, labels ≤ 20 characters, all distinct | reply buttons                                |
 * | 1–10, labels ≤ 24 characters, distinct    | a list (one section, a "Pilih" button)       |
 * | anything else                             | numbered text ("1. …", "Balas 1, 2 atau 3")  |
 *
 * Labels are never shortened: a cut label could read as another choice. Content that wants buttons or a list
 * keeps its labels short. Whatever is shown, people may also type the number or the label; the engine
 * understands both. An interactive body holds 1024 characters: a longer text goes first as text messages and
 * its end becomes the body.
 */
import type { Choice, Reply } from '../../engine/types.ts'
import { looksEnglish, renderNumberedText, splitTail, splitText, toWhatsAppFormatting, WHATSAPP_TEXT_LIMIT } from './render.ts'

export const CLOUD_LIMITS = {
  buttons: 3,
  buttonTitle: 20,
  listRows: 10,
  rowTitle: 24,
  listButton: 20,
  interactiveBody: 1024,
  text: WHATSAPP_TEXT_LIMIT,
} as const

export type ChoiceLayout = 'none' | 'buttons' | 'list' | 'numbered'

/** The part of a Graph API `/messages` body that depends on the content (without `to` and `messaging_product`). */
export type CloudContent =
  | { type: 'text'; text: { body: string; preview_url: boolean } }
  | {
      type: 'interactive'
      interactive: { type: 'button'; body: { text: string }; action: { buttons: Array<{ type: 'reply'; reply: { id: string; title: string } }> } }
    }
  | {
      type: 'interactive'
      interactive: { type: 'list'; body: { text: string }; action: { button: string; sections: Array<{ rows: Array<{ id: string; title: string }> }> } }
    }

/** How a set of choices is shown on the Cloud API. */
export function choiceLayout(choices: readonly Choice[] | undefined): ChoiceLayout {
  if (!choices || choices.length === 0) return 'none'
  const labels = choices.map((c) => c.label.trim())
  const distinct = new Set(labels).size === labels.length && new Set(choices.map((c) => c.id)).size === choices.length
  const fits = (max: number): boolean => labels.every((label) => label.length > 0 && [...label].length <= max)
  if (!distinct) return 'numbered'
  if (choices.length <= CLOUD_LIMITS.buttons && fits(CLOUD_LIMITS.buttonTitle)) return 'buttons'
  if (choices.length <= CLOUD_LIMITS.listRows && fits(CLOUD_LIMITS.rowTitle)) return 'list'
  return 'numbered'
}

/** The message bodies that show one reply, in sending order. */
export function renderCloud(reply: Reply): CloudContent[] {
  const layout = choiceLayout(reply.choices)
  if (layout === 'none' || layout === 'numbered') {
    const text = layout === 'none' ? toWhatsAppFormatting(reply.text) : renderNumberedText(reply)
    return splitText(text, CLOUD_LIMITS.text).map(textContent)
  }
  const { head, tail } = splitTail(toWhatsAppFormatting(reply.text), CLOUD_LIMITS.interactiveBody, CLOUD_LIMITS.text)
  const body = { text: tail || '…' }
  const choices = reply.choices ?? []
  const interactive: CloudContent =
    layout === 'buttons'
      ? {
          type: 'interactive',
          interactive: {
            type: 'button',
            body,
            action: { buttons: choices.map((c) => ({ type: 'reply' as const, reply: { id: c.id, title: c.label.trim() } })) },
          },
        }
      : {
          type: 'interactive',
          interactive: {
            type: 'list',
            body,
            action: {
              button: looksEnglish(reply) ? 'Choose' : 'Pilih',
              sections: [{ rows: choices.map((c) => ({ id: c.id, title: c.label.trim() })) }],
            },
          },
        }
  return [...head.map(textContent), interactive]
}

function textContent(body: string): CloudContent {
  // Link previews would make every answer with a source address show a large card.
  return { type: 'text', text: { body, preview_url: false } }
}
