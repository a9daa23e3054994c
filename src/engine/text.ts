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
  return template.replace(/\{([a-z_][a-z0-9_.]*)\}/gi, (_, name: string) => {
    if (name.startsWith('contact.')) return bundle.contacts.get(name.slice(8))?.value ?? ''
    if (name.startsWith('text.')) {
      // one level only: a text named inside another cannot name a third (no loops)
      const inner = bundle.texts[lang].get(name.slice(5)) ?? bundle.texts.id.get(name.slice(5)) ?? ''
      return fill(bundle, inner.replace(/\{text\.[^}]*\}/g, ''), vars, lang)
    }
    if (name === 'registry.as_of') return bundle.agencies?.asOf ?? ''
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
