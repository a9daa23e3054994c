import { readFileSync } from 'node:fs'
import { parse } from 'yaml'
import { describe, expect, it } from 'vitest'
import { crisisSchema } from '../../src/content/crisis-schema.ts'
import { CrisisDetector, DEFAULT_CRISIS_THRESHOLDS } from '../../src/understanding/crisis.ts'
import { decide, loadCrisisContent, type CrisisReading } from '../../src/understanding/crisis-eval.ts'
import { analyze, CueIndex } from '../../src/understanding/crisis-model.ts'
import { Stemmer } from '../../src/understanding/stemmer.ts'

const { detector } = loadCrisisContent()
const category = (text: string): string => detector.detect(text)?.category ?? 'none'

describe('unpaid wages (issue 18 product rule): an emergency only with a threat or coercion, or with no food or rest', () => {
  it('leaves plain unpaid wages to the FAQ: no alarm, the wages phrase set aside for want of a threat', () => {
    for (const text of ['gaji sy blm dibayar 3 bulan', 'udah 2 bulan majikan belum bayar gaji saya', 'my employer has not paid my salary for 3 months', 'boss no pay 2 month salary']) {
      expect(category(text), text).toBe('none')
    }
    expect(detector.explain('gaji sy blm dibayar 3 bulan').matches.some((m) => m.reason === 'no coercion')).toBe(true)
  })

  it('raises the deprivation alarm, with the wages answer, when the wages come with a threat', () => {
    for (const text of ['gaji 6 bulan ga dibayar, kalo nanya majikan ngancem laporin sy ke polisi', 'not paid for 5 months and the boss threatens to deport me if i ask']) {
      expect(category(text), text).toBe('deprivation')
    }
    expect(detector.detect('gaji belum dibayar 4 bulan, majikan bilang kalo kabur sy dilaporin polisi')?.faq).toBe('gaji-tidak-dibayar')
  })

  it('does not let plain wages hide another danger in the same message (the classifier judges the rest)', () => {
    expect(category('sy di hongkong, gaji sy 3 bulan blm dibayar majikan, paspor jg dipegang majikan. sy hrs gmn')).toBe('documents_taken')
    expect(category('gaji sy blm dibayar, terus sy udah 2 hari ga dikasih makan')).toBe('deprivation')
  })

  it('reports a `needs:` naming no marker list', () => {
    const content = crisisSchema.parse(parse(readFileSync('content/crisis.yaml', 'utf8')))
    const broken = { ...content, categories: content.categories.map((c, i) => (i === 0 ? { ...c, phrases: [...c.phrases, { p: 'kata baru', needs: 'nothing_here' }] } : c)) }
    const { problems } = CrisisDetector.build(broken, undefined, { rulesOnly: true })
    expect(problems.map((p) => p.message).join('\n')).toMatch(/"nothing_here" is not a marker list/)
  })
})

describe('a conditional with a word of habit tells what happens every time', () => {
  it('keeps the phrase after "kalo … selalu/suka" and "if … always", not after a plain "kalau"', () => {
    expect(detector.explain('kalo sy telat bangun dia selalu nampar sy').matches.find((m) => m.category === 'violence')?.kept).toBe(true)
    expect(category('if i am slow she always slap me')).toBe('violence')
    expect(detector.explain('kalau dipukul majikan lapor ke mana').matches.find((m) => m.category === 'violence')?.reason).toBe('conditional')
  })
})

describe('the classifier when it is sure', () => {
  const reading = (p: number, needs = false): CrisisReading => ({
    item: { q: 'x', crisis: 'violence' },
    ruleCalm: true,
    ...(needs ? { ruleNeeds: true } : {}),
    silenced: false,
    p,
    share: 0.9,
    modelCategory: 'violence',
    ruleKeepsKind: false,
  })
  it('raises the alarm over the rules’ calm reasons only at `sure` (0.9) or above', () => {
    expect(decide(reading(0.92), DEFAULT_CRISIS_THRESHOLDS)).toBe('violence')
    expect(decide(reading(0.85), DEFAULT_CRISIS_THRESHOLDS)).toBe('none')
  })
  it('holds a phrase set aside for want of a word it needs (plain unpaid wages) up to `sureNeeds` (0.95)', () => {
    expect(decide(reading(0.92, true), DEFAULT_CRISIS_THRESHOLDS)).toBe('none')
    expect(decide(reading(0.97, true), DEFAULT_CRISIS_THRESHOLDS)).toBe('violence')
  })
})

describe('cue features', () => {
  it('reads word classes and nearby pairs, a denied cue apart', () => {
    const stemmer = new Stemmer()
    const cues = new CueIndex({ harm: ['tendang', 'kick'], me: ['saya', 'me'], leave: ['go home'] }, undefined, stemmer)
    const negations = new Set(['tidak', 'not'])
    const read = (text: string): string[] => analyze(text, undefined, stemmer, negations, cues).cues ?? []
    expect(read('anaknya suka nendang saya')).toEqual(expect.arrayContaining(['harm', 'me', 'harm+me']))
    expect(read('he kick me')).toEqual(expect.arrayContaining(['harm', 'harm+me']))
    expect(read('tidak tendang')).toContain('!harm')
    expect(read('i want to go home')).toContain('leave')
    expect(read('saya. lalu kemarin pagi sekali hujan deras turun tendang')).not.toContain('harm+me')
  })
})
