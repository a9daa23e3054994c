/**
 * One engine worker thread (engine-pool.ts): loads the content itself (the same folders as the main thread, and the
 * trained weights it stored in DATA_DIR/model-cache), then runs engine turns for the users sharded to it. A turn
 * for another content version than its own is handed back (`stale`): the main thread answers it.
 */
import { parentPort } from 'node:worker_threads'
import type { Bundle } from '../content/bundle.ts'
import { loadBundle } from '../content/load.ts'
import { ACTION_SPECS } from '../engine/actions.ts'
import { handleMessage } from '../engine/engine.ts'
import type { FromWorker, ToWorker } from './engine-pool.ts'

let bundle: Bundle | undefined
const port = parentPort
if (!port) throw new Error('engine-worker.ts runs as a worker thread (engine-pool.ts starts it)')

port.on('message', (message: ToWorker) => {
  if (message.type === 'load') {
    try {
      const loaded = loadBundle({ ...message.options, actions: ACTION_SPECS })
      if (loaded.bundle) bundle = loaded.bundle
      const error = loaded.bundle ? undefined : `${loaded.problems.filter((p) => p.severity === 'error').length} error(s) in the content`
      port.postMessage({ type: 'loaded', version: loaded.bundle?.version, ...(error ? { error } : {}) } satisfies FromWorker)
    } catch (error) {
      port.postMessage({ type: 'loaded', version: undefined, error: error instanceof Error ? error.message : String(error) } satisfies FromWorker)
    }
    return
  }
  if (!bundle || bundle.version !== message.version) {
    port.postMessage({ type: 'turn', id: message.id, stale: true } satisfies FromWorker)
    return
  }
  try {
    const result = handleMessage(message.previous, message.inbound, bundle, { ...message.options, ownsSession: true })
    port.postMessage({ type: 'turn', id: message.id, result } satisfies FromWorker)
  } catch (error) {
    port.postMessage({ type: 'turn', id: message.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies FromWorker)
  }
})
