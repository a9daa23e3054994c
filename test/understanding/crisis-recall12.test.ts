/**
 * Everyday words for danger that the blind set crisis-fresh11 showed missing (own messages, not copies of it), and
 * the `requests:` rule of crisis.yaml: a handled request with no danger word is not an emergency when only the
 * classifier would raise the alarm.
 */
import { describe, expect, it } from 'vitest'
import { loadCrisisDetector } from '../../src/understanding/crisis-eval.ts'
import { REQUEST_CALM } from '../../src/understanding/crisis.ts'

const detector = loadCrisisDetector()
/** The phrases alone (no classifier): what the content's words catch by themselves. */
const rules = detector.rebuild({ rulesOnly: true })
const byRules = (text: string): string => rules.detect(text)?.category ?? 'none'

describe('crisis phrases in everyday words (crisisrecall)', () => {
  it('catches a life ended told of someone else, all the sleeping pills, Javanese "awakku dewe"', () => {
    expect(byRules('my roommate keeps talking about ending her life after payday')).toBe('self_harm')
    expect(byRules('he is planning to end his life this weekend, he told me')).toBe('self_harm')
    expect(byRules('thinking to take all sleeping pills tonight')).toBe('self_harm')
    expect(byRules('aku pengen mateni awakku dewe, wis ora kuat')).toBe('self_harm')
  })

  it('catches rape as typed, being filmed in the shower, groping', () => {
    expect(byRules('the old man keeps raping me when madam is at work')).toBe('sexual_violence')
    expect(byRules('the driver filmed me showering through the window')).toBe('sexual_violence')
    expect(byRules('anak majikan ngintip aku mandi lewat ventilasi')).toBe('sexual_violence')
    expect(byRules('sy digerayangi sopir majikan tiap malam')).toBe('sexual_violence')
  })

  it('catches "was sold", not let home, not allowed out, papers other than a passport, "dicekel"', () => {
    expect(byRules('my cousin told us she was sold to a karaoke bar in Erbil')).toBe('trafficking')
    expect(byRules('kontrak habis, sy mau pulang tapi gak dibolehin sama pt')).not.toBe('none')
    expect(byRules('I am not allowed out of the hostel since January')).toBe('confinement')
    expect(byRules('the broker holds my residence card and my atm, I cannot buy anything')).toBe('documents_taken')
    expect(byRules('pasporku dicekel terus, ora dibalekke')).toBe('documents_taken')
    // Held by the writer herself: calm (unless_anywhere), with the classifier too.
    expect(byRules('pasporku dicekel dewe, aman')).toBe('none')
    expect(detector.detect('bose apik, pasporku dicekel aku dewe, arep takon cuti')).toBeUndefined()
  })
})

describe('handled requests (crisis.yaml `requests:`)', () => {
  it('a handled request that only the classifier finds alarming is not an emergency; with a danger word it is', () => {
    // The router stubbed: every message asks in words to talk to an officer.
    const asking = detector.rebuild({ intentOf: () => ({ intent: 'talk_to_human', asked: true }) })
    // No phrase counts here; the classifier alone raises the alarm (a training example of crisis-examples.yaml).
    const q = 'my aunt wrote a very sad status last night like saying goodbye, and since then her phone is off'
    expect(detector.detect(q)?.phrase).toMatch(/^\(classifier/)
    expect(asking.explain(q).overruled).toBe(REQUEST_CALM)
    expect(asking.detect(q)).toBeUndefined()
    // A danger word keeps the alarm; so does a phrase that counts.
    expect(asking.detect(`${q}, she said she is scared`)).toBeDefined()
    expect(asking.detect('I want to talk to an officer, my boss hits me every day')?.category).toBe('violence')
    // Only a request asked in words counts, not a job named in passing.
    const named = detector.rebuild({ intentOf: () => ({ intent: 'agency_check', asked: false }) })
    expect(named.detect(q)).toBeDefined()
  })
})
