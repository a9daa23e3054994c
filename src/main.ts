/**
 * `npm start`: wires config → content → store → gate → channels, the only file that knows them all.
 * Starts every channel configured in the environment. With none configured and a terminal attached it
 * starts the interactive chat; without a terminal it exits 1 and says how to configure a channel.
 */
import { resolve } from 'node:path'
import { loadConfig, ConfigError } from './config.ts'
import { ContentError, formatProblems } from './content/problems.ts'
import { createRuntime, type Runtime } from './runtime.ts'
import { runInteractiveChat } from './channels/terminal.ts'
import { startTelegram } from './channels/telegram/index.ts'
import type { RunningChannel } from './channels/types.ts'
import { createHttpServer, createOpsServer } from './http/server.ts'
import { registerOfficerApi } from './handoff/api.ts'
import { startConsole } from './officer/start.ts'
import { startAdminSocket, type AdminSocket } from './officer/admin-socket.ts'
import { readiness, registerOpsRoutes, registerPublicProbes, type OpsRoutesOptions } from './ops/health.ts'
import { Metrics } from './ops/metrics.ts'
import { shutdown } from './ops/shutdown.ts'
import { chatLogger } from './ops/chat-log.ts'

const HOW_TO_CONNECT =
  'No channel configured: set TELEGRAM_BOT_TOKEN for Telegram, WHATSAPP_MODE=baileys|cloud for WhatsApp, or WEBCHAT_ALLOWED_ORIGINS for the web chat (see README, "Channels").'

async function main(): Promise<number> {
  const config = loadConfig()
  // Metrics read the runtime lazily: they are made first because the gate takes their hooks.
  let runtimeRef: Runtime | undefined
  let probesRef: OpsRoutesOptions | undefined
  const metrics = new Metrics({
    inFlight: () => runtimeRef?.gate.busy ?? 0,
    contentVersion: () => runtimeRef?.content.current.version ?? '',
    contentStatus: () => runtimeRef?.content.status ?? { source: 'files' },
    probe: async () => (probesRef ? readiness(probesRef) : { ready: false, store: { ok: false, kind: 'starting' } }),
    handoffWaiting: async () => waitingCases(runtimeRef),
  })
  // With no channel the chat runs in this terminal: logs go to a file, not into the conversation.
  const terminalChat = !config.TELEGRAM_BOT_TOKEN && config.WHATSAPP_MODE === 'off' && !config.WEBCHAT_ALLOWED_ORIGINS && !!process.stdin.isTTY
  const fileLog = terminalChat ? chatLogger(config.DATA_DIR, config.LOG_LEVEL) : undefined
  const runtime = await createRuntime(config, { watch: true, hooks: metrics.hooks, handoffMetrics: metrics.handoff, ...(fileLog ? { logger: fileLog.logger } : {}) })
  runtimeRef = runtime
  const http = createHttpServer(runtime.logger, {
    requestTimeoutMs: config.HTTP_REQUEST_TIMEOUT_MS,
    headersTimeoutMs: config.HTTP_HEADERS_TIMEOUT_MS,
    connectionTimeoutMs: config.HTTP_IDLE_TIMEOUT_MS,
    bodyLimitBytes: config.HTTP_BODY_LIMIT_BYTES,
    perIpPerMinute: config.HTTP_LIMIT_PER_IP_PER_MINUTE,
    ...(config.HTTP_TRUST_PROXY !== undefined ? { trustProxy: config.HTTP_TRUST_PROXY } : {}),
  })
  const ops = createOpsServer(runtime.logger)
  const channels: RunningChannel[] = []
  // Public listener: webhooks, /healthz and a bare /readyz. Operations listener: detailed /readyz and
  // /metrics, on 127.0.0.1 unless METRICS_HOST says otherwise (docs/operations.md).
  const probes: OpsRoutesOptions = {
    store: runtime.store,
    content: runtime.content,
    draining: () => runtime.gate.draining,
    channels: () => channels,
    metrics,
  }
  probesRef = probes
  registerPublicProbes(http, probes)
  registerOpsRoutes(ops, probes)

  // ── channels: each adds itself when configured ──────────────────────────────────────────────────
  // (Telegram, WhatsApp Baileys and WhatsApp Cloud register here.)
  if (config.TELEGRAM_BOT_TOKEN) channels.push(await startTelegram({ runtime, http }))
  // WhatsApp: one mode at a time (docs/whatsapp.md). Each module is loaded only in its mode.
  if (config.WHATSAPP_MODE === 'baileys') {
    const { startBaileys } = await import('./channels/whatsapp/baileys.ts')
    channels.push(await startBaileys({ runtime }))
  } else if (config.WHATSAPP_MODE === 'cloud') {
    const { startCloud } = await import('./channels/whatsapp/cloud.ts')
    channels.push(await startCloud({ runtime, http }))
  }
  if (config.WEBCHAT_ALLOWED_ORIGINS) {
    const { startWeb } = await import('./channels/web/index.ts')
    channels.push(await startWeb({ runtime, http }))
  }

  // Human officers (docs/handoff.md): the officer API on the shared listener, and reminders for waiting cases.
  const officerApi = config.OFFICER_API_TOKENS.length > 0
  if (officerApi) registerOfficerApi(http, runtime.handoff, config.OFFICER_API_TOKENS)
  runtime.handoff.start()
  // The officer console (docs/console.md): on when an officer account exists, or CONSOLE_ENABLED=true.
  const officerConsole = await startConsole(runtime, http)
  // Officer commands (leads export, officers add…) reach the embedded store through this process while it runs.
  let adminSocket: AdminSocket | undefined

  // Stop intake, finish messages in flight, close the listener, flush the store (src/ops/shutdown.ts).
  const stop = async (signal: string): Promise<void> => {
    const listeners = { close: () => Promise.all([http.close(), ops.close(), adminSocket?.close()]) }
    process.exit(await shutdown({ channels, gate: runtime.gate, http: listeners, runtime, logger: runtime.logger }, signal))
  }
  process.once('SIGTERM', () => void stop('SIGTERM'))
  process.once('SIGINT', () => void stop('SIGINT'))

  if (channels.length === 0 && !officerApi && !officerConsole) {
    if (!process.stdin.isTTY) {
      process.stderr.write(`${HOW_TO_CONNECT}\nWithout a terminal there is nothing to talk to; exiting.\n`)
      await runtime.close()
      return 1
    }
    process.stderr.write(`${HOW_TO_CONNECT}\nStarting the chat in this terminal instead (logs: ${fileLog?.path ?? 'stderr'}).\n`)
    await runInteractiveChat(runtime.gate, {
      input: process.stdin,
      output: process.stdout,
      banner: 'migrasi-aman: ketik pesan, atau angka pilihan. /quit untuk keluar.',
    })
    await runtime.close()
    return 0
  }
  await http.listen({ port: config.PORT, host: '0.0.0.0' })
  if (runtime.store.kind === 'embedded') adminSocket = await startAdminSocket(runtime.store, resolve(config.DATA_DIR), runtime.logger)
  try {
    await ops.listen({ port: config.METRICS_PORT, host: config.METRICS_HOST })
  } catch (error) {
    // The assistant keeps serving users; only the operations endpoints are missing.
    runtime.logger.error(
      { err: error instanceof Error ? error.message : String(error), port: config.METRICS_PORT },
      'operations listener (detailed /readyz, /metrics) not started: give each process on this host its own METRICS_PORT',
    )
  }
  runtime.logger.info({ channels: channels.map((c) => c.name), officerApi, console: !!officerConsole, port: config.PORT, opsPort: config.METRICS_PORT }, 'assistant running')
  // In a terminal with no chat channel the logs went to a file: say where the console is.
  if (fileLog && officerConsole) process.stderr.write(`Officer console: http://localhost:${config.PORT}/console (logs: ${fileLog.path})\n`)
  return new Promise<number>(() => undefined)
}

/** Open cases without an officer's first reply, and how long the oldest has waited (for the handoff alert). */
async function waitingCases(runtime: Runtime | undefined): Promise<{ waiting: number; oldestSeconds: number }> {
  if (!runtime) return { waiting: 0, oldestSeconds: 0 }
  const waiting = (await runtime.handoff.cases.list('active')).filter((found) => found.firstReplyAt === undefined)
  const oldest = Math.min(...waiting.map((found) => found.openedAt))
  return { waiting: waiting.length, oldestSeconds: waiting.length ? Math.max(0, (Date.now() - oldest) / 1000) : 0 }
}

main().then(
  (code) => {
    process.exitCode = code
  },
  (error: unknown) => {
    if (error instanceof ConfigError) process.stderr.write(`${error.message}\n`)
    else if (error instanceof ContentError) process.stderr.write(`Content has errors; fix them and start again:\n${formatProblems(error.problems)}\n`)
    else process.stderr.write(`Start-up failed: ${error instanceof Error ? error.message : String(error)}\n`)
    process.exitCode = 1
  },
)

