/**
 * Bounded work per message: at every ask step of every flow, no 1,000-character message costs more than 50
 * times a normal answer at that step. The hostile messages (src/bench/hostile-input.ts) aim at the slow paths
 * of matching: the same word 500 times, every option name joined, typos of all of them, digits, emoji, one
 * huge word, punctuation, cut-short emergency phrases.
 *
 * Timing is relative (the same step's normal message, run interleaved, medians), so a busy machine slows both
 * sides alike; a step over the limit is measured again with more rounds before the test fails. Before the
 * matchers were bounded, "a a a …" at the regency question took 76 s (≈ 60,000× a normal answer).
 */
import { describe, expect, it } from 'vitest'
import { askSites, hostileInputs, inboundAt, timeAtSite, withFictionalRegistry } from '../../src/bench/hostile-input.ts'
import { MAX_TEXT_LENGTH, handleMessage } from '../../src/engine/engine.ts'
import { realBundle } from '../helpers/bundle.ts'

/** With a registry of 20,000 fictional agencies, so that the agency question runs a real lookup. */
const bundle = withFictionalRegistry(realBundle())
const LIMIT = 50

describe('hostile input: bounded work per message', () => {
  const sites = askSites(bundle)

  it('covers every ask step of every flow, and every kind of ask', () => {
    let asks = 0
    for (const flow of bundle.flows.values()) asks += flow.steps.filter((s) => 'ask' in s).length
    expect(sites).toHaveLength(asks)
    expect(new Set(sites.map((s) => s.step.ask))).toEqual(new Set(['text', 'number', 'phone', 'yesno', 'choice', 'multi']))
    expect(sites.map((s) => s.step.options).filter(Boolean)).toEqual(
      expect.arrayContaining(['provinces', 'regencies', 'trainings', 'countries', 'faq_topics', 'faq_entries', 'matches']),
    )
  })

  it('hostile messages are 1,000 characters and each gets a reply', () => {
    for (const site of sites) {
      for (const [name, text] of Object.entries(hostileInputs(site))) {
        expect(text.length, name).toBeGreaterThanOrEqual(MAX_TEXT_LENGTH - 20)
        const result = handleMessage(site.session, inboundAt(text, 0), bundle)
        expect(result.replies.length, `${site.flow}.${site.step.id} ${name}`).toBeGreaterThan(0)
      }
    }
  })

  it(`no hostile message costs more than ${LIMIT}× a normal answer at the same step`, () => {
    const over: string[] = []
    for (const site of sites) {
      const hostile = Object.entries(hostileInputs(site))
      const texts = [site.normal, ...hostile.map(([, text]) => text)]
      let times = timeAtSite(bundle, site, texts, 5)
      if (times.some((t) => t > LIMIT * times[0]!)) times = timeAtSite(bundle, site, texts, 21)
      hostile.forEach(([name], k) => {
        const ratio = times[k + 1]! / times[0]!
        if (ratio > LIMIT) over.push(`${site.flow}.${site.step.id} "${name}": ${ratio.toFixed(0)}× (${times[k + 1]!.toFixed(0)} µs vs ${times[0]!.toFixed(0)} µs)`)
      })
    }
    expect(over).toEqual([])
  }, 120_000)
})
