import { describe, expect, it } from 'vitest'
import { exampleKey, SoftmaxClassifier, type TrainingExample } from '../../src/understanding/linear-model.ts'
import { seededRandom } from '../../src/understanding/seeded-random.ts'

/** A synthetic set: 3 classes, 40 features, each example a few features mostly of its class's block. */
function dataset(n: number, seed: number, keyed: boolean): TrainingExample[] {
  const random = seededRandom(seed)
  const examples: TrainingExample[] = []
  for (let i = 0; i < n; i++) {
    const y = i % 3
    const ids = new Set<number>()
    while (ids.size < 4) ids.add(random() < 0.8 ? y * 12 + Math.floor(random() * 12) : 36 + Math.floor(random() * 4))
    const sorted = Int32Array.from([...ids].sort((a, b) => a - b))
    const example: TrainingExample = { x: { ids: sorted, values: Float32Array.from(sorted, () => 1) }, y }
    if (keyed) example.key = exampleKey(String(y), [...sorted].join(' '))
    examples.push(example)
  }
  return examples
}

/** The largest difference of predicted probabilities over probe vectors between two classifiers. */
function drift(a: SoftmaxClassifier, b: SoftmaxClassifier): number {
  let max = 0
  for (let f = 0; f + 3 < 40; f += 2) {
    const x = { ids: Int32Array.from([f, f + 1, f + 2, f + 3]), values: Float32Array.from([1, 1, 1, 1]) }
    const pa = a.predict(x)
    const pb = b.predict(x)
    for (let c = 0; c < 3; c++) max = Math.max(max, Math.abs(pa[c]! - pb[c]!))
  }
  return max
}

describe('training order', () => {
  it('with keys, one added example moves the model far less than a reshuffle of everything does', () => {
    const options = { epochs: 5, seed: 3 }
    for (const keyed of [true, false]) {
      const base = dataset(300, 1, keyed)
      const extra = dataset(301, 1, keyed).at(-1)!
      // The extra example goes first: without keys every later example's place in the shuffle changes.
      const before = SoftmaxClassifier.train(base, 40, 3, options)
      const after = SoftmaxClassifier.train([extra, ...base], 40, 3, options)
      const moved = drift(before, after)
      if (keyed) expect(moved).toBeLessThan(0.02)
      else expect(moved).toBeGreaterThan(0.02)
    }
  })

  it('keys make training independent of the examples\' positions', () => {
    const examples = dataset(120, 5, true)
    const reversed = [...examples].reverse()
    const a = SoftmaxClassifier.train(examples, 40, 3, { epochs: 3, seed: 9 })
    const b = SoftmaxClassifier.train(reversed, 40, 3, { epochs: 3, seed: 9 })
    expect(drift(a, b)).toBeLessThan(1e-6)
  })
})
