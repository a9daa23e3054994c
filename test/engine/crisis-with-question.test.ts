/**
 * A danger told next to an ordinary question in one message (issue 18): the crisis help comes first, the question's
 * answer after it; the gate lets such a message through the rate limit like any cry for help.
 */
import { describe, expect, it } from 'vitest'
import { inboundAt } from '../../src/bench/hostile-input.ts'
import { handleMessage } from '../../src/engine/engine.ts'
import { isCrisis } from '../../src/gate/rate-limit.ts'
import { crisisBesideQuestion } from '../../src/understanding/crisis-beside-question.ts'
import { realBundle } from '../helpers/bundle.ts'

const bundle = realBundle()

describe('danger and an ordinary question in one message', () => {
  it('gives the crisis help before the answer to the question', () => {
    for (const [text, answer] of [
      ['majikan sering mukul, trus gaji sy 3 bln blm dibayar gmn ngurusnya?', 'faq:gaji-tidak-dibayar'],
      ['my employer beats me. how do i get my salary that is not paid?', 'faq:gaji-tidak-dibayar'],
    ] as const) {
      const keys = handleMessage(undefined, inboundAt(text, 0), bundle).replies.map((r) => r.key)
      const intro = keys.indexOf('crisis.intro.violence')
      expect(intro, text).toBe(0)
      expect(keys.indexOf(answer), text).toBeGreaterThan(intro)
    }
  })

  it('reads the danger clause alone only when the rules keep it in the whole message', () => {
    expect(crisisBesideQuestion(bundle, 'majikan sering mukul, trus gaji sy 3 bln blm dibayar gmn ngurusnya?')?.category).toBe('violence')
    expect(crisisBesideQuestion(bundle, 'sy dikurung di rumah majikan, kontrak sy kapan habis ya?')?.category).toBe('confinement')
    for (const calm of [
      'kalau majikan mukul, gaji gmn ngurusnya?',
      'untuk tugas sekolah, majikan mukul pekerja, apa hukumnya?',
      'wkwk majikan mukul meja, gaji gmn?',
      'majikan sy baik ga pernah mukul, gaji kapan dibayar?',
      'gaji sy 3 bln blm dibayar gmn ngurusnya?',
    ]) {
      expect(crisisBesideQuestion(bundle, calm), calm).toBeUndefined()
    }
  })

  it('lets such a message through the rate limit', () => {
    const inbound = { channel: 'terminal', userId: 'u', messageId: 'm', now: 0, text: 'majikan sering mukul, trus gaji sy 3 bln blm dibayar gmn ngurusnya?' }
    expect(isCrisis(inbound, bundle)).toBe(true)
  })
})
