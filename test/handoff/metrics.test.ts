/** Handoff counters in /metrics: opened, claimed, closed (by whom), time to the first officer reply. */
import { describe, expect, it } from 'vitest'
import { Gate } from '../../src/gate/gate.ts'
import { LocalBus } from '../../src/handoff/bus.ts'
import { HandoffService } from '../../src/handoff/service.ts'
import { createLogger } from '../../src/logger.ts'
import { Metrics } from '../../src/ops/metrics.ts'
import { EmbeddedStore } from '../../src/store/embedded.ts'
import { realBundle } from '../helpers/bundle.ts'

describe('handoff metrics', () => {
  it('count cases opened, claimed and closed, and observe the time to the first reply', async () => {
    const metrics = new Metrics({ processMetrics: false })
    const logger = createLogger('silent')
    const store = new EmbeddedStore({})
    let now = Date.parse('2026-12-01T03:00:00Z')
    const handoff = new HandoffService({ store, logger, bus: new LocalBus(), available: true, metrics: metrics.handoff, now: () => now })
    const bundle = realBundle()
    const gate = new Gate({ store, bundle: () => bundle, logger, rateLimit: false, handoff: handoff.gateHooks, hooks: metrics.hooks })
    handoff.attach(gate)
    let id = 0
    const say = (user: string, text: string) => gate.handle({ channel: 'terminal', userId: user, messageId: String(++id), text, now })
    for (const user of ['a', 'b']) {
      await say(user, 'petugas')
      await say(user, 'ya')
    }
    await handoff.idle()
    const [first, second] = await handoff.cases.list('active')
    await handoff.claim(first!.id, 'rina', 'api')
    now += 90_000
    await handoff.reply(first!.id, 'rina', 'halo', 'api')
    await handoff.close(first!.id, 'rina', 'api')
    await say(second!.userId, 'menu')
    await say(second!.userId, 'ya')
    await handoff.idle()
    const { body } = await metrics.exposition()
    expect(body).toContain('migrasi_handoffs_total{event="opened"} 2')
    expect(body).toContain('migrasi_handoffs_total{event="claimed"} 1')
    expect(body).toContain('migrasi_handoffs_total{event="closed_by_officer"} 1')
    expect(body).toContain('migrasi_handoffs_total{event="closed_by_user"} 1')
    expect(body).toContain('migrasi_handoff_first_reply_seconds_count 1')
    expect(body).toContain('migrasi_handoff_first_reply_seconds_bucket{le="60"} 0')
    expect(body).toContain('migrasi_handoff_first_reply_seconds_bucket{le="300"} 1')
    await handoff.shutdown()
    await store.close()
  })
})
