/** Helpers shared by the `npm run eval` sections (see `eval-sections.ts`). */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'

/** `test/eval/<name>` under `root`, or undefined when the file does not exist. */
export function evalFile(root: string, name: string): string | undefined {
  const path = join(root, 'test', 'eval', name)
  return existsSync(path) ? path : undefined
}

/** A held-out test set (`*-test.yaml`, `*-test2.yaml`, …): its totals may be printed, never its questions. */
export function isHeldOut(file: string): boolean {
  return /-test\d*\.ya?ml$/.test(file)
}

/** A YAML list of labelled items (or the same list under `key:`); throws with the file name when it is not. */
export function readYamlList(file: string, key?: string): Record<string, unknown>[] {
  const doc = parse(readFileSync(file, 'utf8')) as unknown
  const list = Array.isArray(doc) ? doc : key && doc && typeof doc === 'object' ? (doc as Record<string, unknown>)[key] : undefined
  if (!Array.isArray(list)) throw new Error(`${file}: expected a YAML list of items`)
  return list.map((item, i) => {
    if (!item || typeof item !== 'object') throw new Error(`${file}: item ${i + 1} is not a map`)
    return item as Record<string, unknown>
  })
}

/** `0.873` → `"87.3%"`. */
export function pct(x: number): string {
  return Number.isFinite(x) ? `${(x * 100).toFixed(1)}%` : '-'
}

/** A plain text table: a header row, a rule, then the rows; columns padded to the widest cell. */
export function textTable(head: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)))
  const line = (cells: readonly string[]): string => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd()
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n')
}
