/**
 * Run by the embedded-store-at-scale benchmark in a fresh process: opens the embedded store on the folder given
 * as the first argument, checks that the user given second has a session, and prints
 * `{"reopen_ms","rss_mb","heap_mb"}`: what a restart costs in time and memory.
 */
import { EmbeddedStore } from '../store/embedded.ts'

const [dataDir, someUser] = process.argv.slice(2)
if (!dataDir || !someUser) throw new Error('usage: reopen-child.ts <dataDir> <userKey>')
const started = performance.now()
const store = new EmbeddedStore({ dataDir })
const reopenMs = performance.now() - started
if (!(await store.getSession(someUser))) throw new Error(`no session for ${someUser} after the reopen`)
const memory = process.memoryUsage()
await store.close()
process.stdout.write(`${JSON.stringify({ reopen_ms: Math.round(reopenMs), rss_mb: Math.round(memory.rss / 2 ** 20), heap_mb: Math.round(memory.heapUsed / 2 ** 20) })}\n`)
