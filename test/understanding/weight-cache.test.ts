/**
 * Trained weights kept between loads (src/content/model-cache.ts): the same training inputs read the stored weights
 * (exactly what training would give), any change to them trains again, a damaged file is ignored.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { FileWeightCache } from '../../src/content/model-cache.ts'
import { SoftmaxClassifier, type TrainingExample } from '../../src/understanding/linear-model.ts'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ma-weights-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

/** A small problem: 3 classes over 12 features, each class with its own features plus shared noise. */
function examples(shift = 0): TrainingExample[] {
  const out: TrainingExample[] = []
  for (let i = 0; i < 60; i++) {
    const y = i % 3
    out.push({ x: { ids: Int32Array.from([y * 4, y * 4 + 1 + (i % 3), 11]), values: Float32Array.from([1, 0.5 + shift, 0.25]) }, y })
  }
  return out
}

const probe = { ids: Int32Array.from([4, 6, 11]), values: Float32Array.from([1, 1, 1]) }

describe('trained weights cache', () => {
  it('the same inputs read the stored weights: predictions identical to training', () => {
    const cache = new FileWeightCache(dir)
    const trained = SoftmaxClassifier.train(examples(), 12, 3)
    const first = SoftmaxClassifier.train(examples(), 12, 3, {}, cache)
    expect(cache.stats).toEqual({ hits: 0, writes: 1 })
    const second = SoftmaxClassifier.train(examples(), 12, 3, {}, cache)
    expect(cache.stats).toEqual({ hits: 1, writes: 1 })
    expect([...second.predict(probe)]).toEqual([...trained.predict(probe)])
    expect([...first.predict(probe)]).toEqual([...trained.predict(probe)])
  })

  it('a change to the examples, the sizes or the settings trains again', () => {
    const cache = new FileWeightCache(dir)
    SoftmaxClassifier.train(examples(), 12, 3, {}, cache)
    SoftmaxClassifier.train(examples(0.25), 12, 3, {}, cache)
    const relabelled = examples()
    relabelled[5] = { ...relabelled[5]!, y: 0 }
    SoftmaxClassifier.train(relabelled, 12, 3, {}, cache)
    const weighted = examples()
    weighted[7] = { ...weighted[7]!, weight: 2 }
    SoftmaxClassifier.train(weighted, 12, 3, {}, cache)
    SoftmaxClassifier.train(examples(), 13, 3, {}, cache)
    SoftmaxClassifier.train(examples(), 12, 3, { epochs: 6 }, cache)
    expect(cache.stats).toEqual({ hits: 0, writes: 6 })
    const changed = SoftmaxClassifier.train(examples(0.25), 12, 3, {}, cache)
    expect(cache.stats.hits).toBe(1)
    expect([...changed.predict(probe)]).toEqual([...SoftmaxClassifier.train(examples(0.25), 12, 3).predict(probe)])
  })

  it('a damaged or cut file is ignored and training runs', () => {
    const cache = new FileWeightCache(dir)
    const trained = SoftmaxClassifier.train(examples(), 12, 3)
    SoftmaxClassifier.train(examples(), 12, 3, {}, cache)
    const file = join(dir, readdirSync(dir)[0]!)
    const bytes = readFileSync(file)
    bytes[bytes.length - 3]! ^= 0xff
    writeFileSync(file, bytes)
    const afterFlip = SoftmaxClassifier.train(examples(), 12, 3, {}, cache)
    expect(cache.stats.hits).toBe(0)
    expect([...afterFlip.predict(probe)]).toEqual([...trained.predict(probe)])
    writeFileSync(file, readFileSync(file).subarray(0, 60))
    SoftmaxClassifier.train(examples(), 12, 3, {}, cache)
    expect(cache.stats.hits).toBe(0)
    // Rewritten whole by the last training: read again.
    SoftmaxClassifier.train(examples(), 12, 3, {}, cache)
    expect(cache.stats.hits).toBe(1)
  })

  it('keeps only the most recently used files', () => {
    const cache = new FileWeightCache(dir, 2)
    for (let i = 0; i < 4; i++) SoftmaxClassifier.train(examples(i / 10), 12, 3, {}, cache)
    expect(readdirSync(dir).filter((f) => f.endsWith('.weights'))).toHaveLength(2)
  })

  it('a folder that cannot be written is skipped (training still answers)', () => {
    const blocked = join(dir, 'file')
    writeFileSync(blocked, 'not a folder')
    const cache = new FileWeightCache(join(blocked, 'model-cache'))
    const model = SoftmaxClassifier.train(examples(), 12, 3, {}, cache)
    expect(cache.stats).toEqual({ hits: 0, writes: 0 })
    expect([...model.predict(probe)]).toEqual([...SoftmaxClassifier.train(examples(), 12, 3).predict(probe)])
  })
})
