/**
 * Readings remembered per text (src/understanding/text-cache.ts): computed once, shared frozen, bounded; and a
 * conversation replayed with every memory warm gets exactly the replies and session it got the first time.
 */
import { describe, expect, it } from 'vitest'
import { MIXED_SCRIPT } from '../../src/bench/load.ts'
import { handleMessage } from '../../src/engine/engine.ts'
import type { EngineResult, Session } from '../../src/engine/types.ts'
import { deepFreeze, freshReadings, TextMemo } from '../../src/understanding/text-cache.ts'
import { realBundle } from '../helpers/bundle.ts'

describe('TextMemo', () => {
  it('computes a text once and gives every caller the same frozen result', () => {
    let calls = 0
    const memo = new TextMemo<{ words: string[] }>(10, 100)
    const read = (text: string) => memo.get(text, (t) => ((calls += 1), { words: t.split(' ') }))
    const first = read('mau kerja ke korea')
    expect(read('mau kerja ke korea')).toBe(first)
    expect(calls).toBe(1)
    expect(Object.isFrozen(first) && Object.isFrozen(first.words)).toBe(true)
    expect(() => first.words.push('x')).toThrow(TypeError)
  })

  it('remembers undefined results too, keeps no text longer than its limit, and starts over when full', () => {
    let calls = 0
    const memo = new TextMemo<string | undefined>(2, 5)
    const read = (text: string) => memo.get(text, () => ((calls += 1), undefined))
    read('a')
    read('a')
    expect(calls).toBe(1)
    read('too long')
    read('too long')
    expect(calls).toBe(3)
    read('b')
    read('c') // full (a, b): starts over with c
    read('a')
    expect(calls).toBe(6)
  })

  it('inside freshReadings every read computes afresh and nothing is kept (for timing first reads)', () => {
    let calls = 0
    const memo = new TextMemo<number>(10, 100)
    const read = (text: string) => memo.get(text, () => (calls += 1))
    freshReadings(() => {
      read('halo')
      read('halo')
    })
    expect(calls).toBe(2)
    read('halo')
    read('halo')
    expect(calls).toBe(3)
  })

  it('deepFreeze freezes nested objects and arrays and leaves primitives alone', () => {
    const value = deepFreeze({ a: [{ b: 1 }], c: 'x' })
    expect(Object.isFrozen(value.a[0])).toBe(true)
    expect(deepFreeze(3)).toBe(3)
  })
})

describe('remembered readings of the real content', () => {
  const bundle = realBundle()

  it('the FAQ reading and the crisis verdict of a text are shared, frozen', () => {
    const reading = bundle.faq.index.explain('apa itu bp2mi?')
    expect(bundle.faq.index.explain('apa itu bp2mi?')).toBe(reading)
    expect(Object.isFrozen(reading.result)).toBe(true)
    const crisis = bundle.crisis.detect('paspor saya ditahan majikan')
    expect(crisis).toBeDefined()
    expect(bundle.crisis.detect('paspor saya ditahan majikan')).toBe(crisis)
    expect(Object.isFrozen(crisis)).toBe(true)
  })

  it('a conversation replayed with every memory warm gets the same replies, effects and session', () => {
    const run = (userId: string): EngineResult[] => {
      let session: Session | undefined
      return MIXED_SCRIPT.map((line, i) => {
        const text = line.replace('{phone}', '081234567890')
        const result = handleMessage(session, { channel: 'test', userId, messageId: `m${i}`, text, now: 1_800_000_000_000 + i * 1000 }, bundle, { ownsSession: true })
        session = result.session ? (JSON.parse(JSON.stringify(result.session)) as Session) : undefined
        return JSON.parse(JSON.stringify(result)) as EngineResult
      })
    }
    const first = run('u1')
    const again = run('u1')
    expect(again).toEqual(first)
    expect(first.at(-1)?.replies.length).toBeGreaterThan(0)
  })
})
