import { describe, expect, it } from 'vitest'
import { isHeldOut } from '../../src/understanding/eval-util.ts'
import { formatRoutingReport, runRoutingEval } from '../../src/understanding/routing-eval.ts'
import { realBundle } from '../helpers/bundle.ts'

describe('held-out evaluation sets', () => {
  it('knows test sets by name, also the second batch', () => {
    expect(isHeldOut('test/eval/routing-test.yaml')).toBe(true)
    expect(isHeldOut('test/eval/crisis-test2.yaml')).toBe(true)
    expect(isHeldOut('test/eval/routing-fresh-dev.yaml')).toBe(false)
    expect(isHeldOut('test/eval/faq-dev.yaml')).toBe(false)
  })

  it('prints the totals of a test set but never its questions', () => {
    const bundle = realBundle()
    const items = [{ q: 'zzqx unrelated words for a miss', intent: 'agency_check' as const, lang: 'id' as const }]
    const report = runRoutingEval(bundle, items as never)
    expect(report.misses.length).toBe(1)
    expect(formatRoutingReport('test/eval/routing-test2.yaml', report)).not.toContain('zzqx')
    expect(formatRoutingReport('test/eval/routing-fresh-dev.yaml', report)).toContain('zzqx')
  })
})
