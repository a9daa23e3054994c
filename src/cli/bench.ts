/**
 * `npm run bench [-- --json] [-- --seconds N] [-- --quick]`: the benchmark of src/bench/scenarios.ts. Prints a
 * Markdown table (progress on stderr), or with --json one JSON object whose `results` has one entry per message
 * scenario (name, store, users, messages_per_second, p50_ms, p99_ms, …) next to the other measurements.
 * Starts its own redis-server on a free port (redis-server must be installed); takes about a minute.
 */
import type { Config } from '../config.ts'
import { formatReport } from '../bench/report.ts'
import { runBenchmark } from '../bench/scenarios.ts'
import { contentOptions } from '../runtime.ts'

export async function benchCommand(args: string[], config: Config): Promise<number> {
  const json = args.includes('--json')
  const quick = args.includes('--quick')
  const secondsAt = args.indexOf('--seconds')
  const seconds = secondsAt >= 0 ? Number(args[secondsAt + 1]) : 3
  if (!Number.isFinite(seconds) || seconds <= 0) {
    process.stderr.write('usage: bench [--json] [--quick] [--seconds N]  (N: seconds measured per scenario, default 3)\n')
    return 1
  }
  const report = await runBenchmark({
    contentOptions: contentOptions(config),
    seconds,
    quick,
    onProgress: (line) => void process.stderr.write(`bench: ${line}\n`),
  })
  process.stdout.write(json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report))
  return 0
}
