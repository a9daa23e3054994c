/**
 * The worker thread of `crisis-background.ts`: builds the crisis detector from the inputs it was given (its rules'
 * readings of the examples, the features, both trainings, here and synchronously) with a cache that keeps everything
 * the build stores, writes that to the model cache folder too, and posts it to the main thread.
 */
import { workerData } from 'node:worker_threads'
import { FileWeightCache } from '../content/model-cache.ts'
import { DONE, FAILED, QUEUED, RUNNING, type BuiltEntry, type CrisisBuildInputs, type CrisisBuildThread } from './crisis-background.ts'
import { CrisisDetector } from './crisis.ts'
import type { WeightCache } from './linear-model.ts'

const thread = workerData as CrisisBuildThread
thread.port.once('message', (inputs: CrisisBuildInputs) => {
  // The main thread may have taken the build over while this thread started.
  if (Atomics.compareExchange(thread.state, 0, QUEUED, RUNNING) === QUEUED) {
    try {
      const file = thread.cacheDir ? new FileWeightCache(thread.cacheDir) : undefined
      const built: BuiltEntry[] = []
      const cache: WeightCache = {
        get: (key, weights, classes) => file?.get(key, weights, classes),
        set: (key, w, bias) => {
          built.push({ key, w, bias })
          file?.set(key, w, bias)
        },
        getData: (key) => file?.getData(key),
        setData: (key, data) => {
          built.push({ key, data })
          file?.setData(key, data)
        },
      }
      CrisisDetector.build(inputs.content, inputs.lexicon, inputs.options, cache)
      thread.port.postMessage(built)
      Atomics.store(thread.state, 0, DONE)
    } catch {
      Atomics.store(thread.state, 0, FAILED)
    }
    Atomics.notify(thread.state, 0)
  }
  thread.port.close()
})
