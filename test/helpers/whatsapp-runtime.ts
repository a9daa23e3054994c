/**
 * A runtime for WhatsApp channel tests: the real content (flows/ and content/ of the repository), the real
 * gate, and a real store (by default `new EmbeddedStore({})`, memory only). Logs go to `logs` (JSON lines),
 * so tests can check that no personal data is logged.
 */
import { join, resolve } from 'node:path'
import { Writable } from 'node:stream'
import { loadConfig } from '../../src/config.ts'
import { ContentHolder } from '../../src/content/reloader.ts'
import { ACTION_SPECS } from '../../src/engine/actions.ts'
import { Gate } from '../../src/gate/gate.ts'
import { LocalBus } from '../../src/handoff/bus.ts'
import { HandoffService } from '../../src/handoff/service.ts'
import { CLOUD_REPLY_WINDOW_MS, officersConfigured } from '../../src/handoff/wiring.ts'
import { createLogger } from '../../src/logger.ts'
import type { Runtime } from '../../src/runtime.ts'
import { EmbeddedStore } from '../../src/store/embedded.ts'
import type { Store } from '../../src/store/types.ts'
import { FolderVersionStore } from '../../src/store/versions.ts'
import { ContentFollower } from '../../src/publish/follower.ts'
import { sharedModelCache } from './bundle.ts'

let content: ContentHolder | undefined

/** The repository's content, loaded once per test file. */
export function repoContent(): ContentHolder {
  content ??= new ContentHolder({ flowsDir: resolve('flows'), contentDir: resolve('content'), actions: ACTION_SPECS, ...sharedModelCache() })
  return content
}

export interface TestRuntime extends Runtime {
  /** Every log line written so far. */
  logs: string[]
}

export function testRuntime(env: Record<string, string> = {}, store: Store = new EmbeddedStore({})): TestRuntime {
  const logs: string[] = []
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logs.push(...chunk.toString().split('\n').filter(Boolean))
      done()
    },
  })
  const logger = createLogger('debug', sink)
  const config = loadConfig({ DATA_DIR: '/nonexistent-test-data', ...env })
  const holder = repoContent()
  const handoff = new HandoffService({
    store,
    logger,
    bus: new LocalBus(),
    available: officersConfigured(config),
    ...(config.WHATSAPP_MODE === 'cloud' ? { replyWindowMs: { whatsapp: CLOUD_REPLY_WINDOW_MS } } : {}),
  })
  const gate = new Gate({ store, bundle: () => holder.current, logger, rateLimit: false, handoff: handoff.gateHooks })
  handoff.attach(gate)
  // Versions in DATA_DIR (a test that publishes gives one); the follower is never started: content stays the files.
  const versions = new FolderVersionStore(join(config.DATA_DIR, 'content-versions'))
  return {
    config,
    logger,
    content: holder,
    versions,
    follower: new ContentFollower({ versions, actions: ACTION_SPECS }),
    store,
    gate,
    handoff,
    logs,
    async close() {
      await gate.drain()
      await handoff.shutdown()
      await store.close()
    },
  }
}

/** The answers that take a new user from "halo" to a stored training-interest lead (phone taken from the chat). */
export const LEAD_CONVERSATION = ['halo', '4', 'ya', 'Siti Aminah', 'ya', '25', 'Jawa Barat', 'Kota Bandung', '3', '1', 'Jepang', '1'] as const
