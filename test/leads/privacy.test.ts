import { Writable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { Gate } from '../../src/gate/gate.ts'
import { createLogger } from '../../src/logger.ts'
import { EmbeddedStore } from '../../src/store/embedded.ts'
import { realBundle } from '../helpers/bundle.ts'

describe('privacy', () => {
  it('a full lead flow, a report-worthy question and a deletion log no name, phone number or message text', async () => {
    let logs = ''
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logs += chunk.toString()
        done()
      },
    })
    const store = new EmbeddedStore({})
    const gate = new Gate({ store, bundle: realBundle, logger: createLogger('trace', sink), rateLimit: false })
    const texts = ['halo', '4', 'ya', 'Kartini Rahayu', 'ya', '31', 'dki', 'jakarta timur', 's1', '1', 'belanda', 'benar', 'apakah boleh bawa kucing ke kapal pesiar', 'hapus data saya', 'ya']
    let n = 0
    for (const text of texts) {
      await gate.handle({ channel: 'whatsapp', userId: '6281544445555@s.whatsapp.net', phone: '6281544445555', messageId: `p${++n}`, text, now: Date.now() + n })
    }
    expect(logs).toContain('lead saved')
    expect(logs).toContain('user data deleted on request')
    for (const secret of ['Kartini', 'Rahayu', '4444', '6281544445555', '+6281544445555', 'kucing', 's.whatsapp.net']) {
      expect(logs).not.toContain(secret)
    }
    expect(await store.listLeads()).toHaveLength(0)
  })
})
