/**
 * The size of V8's young generation the assistant runs with: `--max-semi-space-size=64` (MB; Node's default on
 * 64-bit is 16). Almost everything a message allocates (its texts, the decoded session, the replies) dies within
 * milliseconds, but with many users at once the young generation fills before the turns in flight are done, so
 * their objects are copied to the old generation and collected there later by full collections. A larger young
 * generation lets them die young: in the benchmark (1,000 users, mixed script) about 8% less CPU per message on
 * the embedded store and 20–25% less on Redis (whose turns stay in flight longer), for up to ~130 MB more memory
 * under load (two semi-spaces of 64 MB, used only as far as needed).
 *
 * It is a start-up flag of `node` (V8 fixes the size when the heap is made): the Dockerfile and `npm start` pass
 * it; `npm run bench` / `cli bench` restart themselves with it (`relaunchWithYoungGeneration`), so that the
 * benchmark measures what production runs. Set the flag yourself (`NODE_OPTIONS=--max-semi-space-size=N`, any
 * N) to measure another size; that is then left alone.
 */
import { spawnSync } from 'node:child_process'

export const SEMI_SPACE_MB = 64
export const YOUNG_GENERATION_FLAG = `--max-semi-space-size=${SEMI_SPACE_MB}`

/** The semi-space size (MB) this process was started with, or `undefined` when V8's default applies. */
export function semiSpaceMb(execArgv: readonly string[] = process.execArgv, nodeOptions = process.env.NODE_OPTIONS ?? ''): number | undefined {
  let found: number | undefined
  for (const arg of [...nodeOptions.split(/\s+/), ...execArgv]) {
    const match = /^--max-semi-space-size=(\d+)$/.exec(arg)
    if (match) found = Number(match[1])
  }
  return found
}

/**
 * Runs this same command again in a child `node` with `YOUNG_GENERATION_FLAG` (stdio shared) and returns its exit
 * code; `undefined` (nothing done) when a semi-space size was already given.
 */
export function relaunchWithYoungGeneration(): number | undefined {
  if (semiSpaceMb() !== undefined) return undefined
  const child = spawnSync(process.execPath, [...process.execArgv, YOUNG_GENERATION_FLAG, ...process.argv.slice(1)], { stdio: 'inherit' })
  if (child.error) throw child.error
  return child.status ?? 1
}
