/** Builds the router of `content/intents.yaml` when the bundle loads, with the file's semantic problems. */
import type { Problem } from '../content/problems.ts'
import type { FlowDef } from '../content/schemas.ts'
import type { Country, Lexicon, Training } from '../content/types.ts'
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
  faqIds?: ReadonlySet<string>,
): { router?: Router; problems: Problem[] } {
  if (!parsed) return { problems: [] }
  const defs = flows.map((f) => f.value)
  const shapeProblems = checkIntents(parsed.value, parsed.source, defs, undefined, faqIds)
  if (shapeProblems.some((p) => p.severity === 'error')) return { problems: shapeProblems }
  const router = new Router(parsed.value, trainings as Training[], countries as Country[], lexicon)
  return { router, problems: checkIntents(parsed.value, parsed.source, defs, router, faqIds) }
}
