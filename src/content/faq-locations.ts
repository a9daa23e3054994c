/**
 * Where each FAQ entry is written, for officers (`content stale`, the console's content health page): the file and
 * line of its `- id:` in content/faq/*.yaml.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'

/** Where an entry's `- id:` line is: `content/faq/biaya.yaml:12` (relative to `baseDir`, else the current folder). */
export function locator(contentDir: string, baseDir = process.cwd()): (id: string) => string {
  const lines = new Map<string, string>()
  const dir = join(contentDir, 'faq')
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.yaml')).sort()) {
    readFileSync(join(dir, name), 'utf8')
      .split('\n')
      .forEach((line, i) => {
        const match = /^\s*-\s+id:\s*["']?([a-z0-9_-]+)/.exec(line)
        if (match && !lines.has(match[1]!)) lines.set(match[1]!, `${relative(baseDir, join(dir, name))}:${i + 1}`)
      })
  }
  return (id) => lines.get(id) ?? ''
}
