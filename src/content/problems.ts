/**
 * A problem found in a content file, located precisely enough for an officer to fix it:
 * printed as `path:line:col  error|warn  message`.
 */
export interface Problem {
  file: string
  /** 1-based; 0 when the problem concerns the whole file. */
  line: number
  /** 1-based; 0 when unknown. */
  col: number
  severity: 'error' | 'warn'
  message: string
}

/** Formats problems one per line, errors first, in file order. */
export function formatProblems(problems: readonly Problem[]): string {
  const sorted = [...problems].sort(
    (a, b) =>
      (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1) ||
      a.file.localeCompare(b.file) ||
      a.line - b.line ||
      a.col - b.col,
  )
  return sorted.map((p) => `${p.file}:${p.line}:${p.col}  ${p.severity}  ${p.message}`).join('\n')
}

export function hasErrors(problems: readonly Problem[]): boolean {
  return problems.some((p) => p.severity === 'error')
}

/** Thrown when content cannot be used; carries every problem found, not only the first. */
export class ContentError extends Error {
  override readonly name = 'ContentError'
  constructor(readonly problems: readonly Problem[]) {
    super(`content has ${problems.filter((p) => p.severity === 'error').length} error(s):\n${formatProblems(problems)}`)
  }
}
