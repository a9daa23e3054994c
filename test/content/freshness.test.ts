import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { contentCommand } from '../../src/cli/content.ts'
import { addMonths, calendarDate, formatReviewDate, reviewMonths } from '../../src/content/freshness.ts'
import { loadBundle } from '../../src/content/load.ts'
import { formatProblems, type Problem } from '../../src/content/problems.ts'
import { ACTION_SPECS } from '../../src/engine/actions.ts'

/** The fake clock: 3 Dec 2026, 10:00 in Jakarta. */
const NOW = Date.parse('2026-12-05T03:00:00Z')
let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ma-fresh-'))
  cpSync(resolve('flows'), join(dir, 'flows'), { recursive: true })
  cpSync(resolve('content'), join(dir, 'content'), { recursive: true })
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

const options = (now = NOW) => ({ flowsDir: join(dir, 'flows'), contentDir: join(dir, 'content'), actions: ACTION_SPECS, baseDir: dir, now })

function entry(id: string, reviewed: string, extra: string[] = [], source = '"UU 18/2017 Pasal 30"'): string {
  return [
    `  - id: ${id}`,
    '    topic: biaya',
    '    q: { id: ["pertanyaan contoh"] }',
    '    a: { id: "Jawaban contoh.", en: "Example answer." }',
    `    source: ${source}`,
    '    evidence: "catatan riset, contoh.com"',
    '    confidence: verified',
    `    reviewed: ${reviewed}`,
    ...extra,
  ].join('\n')
}
const write = (...entries: string[]) => writeFileSync(join(dir, 'content', 'faq', 'zz-test.yaml'), ['entries:', ...entries, ''].join('\n'))
const mine = (problems: Problem[]) => problems.filter((p) => p.file === 'content/faq/zz-test.yaml')

describe('review dates', () => {
  it('accepts real calendar dates only', () => {
    expect(calendarDate('2031-02-30')).toBeUndefined()
    expect(calendarDate('2026-13-01')).toBeUndefined()
    expect(calendarDate('2028-02-29')).toEqual({ year: 2028, month: 2, day: 29 })
    expect(addMonths('2026-08-31', 6)).toBe('2027-02-28')
    expect(addMonths('2026-11-22', 12)).toBe('2027-11-22')
    expect(reviewMonths('1 year')).toBe(12)
    expect(reviewMonths(undefined)).toBe(6)
    expect(formatReviewDate('2026-11-22', 'id')).toBe('22 Nov 2026')
    expect(formatReviewDate('2026-12-01', 'id')).toBe('1 Des 2026')
    expect(formatReviewDate('2026-12-01', 'en')).toBe('1 Dec 2026')
  })

  it('rejects reviewed: 2031-02-30 and a date in the future, located at the line', () => {
    write(entry('contoh-mustahil', '2031-02-30'))
    let result = loadBundle(options())
    expect(result.bundle).toBeUndefined()
    expect(formatProblems(mine(result.problems))).toMatch(/zz-test\.yaml:9:15 {2}error {2}"2031-02-30" is not a real date/)

    write(entry('contoh-masa-depan', '2026-12-10'))
    result = loadBundle(options())
    expect(result.bundle).toBeUndefined()
    expect(mine(result.problems)[0]!.message).toMatch(/reviewed on 2026-12-10, which is after today \(2026-12-05\)/)
    // the same entry is fine once its day has come
    expect(loadBundle(options(Date.parse('2026-12-10T01:00:00Z'))).bundle).toBeDefined()
  }, 120_000) // content loads that train the classifiers (no cached weights for edited content): tens of seconds on a busy machine

  it('warns on stale entries in validate and lists them oldest first in content stale (fake clock)', async () => {
    write(
      entry('contoh-segar', '2026-11-01'),
      entry('contoh-tiga-bulan', '2026-08-01', ['    review_every: 3 months']),
      entry('contoh-lama', '2026-05-15'),
      entry('contoh-tahunan', '2026-01-10', ['    review_every: 1 year']),
    )
    const { bundle, problems } = loadBundle(options())
    expect(bundle).toBeDefined()
    const warnings = mine(problems).filter((p) => p.severity === 'warn')
    expect(warnings.map((p) => p.message)).toEqual([
      expect.stringMatching(/"contoh-lama" is due for review since 2026-11-15/),
      expect.stringMatching(/"contoh-tiga-bulan" is due for review since 2026-11-01 \(reviewed 2026-08-01, every 3 months\)/),
    ])

    const out: string[] = []
    const io = { stdout: (s: string) => void out.push(s), stderr: (s: string) => void out.push(`ERR ${s}`), contentOptions: options(), today: '2026-12-05' }
    expect(await contentCommand(['stale'], io)).toBe(0)
    const ids = out.filter((l) => /^\d{4}-/.test(l)).map((l) => l.split(/\s+/)[4])
    expect(ids).toEqual(['contoh-lama', 'contoh-tiga-bulan'])
    expect(out.join('\n')).toMatch(/2026-05-15 {2}2026-11-15 {2}6 months {2}contoh-lama {2}content\/faq\/zz-test\.yaml:\d+/)

    out.length = 0
    expect(await contentCommand(['stale', '--today', '2027-01-10'], io)).toBe(0)
    expect(out.filter((l) => /^\d{4}-/.test(l)).map((l) => l.split(/\s+/)[4])).toEqual(['contoh-tahunan', 'contoh-lama', 'contoh-tiga-bulan'])
    expect(await contentCommand(['stale', '--today', '2027-02-31'], io)).toBe(2)
  }, 120_000) // as above: loads of edited content train

  it('content show prints the evidence for officers', async () => {
    write(entry('contoh-bukti', '2026-11-01'))
    const out: string[] = []
    const io = { stdout: (s: string) => void out.push(s), stderr: (s: string) => void out.push(s), contentOptions: options(), today: '2026-12-05' }
    expect(await contentCommand(['show', 'contoh-bukti'], io)).toBe(0)
    expect(out.join('\n')).toMatch(/Sumber: UU 18\/2017 Pasal 30 · diperiksa 1 Nov 2026/)
    expect(out.join('\n')).toMatch(/evidence \(officers only\)\ncatatan riset, contoh\.com/)
  })

  it('refuses an unknown {text.KEY} in an answer, with a did-you-mean', () => {
    writeFileSync(
      join(dir, 'content', 'faq', 'zz-test.yaml'),
      ['entries:', entry('contoh-teks', '2026-11-01').replace('a: { id: "Jawaban contoh."', 'a: { id: "{text.about.operatr}"'), ''].join('\n'),
    )
    const problem = mine(loadBundle(options()).problems).find((p) => p.severity === 'error')!
    expect(problem.message).toMatch(/unknown text "\{text\.about\.operatr\}".*Did you mean "about\.operator"\?/)
  })

  it('rejects a user-facing source with a news domain, a file name, a section mark or the other language', () => {
    write(
      entry('contoh-berita', '2026-11-01', [], '"Kompas, ohayojepang.kompas.com/read/3479"'),
      entry('contoh-berkas', '2026-11-01', [], '"programme-context.md"'),
      entry('contoh-bahasa', '2026-11-01', [], '{ id: "UU 18/2017 and §4", en: "Wamen P2MI dan Dubes" }'),
    )
    const problems = mine(loadBundle(options()).problems).filter((p) => p.severity === 'error')
    const text = formatProblems(problems)
    expect(text).toMatch(/zz-test\.yaml:6:13 {2}error {2}"ohayojepang\.kompas\.com\/read\/3479" is not an official domain/)
    expect(text).toMatch(/zz-test\.yaml:14:13 {2}error {2}the source users see names a file/)
    expect(text).toMatch(/zz-test\.yaml:22:\d+ {2}error {2}the source users see has a section mark/)
    expect(text).toMatch(/zz-test\.yaml:22:\d+ {2}error {2}the Indonesian source has English words \(and\)/)
    expect(text).toMatch(/zz-test\.yaml:22:\d+ {2}error {2}the English source has Indonesian words \(dan\)/)
  })
})
