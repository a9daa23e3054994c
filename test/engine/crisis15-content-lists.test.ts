import { describe, expect, it } from 'vitest'
import { buildAbroad, type AbroadFile } from '../../src/engine/abroad.ts'
import { handleMessage } from '../../src/engine/engine.ts'
import type { Inbound, Session } from '../../src/engine/types.ts'
import { realBundle } from '../helpers/bundle.ts'

describe('crisis15: help-mode word lists in content, and the language of a bare cry', () => {
  const bundle = realBundle()

  it('reads "safe now" from content/abroad.yaml (safe_now) and the hurt categories from crisis.yaml (hurt: true)', () => {
    const safe = bundle.abroad!.cues.get('safe_now')!.map((p) => p.join(' '))
    for (const said of ['udah aman', 'sekarang aman', 'gak bahaya', 'tidak dalam bahaya', 'not in danger', "i'm safe", 'im ok now']) expect(safe).toContain(said)
    expect(bundle.crisis.hurtKinds.sort()).toEqual(['self_harm', 'sexual_violence', 'violence'])
  })

  it('says so when safe_now is missing or empty', () => {
    const file = { places: [], destinations: [], presence: { subject: [], lead: [], plan: [], prepositions: [], me: [], them: [] }, cues: {} } as unknown as AbroadFile
    expect(buildAbroad(file, [], new Set()).problems.join('\n')).toMatch(/safe_now/)
    const full = { ...file, cues: { safe_now: ['udah aman'] } } as unknown as AbroadFile
    expect(buildAbroad(full, [], new Set()).problems).toEqual([])
  })

  it('answers "SOS" in English when the phone says English, though an earlier message made the session Indonesian', () => {
    let session: Session | undefined
    const send = (text: string, lang?: 'en' | 'id', now = 1_000): ReturnType<typeof handleMessage> => {
      const inbound: Inbound = { channel: 'terminal', userId: 'u', messageId: `m${now}`, now, text, ...(lang ? { lang } : {}) }
      const result = handleMessage(session, inbound, bundle)
      session = result.session ?? undefined
      return result
    }
    send('halo', undefined, 1_000)
    const sos = send('SOS', 'en', 5_000)
    expect(sos.replies[0]?.key).toBe('emergency.text')
    expect(sos.replies[0]?.text).toContain('If you are in danger')
  })
})
