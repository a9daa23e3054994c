/**
 * No message lists more than 10 choices (WhatsApp lists hold 10 rows; a phone screen shows about that many).
 * Long lists (FAQ topics, destinations, training interests) come a page at a time with "Lainnya".
 */
import { describe, expect, it } from 'vitest'
import { askSites, inboundAt } from '../../src/bench/hostile-input.ts'
import { MAX_CHOICES, handleMessage } from '../../src/engine/engine.ts'
import type { Reply, Session } from '../../src/engine/types.ts'
import { realBundle } from '../helpers/bundle.ts'

const bundle = realBundle()

function widest(replies: Reply[]): number {
  return Math.max(0, ...replies.map((r) => r.choices?.length ?? 0))
}

describe('at most 10 choices per message', () => {
  it('at every ask step of every flow: the question, a wrong answer, "lainnya", and a partial multi-choice answer', () => {
    const over: string[] = []
    for (const site of askSites(bundle)) {
      let session: Session | undefined = site.session
      for (const [i, text] of ['xqzw', 'lainnya', 'lainnya', site.normal, '1', 'kembali', 'menu'].entries()) {
        const result = handleMessage(session, inboundAt(text, i), bundle)
        if (widest(result.replies) > MAX_CHOICES) over.push(`${site.flow}.${site.step.id} after "${text}": ${widest(result.replies)}`)
        session = result.session ?? undefined
      }
    }
    expect(over).toEqual([])
  })

  it('"Lainnya" pages through all 21 FAQ topics and back to the first page; every topic can be reached', () => {
    let session: Session | undefined
    const seen = new Set<string>()
    for (const [i, text] of ['halo', '1', 'lainnya', 'lainnya', 'lainnya'].entries()) {
      const result = handleMessage(session, inboundAt(text, i), bundle)
      session = result.session ?? undefined
      for (const r of result.replies) for (const c of r.choices ?? []) seen.add(c.id)
      expect(widest(result.replies)).toBeLessThanOrEqual(MAX_CHOICES)
    }
    for (const topic of bundle.faq.topics) expect([...seen].some((id) => id.endsWith(`:${topic.id}`)), topic.id).toBe(true)
  })

  it('numbers typed at a several-choice step count on the page shown', () => {
    let session: Session | undefined
    const texts = ['halo', '4', 'ya', 'Dewi', '085712345678', '25', 'jawa barat', 'cianjur', 'sma', 'lainnya', '1']
    let last: Reply[] = []
    for (const [i, text] of texts.entries()) {
      const result = handleMessage(session, inboundAt(text, i), bundle)
      session = result.session ?? undefined
      last = result.replies
    }
    // Page 1 shows 8 interests, "Lainnya" and (once one is chosen) "Selesai"; "1" on page 2 is the 9th interest.
    expect(session?.pos?.answers.interests).toEqual([bundle.trainings[8]!.id])
    expect(last.some((r) => r.key === 'training.ask_destination')).toBe(true)
  })
})
