/**
 * The Telegram officer group (`OFFICER_TELEGRAM_CHAT_ID`, docs/handoff.md): each case is posted there with the
 * messages the user agreed to share, and every later message of the user follows as a reply to it. Officers:
 *
 *   reply to any post of a case       → the text reaches the user on the user's own channel
 *   /claim (as a reply, or /claim MA-7K3F9Q)   → takes the case
 *   /close (as a reply, or /close MA-7K3F9Q)   → ends it; the user is told and handed back to the assistant
 *   /cases                            → the open cases
 *
 * Everything is sent as plain text (no HTML), so what users write is shown as written. Bot API updates that
 * arrive twice are acted on once. Officers are identified as `telegram:<user id>` in the audit log.
 */
import type { Api } from 'grammy'
import type { Message } from 'grammy/types'
import type { HandoffCase } from '../../handoff/cases.ts'
import type { OfficerNotice } from '../../handoff/bus.ts'
import type { ActionResult, HandoffService, OfficerDesk } from '../../handoff/service.ts'
import type { Logger } from '../../logger.ts'
import type { Store } from '../../store/types.ts'
import { splitText } from './render.ts'

const SEEN_TTL_SECONDS = 3 * 24 * 3600
const COMMAND = /^\/(claim|ambil|close|tutup|cases|kasus)(?:@\w+)?(?:\s+(.*))?$/is

const ERRORS: Record<Exclude<ActionResult, { ok: true }>['error'], string> = {
  not_found: 'Kasus tidak ditemukan (mungkin sudah dihapus atas permintaan pengguna).',
  closed: 'Kasus ini sudah ditutup; tidak ada yang dikirim. Pengguna bisa meminta petugas lagi.',
  outside_window:
    'Pesan TIDAK terkirim: pesan terakhir pengguna lebih dari 24 jam yang lalu, jadi WhatsApp tidak mengizinkan pesan bebas. Pengguna harus menulis dulu.',
  invalid: 'Pesan kosong atau terlalu panjang; tidak ada yang dikirim.',
  unavailable: 'Asisten sedang memulai; coba lagi sebentar.',
}

export interface OfficerGroupOptions {
  api: Api
  chatId: number
  handoff: HandoffService
  store: Pick<Store, 'markSeen'>
  log: Logger
}

export class OfficerGroup implements OfficerDesk {
  constructor(private readonly options: OfficerGroupOptions) {}

  owns(chatId: number | undefined): boolean {
    return chatId === this.options.chatId
  }

  // ── posts about cases ─────────────────────────────────────────────────────────────────────────────

  async notify(notice: OfficerNotice): Promise<void> {
    const found = notice.case
    const ref = found.ref
    switch (notice.kind) {
      case 'opened':
        return this.#post(found, openedText(found), false)
      case 'message':
        return this.#post(found, `💬 ${ref}: ${notice.message.text}`, true)
      case 'replied':
        return this.#post(found, `👤 ${notice.message.officer ?? ''} (${notice.via}) → ${ref}:\n${notice.message.text}`, true)
      case 'claimed':
        return this.#post(found, `✋ ${ref} diambil oleh ${notice.officer}.`, true)
      case 'closed':
        return this.#post(found, notice.by === 'user' ? `🚪 Pengguna meninggalkan ${ref} (kembali ke asisten otomatis).` : `✅ ${ref} ditutup oleh ${notice.by}.`, true)
      case 'reminder':
        return this.#post(found, `⏰ ${ref} belum dibalas petugas sejak ${Math.round(notice.waitedMs / 60_000)} menit. Pengguna sudah diberi tahu lagi. Balas pesan kasus ini untuk menjawab.`, true)
      case 'deleted':
        await this.#deletePosts(found)
        return this.#say(`🗑️ ${ref} dihapus atas permintaan pengguna (hapus data saya).`)
    }
  }

  /** Posts a text about a case (split when long), as a reply to the case's first post; every part answers to the case. */
  async #post(found: HandoffCase, text: string, threaded: boolean): Promise<void> {
    const { api, chatId, handoff } = this.options
    const first = found.telegram?.chatId === chatId ? found.telegram.messageIds[0] : undefined
    for (const part of splitText(text)) {
      const sent = await api.sendMessage(chatId, part, {
        link_preview_options: { is_disabled: true },
        ...(threaded && first !== undefined ? { reply_parameters: { message_id: first, allow_sending_without_reply: true } } : {}),
      })
      await handoff.cases.linkTelegram(found.id, chatId, sent.message_id)
    }
  }

  async #say(text: string, replyTo?: number): Promise<void> {
    const { api, chatId } = this.options
    for (const part of splitText(text)) {
      await api.sendMessage(chatId, part, {
        link_preview_options: { is_disabled: true },
        ...(replyTo !== undefined ? { reply_parameters: { message_id: replyTo, allow_sending_without_reply: true } } : {}),
      })
    }
  }

  /** The user asked for deletion: the posts with their messages go too (Telegram allows it for 48 hours). */
  async #deletePosts(found: HandoffCase): Promise<void> {
    const { api, chatId } = this.options
    if (found.telegram?.chatId !== chatId) return
    for (const messageId of found.telegram.messageIds) await api.deleteMessage(chatId, messageId).catch(() => undefined)
  }

  // ── what officers write ───────────────────────────────────────────────────────────────────────────

  /** A message in the officer group (an update id makes it once-only). */
  async handle(updateId: number, message: Message): Promise<void> {
    const { handoff, store, log } = this.options
    const from = message.from
    const text = (message.text ?? message.caption ?? '').trim()
    if (!from || from.is_bot || !text) return
    const command = COMMAND.exec(text)
    const repliedTo = message.reply_to_message?.message_id
    if (!command && repliedTo === undefined) return // officers talking among themselves
    if (!(await store.markSeen(`telegram:officer-group:${updateId}`, SEEN_TTL_SECONDS))) return
    // Another bot command is never sent to a user as a reply.
    if (!command && text.startsWith('/')) return this.#say('Perintah di grup ini: /claim, /close, /cases. Teks lain sebagai balasan (reply) dikirim ke pengguna.', message.message_id)
    const officer = `telegram:${from.id}`
    const name = command?.[1]?.toLowerCase()
    if (name === 'cases' || name === 'kasus') return this.#listCases(officer, message.message_id)

    const caseId = await this.#caseOf(repliedTo, command?.[2])
    if (!caseId) {
      if (command) await this.#say('Balas (reply) salah satu pesan kasus, atau tulis nomornya, misalnya /close MA-7K3F9Q.', message.message_id)
      return
    }
    let result: ActionResult
    if (name === 'claim' || name === 'ambil') result = await handoff.claim(caseId, officer, 'telegram')
    else if (name === 'close' || name === 'tutup') result = await handoff.close(caseId, officer, 'telegram')
    else result = await handoff.reply(caseId, officer, text, 'telegram')
    if (!result.ok) {
      log.info({ error: result.error }, 'telegram: an officer action was refused')
      await this.#say(ERRORS[result.error], message.message_id)
    }
  }

  async #caseOf(repliedTo: number | undefined, args: string | undefined): Promise<string | undefined> {
    const { handoff, chatId } = this.options
    const ref = /MA-[A-Z0-9]{6}/i.exec(args ?? '')?.[0]
    if (ref) return (await handoff.findByRef(ref))?.id
    return repliedTo === undefined ? undefined : handoff.cases.caseOfTelegram(chatId, repliedTo)
  }

  async #listCases(officer: string, replyTo: number): Promise<void> {
    const active = await this.options.handoff.list(officer, 'telegram', 'active')
    const lines = active.map((c) => `${c.ref} · ${c.status === 'claimed' ? `diambil ${c.claimedBy ?? ''}` : 'menunggu'} · ${c.channel} · ${c.messages.length} pesan`)
    await this.#say(lines.length ? `Kasus terbuka (${lines.length}):\n${lines.join('\n')}` : 'Tidak ada kasus terbuka.', replyTo)
  }
}

function openedText(found: HandoffCase): string {
  const when = new Date(found.openedAt).toISOString().replace('T', ' ').slice(0, 16)
  const before = found.recent.length
    ? `Pesan sebelumnya (dibagikan dengan persetujuan pengguna):\n${found.recent.map((t) => `• ${t}`).join('\n')}`
    : 'Belum ada pesan sebelumnya.'
  return [
    `🆕 Kasus ${found.ref} · ${found.channel} · bahasa ${found.lang} · ${when} UTC`,
    before,
    'Balas (reply) pesan ini untuk menjawab pengguna di chat-nya. /claim untuk mengambil kasus, /close untuk menutup.',
  ].join('\n\n')
}
