import { mkdtempSync, readFileSync, writeFileSync, cpSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadBundle } from '../../src/content/load.ts'
import { ACTION_SPECS } from '../../src/engine/actions.ts'
import { asksCallBack, followUpWords, mentionsAbroad, readFollowUp, type CrisisContext } from '../../src/engine/crisis-follow-up.ts'
import { realBundle } from '../helpers/bundle.ts'

/**
 * The help-mode patterns as they were written in code before they moved to content/crisis.yaml (`follow_up:`):
 * the content must read every message the same way.
 */
const OLD = {
  MEANS: /\b(obat|obatnya|pil|pills?|tablets?|racun|poison|tali|rope|pisau|knife|silet|razor|loncat|lompat|terjun|jump|gantung|hang)\b/,
  SELF: /\b(bukan|not)\b[^.!?]{0,30}\b(aku|saya|sy|gue|gw|aku dewe|me|myself|i am|i'm)\b|\b(aku|saya|sy|gue|gw)\s+(sendiri|dewe)\b|\bit'?s me\b|\bit is me\b|\bini (aku|saya|sy)\b/,
  NUMBERS_A: /\b(nomor|nomer|nmr|no|number|brp|berapa|kontak|contact|hotline)\b[^.!?]{0,40}\b(kbri|kjri|kdei|polisi|police|darurat|emergency|embassy|konsulat|kedutaan)\b/,
  // Since issue 18.4, "emergency number?" (darurat/emergency first) asks for a number too.
  NUMBERS_B: /\b(kbri|kjri|kdei|polisi|police|embassy|konsulat|kedutaan|darurat|emergency)\b[^.!?]{0,40}\b(nomor|nomer|nmr|number|brp|berapa|kontak|contact)\b/,
  NO_CREDIT: /\b(pulsa|wifi|wi-fi|kuota|no credit|no phone credit|no top ?up)\b|\b(ga|gak|nggak|tidak|tdk|can'?t|cannot)\s+(berani|bisa|boleh)?\s*(telpon|telepon|nelpon|call)\b/,
  ACK: /^(ok|oke|okay|okey|baik|iya|ya|y|siap|sip|makasih|mksh|makasi|terima ?kasih|trims|thanks|thank you|thx|tq|ty|noted|paham|ngerti|udah|sudah)( (kak|min|ya|banyak|bu|pak|mbak|mas|kakak|so much|you|very much|ya))*$/,
  CALLBACK:
    /\b(tolong|please|pls|plz|bisa|bisakah|can you|could you|mohon|minta|kakak|admin|min)\b[^.!?]{0,25}\b(telpon|telepon|telp|hubungi|call|tlp)\s+(sy|saya|aku|me|balik|back)\b|\b(ditelpon|ditelepon|ditelp|dihubungi) balik\b|\bcall me back\b|^ (call me|telpon (sy|saya|aku)|telepon (sy|saya|aku))\b/,
  ABROAD:
    / (luar negeri|abroad|overseas|kbri|kjri|kdei|malaysia|singapura|singapore|hongkong|hong kong|saudi|riyadh|jeddah|dubai|qatar|kuwait|kamboja|cambodia|myanmar|yangon|thailand|brunei|sihanoukville|phnom penh|taichung|kuala lumpur|johor|sabah|korea|jepang|japan|taiwan) /,
}

const MEANS_READY = new Set(['udah siapin obat'])

function oldRead(text: string, context: CrisisContext): string[] {
  const t = ` ${text.toLowerCase().replace(/\s+/g, ' ')} `
  const kinds: string[] = []
  // Means in hand or ready (`means_now`: "udah siapin obat", "i have the pills in my hand") are read in every help mode
  // since the fifteenth session (blind tester C, C-1, after a violence message); the old patterns read means after
  // self-harm only.
  if (context.category === 'self_harm' ? OLD.MEANS.test(t) : MEANS_READY.has(text)) kinds.push('means')
  if (context.about === 'other' && OLD.SELF.test(t)) kinds.push('self')
  if (OLD.NUMBERS_A.test(t) || OLD.NUMBERS_B.test(t)) kinds.push('numbers')
  if (OLD.CALLBACK.test(t)) kinds.push('callback')
  else if (OLD.NO_CREDIT.test(t)) kinds.push('no_credit')
  if (kinds.length === 0 && OLD.ACK.test(t.replace(/[^\p{L}\p{N} ]+/gu, ' ').replace(/\s+/g, ' ').trim())) kinds.push('ack')
  return kinds
}

const MESSAGES = [
  'udah siapin obat', 'ada tali di kamar', 'i have pills', 'tablets on the table', 'mau loncat', 'hanging out', 'obatnya',
  'bukan temen, aku sendiri', 'bukan dia tapi saya', 'not my friend, it is me', "it's me", 'its me', 'ini aku', 'ini sy kak',
  'gw sendiri yg dipukul', 'aku dewe', 'not sure', 'bukan. saya', "i'm not ok", 'not me',
  'nomor kbri brp?', 'kbri yangon nomernya brp?', 'no kbri', 'kbri no', 'emergency number?', 'hotline polisi', 'polisi hotline',
  'number of the embassy', 'embassy contact', 'darurat nomor', 'nomor darurat malaysia', 'berapa nomor polisi. kbri',
  'ga punya pulsa', 'cuma bisa wifi', 'wi-fi only', 'no top up', 'no topup', 'no credit', 'ga berani telpon', 'gak bisa nelpon',
  "can't call", 'cant call', 'cannot call', 'tdk boleh telepon', 'ga telpon',
  'tolong telpon sy', 'bisa ditelpon balik?', 'please call me', 'call me back', 'call me', 'telpon saya', 'she call me',
  'min hubungi aku', 'could you call me', 'tolong telp balik', 'mohon dihubungi balik', 'kakak tlp sy ya',
  'ok', 'oke kak', 'makasih banyak kak', 'terima kasih', 'terimakasih ya', 'thank you so much', 'thanks!', 'Siap min 🙏', 'ya',
  'y', 'noted', 'udah', 'ok tapi', 'makasih, terus gimana?', 'tq', 'namanya Siti, dia di Sihanoukville',
  'dia di phnom penh', 'di luar negeri', 'overseas', 'di jerman', 'hong kong', 'kuala lumpur', 'di taichung', '',
]

const NOW_KINDS = new Set(['danger_now', 'away', 'battery', 'secret', 'borrowed', 'legal', 'what_to_do', 'phone_number'])

const CONTEXTS: CrisisContext[] = [
  { category: 'self_harm', about: 'self', place: 'unknown', at: 0 },
  { category: 'violence', about: 'other', place: 'abroad', at: 0 },
]

describe('help-mode words from content/crisis.yaml (follow_up)', () => {
  const bundle = realBundle()
  const words = followUpWords(bundle)

  it('reads every message as the patterns in code did', () => {
    for (const context of CONTEXTS) {
      // A thank-you (issue 18) is now told apart from a plain "ok": the old patterns read both as `ack`.
      for (const text of MESSAGES) {
        // What changed or what is needed now (blind test B, 2026-12-03) is new: the old patterns did not read it.
        const kinds = readFollowUp(words, text, context)
          .filter((k) => !NOW_KINDS.has(k))
          .map((k) => (k === 'thanks' ? 'ack' : k))
        expect(kinds, `${text} (${context.category})`).toEqual(oldRead(text, context))
      }
    }
    for (const text of MESSAGES) {
      expect(asksCallBack(words, text), text).toBe(OLD.CALLBACK.test(` ${text.toLowerCase().replace(/\s+/g, ' ')} `))
      const t = ` ${text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ')} `
      if (OLD.ABROAD.test(t)) expect(mentionsAbroad(bundle, text), text).toBe(true)
    }
  })

  it('reads thanks, safe now, someone coming, who and where (issue 18)', () => {
    const context = CONTEXTS[1]!
    const cases: [string, string[]][] = [
      ['makasih ya kak udh dengerin', ['thanks']],
      ['suwun mas', ['thanks']],
      ['hatur nuhun teh', ['thanks']],
      ['ok thanks, bye', ['thanks']],
      ['makasih, tapi majikan masih marah', []],
      ['makasih, terus gimana?', ['what_to_do']],
      ['udah aman skrg, aku udah di kbri', ['safe']],
      ["I'm safe now at the shelter", ['safe']],
      ['majikan dtg, nanti lg', ['hide']],
      ['boss coming, later', ['hide']],
      ['majikan datang ke kamar saya tiap malam terus pegang pegang', []],
      ['sy di indramayu. hrs lapor kemana ini', ['home']],
      ['sy kakaknya, sy di indonesia bkn di arab. dia yg di arab', ['family', 'home']],
      ['anak sy masih di rumah blm berangkat', ['family', 'not_departed']],
      ['sy masih di indonesia, blm berangkat', ['not_departed']],
      ['aku masih di rumah majikan', []],
    ]
    for (const [text, kinds] of cases) expect(readFollowUp(words, text, context), text).toEqual(kinds)
    // What changed, or what the writer needs now (blind test B, 2026-12-03).
    const now: [string, string[]][] = [
      ['dia dateng lg kak', ['danger_now']],
      ['what if he force me', ['danger_now']],
      ['majikan pergi', ['away']],
      ['hp mau lowbat', ['battery']],
      ['this is friend phone', ['borrowed']],
      ['please dont tell agency', ['secret']],
      ['is that legal?', ['legal']],
      ['what i do', ['what_to_do']],
      ['+62 812 3456 7890', ['phone_number']],
      ['namanya Siti, dia di Sihanoukville', []],
    ]
    for (const [text, kinds] of now) expect(readFollowUp(words, text, context), text).toEqual(kinds)
    // A message that itself reads as a crisis is never only thanks, safe or "someone is coming".
    expect(readFollowUp(words, 'makasih kak', context, true)).toEqual(['ack'])
  })

  it('takes a word an officer adds, and reports a wrong list with its file, line and column', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ma-followup-'))
    try {
      cpSync(resolve('content'), join(dir, 'content'), { recursive: true })
      const file = join(dir, 'content', 'crisis.yaml')
      const original = readFileSync(file, 'utf8')
      writeFileSync(file, original.replace('  means: [obat, ', '  means: [baygon, obat, '))
      const load = () => loadBundle({ flowsDir: resolve('flows'), contentDir: join(dir, 'content'), actions: ACTION_SPECS })
      const added = load().bundle!
      const context = CONTEXTS[0]!
      expect(readFollowUp(followUpWords(bundle), 'udah ada baygon', context)).toEqual([])
      expect(readFollowUp(followUpWords(added), 'udah ada baygon', context)).toEqual(['means'])

      writeFileSync(file, original.replace(/ {2}ack:\n {4}words: \[/, '  ack:\n    wordz: ['))
      const { bundle: broken, problems } = load()
      expect(broken).toBeUndefined()
      const problem = problems.find((p) => p.file.endsWith('crisis.yaml') && p.severity === 'error')
      expect(problem?.line).toBeGreaterThan(0)
      expect(problem?.col).toBeGreaterThan(0)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
