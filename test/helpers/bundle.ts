import { resolve } from 'node:path'
import type { Bundle } from '../../src/content/bundle.ts'
import { loadBundle } from '../../src/content/load.ts'
import { ACTION_SPECS } from '../../src/engine/actions.ts'

let cached: Bundle | undefined

/** The repository's real flows and content, loaded once per test file. */
export function realBundle(): Bundle {
  if (cached) return cached
  const { bundle, problems } = loadBundle({ flowsDir: resolve('flows'), contentDir: resolve('content'), actions: ACTION_SPECS })
  if (!bundle) throw new Error(`shipped content does not load:\n${problems.map((p) => `${p.file}:${p.line}:${p.col} ${p.message}`).join('\n')}`)
  cached = bundle
  return bundle
}
