import type { Bundle } from '../content/bundle.ts'
import type { TextRef } from '../content/schemas.ts'
import type { Localized } from '../content/types.ts'
import type { Lang } from './types.ts'

/** Values a text may show: `{name}`, `{answers.name}`. */
export type TextVars = Readonly<Record<string, unknown>>

/**
 * Resolves a text reference (key or inline) in a language, falling back to Indonesian, and fills its
 * placeholders: `{contact.ID}`, `{text.KEY}`, `{registry.as_of}`, `{answers.X}` / `{X}`. A placeholder with no value is
 * left out rather than shown as code.
 */
export function renderText(bundle: Bundle, lang: Lang, ref: TextRef, vars: TextVars = {}): string {
  const template = typeof ref === 'string' ? (bundle.texts[lang].get(ref) ?? bundle.texts.id.get(ref) ?? ref) : pick(ref, lang)
  return fill(bundle, template, vars, lang)
}

/** The text of a localized value in `lang`, or Indonesian. */
export function pick(value: Localized, lang: Lang): string {
  return (lang === 'en' ? value.en : undefined) ?? value.id
}

/** Fills `{contact.ID}`, `{text.KEY}` (another text, e.g. an officer-set `about.operator`), `{registry.as_of}` and vars. */
export function fill(bundle: Bundle, template: string, vars: TextVars, lang: Lang = 'id'): string {
  if (!template.includes('{')) return template
  // A template whose placeholders are all of the content (contacts, texts, the registry's date) reads the same every
  // time: filled once per content and language (most replies of a turn are such texts).
  let known = filledOf.get(bundle)
  if (!known) filledOf.set(bundle, (known = { id: new Map(), en: new Map() }))
  const byLang = known[lang]
  const hit = byLang.get(template)
  if (hit !== undefined) return hit
  const used = { vars: false }
  const filled = fillWith(bundle, template, vars, lang, used)
  if (!used.vars) {
    if (byLang.size >= FILLED_SIZE) byLang.clear()
    byLang.set(template, filled)
  }
  return filled
}

const filledOf = new WeakMap<Bundle, Record<Lang, Map<string, string>>>()
const FILLED_SIZE = 5_000

/** `fill`, noting in `used.vars` whether a placeholder was looked up in `vars`. */
function fillWith(bundle: Bundle, template: string, vars: TextVars, lang: Lang, used: { vars: boolean }): string {
  if (!template.includes('{')) return template
  return template.replace(/\{([a-z_][a-z0-9_.]*)\}/gi, (_, name: string) => {
    if (name.startsWith('contact.')) return bundle.contacts.get(name.slice(8))?.value ?? ''
    if (name.startsWith('text.')) {
      // one level only: a text named inside another cannot name a third (no loops)
      const inner = bundle.texts[lang].get(name.slice(5)) ?? bundle.texts.id.get(name.slice(5)) ?? ''
      return fillWith(bundle, inner.replace(/\{text\.[^}]*\}/g, ''), vars, lang, used)
    }
    if (name === 'registry.as_of') return bundle.agencies?.asOf ?? ''
    used.vars = true
    const key = name.startsWith('answers.') ? name.slice(8) : name
    const value = vars[key]
    if (value === undefined || value === null) return ''
    if (Array.isArray(value)) return value.join(', ')
    return String(value)
  })
}

/** Whether a text key exists (used for optional texts such as per-flow help). */
export function hasText(bundle: Bundle, key: string): boolean {
  return bundle.texts.id.has(key)
}
