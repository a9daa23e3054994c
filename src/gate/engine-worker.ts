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
import type { FromWorker, ToWorker, TurnAnswer, TurnRequest } from './engine-pool.ts'

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
  port.postMessage({ type: 'turns', answers: message.turns.map(answer) } satisfies FromWorker)
})

function answer(turn: TurnRequest): TurnAnswer {
  if (!bundle || bundle.version !== turn.version) return { id: turn.id, stale: true }
  try {
    return { id: turn.id, result: handleMessage(turn.previous, turn.inbound, bundle, { ...turn.options, ownsSession: true }) }
  } catch (error) {
    return { id: turn.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }
  }
}
