import { describe, expect, it } from 'vitest'
import type { Inbound, Session } from '../../src/engine/types.ts'
import { rateLimitLang } from '../../src/gate/rate-limit.ts'

const inbound = (text: string, extra: Partial<Inbound> = {}): Inbound => ({ channel: 'telegram', userId: 'u', messageId: 'm', text, now: 0, ...extra })
const session = (lang: 'id' | 'en'): Session => ({ v: 1, lang, createdAt: 0, updatedAt: 0 })

describe('the language of the rate-limit notice', () => {
  it("is the session's language, whatever the message", async () => {
    expect(await rateLimitLang(inbound('halo kak'), { getSession: async () => session('en') })).toBe('en')
  })
  it('without a session (or with the store down) follows the text, then the channel hint', async () => {
    expect(await rateLimitLang(inbound('what are the requirements'), { getSession: async () => undefined })).toBe('en')
    expect(await rateLimitLang(inbound('gimana syaratnya'), { getSession: async () => Promise.reject(new Error('down')) })).toBe('id')
    expect(await rateLimitLang(inbound('EPS', { lang: 'en' }), { getSession: async () => undefined })).toBe('en')
    expect(await rateLimitLang(inbound('EPS'), { getSession: async () => undefined })).toBe('id')
  })
})
