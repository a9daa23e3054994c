/**
 * The small condition language of `branch` steps. Never JavaScript: officers write
 *
 *     age < 18
 *     consent == yes
 *     destination in [sa, ae, qa]
 *     name is set            phone is empty
 *     interests contains welding
 *     not (a == 1 or b != 2) and c >= 3
 *
 * Names read the flow's answers (`age`, `answers.age`) or facts about the user (`user.channel`,
 * `user.lang`, `user.phone`). Values are numbers, bare words or quoted strings.
 */

export type Value = string | number | boolean | readonly unknown[] | undefined | null

type Expr =
  | { kind: 'and' | 'or'; left: Expr; right: Expr }
  | { kind: 'not'; inner: Expr }
  | { kind: 'cmp'; op: CmpOp; name: string; value: Literal }
  | { kind: 'is'; name: string; test: 'set' | 'empty' }

type CmpOp = '==' | '!=' | '<' | '<=' | '>' | '>=' | 'in' | 'contains'
type Literal = string | number | Array<string | number>

export class ConditionError extends Error {
  override readonly name = 'ConditionError'
  constructor(
    message: string,
    /** 0-based character offset in the condition where the problem is. */
    readonly offset: number,
  ) {
    super(message)
  }
}

const TOKEN = /\s*(?:(\(|\)|\[|\]|,)|(==|!=|<=|>=|<|>)|("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')|(-?\d+(?:\.\d+)?)(?![\w.])|([\p{L}_][\p{L}\p{N}_.\-]*))/uy

interface Token {
  text: string
  type: 'punct' | 'op' | 'string' | 'number' | 'word'
  offset: number
}

function tokenize(source: string): Token[] {
  const tokens: Token[] = []
  TOKEN.lastIndex = 0
  let index = 0
  while (index < source.length) {
    if (/^\s*$/.test(source.slice(index))) break
    TOKEN.lastIndex = index
    const match = TOKEN.exec(source)
    if (!match) {
      const at = index + (source.slice(index).length - source.slice(index).trimStart().length)
      throw new ConditionError(`unexpected character "${source[at]}"`, at)
    }
    const offset = match.index + match[0].length - match[0].trimStart().length
    if (match[1]) tokens.push({ text: match[1], type: 'punct', offset })
    else if (match[2]) tokens.push({ text: match[2], type: 'op', offset })
    else if (match[3]) tokens.push({ text: match[3].slice(1, -1).replace(/\\(.)/g, '$1'), type: 'string', offset })
    else if (match[4]) tokens.push({ text: match[4], type: 'number', offset })
    else if (match[5]) tokens.push({ text: match[5], type: 'word', offset })
    index = TOKEN.lastIndex
  }
  return tokens
}

/** A parsed condition, ready to evaluate many times. */
export class Condition {
  private constructor(
    readonly source: string,
    private readonly expr: Expr,
  ) {}

  /** Parses a condition; throws `ConditionError` with the offset of the problem. */
  static parse(source: string): Condition {
    const tokens = tokenize(source)
    let position = 0
    const peek = (): Token | undefined => tokens[position]
    const offsetHere = (): number => peek()?.offset ?? source.length
    const isWord = (word: string): boolean => peek()?.type === 'word' && peek()!.text.toLowerCase() === word

    const parseOr = (): Expr => {
      let left = parseAnd()
      while (isWord('or')) {
        position++
        left = { kind: 'or', left, right: parseAnd() }
      }
      return left
    }
    const parseAnd = (): Expr => {
      let left = parseNot()
      while (isWord('and')) {
        position++
        left = { kind: 'and', left, right: parseNot() }
      }
      return left
    }
    const parseNot = (): Expr => {
      if (isWord('not')) {
        position++
        return { kind: 'not', inner: parseNot() }
      }
      return parsePrimary()
    }
    const parseLiteral = (): string | number => {
      const token = peek()
      if (!token || token.type === 'punct' || token.type === 'op') {
        throw new ConditionError('expected a value (a number, a word or "quoted text")', offsetHere())
      }
      position++
      return token.type === 'number' ? Number(token.text) : token.text
    }
    const parsePrimary = (): Expr => {
      const token = peek()
      if (token?.text === '(') {
        position++
        const inner = parseOr()
        if (peek()?.text !== ')') throw new ConditionError('missing ")"', offsetHere())
        position++
        return inner
      }
      if (!token || token.type !== 'word') {
        throw new ConditionError('expected the name of an answer, e.g. "age"', offsetHere())
      }
      position++
      const name = token.text
      const op = peek()
      if (op?.type === 'op') {
        position++
        return { kind: 'cmp', op: op.text as CmpOp, name, value: parseLiteral() }
      }
      if (op && op.type === 'word') {
        const word = op.text.toLowerCase()
        if (word === 'is') {
          position++
          const test = peek()?.text.toLowerCase()
          if (test !== 'set' && test !== 'empty') throw new ConditionError('after "is" write "set" or "empty"', offsetHere())
          position++
          return { kind: 'is', name, test }
        }
        if (word === 'contains') {
          position++
          return { kind: 'cmp', op: 'contains', name, value: parseLiteral() }
        }
        if (word === 'in') {
          position++
          if (peek()?.text !== '[') throw new ConditionError('after "in" write a list like [a, b]', offsetHere())
          position++
          const items: Array<string | number> = []
          while (peek() && peek()!.text !== ']') {
            items.push(parseLiteral())
            if (peek()?.text === ',') position++
          }
          if (peek()?.text !== ']') throw new ConditionError('missing "]"', offsetHere())
          position++
          return { kind: 'cmp', op: 'in', name, value: items }
        }
      }
      throw new ConditionError(
        `after "${name}" write a comparison: == != < <= > >= in contains, or "is set" / "is empty"`,
        offsetHere(),
      )
    }

    const expr = parseOr()
    if (position < tokens.length) {
      throw new ConditionError(`unexpected "${tokens[position]!.text}"; join conditions with "and" or "or"`, offsetHere())
    }
    return new Condition(source, expr)
  }

  /** The variable names the condition reads (for the validator). */
  names(): string[] {
    const out: string[] = []
    const walk = (e: Expr): void => {
      if (e.kind === 'and' || e.kind === 'or') {
        walk(e.left)
        walk(e.right)
      } else if (e.kind === 'not') walk(e.inner)
      else if (e.kind === 'cmp' || e.kind === 'is') out.push(e.name)
    }
    walk(this.expr)
    return out
  }

  evaluate(lookup: (name: string) => Value): boolean {
    return evaluate(this.expr, lookup)
  }
}

function evaluate(expr: Expr, lookup: (name: string) => Value): boolean {
  switch (expr.kind) {
    case 'and':
      return evaluate(expr.left, lookup) && evaluate(expr.right, lookup)
    case 'or':
      return evaluate(expr.left, lookup) || evaluate(expr.right, lookup)
    case 'not':
      return !evaluate(expr.inner, lookup)
    case 'is': {
      const value = lookup(expr.name)
      const empty = value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0)
      return expr.test === 'empty' ? empty : !empty
    }
    case 'cmp':
      return compare(lookup(expr.name), expr.op, expr.value)
  }
}

function compare(actual: Value, op: CmpOp, expected: Literal): boolean {
  if (op === 'in') {
    return Array.isArray(expected) && expected.some((item) => looselyEqual(actual, item))
  }
  if (op === 'contains') {
    if (Array.isArray(actual)) return actual.some((item) => looselyEqual(item as Value, expected as string | number))
    return typeof actual === 'string' && actual.toLowerCase().includes(String(expected).toLowerCase())
  }
  if (op === '==') return looselyEqual(actual, expected as string | number)
  if (op === '!=') return !looselyEqual(actual, expected as string | number)
  const a = typeof actual === 'number' ? actual : Number(actual)
  const b = Number(expected)
  if (actual === undefined || actual === null || actual === '' || Number.isNaN(a) || Number.isNaN(b)) return false
  switch (op) {
    case '<':
      return a < b
    case '<=':
      return a <= b
    case '>':
      return a > b
    case '>=':
      return a >= b
  }
}

function looselyEqual(actual: Value, expected: string | number): boolean {
  if (actual === undefined || actual === null) return false
  if (typeof actual === 'boolean') {
    const word = String(expected).toLowerCase()
    return actual ? ['yes', 'ya', 'true'].includes(word) : ['no', 'tidak', 'false'].includes(word)
  }
  if (typeof expected === 'number') return Number(actual) === expected
  return String(actual).toLowerCase() === expected.toLowerCase()
}
