/**
 * The kind of crisis the FAQ agrees on (a family member out of contact is not self-harm, whatever the classifier
 * guessed), and the other questions of a message offered after its answer.
 */
import { describe, expect, it } from 'vitest'
import { agreedCrisis } from '../../src/engine/crisis-reply.ts'
import type { CrisisResult } from '../../src/understanding/crisis.ts'
import { otherQuestions } from '../../src/understanding/sub-questions.ts'
import { realBundle } from '../helpers/bundle.ts'

const guess = (category: string, phrase: string, about: 'self' | 'other' = 'other'): CrisisResult => ({
  category,
  about,
  place: 'abroad',
  label: { id: '', en: '' },
  phrase,
})

describe('agreedCrisis', () => {
  const missing = 'suami sy kerja di malaysia udah 3 bulan ga ada kabar'

  it("a classifier's guess about someone else gets the help whose FAQ entry answers the message", () => {
    const agreed = agreedCrisis(realBundle(), missing, guess('self_harm', '(classifier 0.71)'))
    expect(agreed?.category).toBe('danger')
    expect(agreed?.faq).toBe('keluarga-hilang-kontak')
  })

  it('a phrase of a kind keeps it (a self-harm phrase above all), and so does a message about the writer', () => {
    expect(agreedCrisis(realBundle(), missing, guess('self_harm', 'pengen mati'))?.category).toBe('self_harm')
    expect(agreedCrisis(realBundle(), missing, guess('deprivation', '(classifier 0.9)', 'self'))?.category).toBe('deprivation')
  })

  it("no agreement, no change: the FAQ does not answer with another category's entry", () => {
    const text = 'teman saya dipukul majikan tiap hari'
    expect(agreedCrisis(realBundle(), text, guess('violence', '(classifier 0.9)'))?.category).toBe('violence')
    expect(agreedCrisis(realBundle(), text, undefined)).toBeUndefined()
  })
})

describe('otherQuestions', () => {
  it('offers the question the answer leaves out, read with the country the message names', () => {
    const bundle = realBundle()
    const text = 'berapa biaya kerja ke jepang? terus syaratnya apa aja'
    const found = bundle.faq.index.search(text)
    // One of the two is answered (the Japan cost or the requirements) and the other offered, read with Japan: the
    // twelfth session's merges had made it ask back between the general requirements and the Japan routes, with the
    // cost no longer offered (fifteenth session: answered again, the cost never lost, never Korea's EPS).
    expect(found.kind).toBe('answer')
    const answered = found.hits[0]!.id
    expect(['biaya-magang-jepang', 'syarat-umum']).toContain(answered)
    const offered = [...(found.also ?? []).map((h) => h.id), ...otherQuestions(bundle, text, found, 'id')]
    if (answered === 'syarat-umum') expect(offered).toContain('biaya-magang-jepang')
    else expect(offered.some((id) => ['syarat-ssw', 'syarat-umum', 'kerja-jepang'].includes(id))).toBe(true)
    expect([answered, ...offered]).not.toContain('syarat-eps')
  })

  it("offers the entry of what the other clause asks, never another topic or country's entry the context words drift to", () => {
    const bundle = realBundle()
    const text = 'biaya ke taiwan brp? trus syaratnya apa aja?'
    const found = bundle.faq.index.search(text)
    expect(found.kind).toBe('answer')
    // Which of the two is answered follows the surer clause (the requirements since the fifth blind batch); the
    // other is offered: the general cost, never the SP2T programme that "biaya ke taiwan" or "syarat Taiwan" drift to.
    const answered = found.hits[0]!.id
    expect(['biaya-penempatan', 'syarat-umum']).toContain(answered)
    expect(otherQuestions(bundle, text, found, 'id')).toEqual([answered === 'syarat-umum' ? 'biaya-penempatan' : 'syarat-umum'])
    const korea = 'syarat ke korea apa? terus biayanya brp'
    expect(otherQuestions(bundle, korea, bundle.faq.index.search(korea), 'id')).not.toContain('biaya-magang-jepang')
  })

  it('offers nothing for a message of one question', () => {
    const bundle = realBundle()
    const text = 'syarat kerja ke jepang apa aja?'
    expect(otherQuestions(bundle, text, bundle.faq.index.search(text), 'id')).toEqual([])
  })
})
