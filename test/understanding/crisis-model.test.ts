import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadBundle } from '../../src/content/load.ts'
import { ACTION_SPECS } from '../../src/engine/actions.ts'
import { crisisExamples, spellOut } from '../../src/understanding/crisis-model.ts'
import { crossValidate, layerRates, loadCrisisContent } from '../../src/understanding/crisis-eval.ts'

const { detector, examples } = loadCrisisContent()
const rulesOnly = detector.rebuild({ rulesOnly: true })
const category = (text: string): string => detector.detect(text)?.category ?? 'none'

describe('crisis classifier (learned from crisis.yaml phrases and content/crisis-examples.yaml)', () => {
  it('finds people in danger who write in words no phrase has', () => {
    const found = {
      'i want to sleep and never wake up': 'self_harm',
      'he come to my bed every night and touch me': 'sexual_violence',
      'boss never let me step out of the house alone': 'confinement',
    }
    for (const [text, expected] of Object.entries(found)) {
      expect(rulesOnly.detect(text), text).toBeUndefined()
      expect(category(text), text).toBe(expected)
      expect(detector.detect(text)?.phrase, text).toMatch(/^\(classifier [01]\.\d\d\)$/)
    }
  })

  it('leaves calm messages that share its words alone: job times, power cuts, law questions, films, fasting', () => {
    for (const calm of [
      'kerja malam di pabrik garmen gajinya berapa',
      'mati lampu di asrama dari tadi sore',
      'what is the penalty for employers who lock workers inside',
      'nonton film penyiksaan pembantu bikin nangis',
      'sy lagi puasa jadi ga makan siang',
      'capek bgt wkwk kerjaan numpuk',
      'a movie about trafficking made me cry',
      'rumah dijual murah',
    ]) {
      expect(category(calm), calm).toBe('none')
    }
  })

  it('does not judge a message of a word or two: menu answers stay calm, short cries are the phrases’ work', () => {
    for (const text of ['ok', 'halo', '1', 'Siti Aminah', 'kab cianjur']) {
      expect(detector.explain(text).score, text).toBeUndefined()
      expect(category(text), text).toBe('none')
    }
    expect(category('tolooong sayaaa')).toBe('danger')
    expect(category('paspor ditahan')).toBe('documents_taken')
  })

  it('is overruled by the rules: a calm word of the category, news without the writer, a denied phrase', () => {
    // (A message the classifier raises: 'sy lagi puasa jadi ga makan siang' no longer is, since the calm examples grew.)
    expect(detector.explain('sy puasa jadi ga makan dari pagi').overruled).toBe('calm context')
    expect(detector.explain('sy lagi puasa jadi ga makan siang').result).toBeUndefined()
    expect(detector.explain('majikan saya baik, ga pernah mukul').overruled).toBe('negated')
    expect(detector.explain('berita pekerja kelaparan di kapal ikan itu bikin sedih').result).toBeUndefined()
  })

  it('raises no alarm on look-alikes: idioms, a resolved past, kind employers, a passport at the embassy, guards, fasting, news', () => {
    for (const calm of [
      'my back is killing me after cleaning all day, any massage place near the dorm',
      'dulu pernah dikunci majikan, sekarang udah pulang dan buka warung',
      "my old employer slapped me once but i'm fine now and back home",
      'my employer bought me a ticket to go home for eid',
      'madam bought me a winter jacket, so kind',
      "i'm reading a book about debt bondage",
      'paspor sy lagi di kedutaan buat perpanjang, berapa lama',
      'the embassy kept my passport for renewal, how long',
      'kerja jadi penjaga malam di jepang gajinya brp',
      'i work as a security guard at night, how many hours',
      'lagi puasa jadi ga makan siang, majikan ngerti',
      'capek bgt mau mati rasanya lol',
      'berita hari ini ada tkw disiksa majikan di taiwan',
      'we have to write an essay about trafficking for school',
    ]) {
      expect(category(calm), calm).toBe('none')
    }
  })

  it('finds crises written indirectly, by family, in Javanese/Sundanese and in English', () => {
    const found = {
      'pengen bobo selamanya aja biar ga ngerasain apa2 lagi': 'self_harm',
      'nobody would even notice if i was gone for good': 'self_harm',
      'pengen tidur selamanya aja': 'self_harm',
      "i'm standing on the bridge, i can't do this anymore": 'self_harm',
      'ibu sy di malaysia bilang udah ga kuat hidup': 'self_harm',
      'kakak sy di saudi dipukuli majikannya tiap hari': 'violence',
      'mbakyuku dikunci neng omah karo majikane': 'confinement',
      'my sister in dubai says her boss hits her': 'violence',
      'he burned my hand with a hot iron': 'violence',
    }
    for (const [text, expected] of Object.entries(found)) expect(category(text), text).toBe(expected)
    expect(category('my wife in saudi has not answered for 3 months and the agency says nothing')).not.toBe('none')
  })

  it('lets a calm classifier overrule an ambiguous phrase (one that counts in calm examples), never a self-harm phrase', () => {
    const bought = detector.explain('madam bought me a winter jacket, so kind')
    expect(bought.matches.find((m) => m.kept)).toMatchObject({ phrase: 'bought me', ambiguous: true })
    expect(bought.score!.p).toBeLessThan(detector.thresholds.ambiguousVeto)
    expect(bought.result).toBeUndefined()
    // A self-harm phrase found in a calm example ("racun tikus") is never ambiguous: its help must not be lost.
    const poison = detector.explain('di rumah majikan banyak tikus, boleh pasang racun tikus ga')
    expect(poison.matches.find((m) => m.kept)).toMatchObject({ category: 'self_harm' })
    expect(poison.matches.find((m) => m.kept)?.ambiguous).toBeUndefined()
    // Without the ambiguous veto the phrase would raise the alarm.
    expect(detector.rebuild({ thresholds: { ambiguousVeto: 0 } }).detect('madam bought me a winter jacket, so kind')?.category).toBe('trafficking')
  })

  it('spells out each choice of a phrase at least once', () => {
    expect(spellOut('majikan/bos pukul/tampar/tendang')).toEqual(['majikan pukul', 'bos tampar', 'majikan tendang'])
    expect(spellOut('bunuh diri')).toEqual(['bunuh diri'])
  })

  it('is measured by cross-validation: every example is read by a classifier trained without it', () => {
    const readings = crossValidate(detector, examples)
    expect(readings).toHaveLength(examples.length)
    const rates = layerRates(readings, detector.thresholds)
    // Measured, not tuned here: the numbers of `npm run eval -- --section crisis` (README), with slack.
    expect(rates.recall).toBeGreaterThan(0.93)
    expect(rates.falseAlarmRate).toBeLessThan(0.1)
  }, 60_000)
})

describe('content/crisis-examples.yaml validation', () => {
  it('reports an unknown category, a message under two labels and a message written twice', () => {
    const { examples: read, problems } = crisisExamples(
      {
        examples: {
          violence: { id: ['sy dipukul majikan'], en: [] },
          beaten: { id: ['sy dipukul'], en: [] },
          none: { id: ['Sy dipukul majikan!', 'cara bikin paspor', 'cara bikin paspor'], en: [] },
        },
      },
      ['violence'],
    )
    expect(read.map((e) => e.q)).toEqual(['sy dipukul majikan', 'cara bikin paspor'])
    expect(problems).toEqual([
      expect.objectContaining({ path: ['examples', 'beaten'], severity: 'error', message: expect.stringMatching(/"beaten" is not a category/) }),
      expect.objectContaining({ path: ['examples', 'none', 'id', 0], severity: 'error', message: expect.stringMatching(/also an example of violence/) }),
      expect.objectContaining({ path: ['examples', 'none', 'id', 2], severity: 'warn', message: expect.stringMatching(/listed twice/) }),
    ])
  })

  it('locates a problem at its line and loads no bundle on an error', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ma-crisis-examples-'))
    try {
      cpSync(resolve('flows'), join(dir, 'flows'), { recursive: true })
      cpSync(resolve('content'), join(dir, 'content'), { recursive: true })
      const file = join(dir, 'content', 'crisis-examples.yaml')
      writeFileSync(file, readFileSync(file, 'utf8').replace('\n  self_harm:\n', '\n  selfharm:\n'))
      const { bundle, problems } = loadBundle({ flowsDir: join(dir, 'flows'), contentDir: join(dir, 'content'), actions: ACTION_SPECS, baseDir: dir })
      expect(bundle).toBeUndefined()
      expect(problems.some((p) => p.file === 'content/crisis-examples.yaml' && p.line > 1 && /"selfharm" is not a category/.test(p.message))).toBe(true)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
