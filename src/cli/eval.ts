/**
 * `npm run eval`: how well the assistant understands what people type, measured on labelled files under
 * `test/eval/` with the real content bundle (exactly what users get). One section per part of understanding
 * (`src/understanding/eval-sections.ts`): the FAQ matcher first.
 *
 *   npm run eval                      every section: tables, and the misses of the dev sets
 *   npm run eval -- --json            one JSON object, a key per section
 *   npm run eval -- --explain         misses with the numbers behind each decision
 *   npm run eval -- --section faq     one section only
 *   npm run eval -- --no-test         leave out the held-out test sets (for tuning runs)
 *   npm run eval -- --tune            also calibrate thresholds on the dev sets and print the best
 *   npm run eval -- --test            routing and crisis: also their held-out test sets (FAQ runs its own always)
 *
 * Held-out test sets (`*-test.yaml`) are run and their totals printed; their questions never are.
 */
import type { Config } from '../config.ts'
import { loadBundle } from '../content/load.ts'
import { formatProblems } from '../content/problems.ts'
import { contentOptions } from '../runtime.ts'
import { EVAL_SECTIONS } from '../understanding/eval-sections.ts'

/** Runs the evaluation from the project root; returns the exit code (1 when content or a file is bad). */
export async function evalCommand(args: string[], config: Config): Promise<number> {
  const json = args.includes('--json')
  const at = args.indexOf('--section')
  // `npm run eval crisis` (the crisis helper's form) is `--section crisis`.
  const only = at >= 0 ? args[at + 1] : args[0] && !args[0].startsWith('--') ? args[0] : undefined
  const sections = EVAL_SECTIONS.filter((s) => !only || s.name === only)
  if (sections.length === 0) {
    console.error(`eval: no section "${only}"; sections: ${EVAL_SECTIONS.map((s) => s.name).join(', ')}`)
    return 1
  }
  const { bundle, problems } = loadBundle(contentOptions(config))
  if (!bundle) {
    console.error(`eval: the content does not load:\n${formatProblems(problems)}`)
    return 1
  }
  const context = {
    args,
    bundle,
    root: process.cwd(),
    explain: args.includes('--explain'),
    skipTest: args.includes('--no-test'),
    tune: args.includes('--tune'),
  }
  const data: Record<string, unknown> = { contentVersion: bundle.version, loadMs: Math.round(bundle.loadMs) }
  for (const section of sections) {
    try {
      const report = section.run(context)
      data[section.name] = report.data
      if (!json && report.text) console.log(`== ${section.name} ==\n${report.text}\n`)
    } catch (error) {
      console.error(`eval: section ${section.name}: ${error instanceof Error ? error.message : String(error)}`)
      return 1
    }
  }
  if (json) console.log(JSON.stringify(data))
  return 0
}
