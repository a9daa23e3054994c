/**
 * System turns (an officer's action for a user) go through the gate like a message: in the user's order and
 * exactly once, but never rate-limited; and `handleSystem` rejects instead of answering an error to the user.
 */
import { describe, expect, it } from 'vitest'
import type { Inbound } from '../../src/engine/types.ts'
import { Gate } from '../../src/gate/gate.ts'
import { LocalBus } from '../../src/handoff/bus.ts'
import { HandoffService } from '../../src/handoff/service.ts'
import { createLogger } from '../../src/logger.ts'
import { EmbeddedStore } from '../../src/store/embedded.ts'
import { realBundle } from '../helpers/bundle.ts'

function setup() {
  const logger = createLogger('silent')
  const store = new EmbeddedStore({})
  const handoff = new HandoffService({ store, logger, bus: new LocalBus(), available: true })
  const bundle = realBundle()
  const gate = new Gate({ store, bundle: () => bundle, logger, rateLimit: { perMinute: 1, burst: 1 }, handoff: handoff.gateHooks })
  handoff.attach(gate)
  return { store, handoff, gate }
}

let id = 0
const message = (text: string): Inbound => ({ channel: 'terminal', userId: 'fitri', messageId: `u${++id}`, text, now: Date.now() })

describe('system turns', () => {
  it('are not rate-limited, run once per id, and say nothing for a case that is not open', async () => {
    const { store, handoff, gate } = setup()
    await gate.handle(message('petugas'))
    // The user is over the limit now: a message of theirs gets the notice, an officer's reply still arrives.
    expect((await gate.handle(message('ya'))).map((r) => r.key)).toEqual(['error.rate_limited'])
    const caseId = 'f'.repeat(16)
    const reply: Inbound = { channel: 'terminal', userId: 'fitri', messageId: 'handoff:o-1', now: Date.now(), system: { kind: 'handoff_reply', caseId, ref: 'MA-TESTAA', text: 'halo' } }
    // No such case in the store: nothing is said (the gate checked it under the user's lock).
    expect(await gate.handleSystem(reply)).toEqual([])
    await handoff.cases.open({ id: caseId, ref: 'MA-TESTAA', userKey: 'terminal:fitri', channel: 'terminal', userId: 'fitri', lang: 'id', openedAt: Date.now(), recent: [] })
    const again = { ...reply, messageId: 'handoff:o-2' }
    expect((await gate.handleSystem(again)).map((r) => r.key)).toEqual(['handoff.officer_says'])
    expect(await gate.handleSystem(again)).toEqual([])
    // The session now knows the case: the user's messages go to it, silently.
    const stored = await store.getSession('terminal:fitri')
    expect(stored?.handoff).toEqual({ caseId, ref: 'MA-TESTAA', since: expect.any(Number) })
    await handoff.shutdown()
    await store.close()
  })

  it('handleSystem rejects when the store fails, instead of answering "busy" to the user', async () => {
    const { store, handoff, gate } = setup()
    await store.close()
    const close: Inbound = { channel: 'terminal', userId: 'gita', messageId: 'handoff:close-x', now: Date.now(), system: { kind: 'handoff_closed', caseId: 'a'.repeat(16) } }
    await expect(gate.handleSystem(close)).rejects.toThrow(/store is closed/)
    await handoff.shutdown()
  })
})
