/** Builds the router of `content/intents.yaml` when the bundle loads, with the file's semantic problems. */
import type { Problem } from '../content/problems.ts'
import type { FlowDef } from '../content/schemas.ts'
import type { Country, FaqEntry, Lexicon, Training } from '../content/types.ts'
import type { YamlSource } from '../content/yaml-source.ts'
import type { IntentsFile } from './intents-format.ts'
import { checkIntents } from './intents-checks.ts'
import { Router } from './router.ts'

export function loadRouter(
  parsed: { value: IntentsFile; source: YamlSource } | undefined,
  flows: readonly { value: FlowDef }[],
  trainings: readonly Training[],
  countries: readonly Country[],
  lexicon: Lexicon,
  faq: readonly FaqEntry[] = [],
  /** Cities, regencies and provinces, normalized (`RegionIndex.placeNames`). */
  places: readonly string[] = [],
): { router?: Router; problems: Problem[] } {
  const faqIds = new Set(faq.map((e) => e.id))
  if (!parsed) return { problems: [] }
  const defs = flows.map((f) => f.value)
  const shapeProblems = checkIntents(parsed.value, parsed.source, defs, undefined, faqIds)
  if (shapeProblems.some((p) => p.severity === 'error')) return { problems: shapeProblems }
  const texts = faq.flatMap((e) => [...(e.q.id ?? []), ...(e.q.en ?? []), ...e.keywords, e.a.id, e.a.en ?? ''])
  const router = new Router(parsed.value, trainings as Training[], countries as Country[], lexicon, texts, places)
  return { router, problems: checkIntents(parsed.value, parsed.source, defs, router, faqIds) }
}
