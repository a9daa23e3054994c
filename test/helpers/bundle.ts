import { resolve } from 'node:path'
import type { Bundle } from '../../src/content/bundle.ts'
import { loadBundle } from '../../src/content/load.ts'
import { ACTION_SPECS } from '../../src/engine/actions.ts'

let cached: Bundle | undefined

/**
 * The run's one folder of trained classifier weights (MODEL_CACHE_DIR, set in vitest.config.ts) as load options: a
 * load of content whose training inputs are those of an earlier load reads the weights instead of training. Empty
 * when unset. Tests of training itself and of the cache give folders of their own.
 */
export function sharedModelCache(): { modelCacheDir?: string } {
  const modelCacheDir = process.env.MODEL_CACHE_DIR
  return modelCacheDir ? { modelCacheDir } : {}
}

/** The repository's real flows and content, loaded once per test file (trained weights from {@link sharedModelCache}). */
export function realBundle(): Bundle {
  if (cached) return cached
  const { bundle, problems } = loadBundle({ flowsDir: resolve('flows'), contentDir: resolve('content'), actions: ACTION_SPECS, ...sharedModelCache() })
  if (!bundle) throw new Error(`shipped content does not load:\n${problems.map((p) => `${p.file}:${p.line}:${p.col} ${p.message}`).join('\n')}`)
  cached = bundle
  return bundle
}
