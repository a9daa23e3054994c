import { describe, expect, it } from 'vitest'
import type { FaqMatch } from '../../src/understanding/faq-matcher.ts'
import { FOLLOW_UP_WORDS, nextTopic, searchFollowUp, TOPIC_TTL_MS } from '../../src/understanding/follow-up.ts'

/** A searcher that answers from a table: exact text → result; anything else → nothing. */
function searcher(table: Record<string, FaqMatch>) {
  const asked: string[] = []
  return {
    asked,
    search(text: string): FaqMatch {
      asked.push(text)
      return table[text] ?? { kind: 'none', hits: [] }
    },
  }
}
const hit = (id: string, score = 0.5) => ({ id, score })

describe('short follow-up questions', () => {
  const topic = { text: 'agen minta 15jt buat jadi ART ke hongkong', at: 1_000 }
  const alone: FaqMatch = { kind: 'none', hits: [hit('gaji-tidak-dibayar', 0.2), hit('biaya-penempatan', 0.17)] }

  it('answers with the topic when the joined answer is among the follow-up’s own candidates', () => {
    const index = searcher({
      'jadi harus bayar ga': alone,
      [`${topic.text} jadi harus bayar ga`]: { kind: 'answer', hits: [hit('biaya-penempatan', 0.6), hit('hong-kong', 0.1)] },
    })
    const r = searchFollowUp(index, 'jadi harus bayar ga', topic, 2_000)
    expect(r.withTopic).toBe(true)
    expect(r.found).toEqual({ kind: 'answer', hits: [hit('biaya-penempatan', 0.6)] })
  })

  it('never takes an entry that only the topic chose, and offers the follow-up’s own as a clarification', () => {
    const index = searcher({
      'emang gratis ga': { kind: 'none', hits: [hit('blk-gratis', 0.28), hit('biaya-lpk', 0.2)] },
      [`mau ikut pelatihan las emang gratis ga`]: { kind: 'answer', hits: [hit('pelatihan-las', 0.6), hit('blk-gratis', 0.17)] },
    })
    const r = searchFollowUp(index, 'emang gratis ga', { text: 'mau ikut pelatihan las', at: 0 }, 1)
    expect(r.found.kind).toBe('clarify')
    expect(r.found.hits.map((h) => h.id)).toEqual(['blk-gratis', 'biaya-lpk'])
  })

  it('does not give again the entry the topic was answered with', () => {
    const index = searcher({
      'terus gimana': { kind: 'none', hits: [hit('paspor-ditahan', 0.1)] },
      'paspor ditahan terus gimana': { kind: 'answer', hits: [hit('paspor-ditahan', 0.8)] },
    })
    const r = searchFollowUp(index, 'terus gimana', { text: 'paspor ditahan', faq: 'paspor-ditahan', at: 0 }, 1)
    expect(r.withTopic).toBe(false)
    expect(r.found.kind).toBe('none')
  })

  it('leaves answered, long or late messages alone, without a second search', () => {
    const answered = searcher({ 'gaji di korea': { kind: 'answer', hits: [hit('gaji')] } })
    expect(searchFollowUp(answered, 'gaji di korea', topic, 2_000).withTopic).toBe(false)
    expect(answered.asked).toEqual(['gaji di korea'])
    const long = 'kak saya mau tanya satu hal lagi soal ini ya'
    expect(long.split(' ').length).toBeGreaterThan(FOLLOW_UP_WORDS)
    const quiet = searcher({})
    searchFollowUp(quiet, long, topic, 2_000)
    searchFollowUp(quiet, 'jadi harus bayar ga', topic, topic.at + TOPIC_TTL_MS + 1)
    expect(quiet.asked).toEqual([long, 'jadi harus bayar ga'])
  })

  it('keeps the end of a long topic, and joins a follow-up to it', () => {
    const t = nextTopic('x'.repeat(500), 5)
    expect(t.text.length).toBe(200)
    expect(nextTopic('bayar?', 6, 'biaya-penempatan', { text: 'ART hongkong', at: 5 }, true)).toEqual({ text: 'ART hongkong bayar?', faq: 'biaya-penempatan', at: 6 })
  })

  describe('a follow-up about an aspect of the answer before ("syaratnya apa?" after EPS)', () => {
    /** A searcher with candidates, aspect words and followups, as the FAQ matcher has them. */
    function linked(table: Record<string, FaqMatch>, candidates: Record<string, string[]>, followups: Record<string, string[]>, aspects: string[]) {
      return {
        ...searcher(table),
        candidateIds: (text: string) => candidates[text] ?? [],
        onlyAspects: (text: string) => text.split(' ').every((w) => aspects.includes(w) || ['apa', 'berapa', 'nya'].includes(w)),
        related: (id: string) => followups[id] ?? [],
      }
    }
    const index = linked(
      { 'syarat apa': { kind: 'answer', hits: [hit('syarat-umum', 0.5), hit('syarat-eps', 0.2)] }, 'syarat ssw apa': { kind: 'answer', hits: [hit('syarat-ssw', 0.7)] } },
      { 'syarat apa': ['syarat-umum', 'syarat-eps', 'syarat-ssw'], 'berapa biaya': ['biaya-penempatan'], 'syarat ssw apa': ['syarat-ssw', 'syarat-eps'] },
      { 'eps-korea': ['syarat-eps', 'biaya-penempatan'], 'syarat-eps': ['eps-topik'] },
      ['syarat', 'biaya'],
    )
    const eps = { text: 'apa itu EPS', faq: 'eps-korea', at: 0 }

    it('takes the entry the answer leads on to, even when the FAQ alone answers in general', () => {
      const r = searchFollowUp(index, 'syarat apa', eps, 1)
      expect(r.found).toEqual({ kind: 'answer', hits: [hit('syarat-eps', 0.2)] })
      expect(r.subject).toBe('eps-korea')
    })

    it('keeps the programme as the subject for the next aspect', () => {
      const after = nextTopic('syarat apa', 2, 'syarat-eps', eps, true, 'eps-korea')
      const r = searchFollowUp(index, 'berapa biaya', after, 3)
      expect(r.found.hits[0]?.id).toBe('biaya-penempatan')
    })

    it('leaves a question that names its own subject alone', () => {
      const r = searchFollowUp(index, 'syarat ssw apa', eps, 1)
      expect(r.found.hits[0]?.id).toBe('syarat-ssw')
      expect(r.withTopic).toBe(false)
    })
  })
})

describe('a follow-up that makes the last answer specific', () => {
  const topic = { text: 'berapa biaya kerja ke luar negeri', at: 1_000, faq: 'biaya-penempatan' }
  const refine = (id: string, text: string) => (id === 'biaya-penempatan' && text.includes('ART') ? 'biaya-jabatan-bebas-anda' : undefined)

  it('gets the entry that refines the last answer ("kerjanya jadi ART kak" after the cost answer)', () => {
    const index = searcher({ 'kerjanya jadi ART kak': { kind: 'clarify', hits: [hit('moratorium-timur-tengah', 0.39), hit('jabatan-bebas-biaya', 0.19)] } })
    const r = searchFollowUp(index, 'kerjanya jadi ART kak', topic, 2_000, refine)
    expect(r.withTopic).toBe(true)
    expect(r.found.kind).toBe('answer')
    expect(r.found.hits[0]!.id).toBe('biaya-jabatan-bebas-anda')
  })

  it('leaves a message that is surely about something else alone, and needs a recent topic', () => {
    const sure: FaqMatch = { kind: 'answer', hits: [hit('moratorium-timur-tengah', 0.7)] }
    const index = searcher({ 'ART ke arab boleh ga': sure })
    expect(searchFollowUp(index, 'ART ke arab boleh ga', topic, 2_000, refine).found).toEqual(sure)
    const later = searchFollowUp(searcher({}), 'kerjanya jadi ART kak', topic, 2_000 + TOPIC_TTL_MS, refine)
    expect(later.withTopic).toBe(false)
  })
})
