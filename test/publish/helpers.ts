/**
 * For the publish tests: working copies of the repository's flows and content, the `content` CLI run as a third
 * caller, and a bounded wait on a condition (no sleeps, no timed assertions).
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import { join, resolve } from 'node:path'
import { Writable } from 'node:stream'
import { contentCommand } from '../../src/cli/content.ts'
import { loadConfig } from '../../src/config.ts'
import { ACTION_SPECS } from '../../src/engine/actions.ts'
import { createLogger } from '../../src/logger.ts'
import { createRuntime, type Runtime } from '../../src/runtime.ts'
import type { VersionStore } from '../../src/store/versions.ts'
import { sharedModelCache } from '../helpers/bundle.ts'

export const OPERATOR_FILE = 'content/texts/id/about.yaml'

/** A folder with copies of flows/ and content/ (the officer's working files) and a data folder. */
export async function workingCopy(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(os.tmpdir(), 'migrasi-publish-'))
  await cp(resolve('flows'), join(dir, 'flows'), { recursive: true })
  await cp(resolve('content'), join(dir, 'content'), { recursive: true })
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) }
}

/** Changes the `about.operator` text of the working copy to `text` (an officer's edit). */
export async function editOperatorText(dir: string, text: string): Promise<void> {
  const file = join(dir, OPERATOR_FILE)
  const before = await readFile(file, 'utf8')
  await writeFile(file, before.replace(/^ {2}operator: .*$/m, `  operator: "${text}"`))
}

/** The `about.operator` text a running instance serves. */
export function operatorText(runtime: Runtime): string | undefined {
  return runtime.content.current.texts.id.get('about.operator')
}

/** Runs `npm run cli -- content …` against the working copy, as a separate caller would. */
export async function contentCli(dir: string, open: () => Promise<VersionStore>, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = []
  const err: string[] = []
  const code = await contentCommand(args, {
    stdout: (s) => out.push(s),
    stderr: (s) => err.push(s),
    contentOptions: { flowsDir: join(dir, 'flows'), contentDir: join(dir, 'content'), actions: ACTION_SPECS, ...sharedModelCache() },
    today: '2026-12-03',
    openVersions: open,
  })
  return { code, stdout: out.join('\n'), stderr: err.join('\n') }
}

/** An assistant instance as `npm start` builds it, on the working copy, logging into `logs`. */
export async function instance(dir: string, env: Record<string, string>, pollMs: number): Promise<Runtime & { logs: string[] }> {
  const logs: string[] = []
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logs.push(...chunk.toString().split('\n').filter(Boolean))
      done()
    },
  })
  const config = loadConfig({
    FLOWS_DIR: join(dir, 'flows'),
    CONTENT_DIR: join(dir, 'content'),
    DATA_DIR: join(dir, 'data'),
    LOG_SALT: 'publish-test-salt-0123456789abcdef',
    WATCH_CONTENT: 'false',
    MODEL_CACHE_DIR: sharedModelCache().modelCacheDir ?? '',
    ...env,
  })
  const runtime = await createRuntime(config, { logger: createLogger('info', sink), contentPollMs: pollMs, rateLimit: false })
  return Object.assign(runtime, { logs })
}

/** Polls `condition` every 20 ms until it holds; fails after `limitMs` (a bound, not a measured goal). Resolves the wait in ms. */
export async function until(condition: () => boolean, what: string, limitMs = 90_000): Promise<number> {
  const started = Date.now()
  while (!condition()) {
    if (Date.now() - started > limitMs) throw new Error(`still not true after ${limitMs} ms: ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  return Date.now() - started
}
