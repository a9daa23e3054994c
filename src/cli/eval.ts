/**
 * `npm run eval`: how well FAQ search answers the labelled questions in `test/eval/queries.yaml`, for the real
 * index (normalized + stemmed) and the plain baseline, plus every question it got wrong so that content
 * writers can add a question variant or a keyword to the entry that should have won.
 *
 *   npm run eval              table and misses
 *   npm run eval -- --json    one JSON object
 *   npm run eval -- --explain misses with the query terms, scores and coverage behind each decision
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'
import type { FaqEntry } from '../content/types.ts'
import type { Lang } from '../engine/types.ts'
import { runEval, type EvalMiss, type EvalQuery, type EvalReport } from '../knowledge/eval.ts'
import { FaqIndex } from '../knowledge/faq-search.ts'
import { parseLexicon } from '../knowledge/normalize.ts'
import { routingEval } from './routing-eval.ts'
import { crisisEvalCommand } from '../understanding/crisis-eval.ts'

const LEXICON_FILE = join('content', 'lexicon', 'slang.yaml')
const FAQ_DIR = join('content', 'faq')
const QUERIES_FILE = join('test', 'eval', 'queries.yaml')

/** Runs the evaluation from the project root; returns the exit code (1 when a file is missing or bad). */
export async function evalCommand(args: string[]): Promise<number> {
  const json = args.includes('--json')
  const explain = args.includes('--explain')
  if (args[0] === 'crisis') return crisisEvalCommand(args).code
  let entries: FaqEntry[]
  let queries: EvalQuery[]
  let lexicon: Map<string, string>
  try {
    lexicon = parseLexicon(parse(readFileSync(LEXICON_FILE, 'utf8')))
    entries = readFaqEntries(FAQ_DIR)
    queries = readQueries(QUERIES_FILE)
  } catch (error) {
    console.error(`eval: ${error instanceof Error ? error.message : String(error)}`)
    return 1
  }

  const result = runEval(entries, lexicon, queries)
  const known = new Set(entries.map((e) => e.id))
  const unknownIds = [...new Set(queries.flatMap((q) => q.expect).filter((id) => !known.has(id)))]
  const content = {
    entries: entries.length,
    queries: queries.length,
    faqModified: newestModification(FAQ_DIR),
    queriesModified: statSync(QUERIES_FILE).mtime.toISOString(),
  }

  if (json) {
    console.log(JSON.stringify({ content, unknownIds, ...result, routing: routingEval(args, true), crisis: crisisEvalCommand(args).reports }))
    return 0
  }
  console.log(
    `FAQ: ${content.entries} entries (newest change ${content.faqModified}); ` +
      `eval set: ${content.queries} questions (changed ${content.queriesModified})\n`,
  )
  console.log(table(result.index, result.baseline))
  if (unknownIds.length > 0) console.log(`\nExpected ids that no FAQ entry has: ${unknownIds.join(', ')}`)
  const misses = result.index.misses
  if (misses.length > 0) {
    console.log(`\nMisses of the normalized index (${misses.length}):`)
    const index = explain ? FaqIndex.build(entries, lexicon) : undefined
    for (const miss of misses) {
      console.log(describeMiss(miss))
      if (index) console.log(`      ${JSON.stringify(index.explain(miss.q))}`)
    }
  }
  routingEval(args, false)
  return crisisEvalCommand(args).code
}

/** All FAQ entries of `dir` (every `*.yaml` but `topics.yaml`), with the defaults the content format gives. */
export function readFaqEntries(dir: string): FaqEntry[] {
  const entries: FaqEntry[] = []
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.yaml') && f !== 'topics.yaml').sort()) {
    const doc = parse(readFileSync(join(dir, file), 'utf8')) as { entries?: unknown } | null
    if (!doc || !Array.isArray(doc.entries)) throw new Error(`${join(dir, file)}: expected a list under \`entries:\``)
    for (const raw of doc.entries as Record<string, unknown>[]) {
      const q = (raw['q'] ?? {}) as Partial<Record<Lang, unknown[]>>
      const a = (raw['a'] ?? {}) as { id?: unknown; en?: unknown }
      entries.push({
        id: String(raw['id']),
        topic: String(raw['topic'] ?? ''),
        q: { id: (q.id ?? []).map(String), en: (q.en ?? []).map(String) },
        keywords: ((raw['keywords'] as unknown[] | undefined) ?? []).map(String),
        a: { id: String(a.id ?? ''), ...(a.en !== undefined ? { en: String(a.en) } : {}) },
        source: String(raw['source'] ?? ''),
        confidence: raw['confidence'] === 'likely' ? 'likely' : 'verified',
        reviewed: String(raw['reviewed'] ?? ''),
        followups: ((raw['followups'] as unknown[] | undefined) ?? []).map(String),
      })
    }
  }
  return entries
}

/** The labelled questions: a list of `{ q, expect, lang }` (or the same under `queries:`). */
export function readQueries(file: string): EvalQuery[] {
  const doc = parse(readFileSync(file, 'utf8')) as unknown
  const list = Array.isArray(doc) ? doc : (doc as { queries?: unknown } | null)?.queries
  if (!Array.isArray(list)) throw new Error(`${file}: expected a list of { q, expect, lang }`)
  return list.map((item: Record<string, unknown>, i) => {
    if (typeof item['q'] !== 'string') throw new Error(`${file}: item ${i + 1} has no \`q:\` text`)
    const lang = item['lang'] === 'en' || item['lang'] === 'id' ? item['lang'] : undefined
    const expect = Array.isArray(item['expect']) ? item['expect'].map(String) : []
    return { q: item['q'], expect, ...(lang ? { lang } : {}) }
  })
}

function table(index: EvalReport, baseline: EvalReport): string {
  const pct = (x: number): string => `${(x * 100).toFixed(1)}%`
  const rows: [string, (r: EvalReport) => string][] = [
    ['questions (answerable / not)', (r) => `${r.n} (${r.answerable} / ${r.unanswerable})`],
    ['top-1 accuracy', (r) => pct(r.top1)],
    ['top-3 accuracy', (r) => pct(r.top3)],
    ['fallback rate (answerable)', (r) => pct(r.fallbackRate)],
    ['wrong-confident rate', (r) => pct(r.wrongConfidentRate)],
    ['top-1, answerable only', (r) => pct(r.answerableTop1)],
    ['unanswerable → none', (r) => pct(r.unanswerableNoneRate)],
    ['answer / clarify / none', (r) => `${pct(r.kinds.answer)} / ${pct(r.kinds.clarify)} / ${pct(r.kinds.none)}`],
    ['top-1 id', (r) => (r.top1ByLang.id ? `${pct(r.top1ByLang.id.top1)} of ${r.top1ByLang.id.n}` : '-')],
    ['top-1 en', (r) => (r.top1ByLang.en ? `${pct(r.top1ByLang.en.top1)} of ${r.top1ByLang.en.n}` : '-')],
  ]
  const head = ['', 'normalized + stemmed', 'plain baseline']
  const body = rows.map(([label, cell]) => [label, cell(index), cell(baseline)])
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((r) => r[i]!.length)))
  const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd()
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n')
}

function describeMiss(miss: EvalMiss): string {
  const expected = miss.expect.length > 0 ? miss.expect.join(' | ') : '(none: should fall back)'
  return `  [${miss.problem}] "${miss.q}"\n      got ${miss.kind}: ${miss.got.join(', ') || '-'}   expected: ${expected}`
}

function newestModification(dir: string): string {
  const times = readdirSync(dir).map((f) => statSync(join(dir, f)).mtimeMs)
  return new Date(Math.max(...times)).toISOString()
}
