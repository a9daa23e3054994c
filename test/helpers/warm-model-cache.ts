/**
 * Vitest global setup: loads the shipped content once with MODEL_CACHE_DIR (set in vitest.config.ts), so that the
 * classifiers are trained at most once per run (and not at all when an earlier run left their weights) instead of in
 * every test file and every process the tests start, at the same time.
 */
import { resolve } from 'node:path'
import { loadBundle } from '../../src/content/load.ts'
import { ACTION_SPECS } from '../../src/engine/actions.ts'

export default function warmModelCache(): void {
  const modelCacheDir = process.env.MODEL_CACHE_DIR
  if (!modelCacheDir) return
  // Content that does not load fails in the tests that load it, with its problems; nothing to say here.
  loadBundle({ flowsDir: resolve('flows'), contentDir: resolve('content'), actions: ACTION_SPECS, modelCacheDir })
}
