import { readFileSync } from 'node:fs'
import { CORE_SCHEMA, load as fastLoad } from 'js-yaml'
import { isCollection, isScalar, LineCounter, parseDocument, type Document, type Node } from 'yaml'
import type { Problem } from './problems.ts'

/** Aliases expanded beyond this count make a document an "alias bomb" (billion laughs); it is refused. */
const MAX_ALIAS_COUNT = 100

/**
 * Anchors and aliases (`&name`, `*name` where a value starts: after `key: `, `- `, `[` or `,`) could appear here: such
 * a text is read by `yaml`, which bounds how far aliases expand (an "alias bomb"). WhatsApp bold (`*kata*`) inside
 * quoted or block text does not match; a false match only costs speed.
 */
const MAYBE_ALIAS = /(?:^[ \t]*-[ \t]+|:[ \t]+|[[{,][ \t]*)[&*][\w-]+(?=[\s,\]}]|$)/m

/**
 * A parsed YAML file that still knows where each value came from, so that a problem found later
 * (by zod or by a semantic check) can be reported as `file:line:col`.
 *
 * Two parsers, one meaning: `js-yaml` (core schema, YAML 1.2 like `yaml`'s default) reads the data, 4–10× faster
 * than `yaml`'s document model on the FAQ files; `yaml` builds the document with positions only when a problem
 * must be located, and reads every text `js-yaml` refuses or that may hold aliases (so syntax errors keep their
 * `yaml` wording and position). A test checks both give the same data on every content file.
 */
export class YamlSource {
  #doc: { doc: Document.Parsed; lines: LineCounter } | undefined

  private constructor(
    readonly file: string,
    readonly data: unknown,
    private readonly text: string,
    doc?: { doc: Document.Parsed; lines: LineCounter },
  ) {
    this.#doc = doc
  }

  /** Parses `text`; syntax errors come back as problems with their position, and `source` is undefined. */
  static parse(file: string, text: string): { source?: YamlSource; problems: Problem[] } {
    try {
      if (!MAYBE_ALIAS.test(text)) return { source: new YamlSource(file, fastLoad(text, { schema: CORE_SCHEMA, filename: file }) ?? null, text), problems: [] }
      // Something like an anchor or alias, often only WhatsApp bold in a quoted text ("…, *tetapi* …"): read fast too,
      // and kept only when the document defined no anchor at all (then no alias can have been resolved: js-yaml
      // refuses an alias without its anchor); else `yaml` reads it, with its bound on alias expansion.
      let state: { anchorMap?: Record<string, unknown> } | undefined
      const data = fastLoad(text, { schema: CORE_SCHEMA, filename: file, listener: (_event, at) => void (state = at as typeof state) })
      if (state?.anchorMap && Object.keys(state.anchorMap).length === 0) return { source: new YamlSource(file, data ?? null, text), problems: [] }
    } catch {
      // Read again below: `yaml` says where and what.
    }
    return YamlSource.parseDocument(file, text)
  }

  /** Parses with `yaml`'s document model (positions kept). */
  private static parseDocument(file: string, text: string): { source?: YamlSource; problems: Problem[] } {
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
      return { source: new YamlSource(file, data, text, { doc, lines }), problems }
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

  /** The document with positions, parsed on first need. */
  private document(): { doc: Document.Parsed; lines: LineCounter } {
    if (!this.#doc) {
      const lines = new LineCounter()
      this.#doc = { doc: parseDocument(this.text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true }), lines }
    }
    return this.#doc
  }

  /** Line and column of the value at `path` (or of the closest existing parent). */
  locate(path: readonly PropertyKey[]): { line: number; col: number } {
    const { doc, lines } = this.document()
    let node: unknown = doc.contents
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
    const pos = lines.linePos(offset)
    return { line: pos.line, col: pos.col }
  }

  /** A problem at `path` in this file. */
  problem(path: readonly PropertyKey[], message: string, severity: Problem['severity'] = 'error'): Problem {
    return { file: this.file, ...this.locate(path), severity, message }
  }

  /** True when the value at `path` is a plain scalar written in the file (used to tell keys from inline text). */
  isScalarAt(path: readonly PropertyKey[]): boolean {
    let node: unknown = this.document().doc.contents
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
