/**
 * The crisis detector of a content load that trains is built in a worker thread (`crisis-background.ts`) and handed
 * to the main thread through the model cache's entries: it must read every message exactly as the detector built
 * on the main thread from the same inputs.
 */
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadBundle } from '../../src/content/load.ts'
import { ACTION_SPECS } from '../../src/engine/actions.ts'
import { crisisBuildStats } from '../../src/understanding/crisis-background.ts'

describe('crisis detector built in a worker thread at content load', () => {
  it('reads the examples and FAQ questions as the same detector built on the main thread', () => {
    const before = crisisBuildStats.inWorker
    // No model cache: the load trains, so the detector is built in the worker.
    const { bundle } = loadBundle({ flowsDir: resolve('flows'), contentDir: resolve('content'), actions: ACTION_SPECS })
    if (!bundle) throw new Error('shipped content does not load')
    expect(crisisBuildStats.inWorker).toBe(before + 1)
    // `rebuild` builds from the same inputs here, without a cache.
    const here = bundle.crisis.rebuild({})
    const texts = [...bundle.crisis.examples.map((e) => e.q), ...bundle.faq.entries.flatMap((e) => e.q.id ?? []).filter((_, i) => i % 4 === 0)]
    expect(texts.length).toBeGreaterThan(1_000)
    for (const text of texts) {
      expect(bundle.crisis.explain(text), text).toEqual(here.explain(text))
      expect(bundle.crisis.possible(text), text).toEqual(here.possible(text))
    }
  }, 240_000) // a content load that trains, and the crisis detector trained again (minutes on a busy shared machine)
})
