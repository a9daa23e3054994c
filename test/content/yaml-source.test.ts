/**
 * YAML is read by js-yaml (fast) and, when a problem must be located or the text may hold aliases, by `yaml`
 * (src/content/yaml-source.ts). Both must read every content file to the same data, and problems keep their
 * file:line:col.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { YamlSource } from '../../src/content/yaml-source.ts'

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? yamlFiles(path) : name.endsWith('.yaml') ? [path] : []
  })
}

describe('reading YAML', () => {
  it('reads every content and flow file to exactly what the yaml package reads', () => {
    const files = [...yamlFiles('content'), ...yamlFiles('flows'), ...yamlFiles('test/eval')]
    expect(files.length).toBeGreaterThan(40)
    for (const file of files) {
      const text = readFileSync(file, 'utf8')
      const { source, problems } = YamlSource.parse(file, text)
      expect(problems, file).toEqual([])
      expect(source!.data, file).toEqual(parse(text, { uniqueKeys: true }))
    }
  })

  it('locates a value of a file read the fast way', () => {
    const text = 'entries:\n  - id: a\n    q:\n      id: ["x"]\n  - id: b\n    reviewed: 2026-11-22\n    flag: no\n'
    const { source } = YamlSource.parse('f.yaml', text)
    // Dates and yes/no stay text (YAML 1.2 core schema), as the yaml package reads them.
    expect(source!.data).toEqual({ entries: [{ id: 'a', q: { id: ['x'] } }, { id: 'b', reviewed: '2026-11-22', flag: 'no' }] })
    expect(source!.problem(['entries', 1, 'reviewed'], 'stale')).toEqual({ file: 'f.yaml', line: 6, col: 15, severity: 'error', message: 'stale' })
    expect(source!.locate(['entries', 1, 'missing'])).toEqual({ line: 5, col: 5 })
  })

  it('reports syntax errors with the line, column and a fix, and no data', () => {
    for (const [text, line] of [
      ['a: 1\na: 2\n', 2], // a key twice
      ['a:\n  b: 1\n c: 2\n', 3], // bad indentation
      ['a: "open\nb: 2\n', 3], // unclosed quote (yaml points at the end)
      ['list:\n  - x\n\t- y\n', 3], // a tab
    ] as const) {
      const { source, problems } = YamlSource.parse('bad.yaml', text)
      expect(source, text).toBeUndefined()
      expect(problems[0], text).toMatchObject({ file: 'bad.yaml', line, severity: 'error' })
      expect(problems[0]!.message).toMatch(/^YAML syntax: .*Check indentation/)
    }
  })

  it('refuses an alias bomb', () => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]', ...'bcdefghij'.split('').map((k, i) => `${k}: &${k} [${Array(9).fill(`*${'abcdefghij'[i]}`).join(',')}]`)].join('\n')
    const { source, problems } = YamlSource.parse('bomb.yaml', bomb)
    expect(source).toBeUndefined()
    expect(problems[0]!.message).toMatch(/anchors\/aliases/)
  })
})
