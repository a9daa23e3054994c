/**
 * Worker threads that run the TypeScript sources, as the main thread does: tsx's ESM API (a dependency: it runs the
 * sources everywhere) registers its loader in the new thread, then the module is imported.
 */
import { createRequire } from 'node:module'
import { pathToFileURL } from 'node:url'
import { Worker, type WorkerOptions } from 'node:worker_threads'

const TSX_API = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href

/**
 * A worker thread running the module at `url` (a TypeScript file). `onFailure`: JavaScript run in the thread with
 * `error` set when registering tsx or importing the module fails (the thread's 'error' event only reaches a main
 * thread that returns to its event loop; one blocked in `Atomics.wait` learns of the failure this way).
 */
export function tsWorker(url: URL, options: WorkerOptions = {}, onFailure = ''): Worker {
  const load = `import(${JSON.stringify(TSX_API)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(url.href)}) })`
  return new Worker(onFailure ? `${load}.catch((error) => { ${onFailure}; throw error })` : load, { ...options, eval: true })
}
