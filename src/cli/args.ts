/**
 * Reading officer commands' flags (`leads`, `reports`): strict flags, one-of values and dates, and the error for
 * wrong usage, whose message says what to type instead.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util'

/** Wrong usage: the command prints the message and its usage, and exits 2. */
export class UsageError extends Error {}

/** The flags' values; an unknown flag or a positional argument is a {@link UsageError}. */
export function parseFlags(args: string[], options: NonNullable<ParseArgsConfig['options']>) {
  try {
    return parseArgs({ args, options, allowPositionals: false, strict: true }).values
  } catch (error) {
    throw new UsageError((error as Error).message)
  }
}

/** `value` when it is one of `allowed`, `fallback` when it is missing; anything else is a {@link UsageError}. */
export function oneOf<T extends string>(value: unknown, allowed: readonly T[], flag: string, fallback: T): T {
  if (value === undefined) return fallback
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T
  throw new UsageError(`${flag} must be one of: ${allowed.join(', ')}`)
}

/** Whether `value` is a real calendar date written YYYY-MM-DD. */
export function isDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false
  const date = new Date(`${value}T00:00:00Z`)
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value)
}

/** The `--since` flag: undefined, or a date (else a {@link UsageError}). */
export function sinceFlag(value: unknown): string | undefined {
  if (value === undefined) return undefined
  if (typeof value !== 'string' || !isDate(value)) throw new UsageError('--since must be a date like 2025-12-01')
  return value
}

/** What an officer command writes to: results to `stdout`, messages and errors to `stderr`. */
export interface CommandIo {
  stdout: (s: string) => void
  stderr: (s: string) => void
}

/**
 * Runs `<name> <subcommand> …` with the handler of that subcommand; `help` prints `usage`. Returns the exit code:
 * the handler's, 2 for wrong usage (message and usage on stderr), 1 when the handler fails (the store, say).
 */
export async function runSubcommand<Io extends CommandIo>(
  name: string,
  usage: string,
  handlers: Readonly<Record<string, (args: string[], io: Io) => Promise<number>>>,
  args: string[],
  io: Io,
): Promise<number> {
  const [sub, ...rest] = args
  try {
    if (sub === 'help' || sub === '--help' || sub === '-h') {
      io.stdout(usage)
      return 0
    }
    const handler = sub !== undefined && Object.hasOwn(handlers, sub) ? handlers[sub] : undefined
    if (!handler) throw new UsageError(sub ? `unknown ${name} command "${sub}"` : `say what to do with the ${name}`)
    return await handler(rest, io)
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`${name}: ${error.message}\n${usage}`)
      return 2
    }
    io.stderr(`${name}: ${(error as Error).message}\n`)
    return 1
  }
}
