/**
 * The agency check with the warning signs a message states by itself (content/redflag-cues.yaml): after any verdict
 * the signs are said, one message each; a licensed company never reads as "safe" when the message has a sign; the
 * quiz skips what the message answered. Over the fictional registry of test/helpers/fictional-registry.ts.
 */
import { describe, expect, it } from 'vitest'
import type { Bundle } from '../../src/content/bundle.ts'
import { handleMessage } from '../../src/engine/engine.ts'
import type { Reply, Session } from '../../src/engine/types.ts'
import { buildRegistry } from '../../src/knowledge/agencies.ts'
import { realBundle } from '../helpers/bundle.ts'
import { AS_OF, SPECIAL, TODAY } from '../helpers/fictional-registry.ts'

const NOW = Date.parse(`${TODAY}T03:00:00Z`)
const withRegistry: Bundle = { ...realBundle(), agencies: buildRegistry(Object.values(SPECIAL), AS_OF) }
const noRegistry: Bundle = { ...realBundle(), agencies: undefined }

let counter = 0
function send(bundle: Bundle, session: Session | undefined, text: string): { session: Session; replies: Reply[] } {
  const result = handleMessage(session, { channel: 'terminal', userId: 'u', messageId: `m${++counter}`, now: NOW + counter, text }, bundle)
  return { session: result.session!, replies: result.replies }
}
const keys = (replies: Reply[]) => replies.map((r) => r.key)
/** The keys without the look-alike note, which depends on the registry's other names. */
const main = (replies: Reply[]) => keys(replies).filter((k) => k !== 'agency.note_others')

describe('agency check: warning signs the message states', () => {
  it('the blind tester\'s Korea message about a licensed company gets the Korea rule and the upfront payment, not ✅', () => {
    const { replies } = send(withRegistry, undefined, 'kak kalo mau ke korea lewat PT bisa ga? temen sy ditawarin sama PT Contoh Sinar Fiktif bayar 30jt langsung berangkat ga usah tes bahasa')
    expect(main(replies)).toEqual(['agency.licensed_flagged', 'agency.flags_found', 'redflags.m_korea', 'faq:biaya-penempatan', 'agency.offer_more_redflags'])
    expect(replies.map((r) => r.text).join('\n')).not.toContain('✅')
  })

  it('says the signs after every verdict, and a licensed one never as plain "licensed"', () => {
    const offer = 'sponsornya minta uang 15jt, berangkat dulu kontraknya nanti'
    for (const agency of Object.values(SPECIAL)) {
      const { replies } = send(withRegistry, undefined, `${agency.name} resmi ga? ${offer}`)
      const k = keys(replies)
      expect(k, agency.name).not.toContain('agency.licensed')
      expect(k, agency.name).not.toContain('agency.licensed_cautions')
      if (k.includes('agency.pick') || k.includes('agency.pick_one')) continue // a choice first; the signs follow the chosen entry's verdict
      expect(k, agency.name).toContain('faq:bayar-di-depan')
      expect(k, agency.name).toContain('faq:tanpa-kontrak')
    }
  })

  it('says the signs with no registry imported', () => {
    const { replies } = send(noRegistry, undefined, 'bu sy mau jd ART ke arab saudi lewat PT Contoh Maju Jaya Fiktif, katanya gratis malah dikasih uang saku 5jt. aman kan?')
    expect(keys(replies)).toEqual(['agency.no_registry', 'agency.flags_found', 'redflags.m_domestic', 'faq:jeratan-utang', 'agency.offer_more_redflags'])
  })

  it('the quiz then skips the questions the message answered and counts them in the result', () => {
    let { session } = send(withRegistry, undefined, 'PT Contoh Sinar Fiktif resmi ga? katanya nanti berangkat pake visa turis, kontraknya nanti')
    let step = send(withRegistry, session, 'ya')
    expect(keys(step.replies)).toEqual(['redflags.intro_rest', 'redflags.q_upfront'])
    const asked: string[] = []
    for (let i = 0; i < 8 && !keys(step.replies).includes('redflags.found'); i++) {
      asked.push(...keys(step.replies).filter((k): k is string => !!k && k.startsWith('redflags.q_')))
      session = step.session
      step = send(withRegistry, session, 'tidak')
    }
    expect(asked).not.toContain('redflags.q_visa')
    expect(asked).not.toContain('redflags.q_contract')
    expect(asked).toHaveLength(6)
    expect(keys(step.replies)).toEqual(expect.arrayContaining(['redflags.found', 'redflags.f_visa', 'redflags.f_contract']))
  })

  it('a message without signs gets the usual verdict and the whole quiz', () => {
    const first = send(withRegistry, undefined, 'PT Contoh Sinar Fiktif resmi ga? mau ke jepang lewat SSW')
    expect(main(first.replies)).toEqual(['agency.licensed', 'agency.licensed_cautions', 'agency.offer_redflags'])
    const quiz = send(withRegistry, first.session, 'ya')
    expect(keys(quiz.replies)).toEqual(['redflags.intro', 'redflags.q_upfront'])
  })
})
