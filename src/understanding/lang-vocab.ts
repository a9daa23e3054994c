/**
 * The language of a short message that `detectLang` cannot place ("I cut myself again tonight", "SOS"), learned from
 * labelled messages of the content (the crisis examples, each under `id:` or `en:`): a word that occurs in several
 * messages of one language and (almost) never in the other says that language. Names and words both languages use
 * ("malaysia", "boss", "madam") occur in both and say nothing.
 */
import type { Lang } from '../engine/types.ts'
import { cleanText } from './normalize.ts'

/** Shorter words ("ok", "ya", "no") are typed in chats of both languages, whatever the examples say. */
const MIN_LETTERS = 4
/** A word says a language when it occurs in at least this many messages of it… */
const MIN_MESSAGES = 3
/** …and at least this many times as often (per message) as in the other's. */
const RATIO = 10

export class LangVocabulary {
  private readonly lang = new Map<string, Lang>()

  constructor(messages: readonly { q: string; lang?: Lang }[]) {
    const counts = new Map<string, { id: number; en: number }>()
    const total = { id: 0, en: 0 }
    for (const m of messages) {
      if (!m.lang) continue
      total[m.lang]++
      for (const w of new Set(cleanText(m.q).split(' '))) {
        if (w.length < MIN_LETTERS || /\d/.test(w)) continue
        const c = counts.get(w) ?? { id: 0, en: 0 }
        c[m.lang]++
        counts.set(w, c)
      }
    }
    if (total.id === 0 || total.en === 0) return
    for (const [w, c] of counts) {
      const id = c.id / total.id
      const en = c.en / total.en
      if (c.en >= MIN_MESSAGES && en >= RATIO * id) this.lang.set(w, 'en')
      else if (c.id >= MIN_MESSAGES && id >= RATIO * en) this.lang.set(w, 'id')
    }
  }

  /** `'id'` or `'en'` when the message's words of one language outnumber the other's, else undefined. */
  langOf(text: string): Lang | undefined {
    let id = 0
    let en = 0
    for (const w of cleanText(text).split(' ', 80)) {
      const l = this.lang.get(w)
      if (l === 'id') id++
      else if (l === 'en') en++
    }
    return id > en ? 'id' : en > id ? 'en' : undefined
  }
}
