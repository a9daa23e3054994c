/**
 * `npm run cli -- officers …`: accounts of the officer console (docs/console.md).
 *
 *   officers add NAME --role admin|officer|viewer   password from standard input (asked twice on a terminal)
 *   officers list
 *   officers remove NAME
 *   officers password NAME                          a new password, read the same way
 *
 * Every change is written to the officers' audit log (`via: cli`). Returns the exit code: 0 done, 1 failed
 * (a name that exists, a short password, the store), 2 wrong usage.
 */
import { AccountError, OfficerAccounts } from '../officer/accounts.ts'
import { OfficerAudit } from '../officer/audit.ts'
import { ConsoleSessions } from '../officer/sessions.ts'
import { ROLES, type Role } from '../officer/roles.ts'
import type { Store } from '../store/types.ts'
import { oneOf, parseFlags, runSubcommand, UsageError, type CommandIo } from './args.ts'

export interface OfficersIo extends CommandIo {
  store: Store
  /** Reads the password: the first line of standard input, or asked (hidden) on a terminal. */
  readPassword(prompt: string): Promise<string>
  /** Who runs the command, for the audit log (the operating-system user). */
  actor: string
  now(): number
}

export const OFFICERS_USAGE = `usage:
  officers add NAME --role admin|officer|viewer
      creates a console account. The password (at least 10 characters) is read from standard input when it is not
      a terminal (printf '%s\\n' "$PASSWORD" | npm run -s cli -- officers add rina --role officer), else asked twice.
  officers list
      the accounts, their roles and when they were made.
  officers remove NAME
      deletes the account; its open console sessions end.
  officers password NAME
      sets a new password (read the same way); its open console sessions end.
`

function nameOf(rest: string[]): { name: string; flags: string[] } {
  const [name, ...flags] = rest
  if (!name || name.startsWith('-')) throw new UsageError('say which officer, e.g. officers add rina --role officer')
  return { name: name.toLowerCase(), flags }
}

async function add(args: string[], io: OfficersIo): Promise<number> {
  const { name, flags } = nameOf(args)
  const values = parseFlags(flags, { role: { type: 'string' } })
  if (values.role === undefined) throw new UsageError(`--role is required: one of ${ROLES.join(', ')}`)
  const role: Role = oneOf(values.role, ROLES, '--role', 'viewer')
  const password = await io.readPassword(`Password for ${name}: `)
  try {
    await new OfficerAccounts(io.store).add(name, role, password, io.actor, io.now())
  } catch (error) {
    if (error instanceof AccountError) {
      io.stderr(`officers: ${error.message}\n`)
      return 1
    }
    throw error
  }
  await new OfficerAudit(io.store).write({ officer: io.actor, action: 'officer_add', target: name, detail: role, via: 'cli' }, io.now())
  io.stdout(`officer ${name} (${role}) created; log in at /console/login\n`)
  return 0
}

async function list(args: string[], io: OfficersIo): Promise<number> {
  parseFlags(args, {})
  const accounts = await new OfficerAccounts(io.store).list()
  if (accounts.length === 0) io.stdout('no officer accounts yet: officers add NAME --role admin\n')
  for (const a of accounts) io.stdout(`${a.username}\t${a.role}\tcreated ${a.createdAt} by ${a.createdBy}\n`)
  return 0
}

async function remove(args: string[], io: OfficersIo): Promise<number> {
  const { name, flags } = nameOf(args)
  parseFlags(flags, {})
  if (!(await new OfficerAccounts(io.store).remove(name))) {
    io.stderr(`officers: no officer "${name}" (see: officers list)\n`)
    return 1
  }
  await new ConsoleSessions(io.store, { idleMs: 0 }).destroyAllOf(name)
  await new OfficerAudit(io.store).write({ officer: io.actor, action: 'officer_remove', target: name, via: 'cli' }, io.now())
  io.stdout(`officer ${name} removed\n`)
  return 0
}

async function password(args: string[], io: OfficersIo): Promise<number> {
  const { name, flags } = nameOf(args)
  parseFlags(flags, {})
  const accounts = new OfficerAccounts(io.store)
  if (!(await accounts.get(name))) {
    io.stderr(`officers: no officer "${name}" (see: officers list)\n`)
    return 1
  }
  try {
    await accounts.setPassword(name, await io.readPassword(`New password for ${name}: `))
  } catch (error) {
    if (error instanceof AccountError) {
      io.stderr(`officers: ${error.message}\n`)
      return 1
    }
    throw error
  }
  await new ConsoleSessions(io.store, { idleMs: 0 }).destroyAllOf(name)
  await new OfficerAudit(io.store).write({ officer: io.actor, action: 'officer_password', target: name, via: 'cli' }, io.now())
  io.stdout(`password of ${name} changed\n`)
  return 0
}

export function officersCommand(args: string[], io: OfficersIo): Promise<number> {
  return runSubcommand('officers', OFFICERS_USAGE, { add, list, remove, password }, args, io)
}
