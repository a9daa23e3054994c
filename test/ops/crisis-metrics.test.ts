import { describe, expect, it } from 'vitest'
import { Gate } from '../../src/gate/gate.ts'
import { createLogger } from '../../src/logger.ts'
import { Metrics } from '../../src/ops/metrics.ts'
import { EmbeddedStore } from '../../src/store/embedded.ts'
import { realBundle } from '../helpers/bundle.ts'

describe('emergency metrics', () => {
  it('counts crisis messages by category, without the message text', async () => {
    const metrics = new Metrics({ processMetrics: false })
    const gate = new Gate({ store: new EmbeddedStore({}), bundle: realBundle, logger: createLogger('silent'), rateLimit: false, hooks: metrics.hooks })
    let n = 0
    const send = (text: string) => gate.handle({ channel: 'telegram', userId: `u${n}`, messageId: `m${++n}`, text, now: Date.parse('2026-11-22T03:00:00Z') + n })
    for (const text of ['sy dipukul majikan', 'my boss hits me', 'pengen bunuh diri', 'paspor ditahan', 'tolong', 'lowongan perawat lansia']) await send(text)
    const { body } = await metrics.exposition()
    const value = (line: string): number => Number(body.split('\n').find((l) => l.startsWith(`${line} `))?.split(' ').at(-1) ?? NaN)
    expect(value('migrasi_emergencies_total{category="violence"}')).toBe(2)
    expect(value('migrasi_emergencies_total{category="self_harm"}')).toBe(1)
    expect(value('migrasi_emergencies_total{category="documents_taken"}')).toBe(1)
    expect(value('migrasi_emergencies_total{category="danger"}')).toBe(1)
    expect(body).not.toContain('bunuh')
    expect(body).not.toContain('majikan')
  })
})
