import { describe, expect, it } from 'vitest'
import { BURST_MS, BURST_TEXTS, burstTexts, crisisInBurst, isFragment, nextBurst } from '../../src/engine/burst.ts'
import { realBundle } from '../helpers/bundle.ts'

describe('a burst of short messages (src/engine/burst.ts)', () => {
  it('keeps only short pieces, the last few, within the window', () => {
    expect(isFragment('sy di hk')).toBe(true)
    expect(isFragment('saya mau tanya soal biaya resmi ke taiwan untuk perawat lansia')).toBe(false)
    let burst = nextBurst(undefined, 'tlg', 0)
    for (const [i, t] of ['sy di hk', 'majikan', 'mukul', 'skrg dia keluar'].entries()) burst = nextBurst(burst, t, (i + 1) * 1000)
    expect(burst?.texts).toHaveLength(BURST_TEXTS)
    expect(burst?.texts.at(-1)).toBe('skrg dia keluar')
    expect(burstTexts(burst, 5000 + BURST_MS + 1)).toEqual([])
    expect(nextBurst(burst, 'saya mau tanya soal biaya resmi ke taiwan untuk perawat lansia', 6000)).toBeUndefined()
  })

  it('reads the danger of pieces together, never of a question or of old pieces', () => {
    const bundle = realBundle()
    const burst = { texts: ['sy di hk', 'majikan'], at: 1000 }
    expect(crisisInBurst(bundle, burst, 'mukul', 2000)?.category).toBe('violence')
    expect(crisisInBurst(bundle, burst, 'mukul', 1000 + BURST_MS + 1)).toBeUndefined()
    expect(crisisInBurst(bundle, { texts: ['majikan simpen paspor sy, itu boleh?'], at: 1000 }, 'siang min', 2000)).toBeUndefined()
    expect(crisisInBurst(bundle, { texts: ['udh 4 bulan gaji ga dibayar majikan'], at: 1000 }, 'tppo artinya apa', 2000)).toBeUndefined()
  })
})
