import { readFileSync } from 'node:fs'
import { isCollection, isScalar, LineCounter, parseDocument, type Document, type Node } from 'yaml'
import type { Problem } from './problems.ts'

/** Aliases expanded beyond this count make a document an "alias bomb" (billion laughs); it is refused. */
const MAX_ALIAS_COUNT = 100

/**
 * A parsed YAML file that still knows where each value came from, so that a problem found later
 * (by zod or by a semantic check) can be reported as `file:line:col`.
 */
export class YamlSource {
  private constructor(
    readonly file: string,
    readonly data: unknown,
    private readonly doc: Document.Parsed,
    private readonly lines: LineCounter,
  ) {}

  /** Parses `text`; syntax errors come back as problems with their position, and `source` is undefined. */
  static parse(file: string, text: string): { source?: YamlSource; problems: Problem[] } {
    const lines = new LineCounter()
    const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true })
    const problems: Problem[] = []
    for (const error of doc.errors) {
      const pos = lines.linePos(error.pos[0])
      problems.push({
        file,
        line: pos.line,
        col: pos.col,
        severity: 'error',
        message: `YAML syntax: ${firstLine(error.message)}. Check indentation (spaces, not tabs), quotes and colons on this line.`,
      })
    }
    if (problems.length > 0) return { problems }
    try {
      const data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT })
      return { source: new YamlSource(file, data, doc, lines), problems }
    } catch (error) {
      return {
        problems: [
          {
            file,
            line: 1,
            col: 1,
            severity: 'error',
            message: `YAML could not be read: ${firstLine(String((error as Error).message))}. Avoid anchors/aliases (&, *): write the values out.`,
          },
        ],
      }
    }
  }

  static read(file: string, displayName = file): { source?: YamlSource; problems: Problem[] } {
    let text: string
    try {
      text = readFileSync(file, 'utf8')
    } catch (error) {
      return {
        problems: [
          { file: displayName, line: 0, col: 0, severity: 'error', message: `cannot read file: ${(error as Error).message}` },
        ],
      }
    }
    return YamlSource.parse(displayName, text.replace(/^\uFEFF/, ''))
  }

  /** Line and column of the value at `path` (or of the closest existing parent). */
  locate(path: readonly PropertyKey[]): { line: number; col: number } {
    let node: unknown = this.doc.contents
    let found: Node | undefined = isNode(node) ? node : undefined
    for (const key of path) {
      if (!isCollection(node)) break
      const next = node.get(typeof key === 'number' ? key : String(key), true)
      if (next === undefined) {
        // Point at the key of the parent map when the value itself is missing.
        break
      }
      node = next
      if (isNode(next)) found = next
    }
    const offset = found?.range?.[0] ?? 0
    const pos = this.lines.linePos(offset)
    return { line: pos.line, col: pos.col }
  }

  /** A problem at `path` in this file. */
  problem(path: readonly PropertyKey[], message: string, severity: Problem['severity'] = 'error'): Problem {
    return { file: this.file, ...this.locate(path), severity, message }
  }

  /** True when the value at `path` is a plain scalar written in the file (used to tell keys from inline text). */
  isScalarAt(path: readonly PropertyKey[]): boolean {
    let node: unknown = this.doc.contents
    for (const key of path) {
      if (!isCollection(node)) return false
      node = node.get(typeof key === 'number' ? key : String(key), true)
    }
    return isScalar(node)
  }
}

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && 'range' in value
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.replace(/\s+at line \d+, column \d+:?$/, '').trim()
}
