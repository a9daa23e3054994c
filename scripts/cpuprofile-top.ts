/**
 * `tsx scripts/cpuprofile-top.ts FILE.cpuprofile [N]`: self time by function (name, file:line) of a V8 CPU
 * profile (node --cpu-prof, or `npm run bench -- --mixed --profile DIR`), the top N (default 40), and the total
 * time per file; idle, program and GC on their own lines.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { SourceMap } from 'node:module'
import os from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

interface Node {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number }
  hitCount?: number
  children?: number[]
}
interface Profile {
  nodes: Node[]
  startTime: number
  endTime: number
  samples: number[]
  timeDeltas: number[]
}

const [file, top = '40', under] = process.argv.slice(2)
if (!file) throw new Error('usage: tsx scripts/cpuprofile-top.ts FILE.cpuprofile [N] [FUNCTION: only samples under it]')
// Piped into `head`: a closed pipe ends the output, not with an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0)
  throw error
})
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile
const byId = new Map(profile.nodes.map((n) => [n.id, n]))
const parent = new Map<number, number>()
for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id)
const isUnder = (id: number): boolean => {
  for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) if (byId.get(at)!.callFrame.functionName === under) return true
  return false
}
const selfUs = new Map<number, number>()
for (let i = 0; i < profile.samples.length; i++) {
  const id = profile.samples[i]!
  if (under && !isUnder(id)) continue
  selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i + 1] ?? 0))
}
// tsx runs TypeScript compiled to one line per file: positions are mapped back through the source maps in its
// cache folder (the newest entry compiled from that path: run this right after the profiled run).
const maps = new Map<string, SourceMap | undefined>()
let cache: Array<{ path: string; file: string }> | undefined
function sourceMapFor(path: string): SourceMap | undefined {
  if (maps.has(path)) return maps.get(path)
  cache ??= readdirSync(os.tmpdir())
    .filter((d) => d.startsWith('tsx-'))
    .flatMap((d) => readdirSync(join(os.tmpdir(), d)).map((f) => ({ path: '', file: join(os.tmpdir(), d, f) })))
  let found: SourceMap | undefined
  let newest = 0
  for (const entry of cache) {
    let raw: string
    try {
      raw = readFileSync(entry.file, 'utf8')
    } catch {
      continue
    }
    if (!raw.includes(JSON.stringify(path))) continue
    const data = JSON.parse(raw) as { map?: { sources?: string[] } }
    const mtime = statSync(entry.file).mtimeMs
    if (data.map?.sources?.[0] === path && mtime > newest) {
      newest = mtime
      found = new SourceMap(data.map as ConstructorParameters<typeof SourceMap>[0])
    }
  }
  maps.set(path, found)
  return found
}
function where(url: string, line: number, column: number): string {
  if (!url.startsWith('file://') || !url.endsWith('.ts')) return `${url}:${line + 1}`
  const entry = sourceMapFor(fileURLToPath(url))?.findEntry(line, column) as { originalLine?: number } | undefined
  return `${url}:${entry?.originalLine === undefined ? `?${column}` : entry.originalLine + 1}`
}
const short = (url: string): string => url.replace(/^file:\/\//, '').replace(/^.*\/(src|node_modules)\//, '$1/')
const byFunction = new Map<string, number>()
const byFile = new Map<string, number>()
let total = 0
for (const [id, us] of selfUs) {
  const node = byId.get(id)!
  const { functionName, url, lineNumber, columnNumber } = node.callFrame
  const key = `${functionName || '(anonymous)'}  ${url ? short(where(url, lineNumber, columnNumber)) : ''}`
  byFunction.set(key, (byFunction.get(key) ?? 0) + us)
  const fileKey = url ? short(url) : functionName
  byFile.set(fileKey, (byFile.get(fileKey) ?? 0) + us)
  total += us
}
const print = (title: string, map: Map<string, number>, n: number): void => {
  process.stdout.write(`${title} (total ${(total / 1000).toFixed(0)} ms)\n`)
  for (const [key, us] of [...map].sort((a, b) => b[1] - a[1]).slice(0, n)) {
    process.stdout.write(`${((us / total) * 100).toFixed(1).padStart(5)}%  ${(us / 1000).toFixed(1).padStart(8)} ms  ${key}\n`)
  }
}
print('self time by function', byFunction, Number(top))
process.stdout.write('\n')
// Inclusive ("total") time: each sample counts once for every function on its stack.
const keyOf = new Map<number, string>()
for (const node of profile.nodes) {
  const { functionName, url, lineNumber, columnNumber } = node.callFrame
  keyOf.set(node.id, `${functionName || '(anonymous)'}  ${url ? short(where(url, lineNumber, columnNumber)) : ''}`)
}
const inclusive = new Map<string, number>()
for (const [id, us] of selfUs) {
  const seen = new Set<string>()
  for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
    const key = keyOf.get(at)!
    if (seen.has(key)) continue
    seen.add(key)
    inclusive.set(key, (inclusive.get(key) ?? 0) + us)
  }
}
print('total time by function (self and callees)', inclusive, Number(top))
process.stdout.write('\n')
print('self time by file', byFile, 25)
