/**
 * What the assistant tells users stays within shared/facts: the crisis lines exactly as §2d gives them, and claims the
 * facts do not carry (corrected in the truth audit of 2026-12-03) do not come back.
 */
import { describe, expect, it } from 'vitest'
import { realBundle } from '../helpers/bundle.ts'

const bundle = realBundle()

/** Every reply text and FAQ answer, in both languages, with where it comes from. */
function userTexts(): { where: string; text: string }[] {
  const out: { where: string; text: string }[] = []
  for (const lang of ['id', 'en'] as const) {
    for (const [key, text] of bundle.texts[lang]) out.push({ where: `texts ${key} (${lang})`, text })
    for (const e of bundle.faq.entries) out.push({ where: `faq ${e.id} (${lang})`, text: (lang === 'en' ? e.a.en : e.a.id) ?? '' })
  }
  return out
}

describe('the crisis lines (shared/facts §2d)', () => {
  it('are exactly the numbers and address of the facts', () => {
    const value = (id: string) => bundle.contacts.get(id)?.value
    expect(value('healing119')).toBe('https://healing119.id')
    expect(value('sejiwa')).toBe('119 ext. 8')
    expect(value('sapa')).toBe('129')
    expect(value('sapa_wa')).toBe('08111-129-129')
    expect(value('polisi')).toBe('110')
  })

  it('are never typed into a text by hand (only {contact.ID})', () => {
    for (const { where, text } of userTexts()) expect(text, where).not.toMatch(/08111|healing119\.id|\bext\.? ?8\b/i)
  })
})

describe('claims the facts do not carry', () => {
  it('the moratorium: sending domestic workers is treated as trafficking, not the worker who leaves (§3g, §4)', () => {
    for (const { where, text } of userTexts()) {
      expect(text, where).not.toMatch(/\b(berangkat|going|leaving) (lewat|that|through)[^.]*(diperlakukan sebagai perdagangan|treated as (human )?trafficking)/i)
    }
  })

  it('healing119.id: online, but no source says it works abroad or at night (§2d)', () => {
    for (const { where, text } of userTexts().filter((t) => /healing119|\b119\b/.test(t.text))) {
      expect(text, where).not.toMatch(/works from abroad|bisa dari luar negeri\)|Bisa dibuka dari luar negeri|do not work|tidak bisa dipakai/i)
      expect(text, where).not.toMatch(/(Jam segini pun masih ada yang bisa|some help is open):\\n?\s*💬/)
    }
  })

  it('the embassy answer does not deny the dated mission hotlines that the help abroad gives (§2b, 2020)', () => {
    expect(bundle.contacts.get('kjri_hk_hotline')).toBeDefined()
    const entry = bundle.faq.byId.get('hubungi-kbri')!
    for (const text of [entry.a.id, entry.a.en ?? '']) {
      expect(text).not.toMatch(/tidak mencantumkan nomor perwakilan|don't list old mission numbers/)
      expect(text).toContain('2020')
    }
  })

  it('E-PMI online through SISKOP2MI is a news report (likely, §1), not an official statement', () => {
    for (const key of ['siskop2mi.epmi']) {
      expect(bundle.texts.id.get(key)).toMatch(/Menurut berita/)
      expect(bundle.texts.en.get(key)).toMatch(/According to news/)
    }
  })
})
