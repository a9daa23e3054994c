/**
 * The command menu Telegram shows next to the text box ("/"), registered with `setMyCommands`:
 * Indonesian by default, English for users whose app is in English, and the officer commands added for each
 * officer's private chat. The words themselves (`/menu`, `/bahasa`, `/language`, `/hapus`, `/delete`, …) are
 * understood by the engine through `content/commands.yaml`; this list only makes them discoverable.
 */
import type { Api } from 'grammy'
import type { BotCommand } from 'grammy/types'
import type { Logger } from '../../logger.ts'

export const USER_COMMANDS: { readonly id: readonly BotCommand[]; readonly en: readonly BotCommand[] } = {
  id: [
    { command: 'start', description: 'Mulai dan tampilkan menu utama' },
    { command: 'menu', description: 'Menu utama' },
    { command: 'help', description: 'Bantuan dan kontak resmi' },
    { command: 'bahasa', description: 'Ganti bahasa (Indonesia / English)' },
    { command: 'hapus', description: 'Hapus data saya' },
  ],
  en: [
    { command: 'start', description: 'Start and show the main menu' },
    { command: 'menu', description: 'Main menu' },
    { command: 'help', description: 'Help and official contacts' },
    { command: 'language', description: 'Change language (English / Indonesia)' },
    { command: 'delete', description: 'Delete my data' },
  ],
}

export const OFFICER_COMMAND_LIST: readonly BotCommand[] = [
  { command: 'stats', description: 'Petugas: jumlah lead dan pertanyaan' },
  { command: 'unanswered', description: 'Petugas: pertanyaan belum terjawab' },
  { command: 'export', description: 'Petugas: unduh lead (CSV)' },
  { command: 'reload', description: 'Petugas: muat ulang konten' },
]

/**
 * Registers the command lists. Failures are logged, never thrown: a missing command menu must not stop the
 * assistant. An officer who has not opened a chat with the bot yet cannot get a per-chat list ("chat not
 * found"); their commands still work once they do, and the list appears after the next start.
 */
export async function registerCommands(api: Api, adminIds: readonly string[], logger: Logger): Promise<void> {
  const attempt = async (what: string, call: () => Promise<unknown>): Promise<void> => {
    try {
      await call()
    } catch (error) {
      logger.warn({ err: error instanceof Error ? error.message : String(error), what }, 'telegram: could not register a command list')
    }
  }
  await attempt('default', () => api.setMyCommands(USER_COMMANDS.id))
  await attempt('id', () => api.setMyCommands(USER_COMMANDS.id, { language_code: 'id' }))
  await attempt('en', () => api.setMyCommands(USER_COMMANDS.en, { language_code: 'en' }))
  for (const adminId of adminIds) {
    await attempt('officer', () =>
      api.setMyCommands([...USER_COMMANDS.id, ...OFFICER_COMMAND_LIST], { scope: { type: 'chat', chat_id: Number(adminId) } }),
    )
  }
}
