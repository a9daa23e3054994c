/**
 * Graceful shutdown on SIGTERM / SIGINT, in this order:
 *  1. stop intake: every channel stops taking messages (polling ends, sockets close), and /readyz turns 503;
 *  2. finish the messages in flight (the gate drains; a message that still arrives is answered "busy");
 *  3. close the HTTP listener;
 *  4. close the runtime: content watchers, and the store (the embedded store saves its sessions; Redis quits).
 * A step that fails is logged and the next one still runs. When it all takes longer than `timeoutMs` the
 * process exits anyway with code 1 (orchestrators kill after their own grace period, 30 s in compose.yaml).
 */
import type { RunningChannel } from '../channels/types.ts'
import type { Logger } from '../logger.ts'

export interface ShutdownParts {
  channels: readonly RunningChannel[]
  gate: { drain(): Promise<void>; readonly busy: number }
  http?: { close(): Promise<unknown> }
  runtime: { close(): Promise<void> }
  logger: Logger
  /** Default 25 000 ms. */
  timeoutMs?: number
}

/** Runs the shutdown steps; resolves with the exit code (0 when every step finished in time). */
export async function shutdown(parts: ShutdownParts, reason: string): Promise<number> {
  const { logger } = parts
  const timeoutMs = parts.timeoutMs ?? 25_000
  logger.info({ reason, inFlight: parts.gate.busy }, 'shutting down: stopping intake, finishing messages in flight')
  let failed = false
  const step = async (name: string, work: () => Promise<unknown>): Promise<void> => {
    try {
      await work()
    } catch (error) {
      failed = true
      logger.error({ step: name, err: error instanceof Error ? error : String(error) }, 'shutdown step failed; going on')
    }
  }
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), timeoutMs)
    timer.unref()
  })
  const steps = (async (): Promise<'done'> => {
    await step('stop channels', () => Promise.all(parts.channels.map((c) => c.stop())))
    await step('finish messages in flight', () => parts.gate.drain())
    if (parts.http) await step('close the HTTP listener', () => parts.http!.close())
    await step('close content and store', () => parts.runtime.close())
    return 'done'
  })()
  const outcome = await Promise.race([steps, late])
  clearTimeout(timer)
  if (outcome === 'late') {
    logger.error({ timeoutMs, inFlight: parts.gate.busy }, 'shutdown took too long; exiting anyway')
    return 1
  }
  logger.info('shut down cleanly')
  return failed ? 1 : 0
}
