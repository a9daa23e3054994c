/**
 * English first messages routed as well as Indonesian ones: company names written the English way ("the company is
 * …", a capitalized "Kerja" inside a name, an institute whose name the FAQ uses as an example), a report asked for as
 * "take action", a person asked for as "a real officer", a practice asked about ("is that allowed?"), and a check
 * asked for in words even when the name alone already routes it (`Route.asked`, which the crisis rules read).
 * The messages are written for this test, not taken from the dev sets.
 */
import { describe, expect, it } from 'vitest'
import { classifyFirstMessage } from '../../src/understanding/routing-eval.ts'
import { realBundle } from '../helpers/bundle.ts'

const classify = (text: string) => classifyFirstMessage(realBundle(), text, 'en')

describe('English first messages: company names', () => {
  it('takes the name after "the company is" in a lower-case message', () => {
    const got = classify('my cousin says the company is surya gemilang internasional, are they official?')
    expect(got.intent).toBe('agency_check')
    expect(got.entities.company).toBe('surya gemilang internasional')
  })

  it('takes no name when the words after "is" say what the company is like or does', () => {
    for (const text of ['the agency is quite big in jakarta, is it official?', 'the company is asking money from me, is it official?', 'the agency is very slow, is it official?']) {
      expect(classify(text).entities.company, text).toBeUndefined()
    }
  })

  it('keeps a capitalized "Kerja" inside a name ("Garuda Tenaga Kerja")', () => {
    const got = classify('can you please verify Garuda Tenaga Kerja for me')
    expect(got.intent).toBe('agency_check')
    expect(got.entities.company).toBe('Garuda Tenaga Kerja')
  })

  it('reads an institute named after "LPK" even when an FAQ question uses that name as its example', () => {
    const got = classify('I want to complain about LPK Sakura Mandiri, they refused to refund me')
    expect(got.intent).toBe('report_recruiter')
    expect(got.entities.company).toBe('Sakura Mandiri')
  })
})

describe('English first messages: which job', () => {
  it('a wish that the authorities "take action" against a named company is a report', () => {
    expect(classify('CV Lentera Pagi charged me for a work permit that never came. i want the ministry to take action').intent).toBe('report_recruiter')
  })

  it('"a real officer" is a person asked for, not "real" as in a real agency', () => {
    expect(classify('Is there a human I can talk to? I have trouble with three agencies at once and need a real officer to look at it.').intent).toBe('talk_to_human')
  })

  it('whether a practice of the agent is allowed is a question for the FAQ, not a check of the agent', () => {
    expect(classify('The agent told my sister she can enter Malaysia on a tourist visa and he will switch it to a work visa later. Is that allowed?').intent).not.toBe('agency_check')
    // Whether the agency itself is official stays a check ("is it official" reads like "is it legal").
    expect(classify('the agent who recruited me, is it official? they only have a whatsapp group and no office').intent).toBe('agency_check')
  })

  it('a check asked for in words is `asked` even when the name alone already routes it', () => {
    const router = realBundle().router!
    expect(router.route('is Bumi Cakra Manpower registered?').asked).toBe(true)
    expect(router.route('please verify Garuda Tenaga Kerja, licence no KEP 204 TAHUN 2020').asked).toBe(true)
    // A name alone is not asked for in words.
    expect(router.route('PT Bumi Cakra').asked).toBe(false)
  })
})
