import type { Message, Update } from 'grammy/types'
import { describe, expect, it, vi } from 'vitest'
import { parseExportArgs, runOfficerCommand } from '../../src/channels/telegram/admin.ts'
import { isSkip, langOf, messageToInput, pressToInputOf, type BotIdentity } from '../../src/channels/telegram/inbound.ts'
import { callbackDataFor, keyboardFor, pressedLabel, pressToInput, renderReply, splitText, toTelegramHtml } from '../../src/channels/telegram/render.ts'
import type { Bundle } from '../../src/content/bundle.ts'
import { MemoryStoreFake } from '../helpers/memory-store-fake.ts'

const BOT: BotIdentity = { id: 42, username: 'MigrasiAmanBot' }
const NOW = Date.parse('2026-11-22T02:00:00Z')

function message(text: string, extra: Partial<Message> = {}): Message {
  const command = /^\/\S+/.exec(text)
  return {
    message_id: 7,
    date: NOW / 1000,
    chat: { id: 1001, type: 'private', first_name: 'A' },
    from: { id: 1001, is_bot: false, first_name: 'A', language_code: 'id' },
    text,
    ...(command ? { entities: [{ type: 'bot_command', offset: 0, length: command[0].length }] } : {}),
    ...extra,
  } as Message
}

describe('splitText', () => {
  it('keeps a short text whole', () => {
    expect(splitText('halo')).toEqual(['halo'])
  })

  it('splits at paragraph, then line, then word boundaries, within the limit', () => {
    const paragraphs = ['a'.repeat(30), 'b'.repeat(30), 'c'.repeat(30)].join('\n\n')
    expect(splitText(paragraphs, 70)).toEqual(['a'.repeat(30) + '\n\n' + 'b'.repeat(30), 'c'.repeat(30)])
    const words = Array.from({ length: 40 }, (_, i) => `kata${i}`).join(' ')
    const parts = splitText(words, 50)
    expect(parts.every((p) => p.length <= 50)).toBe(true)
    expect(parts.join(' ')).toBe(words)
  })

  it('cuts a text without spaces hard, never inside an emoji', () => {
    const text = `${'x'.repeat(9)}😀${'y'.repeat(20)}`
    const parts = splitText(text, 10)
    expect(parts[0]).toBe('x'.repeat(9))
    expect(parts.join('')).toBe(text)
    expect(splitText('z'.repeat(9000)).map((p) => p.length)).toEqual([4096, 4096, 808])
  })
})

describe('toTelegramHtml', () => {
  it('escapes HTML and turns *bold* and _italic_ into tags, links untouched', () => {
    expect(toTelegramHtml('Ketik *menu* atau _kembali_ <di sini> & lihat https://siskop2mi.bp2mi.go.id/a_b_c')).toBe(
      'Ketik <b>menu</b> atau <i>kembali</i> &lt;di sini&gt; &amp; lihat https://siskop2mi.bp2mi.go.id/a_b_c',
    )
  })

  it('leaves lone stars and underscores alone', () => {
    expect(toTelegramHtml('5 * 3 = 15, file_name_x')).toBe('5 * 3 = 15, file_name_x')
  })

  it('never nests tags wrongly when marks overlap', () => {
    expect(toTelegramHtml('*a _b* c_')).toBe('<b>a _b</b> c_')
    expect(toTelegramHtml('*_x_*')).toBe('<b>_x_</b>')
  })
})

describe('keyboards', () => {
  it('numbers the buttons, two to a row when short, and puts the keyboard under the last part only', () => {
    const reply = { text: `${'a'.repeat(5000)}`, choices: [{ id: 'f.s:yes', label: 'Ya' }, { id: 'f.s:no', label: 'Tidak' }] }
    const messages = renderReply(reply)
    expect(messages).toHaveLength(2)
    expect(messages[0]!.keyboard).toBeUndefined()
    expect(messages[1]!.keyboard).toEqual({
      inline_keyboard: [[{ text: '1. Ya', callback_data: 'f.s:yes' }, { text: '2. Tidak', callback_data: 'f.s:no' }]],
    })
  })

  it('gives long labels a row each', () => {
    const keyboard = keyboardFor([{ id: 'a', label: 'Tanya jawab kerja ke luar negeri' }, { id: 'b', label: 'Cek P3MI' }])
    expect(keyboard.inline_keyboard.map((row) => row.length)).toEqual([1, 1])
  })

  it('falls back to the position for a choice id over 64 bytes, read back as the typed number', () => {
    const long = { id: `flow.step:${'x'.repeat(60)}`, label: 'Panjang' }
    expect(callbackDataFor(long, 2)).toBe('#3')
    expect(pressToInput('#3')).toEqual({ text: '3' })
    expect(pressToInput('main.menu:faq')).toEqual({ choice: 'main.menu:faq' })
  })

  it('finds the label of a pressed button without its number', () => {
    expect(pressedLabel(keyboardFor([{ id: 'a', label: 'Satu' }, { id: 'b', label: 'Dua' }]), 'b')).toBe('Dua')
    expect(pressedLabel(undefined, 'b')).toBeUndefined()
  })
})

describe('messageToInput', () => {
  it('maps a private text message: user id, update id as message id, language hint, message time', () => {
    const input = messageToInput(555, message('halo'), BOT, 0)
    expect(input).toEqual({
      inbound: { channel: 'telegram', userId: '1001', messageId: '555', text: 'halo', lang: 'id', now: NOW },
      chatId: 1001,
      chatType: 'private',
    })
  })

  it('reads commands: drops @bot and the /start payload, keeps other arguments', () => {
    const start = messageToInput(1, message('/start ref-abc'), BOT, 0)
    expect(!isSkip(start) && start.inbound.text).toBe('/start')
    const exported = messageToInput(2, message('/export@MigrasiAmanBot 2026-01-01'), BOT, 0)
    expect(!isSkip(exported) && [exported.inbound.text, exported.command, exported.args]).toEqual(['/export 2026-01-01', 'export', '2026-01-01'])
  })

  it('maps media kinds, with a caption as text', () => {
    const photo = messageToInput(3, message('', { text: undefined, photo: [{ file_id: 'p', file_unique_id: 'p', width: 1, height: 1 }] } as Partial<Message>), BOT, 0)
    expect(!isSkip(photo) && photo.inbound).toMatchObject({ media: 'image' })
    expect(!isSkip(photo) && 'text' in photo.inbound).toBe(false)
    const voice = messageToInput(4, message('', { text: undefined, voice: { file_id: 'v', file_unique_id: 'v', duration: 1 }, caption: 'tolong dengar' } as Partial<Message>), BOT, 0)
    expect(!isSkip(voice) && voice.inbound).toMatchObject({ media: 'voice', text: 'tolong dengar' })
  })

  it('ignores service messages, other bots and channel posts', () => {
    expect(messageToInput(5, message('', { text: undefined, new_chat_title: 'x' } as Partial<Message>), BOT, 0)).toEqual({ skip: 'service-message' })
    expect(messageToInput(6, message('hi', { from: { id: 9, is_bot: true, first_name: 'B' } }), BOT, 0)).toEqual({ skip: 'from-bot' })
    expect(messageToInput(7, message('hi', { chat: { id: -1, type: 'channel', title: 'c' } }), BOT, 0)).toEqual({ skip: 'channel-post' })
  })

  it('in a group, takes only messages addressed to the bot and removes the mention', () => {
    const group = { chat: { id: -100, type: 'supergroup', title: 'g' } } as Partial<Message>
    expect(messageToInput(8, message('halo semua', group), BOT, 0)).toEqual({ skip: 'not-addressed' })
    expect(messageToInput(9, message('/help@OtherBot', group), BOT, 0)).toEqual({ skip: 'not-addressed' })
    const mention = messageToInput(10, message('@MigrasiAmanBot berapa biaya?', { ...group, entities: [{ type: 'mention', offset: 0, length: 15 }] }), BOT, 0)
    expect(!isSkip(mention) && [mention.inbound.text, mention.chatType, mention.replyTo]).toEqual(['berapa biaya?', 'group', 7])
    const reply = messageToInput(11, message('ya', { ...group, reply_to_message: message('x', { from: { id: 42, is_bot: true, first_name: 'bot' } }) as Message['reply_to_message'] }), BOT, 0)
    expect(!isSkip(reply) && reply.inbound.text).toBe('ya')
  })

  it('knows Indonesian and English app languages only', () => {
    expect([langOf({ language_code: 'id' }), langOf({ language_code: 'en-GB' }), langOf({ language_code: 'zh-hant' }), langOf(undefined)]).toEqual(['id', 'en', undefined, undefined])
  })
})

describe('pressToInputOf', () => {
  it('maps a press to a choice, timed by the clock', () => {
    const update = {
      update_id: 12,
      callback_query: { id: 'cb', from: { id: 1001, is_bot: false, first_name: 'A', language_code: 'en' }, chat_instance: 'c', data: 'main.menu:faq', message: message('menu') },
    } as Update
    expect(pressToInputOf(12, update.callback_query!, 123)).toEqual({
      inbound: { channel: 'telegram', userId: '1001', messageId: '12', choice: 'main.menu:faq', lang: 'en', now: 123 },
      chatId: 1001,
      chatType: 'private',
    })
    expect(pressToInputOf(13, { ...update.callback_query!, message: undefined }, 0)).toEqual({ skip: 'no-chat' })
  })
})

describe('officer commands', () => {
  const bundle = { version: 'v1', trainings: [], countries: [] } as unknown as Bundle

  it('parses /export arguments in any order', () => {
    expect(parseExportArgs('')).toEqual({ delimiter: ',' })
    expect(parseExportArgs('; 2026-01-31')).toEqual({ since: '2026-01-31', delimiter: ';' })
    expect(parseExportArgs('2026-02-30')).toBeUndefined()
    expect(parseExportArgs('semua')).toBeUndefined()
  })

  it('/export with no leads says so and sends no file', async () => {
    const answers = await runOfficerCommand('export', '', 'id', { store: new MemoryStoreFake(), content: { current: bundle, reload: () => ({ ok: true, problems: [] }) }, now: () => NOW, exportEnabled: true })
    expect(answers).toEqual([{ text: 'Belum ada lead.' }])
  })

  it('/export is off unless TELEGRAM_EXPORT_ENABLED: no file, and how to export on the server instead', async () => {
    const store = new MemoryStoreFake()
    const listLeads = vi.spyOn(store, 'listLeads')
    for (const lang of ['id', 'en'] as const) {
      const answers = await runOfficerCommand('export', '', lang, { store, content: { current: bundle, reload: () => ({ ok: true, problems: [] }) }, now: () => NOW })
      expect(answers).toHaveLength(1)
      expect('document' in answers[0]!).toBe(false)
      expect((answers[0] as { text: string }).text).toContain('leads export --format csv')
      expect((answers[0] as { text: string }).text).toContain('TELEGRAM_EXPORT_ENABLED=true')
    }
    expect(listLeads).not.toHaveBeenCalled()
  })

  it('/reload refused: the first five errors, then how many more', async () => {
    const problems = Array.from({ length: 7 }, (_, i) => ({ file: 'flows/main.yaml', line: i + 1, col: 3, severity: 'error' as const, message: `wrong ${i}` }))
    const [answer] = await runOfficerCommand('reload', '', 'en', { store: new MemoryStoreFake(), content: { current: bundle, reload: () => ({ ok: false, problems }) }, now: () => NOW })
    const text = (answer as { text: string }).text
    expect(text).toMatch(/^New content REFUSED: 7 error\(s\)/)
    expect(text).toContain('flows/main.yaml:5:3  error  wrong 4')
    expect(text).not.toContain('wrong 5')
    expect(text).toContain('… and 2 more')
  })
})
