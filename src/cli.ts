/**
 * The command-line face of the assistant, for officers and operators:
 *
 *   npm run chat                                  interactive chat in the terminal
 *   npm run -s chat -- --json                     JSON-lines chat for scripts and tests
 *   npm run validate                              check flows, content and conversation transcripts
 *   npm run cli -- agencies import FILE.csv [--as-of YYYY-MM-DD]
 *   npm run -s cli -- agencies check "QUERY" [--json]
 *   npm run -s cli -- leads export [--format csv|json] [--since YYYY-MM-DD]
 *   npm run cli -- leads stats | leads delete --user ID
 *   npm run -s cli -- reports export [--format csv|json] [--since YYYY-MM-DD]
 *   npm run cli -- questions unanswered [--limit N]
 *   npm run cli -- questions clear [--before YYYY-MM-DD]
 *   npm run cli -- content stale [--today YYYY-MM-DD] | content show ID
 *   npm run cli -- content publish [--by NAME] [--note TEXT] | content versions | content rollback N
 *   npm run cli -- backup create FILE | backup restore FILE [--force]
 *   npm run cli -- officers add NAME --role admin|officer|viewer | officers list | officers remove NAME
 *   npm run eval                                  FAQ search quality on the labelled set
 *   npm run bench [-- --json]                     speed and memory benchmark
 */
import { resolve } from 'node:path'
import { loadConfig, ConfigError, type Config } from './config.ts'
import { loadBundle } from './content/load.ts'
import { formatProblems, hasErrors, ContentError } from './content/problems.ts'
import { contentOptions, createRuntime, storeConfig } from './runtime.ts'
import { runInteractiveChat, runJsonChat } from './channels/terminal.ts'
import { runTranscriptFile, transcriptFiles } from './testing/transcripts.ts'
import { createStore, DataDirInUseError, openVersionStore, redisTopology, type Store } from './store/index.ts'
import { remoteStoreFor } from './officer/admin-socket.ts'
import { createLogger } from './logger.ts'
import { todayWib } from './engine/actions.ts'
import { chatLogger } from './ops/chat-log.ts'

const HELP = `migrasi-aman: commands
  chat [--json]                         talk to the assistant in this terminal
  validate                              check flows/ and content/ and run test/conversations/
  agencies import FILE.csv [--as-of D]  import the licensed P3MI registry
  agencies check "QUERY" [--json]       check a company name or licence number
  leads export [--format csv|json] [--since YYYY-MM-DD]
  leads stats                           counts by interest, destination and province
  leads delete --user ID                delete a user's leads, reports and session
  reports export [--format csv|json] [--since YYYY-MM-DD]
                                        recruiter reports (officers only; never shown to users)
  questions unanswered [--limit N]      questions the assistant could not answer, most frequent first
  questions clear [--before YYYY-MM-DD] delete them (all, or those last asked before the date)
  content stale [--today YYYY-MM-DD]    FAQ entries due for review, oldest first
  content show ID                       one FAQ entry as users see it, and its officer-only evidence
  content publish [--by N] [--note T]   validate flows/ and content/ and publish them to every instance
  content versions [--json]             published versions: number, when, who, what changed (* active)
  content rollback N [--by NAME]        make version N's content active again (as a new version)
  backup create FILE | backup restore FILE [--force]
                                        embedded store: back up / restore DATA_DIR (Redis: docs/operations.md)
  officers add NAME --role ROLE         a console account (admin, officer or viewer); password from stdin
  officers list | officers remove NAME | officers password NAME
  eval [--json]                         FAQ search quality
  bench [--json]                        benchmark`

const out = (s: string): void => void process.stdout.write(s.endsWith('\n') ? s : `${s}\n`)
const err = (s: string): void => void process.stderr.write(s.endsWith('\n') ? s : `${s}\n`)

export async function runCli(argv: string[]): Promise<number> {
  const [command, ...args] = argv
  let config: Config
  try {
    config = loadConfig()
  } catch (error) {
    if (error instanceof ConfigError) {
      err(error.message)
      return 1
    }
    throw error
  }
  switch (command) {
    case 'chat':
      return chat(config, args.includes('--json'))
    case 'validate':
      return validate(config)
    case 'agencies': {
      const { agenciesCommand } = await import('./cli/agencies.ts')
      const { flowsDir, contentDir, actions, modelCacheDir } = contentOptions(config)
      return agenciesCommand(args, {
        stdout: out,
        stderr: err,
        flowsDir,
        contentDir,
        actions,
        modelCacheDir,
        openVersions: () => openVersionStore(storeConfig(config)),
        today: todayWib(Date.now()),
      })
    }
    case 'leads': {
      const store = await openStore(config)
      try {
        const { leadsCommand } = await import('./cli/leads.ts')
        return await leadsCommand(args, { stdout: out, stderr: err, store })
      } finally {
        await store.close()
      }
    }
    case 'reports': {
      const { reportsCommand } = await import('./cli/reports.ts')
      const store = await openStore(config)
      try {
        return await reportsCommand(args, { stdout: out, stderr: err, store })
      } finally {
        await store.close()
      }
    }
    case 'questions':
      return questions(config, args)
    case 'backup': {
      const { backupCommand } = await import('./cli/backup.ts')
      const stored = storeConfig(config)
      const topology = redisTopology(stored)
      return backupCommand(args, { stdout: out, stderr: err, target: topology ? { kind: 'redis', topology } : { kind: 'embedded', dataDir: stored.dataDir } })
    }
    case 'officers': {
      const { officersCommand } = await import('./cli/officers.ts')
      const { readPassword } = await import('./cli/password-input.ts')
      const { userInfo } = await import('node:os')
      const store = await openStore(config)
      try {
        return await officersCommand(args, { stdout: out, stderr: err, store, readPassword: (prompt) => readPassword(prompt), actor: `cli:${safeUser(userInfo)}`, now: Date.now })
      } finally {
        await store.close()
      }
    }
    case 'content': {
      const { contentCommand } = await import('./cli/content.ts')
      return contentCommand(args, {
        stdout: out,
        stderr: err,
        contentOptions: contentOptions(config),
        today: todayWib(Date.now()),
        openVersions: () => openVersionStore(storeConfig(config)),
      })
    }
    case 'eval': {
      const { evalCommand } = await import('./cli/eval.ts')
      return evalCommand(args, config)
    }
    case 'bench': {
      const { benchCommand } = await import('./cli/bench.ts')
      return benchCommand(args, config)
    }
    case undefined:
    case 'help':
    case '--help':
      out(HELP)
      return command === undefined ? 1 : 0
    default:
      err(`unknown command "${command}"\n\n${HELP}`)
      return 1
  }
}

async function chat(config: Config, json: boolean): Promise<number> {
  // A person chatting here reads the terminal: logs go to DATA_DIR/assistant.log (the JSON chat keeps stderr).
  const runtime = await createRuntime(config, { watch: !json, rateLimit: false, ...(json ? {} : { logger: chatLogger(config.DATA_DIR, config.LOG_LEVEL).logger }) })
  try {
    if (json) await runJsonChat(runtime.gate, { input: process.stdin, output: process.stdout })
    else await runInteractiveChat(runtime.gate, { input: process.stdin, output: process.stdout, banner: 'migrasi-aman: ketik pesan, atau angka pilihan. /quit untuk keluar.' })
    return 0
  } finally {
    await runtime.close()
  }
}

async function validate(config: Config): Promise<number> {
  const { bundle, problems } = loadBundle(contentOptions(config))
  const all = [...problems]
  let transcripts = 0
  if (bundle) {
    for (const file of transcriptFiles(resolve('test/conversations'))) {
      const result = await runTranscriptFile(file, bundle)
      transcripts++
      all.push(...result.problems)
    }
  }
  if (all.length > 0) out(formatProblems(all))
  const errors = all.filter((p) => p.severity === 'error').length
  const warnings = all.length - errors
  const summary = bundle
    ? `${bundle.flows.size} flows, ${bundle.faq.entries.length} FAQ entries, ${transcripts} conversation transcripts`
    : 'content not loaded'
  out(`${errors === 0 ? 'OK' : 'FAILED'}: ${summary}; ${errors} error(s), ${warnings} warning(s)`)
  return hasErrors(all) ? 1 : 0
}

async function questions(config: Config, args: string[]): Promise<number> {
  const { questionsCommand } = await import('./cli/questions.ts')
  const store = await openStore(config)
  try {
    return await questionsCommand(args, { stdout: out, stderr: err, store, logger: createLogger(config.LOG_LEVEL) })
  } finally {
    await store.close()
  }
}

/**
 * The store for an officer command: the configured one; when the embedded store's folder is held by a running
 * assistant, that assistant's store through its local admin socket (src/officer/admin-socket.ts).
 */
async function openStore(config: Config): Promise<Store> {
  try {
    return await createStore(storeConfig(config))
  } catch (error) {
    if (!(error instanceof DataDirInUseError)) throw error
    const remote = remoteStoreFor(resolve(config.DATA_DIR))
    if (!remote) throw error
    await remote.ping()
    err('(the assistant is running: working through it)')
    return remote
  }
}

function safeUser(userInfo: () => { username: string }): string {
  try {
    return userInfo().username.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 32) || 'unknown'
  } catch {
    return 'unknown'
  }
}

const isMain = process.argv[1] && resolve(process.argv[1]).endsWith('cli.ts')
if (isMain) {
  runCli(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code
    },
    (error: unknown) => {
      if (error instanceof ContentError) err(`Content has errors; fix them and try again:\n${formatProblems(error.problems)}`)
      else err(`Error: ${error instanceof Error ? error.message : String(error)}`)
      process.exitCode = 1
    },
  )
}
