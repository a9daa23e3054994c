/**
 * An FAQ answer states no number that appears nowhere in ../shared/facts/ (amounts, ages, years, counts): a number
 * that is in no fact was invented or mistyped. Numbers that are not facts (list numbering, a contact's own digits,
 * which come from contacts.yaml with their source) are allowed by name below.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { realBundle } from '../helpers/bundle.ts'

/** ../shared/facts/ next to the checkout (a worktree may sit deeper: the nearest ancestor that has it). */
const FACTS_DIR = (() => {
  for (let dir = resolve('..'); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'shared', 'facts'))) return join(dir, 'shared', 'facts')
    if (dirname(dir) === dir) throw new Error('shared/facts/ not found next to the repository: the content tests need the facts')
  }
})()

/** Numbers that are not facts, each with why (list numbering "1." at a line start is skipped by `numbers`). */
const ALLOWED: Readonly<Record<string, string>> = {
  // e.g. '24': '"24 jam", the call centre hours' (not needed today: the facts say "24 hours")
}

/** Numbers in reply texts that are not facts: examples of what to type. */
const TEXT_ALLOWED: Readonly<Record<string, string>> = {
  '966': '"+966…", the example of a phone number from abroad in training.ask_phone and ask.invalid.phone_foreign',
}

/** The readings of a number token in either convention: "500.000"/"500,000" = 500000, "195,8"/"195.8" = 195.8. */
function readings(token: string): string[] {
  const groups = token.split(/[.,]/)
  const out = new Set<string>([token.replace(/[.,]/g, '')])
  if (groups.length === 2) out.add(`${groups[0]}.${groups[1]}`)
  return [...out].map((n) => n.replace(/^0+(?=\d)/, ''))
}

/** Number tokens of a text, without list numbering at the start of a line. */
function numbers(text: string): string[] {
  const clean = text.replace(/\{[a-z_.0-9]+\}/gi, ' ').replace(/^\s*\d{1,2}[.)]\s/gm, ' ')
  return [...clean.matchAll(/\d+(?:[.,]\d+)*/g)].map((m) => m[0])
}

const factNumbers = (() => {
  const set = new Set<string>()
  for (const file of readdirSync(FACTS_DIR).filter((f) => f.endsWith('.md'))) {
    for (const token of numbers(readFileSync(join(FACTS_DIR, file), 'utf8'))) for (const r of readings(token)) set.add(r)
  }
  return set
})()

describe('numbers in FAQ answers', () => {
  it('reads the facts', () => {
    expect(factNumbers.has('37500')).toBe(true)
    expect(factNumbers.has('195.8')).toBe(true)
    expect(factNumbers.size).toBeGreaterThan(200)
  })

  it('every number an answer states appears in shared/facts (or is allowed by name)', () => {
    const bundle = realBundle()
    const unknown: string[] = []
    let checked = 0
    for (const entry of bundle.faq.entries) {
      for (const lang of ['id', 'en'] as const) {
        const text = lang === 'en' ? entry.a.en : entry.a.id
        if (!text) continue
        for (const token of numbers(text)) {
          checked++
          if (ALLOWED[token] !== undefined) continue
          if (!readings(token).some((r) => factNumbers.has(r))) unknown.push(`${entry.id} (${lang}): ${token}`)
        }
      }
    }
    expect(unknown).toEqual([])
    expect(checked).toBeGreaterThan(400)
  })

  it('every number a reply text (content/texts) states appears in shared/facts (or is allowed by name)', () => {
    const bundle = realBundle()
    const unknown: string[] = []
    for (const lang of ['id', 'en'] as const) {
      for (const [key, text] of bundle.texts[lang]) {
        for (const token of numbers(text)) {
          if (ALLOWED[token] !== undefined || TEXT_ALLOWED[token] !== undefined) continue
          if (!readings(token).some((r) => factNumbers.has(r))) unknown.push(`${key} (${lang}): ${token}`)
        }
      }
    }
    expect(unknown).toEqual([])
  })

  it('would catch an invented amount', () => {
    const invented = numbers('Biaya resmi Rp47.250.000 untuk 73 orang, usia 18–39').filter((t) => !readings(t).some((r) => factNumbers.has(r)))
    expect(invented).toEqual(['47.250.000', '73'])
  })
})
