/**
 * Readable names for the codes stored in leads (province and regency codes, training and country ids, education
 * codes), from the current content bundle, in the officer's language. An unknown code shows as it is.
 */
import type { Bundle } from '../content/bundle.ts'
import type { Lang } from '../engine/types.ts'
import { pick } from '../engine/text.ts'

export interface Labels {
  province(code: string): string
  regency(code: string): string
  interest(id: string): string
  destination(id: string): string
  education(code: string): string
  /** Options for filter menus: [value, name], by name. */
  provinces: Array<[string, string]>
  interests: Array<[string, string]>
  destinations: Array<[string, string]>
}

export function labelsOf(bundle: Bundle, lang: Lang): Labels {
  const trainings = new Map(bundle.trainings.map((t) => [t.id, pick(t.label, lang)]))
  const countries = new Map(bundle.countries.map((c) => [c.id, pick(c.label, lang)]))
  const region = (code: string) => (code ? (bundle.regions.byCode(code)?.name ?? code) : '')
  const byName = (a: [string, string], b: [string, string]) => a[1].localeCompare(b[1], 'id')
  return {
    province: region,
    regency: region,
    interest: (id) => trainings.get(id) ?? id,
    destination: (id) => (id ? (countries.get(id) ?? id) : ''),
    education: (code) => (code ? (bundle.texts[lang].get(`training.edu_${code}`) ?? bundle.texts.id.get(`training.edu_${code}`) ?? code) : ''),
    // Leads keep the province's name (older ones its code): the filter's value is the name.
    provinces: bundle.regions.provinces().map((p): [string, string] => [p.name, p.name]).sort(byName),
    interests: [...trainings].sort(byName),
    destinations: [...countries].sort(byName),
  }
}
