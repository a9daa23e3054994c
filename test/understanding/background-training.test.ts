/**
 * The FAQ classifier trains in a worker thread while content loads (src/understanding/linear-model.ts): the worker
 * runs the same training code on the same examples, so the weights are the same bit for bit as training on the main
 * thread, and they are stored in the weight cache once ready.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { FileWeightCache } from '../../src/content/model-cache.ts'
import { backgroundStats, SoftmaxClassifier, type TrainingExample } from '../../src/understanding/linear-model.ts'

const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

/** 5 classes over 40 features, with uneven weights and overlapping features, so training has work to do. */
function examples(): TrainingExample[] {
  const out: TrainingExample[] = []
  for (let i = 0; i < 400; i++) {
    const y = i % 5
    const ids = Int32Array.from([y * 7, y * 7 + 1 + (i % 5), 35 + (i % 4), (i * 13) % 40].filter((v, k, a) => a.indexOf(v) === k))
    out.push({ x: { ids, values: Float32Array.from(ids, (_, k) => 1 / (k + 1)) }, y, ...(i % 9 === 0 ? { weight: 2 } : {}) })
  }
  return out
}

const probes = Array.from({ length: 10 }, (_, i) => ({ ids: Int32Array.from([i * 4, i * 4 + 1, 39 - i]), values: Float32Array.from([1, 0.5, 0.25]) }))

describe('training in the background', () => {
  it('gives exactly the weights of training on the main thread, from a worker thread', () => {
    const before = { ...backgroundStats }
    const here = SoftmaxClassifier.train(examples(), 40, 5, { epochs: 4 })
    const there = SoftmaxClassifier.train(examples(), 40, 5, { epochs: 4 }, undefined, { background: true }).settle()
    expect(backgroundStats.inWorker).toBe(before.inWorker + 1)
    expect(backgroundStats.fellBack).toBe(before.fellBack)
    for (const p of probes) expect([...there.logits(p)]).toEqual([...here.logits(p)])
    // The classes differ on the probes: the comparison is not between two untrained models.
    expect(new Set(probes.map((p) => there.predict(p).indexOf(Math.max(...there.predict(p))))).size).toBeGreaterThan(2)
  })

  it('runs trainings started together one after the other, each with the weights of the main thread', () => {
    const before = { ...backgroundStats }
    const here = [SoftmaxClassifier.train(examples(), 40, 5, { epochs: 4 }), SoftmaxClassifier.train(examples(), 40, 5, { epochs: 2, seed: 3 })]
    const first = SoftmaxClassifier.train(examples(), 40, 5, { epochs: 4 }, undefined, { background: true })
    const second = SoftmaxClassifier.train(examples(), 40, 5, { epochs: 2, seed: 3 }, undefined, { background: true })
    // Waited for in the other order: the second starts once the first is done, whoever waits first (or the main thread
    // takes it over if it is still queued when the worker is busy with the first).
    second.settle()
    first.settle()
    expect(backgroundStats.inWorker + backgroundStats.onMain).toBe(before.inWorker + before.onMain + 2)
    expect(backgroundStats.fellBack).toBe(before.fellBack)
    for (const p of probes) {
      expect([...first.logits(p)]).toEqual([...here[0]!.logits(p)])
      expect([...second.logits(p)]).toEqual([...here[1]!.logits(p)])
    }
  })

  it('takes a training still queued over on the main thread while the worker trains another, with the same weights', () => {
    const before = { ...backgroundStats }
    const here = SoftmaxClassifier.train(examples(), 40, 5, { epochs: 2, seed: 3 })
    // Long enough that the worker is still on it when the main thread waits for the second.
    const long = SoftmaxClassifier.train(examples(), 40, 5, { epochs: 3_000 }, undefined, { background: true })
    const queued = SoftmaxClassifier.train(examples(), 40, 5, { epochs: 2, seed: 3 }, undefined, { background: true })
    queued.settle()
    expect(backgroundStats.onMain).toBe(before.onMain + 1)
    long.settle()
    expect(backgroundStats.inWorker).toBe(before.inWorker + 1)
    expect(backgroundStats.fellBack).toBe(before.fellBack)
    for (const p of probes) expect([...queued.logits(p)]).toEqual([...here.logits(p)])
  })

  it('is waited for on first use without settle(), and stored in the weight cache when ready', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ma-bg-'))
    dirs.push(dir)
    const cache = new FileWeightCache(dir)
    const model = SoftmaxClassifier.train(examples(), 40, 5, {}, cache, { background: true })
    const expected = SoftmaxClassifier.train(examples(), 40, 5)
    expect([...model.predict(probes[3]!)]).toEqual([...expected.predict(probes[3]!)])
    expect(cache.stats).toEqual({ hits: 0, writes: 1 })
    const again = SoftmaxClassifier.train(examples(), 40, 5, {}, cache, { background: true })
    expect(cache.stats).toEqual({ hits: 1, writes: 1 })
    expect([...again.predict(probes[3]!)]).toEqual([...expected.predict(probes[3]!)])
  })
})
