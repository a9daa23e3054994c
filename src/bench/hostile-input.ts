/**
 * Hostile messages at every question of every flow: the cost of the worst 1,000-character message at an ask
 * step compared with a normal answer at the same step. Used by the guard test
 * (test/reliability/hostile-input.test.ts) and by `npm run bench`.
 *
 * A session is put directly at each ask step (with the answers that step depends on: a province for the
 * regency question, a topic for the FAQ list, agency matches for "which one did you mean"), then one message
 * is handed to the engine. Times are medians of interleaved runs, so that a busy machine slows both sides alike.
 */
import { performance } from 'node:perf_hooks'
import type { Bundle } from '../content/bundle.ts'
import type { AskStep } from '../content/schemas.ts'
import { handleMessage, MAX_TEXT_LENGTH } from '../engine/engine.ts'
import type { Inbound, Session } from '../engine/types.ts'
import { buildRegistry } from '../knowledge/agencies.ts'
import { freshReadings } from '../understanding/text-cache.ts'
import { fictionalAgencies } from './agency-bench.ts'

const T0 = Date.parse('2026-11-22T03:00:00Z')

/**
 * The bundle with a registry of 20,000 fictional agencies ("PT Contoh … Fiktif 0042"), so that the agency
 * question runs a real lookup.
 */
export function withFictionalRegistry(bundle: Bundle, rows = 20_000): Bundle {
  return { ...bundle, agencies: buildRegistry(fictionalAgencies(rows), '2026-11-01') }
}

/** One ask step, with a session waiting for its answer. */
export interface AskSite {
  flow: string
  step: AskStep
  session: Session
  /** What a person would typically type here: a short answer with a typo, or a short sentence. */
  normal: string
  /** Words of this step's options (labels, synonyms), for hostile inputs made of real terms. */
  terms: string[]
}

/** Every `ask` step of every flow, each with a session waiting at it. */
export function askSites(bundle: Bundle): AskSite[] {
  const sites: AskSite[] = []
  const province = largest(bundle.regions.provinces().map((p) => [p.code, bundle.regions.regencies(p.code).length]))
  const topic = largest(bundle.faq.topics.map((t) => [t.id, bundle.faq.entries.filter((e) => e.topic === t.id).length]))
  for (const flow of bundle.flows.values()) {
    for (const step of flow.steps) {
      if (!('ask' in step)) continue
      const answers: Record<string, unknown> = {}
      if (step.options === 'regencies') answers[step.of ?? 'province'] = province
      if (step.options === 'faq_entries') answers[step.of ?? 'topic'] = topic
      if (step.options === 'matches') {
        answers[step.of ?? 'matches'] = ['PT Sinar Jaya Abadi', 'PT Sinar Jaya Makmur', 'PT Cahaya Sinar Jaya', 'CV Jaya Sinar']
      }
      const session: Session = {
        v: 1,
        lang: 'id',
        pos: { flow: flow.id, step: step.id, answers, tries: 0, history: [] },
        createdAt: T0,
        updatedAt: T0,
      }
      const terms = termsOf(bundle, step, answers)
      sites.push({ flow: flow.id, step, session, normal: normalAnswer(step, terms), terms })
    }
  }
  return sites
}

function largest(counts: [string, number][]): string {
  return counts.reduce((best, c) => (c[1] > best[1] ? c : best), ['', -1] as [string, number])[0]
}

function termsOf(bundle: Bundle, step: AskStep, answers: Record<string, unknown>): string[] {
  const names: string[] = []
  const add = (label: { id: string; en?: string }, synonyms: readonly string[] = []): void => {
    names.push(label.id, ...(label.en ? [label.en] : []), ...synonyms)
  }
  switch (step.options) {
    case 'trainings':
      for (const t of bundle.trainings) add(t.label, t.synonyms)
      break
    case 'countries':
      for (const c of bundle.countries) add(c.label, c.synonyms)
      break
    case 'provinces':
      for (const p of bundle.regions.provinces()) names.push(p.name)
      break
    case 'regencies':
      for (const r of bundle.regions.regencies(String(answers[step.of ?? 'province']))) names.push(r.name)
      break
    case 'faq_topics':
      for (const t of bundle.faq.topics) add(t.label)
      break
    case 'faq_entries':
      for (const e of bundle.faq.entries.filter((x) => x.topic === answers[step.of ?? 'topic'])) names.push(e.id.replace(/[_-]/g, ' '))
      break
    case 'matches':
      names.push(...(answers[step.of ?? 'matches'] as string[]))
      break
  }
  for (const c of step.choices ?? []) {
    const label = c.label
    if (typeof label === 'string') names.push(label)
    else names.push(...Object.values(label).filter((v): v is string => typeof v === 'string'))
    names.push(...(c.synonyms ?? []))
  }
  return names.filter((n) => n.trim() !== '')
}

/**
 * A typical chat answer at this step: a short sentence (30–50 characters) around the value, with a typo in
 * the option's name for choice steps, the way people answer on WhatsApp.
 */
function normalAnswer(step: AskStep, terms: readonly string[]): string {
  switch (step.ask) {
    case 'text':
      return 'nama saya Siti Rahayu, dari Cianjur kak'
    case 'number':
      return 'umur saya 27 tahun bulan depan kak'
    case 'phone':
      return 'nomor saya 0812 3456 7890 kak, makasih'
    case 'yesno':
      return 'iya boleh kak, saya mau lanjut'
    default: {
      const term = terms[0] ?? 'jawa barat'
      return `saya pilih yang ${term.length > 4 ? term.slice(0, -2) + term.slice(-1) : term} aja kak`
    }
  }
}

/** Repeats `pieces` (joined by `sep`) until the text is `length` characters long. */
function fill(pieces: readonly string[], sep: string, length = MAX_TEXT_LENGTH): string {
  if (pieces.length === 0) return ''
  let out = ''
  for (let i = 0; out.length < length; i++) out += (i > 0 ? sep : '') + pieces[i % pieces.length]
  return out.slice(0, length)
}

/** Different made-up words (no two alike), so that nothing is remembered from one word to the next. */
function madeUpWords(count: number): string[] {
  const letters = 'abdegiklmnoprstuwy'
  const words: string[] = []
  for (let i = 0; i < count; i++) {
    let n = i * 7919 + 104_729
    let word = ''
    for (let k = 0; k < 6; k++) {
      word += letters[n % letters.length]
      n = Math.floor(n / letters.length) + k * 31
    }
    words.push(word)
  }
  return words
}

/** Everyday words of the domain with one letter changed: typos a fuzzy search looks up. */
const DOMAIN_TYPOS = ['pasport', 'gajih', 'majikn', 'kontrk', 'berangkt', 'syaratt', 'pelatihn', 'dokumn', 'penipun', 'agensi', 'biayaa', 'visaa', 'resmii', 'daftarr', 'kerjaa', 'negaraa', 'perusahan', 'lowongn', 'jaminn', 'asuransii']

/** 1,000-character messages built to hit the slow paths of matching: named so a failure says which one. */
export function hostileInputs(site: AskSite): Record<string, string> {
  const terms = site.terms.length > 0 ? site.terms : ['jawa barat', 'kabupaten bandung']
  const typos = terms.map((t) => (t.length > 4 ? t.slice(0, 2) + t.slice(3) : t))
  const words = [...new Set(terms.flatMap((t) => t.toLowerCase().split(/\s+/)))]
  return {
    'a a a …': fill(['a'], ' '),
    'ab ab ab …': fill(['ab'], ' '),
    'one word repeated': fill([words[0] ?? 'jawa'], ' '),
    'every term joined': fill(terms, ' '),
    'every term joined by commas': fill(terms, ', '),
    'every term joined by "dan"': fill(terms, ' dan '),
    'every term with a typo': fill(typos, ' '),
    'every word of the terms': fill(words, ' '),
    'terms glued without spaces': fill(terms.map((t) => t.replace(/\s+/g, '')), ''),
    'digits': '1'.repeat(MAX_TEXT_LENGTH),
    'numbers': fill(['1', '2', '3', '12'], ' '),
    'numbers with commas': fill(['1', '2', '3'], ', '),
    'decimal dots': fill(['1'], '.'),
    'phone numbers': fill(['081234567890'], ' '),
    'emoji': fill(['😀', '👨‍👩‍👧‍👦', '🇮🇩'], ''),
    'emoji between words': fill(['😀', words[0] ?? 'a'], ' '),
    'one huge word': 'a'.repeat(MAX_TEXT_LENGTH),
    'one huge mixed word': fill(['kab', 'bandung', 'nya', '2'], ''),
    'punctuation': fill(['!', '?', ',', '.', ';', '-'], ''),
    'punctuation between letters': fill(['a', 'b'], '.,'),
    'question words': fill(['apa', 'bagaimana', 'berapa', 'kapan'], ' '),
    'slang': fill(['gmn', 'brp', 'tkw', 'jd', 'ga'], ' '),
    'elongated': fill(['bangeeeeet', 'tolooong', 'gimanaaa'], ' '),
    'reduplication': fill(['syarat2', 'kerja2an', 'anak2nya'], ' '),
    'lead-in words': fill(['saya', 'dari', 'tinggal', 'di', 'provinsi'], ' '),
    'made-up words, all different': fill(madeUpWords(150), ' '),
    'typos of domain words': fill(DOMAIN_TYPOS, ' '),
    'typos of domain words as a question': `bagaimana ${fill(DOMAIN_TYPOS, ' ', MAX_TEXT_LENGTH - 12)}?`,
    'company names': fill(['PT', 'Contoh', 'Maju', 'Jaya', 'Fiktif', '0042', 'CV'], ' '),
    'licence numbers': fill(['FIK.0042/SIP3MI/2021', '0042', 'SIP3MI'], ' '),
    'spaces between words': fill(['a', 'dan'], ' '.repeat(40)),
    'emergency phrases cut short': fill(['saya dalam', 'gaji tidak', 'tolong saya', 'di tahan'], ' '),
  }
}

/** The message sent at `site`, as the engine receives it. */
export function inboundAt(text: string, i: number): Inbound {
  return { channel: 'terminal', userId: 'hostile', messageId: `h${i}`, text, now: T0 + 1000 + i }
}

/** CPU time this process has used, in microseconds: unlike the clock, it does not grow while other processes run. */
function cpuMicros(): number {
  const { user, system } = process.cpuUsage()
  return user + system
}

/**
 * Median microseconds of `rounds` runs of each text at `site`, run interleaved (a, b, c, a, b, c, …). With
 * `clock: 'cpu'` (the default) the process's CPU time is measured instead of the wall clock, so that other
 * work on a busy machine does not count.
 */
export function timeAtSite(bundle: Bundle, site: AskSite, texts: readonly string[], rounds: number, clock: 'cpu' | 'wall' = 'cpu'): number[] {
  const now = clock === 'cpu' ? cpuMicros : () => performance.now() * 1000
  const samples = texts.map(() => [] as number[])
  // Each message as the first time it is seen: remembered readings would flatter the short normal answer only.
  return freshReadings(() => {
    for (const text of texts) handleMessage(site.session, inboundAt(text, 0), bundle)
    for (let r = 0; r < rounds; r++) {
      texts.forEach((text, k) => {
        const start = now()
        handleMessage(site.session, inboundAt(text, r), bundle)
        samples[k]!.push(now() - start)
      })
    }
    return samples.map(median)
  })
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] ?? 0
}

export interface HostileResult {
  site: string
  normal_us: number
  worst_us: number
  worst_input: string
  ratio: number
}

/** For every ask step: the normal message and the slowest hostile one, in median microseconds. */
export function measureHostile(bundle: Bundle, rounds = 5): HostileResult[] {
  return askSites(bundle).map((site) => {
    const hostile = Object.entries(hostileInputs(site))
    const times = timeAtSite(bundle, site, [site.normal, ...hostile.map(([, t]) => t)], rounds)
    const normal = times[0]!
    let worst = 1
    for (let k = 2; k < times.length; k++) if (times[k]! > times[worst]!) worst = k
    return {
      site: `${site.flow}.${site.step.id}`,
      normal_us: normal,
      worst_us: times[worst]!,
      worst_input: hostile[worst - 1]![0],
      ratio: times[worst]! / Math.max(normal, 1),
    }
  })
}
