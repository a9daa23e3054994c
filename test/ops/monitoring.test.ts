/**
 * The observability pack in ops/ (docs/operations.md, "Monitoring"): the alert rules pass `promtool check rules`,
 * every PromQL expression of the Grafana dashboard is valid PromQL, and every metric that the rules and the
 * dashboard name is one the assistant exports (its own `migrasi_*` metrics and prom-client's default ones), so a
 * renamed metric cannot leave a silent panel or an alert that never fires.
 */
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { Metrics } from '../../src/ops/metrics.ts'

const OPS = path.resolve('ops')
const RULES = path.join(OPS, 'prometheus', 'alerts.yml')
const DASHBOARD = path.join(OPS, 'grafana', 'dashboards', 'migrasi-aman.json')
/** Debian's `prometheus` package; .ci/run installs it when missing. */
const PROMTOOL = ['/usr/bin/promtool', '/usr/local/bin/promtool'].find((file) => existsSync(file))

/** Series that Prometheus itself makes for every target. */
const PROMETHEUS_SERIES = new Set(['up', 'scrape_duration_seconds', 'scrape_samples_scraped'])

const KEYWORDS = new Set(['and', 'or', 'unless', 'bool', 'offset', 'by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'inf', 'nan', 'e'])

/** The metric names an expression reads (functions, label names, keywords and durations left out). */
function metricNames(expr: string): string[] {
  const bare = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""') // label values
    .replace(/\{[^}]*\}/g, '') // label matchers
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, '') // label lists
    .replace(/\[[^\]]*\]/g, '') // ranges
    .replace(/\boffset\s+\w+/g, '')
  const names = new Set<string>()
  for (const match of bare.matchAll(/(?<![\w.$])([a-zA-Z_:][a-zA-Z0-9_:]*)\b(\s*\()?/g)) {
    const [, name, call] = match
    if (call || KEYWORDS.has(name!.toLowerCase())) continue
    names.add(name!)
  }
  return [...names]
}

/** Every sample name the assistant can export: all optional gauges on, default metrics on. */
async function exportedNames(): Promise<Set<string>> {
  const metrics = new Metrics({
    inFlight: () => 0,
    contentVersion: () => 'v',
    contentStatus: () => ({ source: 'published', published: { number: 2, createdAt: '2026-12-03T00:00:00Z', by: 'test' } }),
    probe: async () => ({ ready: true, store: { ok: true, kind: 'redis', latencyMs: 0.2 } }),
    handoffWaiting: async () => ({ waiting: 0, oldestSeconds: 0 }),
  })
  const names = new Set<string>()
  for (const metric of await metrics.registry.getMetricsAsJSON()) {
    names.add(metric.name)
    if (String(metric.type) === 'histogram') for (const suffix of ['_bucket', '_sum', '_count']) names.add(`${metric.name}${suffix}`)
    if (String(metric.type) === 'summary') for (const suffix of ['_sum', '_count']) names.add(`${metric.name}${suffix}`)
  }
  return names
}

interface RuleFile {
  groups: Array<{ name: string; rules: Array<{ alert?: string; record?: string; expr: string }> }>
}

function ruleExprs(): Array<{ where: string; expr: string }> {
  const rules = parse(readFileSync(RULES, 'utf8')) as RuleFile
  return rules.groups.flatMap((group) => group.rules.map((rule) => ({ where: `alert ${rule.alert ?? rule.record}`, expr: rule.expr })))
}

interface Panel {
  title?: string
  panels?: Panel[]
  targets?: Array<{ expr?: string }>
}

function dashboardExprs(): Array<{ where: string; expr: string }> {
  const dashboard = JSON.parse(readFileSync(DASHBOARD, 'utf8')) as { panels: Panel[] }
  const found: Array<{ where: string; expr: string }> = []
  const walk = (panels: Panel[]): void => {
    for (const panel of panels) {
      for (const target of panel.targets ?? []) if (target.expr) found.push({ where: `panel "${panel.title}"`, expr: target.expr })
      walk(panel.panels ?? [])
    }
  }
  walk(dashboard.panels)
  return found
}

/** Grafana's variables as Prometheus would see them after Grafana fills them in. */
function withoutGrafanaVariables(expr: string): string {
  return expr.replace(/\$__rate_interval|\$__interval/g, '1m').replace(/\$__range/g, '1h')
}

function promtool(...args: string[]): string {
  if (!PROMTOOL) throw new Error('promtool is missing: apt-get install prometheus (Debian ships promtool in it; .ci/run does this)')
  try {
    return execFileSync(PROMTOOL, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string }
    throw new Error(`promtool ${args.join(' ')} failed:\n${failed.stdout ?? ''}${failed.stderr ?? ''}`)
  }
}

describe('observability pack (ops/)', () => {
  it('finds metric names in PromQL', () => {
    expect(metricNames('histogram_quantile(0.99, sum by (le) (rate(migrasi_message_duration_seconds_bucket[5m]))) > 1')).toEqual([
      'migrasi_message_duration_seconds_bucket',
    ])
    expect(metricNames('sum(rate(a_total{kind="x y"}[5m])) / sum(rate(b_total[5m])) and on(instance) up == 0 or vector(0)').sort()).toEqual([
      'a_total',
      'b_total',
      'up',
    ])
    expect(metricNames('sum by (channel) (increase(m_total[1d] offset 60m)) > 1e-3')).toEqual(['m_total'])
  })

  it('has alert rules that promtool accepts', () => {
    expect(promtool('check', 'rules', RULES)).toMatch(/SUCCESS: \d+ rules found/)
  })

  it('has alert rules that fire when they should and not before (promtool test rules)', () => {
    expect(promtool('test', 'rules', path.join(OPS, 'prometheus', 'alerts.test.yml'))).toContain('SUCCESS')
  })

  it('has a Prometheus config that promtool accepts', () => {
    expect(promtool('check', 'config', '--syntax-only', path.join(OPS, 'prometheus', 'prometheus.yml'))).toMatch(/SUCCESS/)
  })

  it('has a dashboard whose every expression is valid PromQL', () => {
    const exprs = dashboardExprs()
    expect(exprs.length).toBeGreaterThan(20)
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ma-dashboard-'))
    try {
      // promtool checks PromQL inside rule files: each panel query becomes a recording rule.
      const rules = exprs.map(({ expr }, i) => ({ record: `dashboard:query_${i}`, expr: withoutGrafanaVariables(expr) }))
      const file = path.join(dir, 'dashboard-rules.yml')
      writeFileSync(file, JSON.stringify({ groups: [{ name: 'dashboard', rules }] }))
      expect(promtool('check', 'rules', file)).toContain(`SUCCESS: ${rules.length} rules found`)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('names only metrics the assistant exports, in the dashboard and in the alert rules', async () => {
    const exported = await exportedNames()
    // The standard names of prom-client's default metrics, as stock Node.js dashboards expect them.
    expect(exported).toContain('process_cpu_seconds_total')
    expect(exported).toContain('nodejs_eventloop_lag_p99_seconds')
    const unknown = [...ruleExprs(), ...dashboardExprs()].flatMap(({ where, expr }) =>
      metricNames(expr)
        .filter((name) => !exported.has(name) && !PROMETHEUS_SERIES.has(name))
        .map((name) => `${where}: ${name}`),
    )
    expect(unknown).toEqual([])
    // Every group of the pack is there: messages, latency, FAQ, funnel, leads, emergencies, handoffs, errors, store.
    const used = new Set([...ruleExprs(), ...dashboardExprs()].flatMap(({ expr }) => metricNames(expr)))
    for (const name of [
      'migrasi_messages_in_total',
      'migrasi_message_duration_seconds_bucket',
      'migrasi_faq_total',
      'migrasi_flow_dropoff_total',
      'migrasi_flow_step_shown_total',
      'migrasi_leads_total',
      'migrasi_emergencies_total',
      'migrasi_handoffs_total',
      'migrasi_handoff_oldest_waiting_seconds',
      'migrasi_errors_total',
      'migrasi_store_up',
      'migrasi_store_ping_seconds',
      'migrasi_ready',
    ]) {
      expect(used).toContain(name)
    }
  })
})
