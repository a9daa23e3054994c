import { describe, expect, it } from 'vitest'
import type { Inbound } from '../../src/engine/types.ts'
import { Gate, normalizeQuestion } from '../../src/gate/gate.ts'
import { createLogger } from '../../src/logger.ts'
import { EmbeddedStore } from '../../src/store/embedded.ts'
import { realBundle } from '../helpers/bundle.ts'

const bundle = realBundle()

describe('unanswered questions are masked before they are recorded', () => {
  it.each([
    ['nama saya Siti Aminah dari Cianjur, apakah bisa kerja di Jepang?', 'nama saya [nama] dari [tempat] apakah bisa kerja di jepang'],
    ['saya tinggal di desa sukamaju kec cibeber mau tanya visa taiwan', 'saya tinggal di desa [tempat] kec [tempat] mau tanya visa taiwan'],
    ['halo kak, saya Budi Santoso umur 25, no hp 0812-3456-7890 email budi@gmail.com', 'halo kak, saya [nama] umur 25, no hp [nomor] email [email]'],
    ['berapa biaya ke korea dari jawa barat', 'berapa biaya ke korea dari [tempat]'],
    ['gimana daftar kerja di cianjur', 'gimana daftar kerja di [tempat]'],
    ['my name is John Smith and I live in Surabaya, can I work in Japan?', 'my name is [nama] and i live in [tempat] can i work in japan'],
    ['Kenapa gaji di Hong Kong dipotong 10 bulan', 'kenapa gaji di hong kong dipotong 10 bulan'],
    ['paspor saya no A1234567 ditahan agen', 'paspor saya no [nomor] ditahan agen'],
  ])('%s', (text, masked) => {
    expect(normalizeQuestion(text, bundle)).toBe(masked)
  })

  it('stays fast on a hostile 1,000-character question', () => {
    const started = performance.now()
    for (const text of ['a '.repeat(500), 'Nama '.repeat(200), 'di Cianjur '.repeat(90), '1'.repeat(1000)]) normalizeQuestion(text, bundle)
    expect(performance.now() - started).toBeLessThan(200)
  })
})

describe('"hapus data saya" deletes the user\'s unanswered questions', () => {
  it('records a masked question tied to the user, and deletion removes it while others stay', async () => {
    const store = new EmbeddedStore({})
    const gate = new Gate({ store, bundle: () => bundle, logger: createLogger('silent'), rateLimit: false })
    let n = 0
    const say = async (userId: string, text: string) => {
      const inbound: Inbound = { channel: 'telegram', userId, messageId: `qm-${++n}`, text, now: Date.now() + n }
      await gate.handle(inbound)
    }
    await say('1', 'nama saya Kartini Rahayu dari Cianjur, kapan jadwal pesawat ke taiwan bulan depan?')
    await say('2', 'kapan jadwal pesawat ke taiwan bulan depan?')
    const recorded = (await store.listUnanswered()).map((q) => q.text)
    expect(recorded).toContain('nama saya [nama] dari [tempat] kapan jadwal pesawat ke taiwan bulan depan')
    expect(recorded.join('\n')).not.toMatch(/kartini|rahayu|cianjur/)
    await say('1', 'hapus data saya')
    await say('1', 'ya')
    const after = await store.listUnanswered()
    expect(after.map((q) => q.text)).toEqual(['kapan jadwal pesawat ke taiwan bulan depan'])
    await store.close()
  })
})
