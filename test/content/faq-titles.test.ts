import { describe, expect, it } from 'vitest'
import { faqFollowups, faqTitle } from '../../src/engine/faq-reply.ts'
import { realBundle } from '../helpers/bundle.ts'

const bundle = realBundle()

/**
 * Button labels of FAQ entries (blind tester B, item 17): the topic "Biaya" showed raw ids ("biaya-jabatan-bebas-anda")
 * for the answer-only entries, and other buttons showed a user's own words ("kontrak kerja sy kapan habisnya ya?",
 * "tolong kasih saya kerja di korea, saya bisa kerja apa aja") or were cut ("… di…").
 */
describe('FAQ button titles', () => {
  it.each(['id', 'en'] as const)('are never a raw id and never cut (%s)', (lang) => {
    for (const entry of bundle.faq.entries) {
      const title = faqTitle(entry, lang)
      expect(title, entry.id).not.toBe(entry.id)
      expect(title.endsWith('…'), `${entry.id}: ${title}`).toBe(false)
    }
  })

  it('use the written title, not the first question variant, where the entry has one', () => {
    const titles = (id: string) => ['id', 'en'].map((lang) => faqTitle(bundle.faq.byId.get(id)!, lang as 'id' | 'en'))
    expect(titles('biaya-jabatan-bebas-anda')).toEqual(['Biaya untuk jabatan yang dibebaskan', 'Costs for fee-exempt jobs'])
    expect(titles('isi-kontrak')).toEqual(['Isi Perjanjian Kerja', 'What the employment contract must say'])
    expect(titles('eps-korea')).toEqual(['Kerja ke Korea lewat EPS', 'Working in Korea through EPS'])
    const labels = faqFollowups(bundle, bundle.faq.byId.get('biaya-penempatan')!, 'en', ['biaya-potong-gaji', 'biaya-kemahalan']).map((c) => c.label)
    expect(labels).toContain('Costs paid through salary deductions')
    expect(labels).toContain('Is the fee too high?')
  })
})
