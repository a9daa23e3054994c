/**
 * The benchmark's human table (Markdown, so that it can be pasted into docs/operations.md as it is) and the goals
 * it is held to.
 */
import type { BenchReport, ScenarioResult } from './scenarios.ts'

/**
 * The goals the benchmark is held to: throughput of the realistic mixed script at 1,000 concurrent users per store
 * (issue 17: ≥ 25,000 messages/s embedded, ≥ 15,000 on Redis, one process), a closed loop whose p99 stays within
 * 3× its mean (no user waits far longer than the others, e.g. behind a queue of fsyncs), p99 at 1,000 users at a
 * human pace, routing and content load time. Each says the load average it was measured at: on a shared machine
 * (load above the core count) the numbers are lower than the code's.
 */
export function goals(report: BenchReport): Array<{ goal: string; measured: string; met: boolean }> {
  const closedMixed = (store: 'embedded' | 'redis'): ScenarioResult[] =>
    report.results.filter((r) => r.store === store && r.mode === 'closed' && r.script === 'mixed' && r.users === 1_000)
  const throughput = (store: 'embedded' | 'redis', target: number) =>
    closedMixed(store).map((r) => ({
      goal: `≥ ${fmt(target)} messages/s, mixed script, 1,000 users, ${store} store, one process${workersLabel(r)}`,
      measured: `${fmt(r.messages_per_second)} (load average ${r.load_1m})`,
      met: r.messages_per_second >= target,
    }))
  const tail = report.results
    .filter((r) => r.mode === 'closed' && r.users === 1_000)
    .map((r) => ({
      goal: `closed loop p99 ≤ 3× the mean, ${r.script}, 1,000 users, ${r.store}${workersLabel(r)}`,
      measured: `p99 ${r.p99_ms} ms, mean ${r.mean_ms} ms (${round1(r.p99_ms / Math.max(r.mean_ms, 1e-9))}×; load average ${r.load_1m})`,
      met: r.p99_ms <= 3 * r.mean_ms,
    }))
  return [
    ...throughput('embedded', 25_000),
    ...throughput('redis', 15_000),
    ...tail,
    ...report.results
      .filter((r) => r.mode === 'paced' && r.users === 1_000)
      .map((r) => ({ goal: `p99 < 10 ms at 1,000 concurrent users, ${r.store} (${fmt(r.messages_per_second)} messages/s)`, measured: `${r.p99_ms} ms (load average ${r.load_1m})`, met: r.p99_ms < 10 })),
    { goal: 'routing < 1 ms per message, also at 1,000 characters', measured: `${report.routing.per_message_us} µs, ${report.routing.long_message_us} µs`, met: Math.max(report.routing.per_message_us, report.routing.long_message_us) < 1_000 },
    { goal: 'content loads (with FAQ training) in < 2 s', measured: `${report.content_load.cold_ms} ms (load average ${report.machine.load_before})`, met: report.content_load.cold_ms < 2_000 },
    {
      goal: 'content loads in < 2 s with the trained weights in DATA_DIR/model-cache (restart, unchanged content)',
      measured: `${report.content_load.median_ms} ms median of ${report.content_load.runs}`,
      met: report.content_load.median_ms < 2_000,
    },
    ...embeddedScaleGoals(report.embedded_scale),
    ...report.dashboard.results
      .filter((r) => r.range_days === report.dashboard.days)
      .map((r) => ({
        goal: `officer dashboard loads in < 1 s with ${fmt(report.dashboard.leads)} leads and ${fmt(report.dashboard.messages)} messages of counters (${r.store}, ${r.range_days} days)`,
        measured: `${r.median_ms} ms median, ${r.max_ms} ms worst`,
        met: r.max_ms < 1_000,
      })),
  ]
}

function embeddedScaleGoals(s: BenchReport['embedded_scale']): Array<{ goal: string; measured: string; met: boolean }> {
  const at = `embedded store, ${fmt(s.users)} users`
  const stall = Math.max(s.turns.max_stall_ms, s.deletions.max_stall_ms)
  const cpu = Math.max(s.turns.max_cpu_stall_ms, s.deletions.max_cpu_stall_ms)
  return [
    {
      goal: `no event-loop stall over 50 ms (${at}: turns, ticks, deletions, rewrites)`,
      measured: `${stall} ms wall clock, ${cpu} ms of CPU between two 1 ms ticks (load average ${s.load_average})`,
      met: stall <= 50,
    },
    { goal: `reopen in < 1 s (${at})`, measured: `${fmt(s.reopen_ms)} ms`, met: s.reopen_ms < 1_000 },
  ]
}

export function formatReport(report: BenchReport): string {
  const m = report.machine
  const lines = [
    `Machine: ${m.cpu}, ${m.cores} cores, ${m.memory_gib} GiB; ${m.platform}; Node ${m.node}; Redis ${m.redis} (same machine, AOF everysec); V8 semi-space ${m.semi_space_mb ?? 16} MB.`,
    `Load average before/after: ${m.load_before} / ${m.load_after}. Run took ${report.duration_s} s, ${report.started_at}.`,
    '',
    '| scenario | store | users | messages/s | CPU µs/message | mean ms | p50 ms | p99 ms | max ms | failures | loop delay p99 ms | load 1m |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...report.results.map(
      (r) =>
        `| ${r.mode === 'paced' ? `paced ${fmt(r.messages_per_second)}/s` : 'as fast as replies come'}, ${r.script} | ${r.store} | ${fmt(r.users)} | ${fmt(r.messages_per_second)} | ${fmt(r.cpu_us_per_message)} | ${r.mean_ms} | ${r.p50_ms} | ${r.p99_ms} | ${r.max_ms} | ${r.failures} | ${r.loop_delay_p99_ms ?? 'n/a'} | ${r.load_1m} |`,
    ),
    '',
    '| other measurement | result |',
    '| --- | --- |',
    `| FAQ search | ${report.faq_search.per_query_us} µs per query (${report.faq_search.queries} questions, ${fmt(report.faq_search.calls)} calls); ${report.faq_search.long_message_us} µs for a 1,000-character message |`,
    `| routing (intents, entities) | ${report.routing.per_message_us} µs per message (${report.routing.messages} examples); ${report.routing.long_message_us} µs for 1,000 characters |`,
    `| agency lookup | ${report.agency_lookup.per_query_us} µs per query in ${fmt(report.agency_lookup.rows)} rows (index built in ${report.agency_lookup.build_ms} ms) |`,
    `| hostile message (1,000 chars) | worst ${fmt(report.hostile_input.worst_us)} µs ("${report.hostile_input.worst_input}" at ${report.hostile_input.worst_step}; a normal answer there ${fmt(report.hostile_input.normal_us)} µs); largest ratio over ${report.hostile_input.steps} ask steps ${report.hostile_input.ratio}× |`,
    `| content load | cold (training) ${report.content_load.cold_ms} ms, of which FAQ matcher with training ${report.content_load.faq_training_ms} ms; warm (trained weights read from DATA_DIR/model-cache) ${report.content_load.median_ms} ms median of ${report.content_load.runs} (max ${report.content_load.max_ms} ms) |`,
    `| embedded store, ${fmt(report.embedded_scale.users)} users (${fmt(report.embedded_scale.leads)} leads; sessions file ${report.embedded_scale.sessions_file_mb} MB) | turns: ${fmt(report.embedded_scale.turns.per_second)}/s, largest stall ${report.embedded_scale.turns.max_stall_ms} ms (CPU ${report.embedded_scale.turns.max_cpu_stall_ms} ms); "hapus data saya": ${fmt(report.embedded_scale.deletions.mean_ms)} ms mean for the user (files rewritten in the background, ${fmt(report.embedded_scale.deletions.turns_meanwhile)} other turns served meanwhile), largest stall ${report.embedded_scale.deletions.max_stall_ms} ms (CPU ${report.embedded_scale.deletions.max_cpu_stall_ms} ms); close ${fmt(report.embedded_scale.close_ms)} ms; reopen in a fresh process ${fmt(report.embedded_scale.reopen_ms)} ms, RSS ${report.embedded_scale.rss_mb_after_reopen} MB (heap ${report.embedded_scale.heap_mb_after_reopen} MB); load average ${report.embedded_scale.load_average} |`,
    `| session in Redis | ${fmt(report.session_memory.session_key_bytes)} B session key, ${fmt(report.session_memory.per_user_bytes)} B all of a user's keys, ${fmt(report.session_memory.used_memory_per_user_bytes)} B used_memory growth per user (${fmt(report.session_memory.users)} users mid-flow) |`,
    `| web chat | ${fmt(report.web_chat.connections)} open WebSockets, a message every ${report.web_chat.interval_ms / 1_000} s each: reply p50 ${report.web_chat.p50_ms} ms, p99 ${report.web_chat.p99_ms} ms (${fmt(report.web_chat.messages)} messages, ${report.web_chat.failures} unanswered); ${fmt(report.web_chat.heap_per_connection_bytes)} B heap and ${fmt(report.web_chat.rss_per_connection_bytes)} B RSS per connection (pages and server in one process) |`,
    `| officer dashboard query (${fmt(report.dashboard.leads)} leads, ${fmt(report.dashboard.messages)} messages over ${report.dashboard.days} days, ${fmt(report.dashboard.fields)} counters) | ${report.dashboard.results.map((r) => `${r.store}, ${r.range_days} days: ${r.median_ms} ms median, ${r.max_ms} ms worst (${r.json_kb} kB JSON)`).join('; ')} |`,
    '',
    '| goal | measured | met |',
    '| --- | --- | --- |',
    ...goals(report).map((g) => `| ${g.goal} | ${g.measured} | ${g.met ? 'yes' : 'no'} |`),
  ]
  return `${lines.join('\n')}\n`
}

function round1(n: number): number {
  return Math.round(n * 10) / 10
}

function fmt(n: number): string {
  return n.toLocaleString('en-US')
}

/** ", 2 engine workers" for a row measured with ENGINE_WORKERS (none for the engine in the main thread). */
function workersLabel(r: ScenarioResult): string {
  return r.engine_workers ? `, ${r.engine_workers} engine workers` : ''
}
