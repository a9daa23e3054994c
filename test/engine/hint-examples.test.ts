/**
 * Every example that a question or its "try again" hint shows ("contoh: Jawa Barat, NTB", "misalnya *Kabupaten
 * Cilacap*") is accepted when a person types it at that question: hints never teach an answer that fails.
 */
import { describe, expect, it } from 'vitest'
import { askSites, inboundAt } from '../../src/bench/hostile-input.ts'
import { handleMessage } from '../../src/engine/engine.ts'
import type { Reply, Session } from '../../src/engine/types.ts'
import { realBundle } from '../helpers/bundle.ts'

const bundle = realBundle()
const TYPED = new Set(['text', 'number', 'phone', 'multi'])
const CUE = /(?:contoh|misalnya|e\.g\.|for example|example)\s*:?\s*([^.()\n?]+)/gi

function examplesIn(replies: Reply[]): string[] {
  const found: string[] = []
  for (const reply of replies) {
    for (const m of reply.text.replace(/\*/g, '').matchAll(CUE)) {
      for (const part of m[1]!.split(/,| atau | or /)) {
        const example = part.trim()
        if (example && !/xx/i.test(example)) found.push(example)
      }
    }
  }
  return found
}

/** The question as shown (after "menu" and "Lanjutkan") and its hint after a wrong answer, in a language. */
function hintsAt(session: Session, lang: 'id' | 'en'): Reply[] {
  const start: Session = { ...structuredClone(session), lang }
  const wrong = handleMessage(start, inboundAt('qqqq zzzz', 0), bundle)
  const paused = handleMessage(start, inboundAt('menu', 1), bundle)
  const resumed = handleMessage(paused.session ?? undefined, { ...inboundAt('', 2), text: undefined, choice: 'g:resume' }, bundle)
  // A step that takes "qqqq zzzz" as its answer (a name) goes on to the next question, whose examples are not its own.
  const refusedWrong = wrong.replies.some((r) => (r.key ?? '').startsWith('ask.invalid') || (r.key ?? '').endsWith('_hint'))
  return [...(refusedWrong ? wrong.replies : []), ...resumed.replies]
}

describe('examples in hints are accepted by the question that shows them', () => {
  it('at every typed question of every flow, in Indonesian and English', () => {
    const refused: string[] = []
    let checked = 0
    for (const site of askSites(bundle)) {
      const typed = TYPED.has(site.step.ask) || site.step.options === 'provinces' || site.step.options === 'regencies'
      if (!typed) continue
      for (const lang of ['id', 'en'] as const) {
        for (const example of examplesIn(hintsAt(site.session, lang))) {
          checked++
          const result = handleMessage({ ...structuredClone(site.session), lang }, inboundAt(example, 3), bundle)
          const keys = result.replies.map((r) => r.key ?? '')
          if (keys.some((k) => k.startsWith('ask.invalid') || k === 'ask.did_you_mean' || k.startsWith('faq'))) {
            refused.push(`${site.flow}.${site.step.id} (${lang}) "${example}": ${keys.join(', ')}`)
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(10)
    expect(refused).toEqual([])
  })
})
