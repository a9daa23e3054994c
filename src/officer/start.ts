/**
 * Whether and how the assistant serves the officer console: on when `CONSOLE_ENABLED=true`, or when it is unset and
 * at least one officer account exists in the store; off with `CONSOLE_ENABLED=false`.
 */
import type { HttpServer } from '../http/server.ts'
import type { Runtime } from '../runtime.ts'
import { OfficerAccounts } from './accounts.ts'
import { registerConsole, type ConsoleModule, type ConsoleServices } from './console.ts'
import { CONSOLE_MODULES } from './modules.ts'

export async function consoleWanted(runtime: Pick<Runtime, 'config' | 'store'>): Promise<boolean> {
  const setting = runtime.config.CONSOLE_ENABLED
  if (setting !== undefined) return setting
  return new OfficerAccounts(runtime.store).any()
}

/** Registers the console on `http` when it is wanted; resolves its services, or undefined when it is off. */
export async function startConsole(
  runtime: Pick<Runtime, 'config' | 'store' | 'content' | 'handoff' | 'logger'> & Partial<Pick<Runtime, 'versions'>>,
  http: HttpServer,
  options: { modules?: readonly ConsoleModule[]; now?: () => number } = {},
): Promise<ConsoleServices | undefined> {
  if (!(await consoleWanted(runtime))) return undefined
  const services = await registerConsole(
    http,
    {
      config: runtime.config,
      store: runtime.store,
      content: runtime.content,
      ...(runtime.versions ? { versions: runtime.versions } : {}),
      handoff: runtime.handoff,
      logger: runtime.logger,
      idleMs: runtime.config.CONSOLE_IDLE_MINUTES * 60_000,
      ...(options.now ? { now: options.now } : {}),
    },
    options.modules ?? CONSOLE_MODULES,
  )
  if (!(await services.accounts.any())) {
    runtime.logger.warn({ component: 'console' }, 'console on, but no officer account yet: create one with `npm run cli -- officers add NAME --role admin`')
  }
  return services
}
