import { describe, expect, it } from 'vitest'
import { loadCrisisContent } from '../../src/understanding/crisis-eval.ts'

const { detector } = loadCrisisContent()
const category = (text: string): string => detector.detect(text)?.category ?? 'none'

describe('crisis detection, issue 18: steadier decisions', () => {
  it('judges a short sentence with one meaningful word ("tolong sy mau kabur"); a word or two of reply stays unjudged', () => {
    expect(detector.explain('tolong sy mau kabur').score).toBeDefined()
    expect(category('tolong sy mau kabur')).toBe('danger')
    for (const reply of ['iya kak', 'no its me', 'ok makasih kak']) expect(detector.explain(reply).score, reply).toBeUndefined()
  })

  it('leaves ordinary requests alone: the FAQ-outside questions and the jobs people start are learned as calm', () => {
    for (const calm of ['tolong info syarat ke jepang', 'caregiver lansia', 'kerja shift malam', 'help me register please', 'cuaca besok hujan ga', 'ga mau, sy cuma mau tau info aja']) {
      expect(category(calm), calm).toBe('none')
    }
  })

  it('overrules a phrase with a calm classifier only where allowed: never a self-harm phrase unless the classifier is sure', () => {
    expect(detector.thresholds.categoryVeto['self_harm']).toBeLessThan(detector.thresholds.veto)
    // With every other phrase vetoed by any doubt, a self-harm phrase still raises the alarm.
    const doubting = detector.rebuild({ thresholds: { veto: 1 } })
    expect(doubting.detect('sy dipukul majikan tiap hari')).toBeUndefined()
    expect(doubting.detect('pengen bunuh diri aja')?.category).toBe('self_harm')
  })
})
