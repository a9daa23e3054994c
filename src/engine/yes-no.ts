/**
 * Reading yes, no or "I don't know" the way people type them: "iya", "iya sih", "ya kalo ga salah",
 * "kayaknya ngga", "gatau", "I think so", "no thanks". Word lists are content (`commands.yaml`: yes, no, hedge,
 * unsure); this file only knows the order in which they are tried. Linear in the length of the text.
 */
import { commandKey } from '../content/keys.ts'
import { remembersReadings } from '../understanding/text-cache.ts'

export type YesNo = 'yes' | 'no' | 'unsure'

export interface YesNoWords {
  yes: ReadonlySet<string>
  no: ReadonlySet<string>
  /** Softeners, longest first. */
  hedge: readonly string[]
  unsure: ReadonlySet<string>
}

/** Longest reply read as a yes/no sentence ("iya sudah pernah dibayar" is; a paragraph is not). */
const MAX_WORDS = 6

export function readYesNoWords(text: string, words: YesNoWords): YesNo | undefined {
  // The engine asks this of the same message several times in a turn, and short replies ("ya", "ok") come again and
  // again: results are remembered per word lists (one content's), for texts up to `MEMO_LENGTH` characters.
  if (text.length > MEMO_LENGTH || !remembersReadings()) return readUncached(text, words)
  let known = memo.get(words)
  if (!known) memo.set(words, (known = new Map()))
  const hit = known.get(text)
  if (hit !== undefined) return hit === null ? undefined : hit
  const answer = readUncached(text, words)
  if (known.size >= MEMO_SIZE) known.clear()
  known.set(text, answer ?? null)
  return answer
}

const memo = new WeakMap<YesNoWords, Map<string, YesNo | null>>()
const MEMO_LENGTH = 300
const MEMO_SIZE = 5_000

function readUncached(text: string, words: YesNoWords): YesNo | undefined {
  const answer = readClause(text, words)
  if (answer) return answer
  // "ga mau, sy cuma mau tau info aja": the answer is the first clause, before a comma or a full stop.
  const first = /^([^,.;!?]+)[,.;!?]\s*\S/u.exec(text.trim())?.[1]
  return first ? readClause(first, words) : undefined
}

function readClause(text: string, words: YesNoWords): YesNo | undefined {
  const key = commandKey(text)
  const whole = exact(key, words)
  if (whole) return whole
  const tokens = key.replace(/[^\p{L}\p{N}' ]+/gu, ' ').split(' ').filter(Boolean)
  if (tokens.length === 0 || tokens.length > MAX_WORDS + 4) return undefined
  let rest = ` ${tokens.join(' ')} `
  for (const hedge of words.hedge) {
    const spaced = ` ${hedge} `
    while (rest.includes(spaced)) rest = rest.replace(spaced, ' ')
  }
  const left = rest.trim().split(' ').filter(Boolean)
  if (left.length === 0) {
    // Only softeners ("mungkin", "maybe"): unsure.
    return tokens.some((t) => words.unsure.has(t)) ? 'unsure' : undefined
  }
  const cleaned = left.length <= MAX_WORDS ? exact(left.join(' '), words) : undefined
  if (cleaned) return cleaned
  // A short sentence that starts with the answer: "ga pernah", "iya bener", "ga tau juga"; a longer one when it
  // starts with the answer word and says more ("iya 15jt td kan sy udh blg", at most MAX_WORDS + 4 words).
  if (left.length > MAX_WORDS && text.includes('?')) return undefined
  for (const n of [3, 2, 1]) {
    if (left.length < n) continue
    const head = exact(left.slice(0, n).join(' '), words)
    if (head) return head
  }
  return undefined
}

function exact(key: string, words: YesNoWords): YesNo | undefined {
  if (words.unsure.has(key)) return 'unsure'
  if (words.yes.has(key)) return 'yes'
  if (words.no.has(key)) return 'no'
  return undefined
}
