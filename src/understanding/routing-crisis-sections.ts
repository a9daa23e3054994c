/**
 * The routing and crisis parts of `npm run eval` as sections (`eval-sections.ts`). They keep their own
 * conventions: their held-out test sets run only with `--test`; each prints its own report.
 */
import { routingEval } from '../cli/routing-eval.ts'
import { crisisEvalCommand } from './crisis-eval.ts'
import type { EvalSection } from './eval-sections.ts'

export const routingEvalSection: EvalSection = {
  name: 'routing',
  run: (context) => ({ text: '', data: routingEval(context.args, context.args.includes('--json')) }),
}

export const crisisEvalSection: EvalSection = {
  name: 'crisis',
  run: (context) => {
    const { code, reports } = crisisEvalCommand(context.args)
    if (code !== 0) throw new Error('the crisis evaluation failed (see above)')
    return { text: '', data: reports }
  },
}
