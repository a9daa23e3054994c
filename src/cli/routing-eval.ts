/**
 * The routing part of `npm run eval`: every `test/eval/routing-*.yaml` set except held-out test sets
 * (`*-test.yaml`), which run only with `--test` (once, at the end of a piece of work; never tune on them).
 */
import { readdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { loadBundle } from '../content/load.ts'
import { formatProblems } from '../content/problems.ts'
import { ACTION_SPECS } from '../engine/actions.ts'
import { formatRoutingReport, readRoutingSet, runRoutingEval, type RoutingReport } from '../understanding/routing-eval.ts'
import { isHeldOut } from '../understanding/eval-util.ts'

const EVAL_DIR = join('test', 'eval')

/** Routing sets to run: dev sets always, test sets only when asked. */
export function routingSetFiles(args: readonly string[], dir = EVAL_DIR): string[] {
  const withTest = args.includes('--test')
  return readdirSync(dir)
    .filter((f) => /^routing-.*\.ya?ml$/.test(f) && (withTest || !isHeldOut(f)))
    .sort()
    .map((f) => join(dir, f))
}

/** Runs the routing sets; returns their reports by file (text printed unless `json`). */
export function routingEval(args: readonly string[], json: boolean): Record<string, RoutingReport> {
  const { bundle, problems } = loadBundle({ flowsDir: resolve('flows'), contentDir: resolve('content'), actions: ACTION_SPECS })
  if (!bundle) throw new Error(`content has errors:\n${formatProblems(problems)}`)
  const reports: Record<string, RoutingReport> = {}
  for (const file of routingSetFiles(args)) {
    const report = runRoutingEval(bundle, readRoutingSet(file))
    reports[file] = report
    if (!json) console.log(`\n${formatRoutingReport(file, report)}`)
  }
  return reports
}
