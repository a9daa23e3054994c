import { describe, expect, it } from 'vitest'
import { realBundle } from '../helpers/bundle.ts'

// A phrase in a long message is judged by its own sentences too: the rest of a long story does not make the classifier
// overrule it (blind testers A F12, A F14). A calm sentence in a long message stays calm.
describe('a phrase inside a long message', () => {
  const crisis = realBundle().crisis
  it('self-harm inside a long story with questions is detected', () => {
    const text =
      'halo min maaf panjang. sy dulu kerja di taiwan 3 thn, pulang2 duit habis buat bayar utang agensi, suami malah nikah lagi, anak ikut mertua. sy udh daftar lagi mau ke hongkong tp ditolak medical katanya ada flek paru. rasanya capek bgt min, kadang mikir mending sy gk usah hidup aja biar gk nyusahin siapa2. trus apa bisa sy daftar lagi kalo udh sembuh? sama utang agensi itu hrs dibayar gk sih?'
    expect(crisis.detect(text)?.category).toBe('self_harm')
  })
  it('an agency holding the ARC and passport, in a long English message, is detected', () => {
    const text =
      "hi, my name is Siti i am working in taiwan as caregiver. my agency take my ARC and passport and they cut my salary every month 5000 NT for 'loan'. is this legal? who i can contact, i dont speak chinese good"
    expect(crisis.detect(text)?.category).toBe('documents_taken')
  })
  it('a passport kept at the worker’s own request stays calm', () => {
    expect(crisis.detect('my employer keeps my passport in her safe because I asked her to, I can get it anytime. is that ok?')).toBeUndefined()
  })
})
