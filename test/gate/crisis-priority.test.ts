import { describe, expect, it } from 'vitest'
import { Gate } from '../../src/gate/gate.ts'
import type { Inbound } from '../../src/engine/types.ts'
import { createLogger } from '../../src/logger.ts'
import { EmbeddedStore } from '../../src/store/embedded.ts'
import { realBundle } from '../helpers/bundle.ts'

/** A gate with the production rate limit (8 at once, 30 a minute) on a fake clock: no sleeps. */
function setup() {
  let now = Date.parse('2026-11-22T03:00:00Z')
  const store = new EmbeddedStore({})
  const gate = new Gate({
    store,
    bundle: realBundle,
    logger: createLogger('silent'),
    rateLimit: { perMinute: 30, burst: 8, now: () => now },
  })
  let n = 0
  const send = (text: string, userId = 'u1', extra: Partial<Inbound> = {}) => {
    now += 250 // a burst: four messages a second
    return gate.handle({ channel: 'telegram', userId, messageId: `m${++n}`, text, now, ...extra })
  }
  return { gate, store, send }
}

describe('crisis messages and the rate limit', () => {
  it('after a burst of 12 messages in 3 seconds (rate-limited), "sy dipukul majikan" still gets the emergency help', async () => {
    const { send } = setup()
    const outcomes: string[][] = []
    for (let i = 0; i < 12; i++) outcomes.push((await send(`halo ${i}`)).map((r) => r.key ?? ''))
    // The burst really was limited: one notice, then silence.
    expect(outcomes.flat()).toContain('error.rate_limited')
    expect(outcomes.slice(-2)).toEqual([[], []])
    const replies = await send('sy dipukul majikan')
    const keys = replies.map((r) => r.key)
    expect(keys).toContain('crisis.intro.violence')
    // No officers are configured in this gate: no officer is promised, the 24-hour line is offered instead.
    expect(keys).toContain('crisis.hotline_24h')
    expect(keys).not.toContain('crisis.handoff_offer')
    expect(replies.map((r) => r.text).join('\n')).toContain('0800-1000')
    // An ordinary message right after is still limited: only crisis messages pass.
    expect(await send('halo lagi')).toEqual([])
  })

  it('a crisis message with a message id already handled is still dropped as a duplicate', async () => {
    const { gate } = setup()
    const inbound: Inbound = { channel: 'telegram', userId: 'u9', messageId: 'same', text: 'pengen bunuh diri', now: Date.parse('2026-11-22T03:00:00Z') }
    expect((await gate.handle(inbound)).map((r) => r.key)).toContain('crisis.self_harm_lines')
    expect(await gate.handle({ ...inbound })).toEqual([])
  })

  it('the rate-limit notice is in English for an English user', async () => {
    const { send } = setup()
    expect((await send('hello, what are the requirements to work in japan?', 'en1')).length).toBeGreaterThan(0)
    const all = []
    for (let i = 0; i < 11; i++) all.push(...(await send('ok', 'en1')))
    const notice = all.find((r) => r.key === 'error.rate_limited')
    expect(notice?.text).toMatch(/too fast/)
  })

  it('an Indonesian user gets the notice in Indonesian', async () => {
    const { gate } = setup()
    const at = Date.parse('2026-11-22T03:00:00Z') // the fake clock stands still: ten messages at once
    const flood = async (userId: string, text: string) => {
      const out = []
      for (let i = 0; i < 10; i++) out.push(...(await gate.handle({ channel: 'telegram', userId, messageId: `${userId}-${i}`, text: `${text} ${i}`, now: at })))
      return out.find((r) => r.key === 'error.rate_limited')?.text
    }
    expect(await flood('id1', 'halo kak mau tanya')).toMatch(/terlalu cepat/)
  })
})
