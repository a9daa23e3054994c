/**
 * `npm run bench -- --mixed [--store embedded|redis] [--seconds N] [--profile DIR] [--json]`: only the mixed
 * script at 1,000 users (src/bench/mixed.ts), for before/after measurements.
 *
 * `npm run bench [-- --json] [-- --seconds N] [-- --quick]`: the benchmark of src/bench/scenarios.ts. Prints a
 * Markdown table (progress on stderr), or with --json one JSON object whose `results` has one entry per message
 * scenario (name, store, users, messages_per_second, p50_ms, p99_ms, …) next to the other measurements.
 * Starts its own redis-server on a free port (redis-server must be installed); takes about a minute.
 */
import type { Config } from '../config.ts'
import { formatReport } from '../bench/report.ts'
import { runMixedOnly } from '../bench/mixed.ts'
import { runBenchmark } from '../bench/scenarios.ts'
import { contentOptions } from '../runtime.ts'
import { relaunchWithYoungGeneration } from '../ops/young-generation.ts'

export async function benchCommand(args: string[], config: Config): Promise<number> {
  // Measured as production runs (Dockerfile, npm start): with the larger young generation (young-generation.ts).
  const relaunched = relaunchWithYoungGeneration()
  if (relaunched !== undefined) return relaunched
  const json = args.includes('--json')
  const quick = args.includes('--quick')
  const secondsAt = args.indexOf('--seconds')
  const seconds = secondsAt >= 0 ? Number(args[secondsAt + 1]) : 3
  if (!Number.isFinite(seconds) || seconds <= 0) {
    process.stderr.write('usage: bench [--json] [--quick] [--seconds N]  (N: seconds measured per scenario, default 3)\n')
    return 1
  }
  if (args.includes('--mixed')) return mixed(args, config, seconds, json)
  const report = await runBenchmark({
    contentOptions: contentOptions(config),
    seconds,
    quick,
    onProgress: (line) => void process.stderr.write(`bench: ${line}\n`),
  })
  process.stdout.write(json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report))
  return 0
}

async function mixed(args: string[], config: Config, seconds: number, json: boolean): Promise<number> {
  const option = (name: string): string | undefined => {
    const at = args.indexOf(name)
    return at >= 0 ? args[at + 1] : undefined
  }
  const store = option('--store')
  if (store !== undefined && store !== 'embedded' && store !== 'redis') {
    process.stderr.write('usage: bench --mixed [--store embedded|redis] [--seconds N] [--profile DIR] [--json]\n')
    return 1
  }
  const results = await runMixedOnly({
    contentOptions: contentOptions(config),
    stores: store ? [store] : ['embedded', 'redis'],
    seconds,
    ...(option('--profile') ? { profileDir: option('--profile')! } : {}),
    onProgress: (line) => void process.stderr.write(`bench: ${line}\n`),
  })
  if (json) process.stdout.write(`${JSON.stringify(results, null, 2)}\n`)
  else {
    for (const r of results) {
      process.stdout.write(
        `${r.store}: ${r.messages_per_second} msg/s, ${r.cpu_us_per_message} µs CPU/msg, mean ${r.mean_ms} ms, p99 ${r.p99_ms} ms (${r.p99_over_mean}× mean), failures ${r.failures}, load ${r.load_1m}, semi-space ${r.semi_space_mb ?? 16} MB\n`,
      )
    }
  }
  return 0
}
