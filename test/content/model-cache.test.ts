/**
 * Content load with DATA_DIR/model-cache (LoadOptions.modelCacheDir): a second load of the same content reads the
 * three trained classifiers (FAQ, crisis alarm, crisis kind) instead of training, with the same answers; an edited
 * FAQ question changes the training inputs and the classifiers are trained again.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../../src/config.ts'
import { loadBundle } from '../../src/content/load.ts'
import { ACTION_SPECS } from '../../src/engine/actions.ts'
import { publishWorkingFiles } from '../../src/publish/publisher.ts'
import { modelCacheDir } from '../../src/runtime.ts'
import { openVersionStore } from '../../src/store/index.ts'
import { backgroundStats } from '../../src/understanding/linear-model.ts'

let dir: string
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ma-model-cache-'))
  cpSync(resolve('flows'), join(dir, 'flows'), { recursive: true })
  cpSync(resolve('content'), join(dir, 'content'), { recursive: true })
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const cacheDir = (): string => join(dir, 'data', 'model-cache')
const load = () => {
  const { bundle, problems } = loadBundle({ flowsDir: join(dir, 'flows'), contentDir: join(dir, 'content'), actions: ACTION_SPECS, baseDir: dir, modelCacheDir: cacheDir() })
  if (!bundle) throw new Error(problems.map((p) => p.message).join('\n'))
  return bundle
}
const files = (): string[] => readdirSync(cacheDir()).filter((f) => f.endsWith('.weights')).sort()
/** Derived data (`.data`): feature vocabularies, stemmer words, the analysed FAQ texts of the search index. */
const dataFiles = (): string[] => readdirSync(cacheDir()).filter((f) => f.endsWith('.data')).sort()
const QUESTIONS = ['syarat kerja ke korea', 'apa itu bp2mi?', 'berapa biaya penempatan ke taiwan', 'saya mau bunuh diri', 'paspor saya ditahan majikan']

describe('content load with trained weights kept in DATA_DIR', () => {
  it('reads them when the content is unchanged and trains again when an FAQ question changes', () => {
    const trainedInBackground = backgroundStats.inWorker + backgroundStats.onMain
    const first = load()
    // The FAQ classifier and the crisis detector's two trained in the background (a worker thread, one after the other,
    // or taken over by the main thread once its own work was done) while the rest loaded, and were ready when the
    // bundle came back.
    expect(backgroundStats.inWorker + backgroundStats.onMain).toBe(trainedInBackground + 3)
    const stored = files()
    // The three classifiers, and what the crisis rules alone said of the examples and calm questions (read on every
    // load before, a third of a load from the cache).
    expect(stored).toHaveLength(4)
    expect(stored.filter((f) => f.startsWith('rules-'))).toHaveLength(1)
    const derived = dataFiles()
    expect(derived.map((f) => f.replace(/-[0-9a-f]{40}\.data$/, ''))).toEqual(['crisis-features', 'faq-features', 'faq-index', 'faq-lexicon'])
    const answers = (b: typeof first) => QUESTIONS.map((q) => [b.faq.index.search(q), b.crisis.detect(q)?.category])

    const second = load()
    // Nothing new written: every classifier and all derived data came from their files (a miss always writes one).
    expect(files()).toEqual(stored)
    expect(dataFiles()).toEqual(derived)
    expect(answers(second)).toEqual(answers(first))
    // The restored vocabularies, stemmers and search index read every text exactly as the fresh build did (the first
    // load read and trained everything; the second read none of it): every scorer's numbers, bit for bit.
    const texts = [...first.faq.entries.flatMap((e) => [...(e.q.id ?? []), ...(e.q.en ?? [])]).filter((_, i) => i % 3 === 0), ...first.faq.index.trainedOn.outside]
    expect(texts.length).toBeGreaterThan(1_000)
    for (const text of texts) expect(second.faq.index.read(text), text).toEqual(first.faq.index.read(text))
    for (const e of first.crisis.examples) expect(second.crisis.model?.score(e.q), e.q).toEqual(first.crisis.model?.score(e.q))
    // Every labelled crisis message reads the same (the ambiguous phrases and the calm examples came from the file).
    const crisisReadings = (b: typeof first) => b.crisis.examples.map((e) => { const d = b.crisis.detect(e.q); return [d?.category, d?.phrase, d?.about] })
    expect(first.crisis.examples.length).toBeGreaterThan(100)
    expect(crisisReadings(second)).toEqual(crisisReadings(first))

    const file = join(dir, 'content', 'faq', 'jepang.yaml')
    writeFileSync(file, readFileSync(file, 'utf8').replace('"apa itu SSW atau Tokutei Ginou"', '"apa sih SSW atau Tokutei Ginou itu"'))
    load()
    const after = files()
    expect(after.length).toBeGreaterThan(4)
    // The FAQ classifier's inputs changed: a new file for it; the FAQ questions are calm questions of the crisis
    // rules too: a new rules file.
    expect(after.filter((f) => !stored.includes(f)).length).toBeGreaterThanOrEqual(2)
    expect(after.filter((f) => f.startsWith('rules-') && !stored.includes(f))).toHaveLength(1)
    // The derived data of the edited inputs is read afresh (stored anew), never taken from the old files.
    const newData = dataFiles().filter((f) => !derived.includes(f))
    expect(newData.map((f) => f.replace(/-[0-9a-f]{40}\.data$/, '')).sort()).toEqual(['crisis-features', 'faq-features', 'faq-index', 'faq-lexicon'])
  }, 240_000) // three full content loads, two of them training (tens of seconds on a busy shared machine)

  it('content publish checks the new version with the kept weights instead of training again', async () => {
    const versions = await openVersionStore({ dataDir: join(dir, 'data') })
    try {
      const stored = files()
      const trainedInWorker = backgroundStats.inWorker
      const published = await publishWorkingFiles({ versions, flowsDir: join(dir, 'flows'), contentDir: join(dir, 'content'), actions: ACTION_SPECS, modelCacheDir: cacheDir(), by: 'test' })
      expect(published.ok).toBe(true)
      expect(backgroundStats.inWorker).toBe(trainedInWorker)
      expect(files()).toEqual(stored)
    } finally {
      await versions.close()
    }
  }, 120_000)

  it('MODEL_CACHE_DIR moves the weights out of DATA_DIR (one folder that several processes and data folders share)', () => {
    expect(modelCacheDir(loadConfig({ DATA_DIR: join(dir, 'data') }))).toBe(cacheDir())
    expect(modelCacheDir(loadConfig({ DATA_DIR: join(dir, 'data'), MODEL_CACHE_DIR: join(dir, 'shared-models') }))).toBe(join(dir, 'shared-models'))
    expect(modelCacheDir(loadConfig({ DATA_DIR: join(dir, 'data'), MODEL_CACHE_DIR: ' ' }))).toBe(cacheDir())
  })
})
