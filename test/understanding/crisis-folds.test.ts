import { describe, expect, it } from 'vitest'
import { nearCopies, singletons } from '../../src/understanding/crisis-eval.ts'
import type { CrisisExample } from '../../src/understanding/crisis-model.ts'

const ex = (q: string, crisis = 'none'): CrisisExample => ({ q, crisis })

describe('cross-validation folds of the crisis examples', () => {
  it('keeps messages written as variants of one another in one group, also through a third message', () => {
    const examples = [
      ex('aku pamit ya mbak, titip ibu', 'self_harm'),
      ex('aku pamit ya mas, titip ibu', 'self_harm'),
      ex('aku pamit ya mas, titip anak-anak', 'self_harm'),
      ex('berapa biaya bikin paspor di imigrasi'),
      ex('kunci rumah hilang'),
    ]
    const g = nearCopies(examples)
    expect(g[0]).toBe(g[1])
    expect(g[1]).toBe(g[2])
    expect(new Set(g).size).toBe(3)
    expect(singletons(examples)).toEqual([0, 1, 2, 3, 4])
  })
})
