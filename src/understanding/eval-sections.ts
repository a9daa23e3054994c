/**
 * The sections of `npm run eval`. Each one measures one part of understanding against labelled files under
 * `test/eval/`, on the real content bundle, and returns a printable report and its numbers.
 *
 * To add a section: write `src/understanding/<name>-eval.ts` exporting an `EvalSection`, and add it to
 * `EVAL_SECTIONS` below (one import, one line). Shared helpers (reading files, tables) are in `eval-util.ts`.
 *
 * Rules every section keeps: the held-out files (`*-test.yaml`) are run and their totals printed, but their
 * questions are never printed (no misses, no `--explain`) and nothing is tuned on them; tuning uses `*-dev.yaml`.
 */
import type { Bundle } from '../content/bundle.ts'
import { faqEvalSection } from './faq-eval.ts'
import { crisisEvalSection, routingEvalSection } from './routing-crisis-sections.ts'

export interface EvalContext {
  /** The command-line arguments of `npm run eval` (sections may read their own flags, e.g. `--test`). */
  args: readonly string[]
  /** The content bundle as users get it (`loadBundle`). */
  bundle: Bundle
  /** Project root; labelled files are under `<root>/test/eval/`. */
  root: string
  /** Print the numbers behind each miss (`--explain`). */
  explain: boolean
  /** Skip the held-out test sets (`--no-test`; for tuning runs). */
  skipTest: boolean
  /** Search thresholds on the dev sets and print the best (`--tune`), where a section supports it. */
  tune: boolean
}

export interface EvalSectionReport {
  /** Human-readable report (tables, misses). */
  text: string
  /** The same numbers for `--json`. */
  data: unknown
}

export interface EvalSection {
  /** Short name, used by `--section NAME` and as the key in `--json`. */
  name: string
  run(context: EvalContext): EvalSectionReport
}

/** Every evaluation section, in the order printed. */
export const EVAL_SECTIONS: readonly EvalSection[] = [
  faqEvalSection,
  routingEvalSection,
  crisisEvalSection,
]
