import { describe, expect, it } from 'vitest'
import { REPEAT_MS, collapseRepeats } from '../../src/engine/repeats.ts'
import type { Reply, SentRecord } from '../../src/engine/types.ts'

const render = (key: string): string => `<${key}>`
const menu: Reply = { key: 'menu.prompt', text: 'Apa yang Anda perlukan?', choices: [{ id: 'main.menu:faq', label: 'Tanya' }] }
const fallback: Reply = { key: 'faq.fallback', text: 'Maaf, saya belum bisa menjawab pertanyaan itu.' }

/** Runs turns one after another, `gapMs` apart, the record carried as the session would. */
function turns(list: Reply[][], gapMs: number, burst = true): Reply[][] {
  let sent: SentRecord | undefined
  return list.map((replies, i) => {
    const out = collapseRepeats(replies, sent, 1_000_000 + i * gapMs, render, { burst })
    sent = out.sent
    return out.replies
  })
}

describe('collapseRepeats (blind tester finding 7: the same template several times in a row)', () => {
  it('never says the same fallback twice in a row, however far apart the messages are', () => {
    const out = turns([[fallback, menu], [fallback, menu], [fallback, menu]], 10 * 60_000)
    expect(out.map((r) => r[0]!.key)).toEqual(['faq.fallback', 'faq.fallback_again', 'faq.fallback'])
    expect(out[1]![0]!.text).toBe('<faq.fallback_again>')
  })

  it('says that messages are read one by one when a burst would get the very same replies, and never leaves a message without a reply', () => {
    const greet: Reply = { key: 'menu.greeting', text: 'Halo!' }
    const out = turns([[greet, menu], [greet, menu], [greet, menu]], 2_000)
    expect(out[0]).toHaveLength(2)
    expect(out[1]).toEqual([{ key: 'burst.reading', text: '<burst.reading>', choices: menu.choices }])
    expect(out[2]!.map((r) => r.key)).toEqual(['burst.reading'])
  })

  it('answers in full again after the burst, inside a form, and for help in danger', () => {
    const greet: Reply = { key: 'menu.greeting', text: 'Halo!' }
    expect(turns([[greet, menu], [greet, menu]], REPEAT_MS + 1)[1]).toHaveLength(2)
    expect(turns([[greet, menu], [greet, menu]], 2_000, false)[1]).toHaveLength(2)
    const crisis: Reply = { key: 'crisis.intro.violence', text: 'Maaf, Anda mengalami ini.' }
    expect(turns([[crisis], [crisis], [crisis]], 1_000).map((r) => r.length)).toEqual([1, 1, 1])
    // Two different questions may have the same answer: FAQ answers are always said.
    const answer: Reply = { key: 'faq:cari-lowongan', text: 'Lowongan resmi ada di SISKOP2MI.' }
    expect(turns([[answer], [answer], [answer]], 1_000).map((r) => r[0]?.key)).toEqual(['faq:cari-lowongan', 'faq:cari-lowongan', 'faq:cari-lowongan'])
  })
})
