/**
 * Human handoff with a WhatsApp user on Baileys (the fake socket): the officer's reply and the closing reach the
 * user's chat address through the one process connected to the number.
 */
import { afterAll, describe, expect, it } from 'vitest'
import { startBaileys, type BaileysChannel } from '../../src/channels/whatsapp/baileys.ts'
import { fakeBaileys, waMessage } from '../helpers/fake-baileys.ts'
import { testRuntime } from '../helpers/whatsapp-runtime.ts'

const USER = '6281234500001@s.whatsapp.net'
const runtime = testRuntime({ OFFICER_API_TOKENS: `rina:${'r'.repeat(24)}` })
const fake = fakeBaileys()
let channel: BaileysChannel | undefined

afterAll(async () => {
  await channel?.stop()
  await runtime.close()
})

describe('handoff on WhatsApp (Baileys)', () => {
  it('an officer reply, then the close, reach the user\'s chat; the user\'s messages in between go to the case', async () => {
    channel = await startBaileys({ runtime, createSocket: fake.factory, wait: async () => undefined, typingMs: [0, 0], every: () => () => undefined, onLogin: () => undefined })
    const socket = await fake.nextSocket()
    socket.open()
    const say = async (text: string): Promise<string[]> => {
      const before = fake.sent.length
      socket.upsert('notify', waMessage(USER, { conversation: text }))
      await channel!.settled()
      await runtime.handoff.idle()
      return fake.sent.slice(before).map((m) => m.text)
    }
    expect((await say('bicara dengan petugas')).join('\n')).toContain('Setuju?')
    expect((await say('ya')).join('\n')).toMatch(/MA-[A-Z0-9]{6}/)
    expect(await say('saya di Riyadh, kontrak sudah habis')).toEqual([])
    const [found] = await runtime.handoff.cases.list('active')
    expect(found!.messages.map((m) => m.text)).toEqual(['saya di Riyadh, kontrak sudah habis'])

    const before = fake.sent.length
    expect((await runtime.handoff.reply(found!.id, 'rina', 'Halo, kami hubungi KBRI Riyadh.', 'api')).ok).toBe(true)
    expect((await runtime.handoff.close(found!.id, 'rina', 'api')).ok).toBe(true)
    await channel.settled()
    await runtime.handoff.idle()
    const sent = fake.sent.slice(before)
    expect(sent.every((m) => m.jid === USER)).toBe(true)
    expect(sent[0]!.text).toBe('👤 *Petugas:* Halo, kami hubungi KBRI Riyadh.')
    expect(sent[1]!.text).toMatch(/menutup percakapan/)
  })
})
