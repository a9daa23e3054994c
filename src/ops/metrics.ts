/**
 * Prometheus metrics (`GET /metrics`), fed by the gate's hooks. One registry per assistant (not prom-client's
 * global one), so tests and the benchmark can make as many as they like.
 *
 * | metric                                        | labels            | what                                              |
 * | --------------------------------------------- | ----------------- | ------------------------------------------------- |
 * | `migrasi_messages_in_total`                   | channel           | messages handed to the gate                       |
 * | `migrasi_messages_out_total`                  | channel           | reply messages handed back to channels            |
 * | `migrasi_messages_handled_total`              | channel, outcome  | ok, duplicate, rate_limited, store_unavailable, … |
 * | `migrasi_message_duration_seconds`            | channel           | histogram: gate + engine + store, per message     |
 * | `migrasi_flow_started_total`                  | flow              | a flow began                                      |
 * | `migrasi_flow_completed_total`                | flow              | a flow reached its end                            |
 * | `migrasi_flow_dropoff_total`                  | flow, step        | a flow left (stop, retries out; not a pause)      |
 * | `migrasi_flow_step_shown_total`               | flow, step        | a question shown: the funnel, step by step        |
 * | `migrasi_flow_answer_invalid_total`           | flow, step        | an answer that did not fit the question           |
 * | `migrasi_faq_total`                           | outcome           | answered, clarify (did you mean…), fallback       |
 * | `migrasi_emergencies_total`                   | category          | crisis messages answered, by content/crisis.yaml category (self_harm, violence, …; danger: "tolong") |
 * | `migrasi_events_total`                        | event             | other engine events (media, stale choice, …)      |
 * | `migrasi_leads_total` / `migrasi_reports_total` |                 | stored leads and recruiter reports                |
 * | `migrasi_errors_total`                        | kind              | error, store_unavailable, critical_failed         |
 * | `migrasi_handoffs_total`                      | event             | cases with officers: opened, claimed, closed_by_officer, closed_by_user |
 * | `migrasi_handoff_first_reply_seconds`         |                   | histogram: case opened → first officer reply      |
 * | `migrasi_messages_in_flight`                  |                   | messages being handled now                        |
 * | `migrasi_content_info`                        | version           | 1 for the content version in use                 |
 * | `migrasi_content_published_version`           |                   | published version number in use (0: files)       |
 * | `migrasi_content_refused_version`             |                   | newest published version that failed to load (0: none) |
 * | `migrasi_ready`                               |                   | 1 when /readyz says ready (read at scrape time)   |
 * | `migrasi_store_up`                            | store             | 1 when the store answered its ping at scrape time |
 * | `migrasi_store_ping_seconds`                  | store             | how long that ping took (Redis round trip)        |
 * | `migrasi_handoff_waiting`                     |                   | open cases no officer has answered yet            |
 * | `migrasi_handoff_oldest_waiting_seconds`      |                   | how long the oldest of them has waited            |
 *
 * plus prom-client's default process metrics under their standard names (`process_*`, `nodejs_*`: memory, CPU,
 * event-loop lag, GC), without the `migrasi_` prefix, so that stock Node.js dashboards work as they are.
 * Labels hold only channel names, flow and step ids and fixed words: never user data, and bounded by the content.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client'
import type { GateHooks, HandleOutcome } from '../gate/gate.ts'
import type { HandoffMetrics } from '../handoff/service.ts'
import type { ContentStatus } from '../content/reloader.ts'

const PREFIX = 'migrasi_'

export interface MetricsOptions {
  /** Process metrics (memory, CPU, event loop). Default true; tests turn them off. */
  processMetrics?: boolean
  /** Messages in flight now (the gate's `busy`). */
  inFlight?: () => number
  /** The content version in use. */
  contentVersion?: () => string
  /** The published version in use and the one refused (content publish; src/publish/follower.ts). */
  contentStatus?: () => ContentStatus
  /** Readiness and the store's ping, asked at scrape time (health.ts `readiness`). */
  probe?: () => Promise<Probe>
  /** Cases waiting for an officer's first reply, asked at most every `handoffEveryMs` (default 30 s). */
  handoffWaiting?: () => Promise<{ waiting: number; oldestSeconds: number }>
  handoffEveryMs?: number
}

/** What the readiness gauges read. */
export interface Probe {
  ready: boolean
  store: { ok: boolean; kind: string; latencyMs?: number }
}

const ERROR_OUTCOMES: ReadonlySet<HandleOutcome> = new Set(['error', 'store_unavailable', 'critical_failed'])

export class Metrics {
  readonly registry = new Registry()
  /** The gate's hooks that feed these metrics; pass them to `createRuntime({ hooks })`. */
  readonly hooks: GateHooks
  /** The handoff service's counters; pass them to `createRuntime({ handoffMetrics })`. */
  readonly handoff: HandoffMetrics

  constructor(options: MetricsOptions = {}) {
    const registers = [this.registry]
    const counter = <L extends string>(name: string, help: string, labelNames: readonly L[] = []) =>
      new Counter<L>({ name: PREFIX + name, help, labelNames, registers })

    const messagesIn = counter('messages_in_total', 'Messages handed to the gate.', ['channel'])
    const messagesOut = counter('messages_out_total', 'Reply messages handed back to channels.', ['channel'])
    const handled = counter('messages_handled_total', 'Messages by outcome.', ['channel', 'outcome'])
    const errors = counter('errors_total', 'Messages that ended in an error, a store outage or a failed critical effect.', ['kind'])
    const duration = new Histogram({
      name: `${PREFIX}message_duration_seconds`,
      help: 'Time to handle one message: gate, engine and store.',
      labelNames: ['channel'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    })
    const started = counter('flow_started_total', 'Flows begun.', ['flow'])
    const completed = counter('flow_completed_total', 'Flows completed.', ['flow'])
    const dropoff = counter('flow_dropoff_total', 'Flows left unfinished, by the step where they were left.', ['flow', 'step'])
    const shown = counter('flow_step_shown_total', 'Questions shown, by flow and step (the funnel).', ['flow', 'step'])
    const invalid = counter('flow_answer_invalid_total', 'Answers that did not fit the question.', ['flow', 'step'])
    const faq = counter('faq_total', 'FAQ questions by outcome.', ['outcome'])
    const other = counter('events_total', 'Other engine events.', ['event'])
    const emergencies = counter('emergencies_total', 'Crisis messages answered, by category (content/crisis.yaml).', ['category'])
    const leads = counter('leads_total', 'Leads stored.')
    const reports = counter('reports_total', 'Recruiter reports stored.')

    const handoffs = counter('handoffs_total', 'Cases with human officers: opened, claimed, closed_by_officer, closed_by_user.', ['event'])
    const firstReply = new Histogram({
      name: `${PREFIX}handoff_first_reply_seconds`,
      help: 'Time from a case opened to the first officer reply.',
      buckets: [30, 60, 300, 900, 1800, 3600, 7200, 14400, 43200, 86400],
      registers,
    })
    this.handoff = {
      opened: () => handoffs.inc({ event: 'opened' }),
      claimed: () => handoffs.inc({ event: 'claimed' }),
      closed: (by) => handoffs.inc({ event: by === 'user' ? 'closed_by_user' : 'closed_by_officer' }),
      firstReply: (ms) => firstReply.observe(ms / 1000),
    }

    if (options.inFlight) {
      const inFlight = options.inFlight
      new Gauge({ name: `${PREFIX}messages_in_flight`, help: 'Messages being handled now.', registers, collect() { this.set(inFlight()) } })
    }
    if (options.contentVersion) {
      const version = options.contentVersion
      new Gauge({
        name: `${PREFIX}content_info`,
        help: 'The content version in use (value 1).',
        labelNames: ['version'],
        registers,
        collect() {
          this.reset()
          this.set({ version: version() }, 1)
        },
      })
    }
    if (options.contentStatus) {
      const status = options.contentStatus
      new Gauge({
        name: `${PREFIX}content_published_version`,
        help: 'The published content version in use (0: the working files).',
        registers,
        collect() {
          this.set(status().published?.number ?? 0)
        },
      })
      new Gauge({
        name: `${PREFIX}content_refused_version`,
        help: 'The newest published content version that failed to load (0: none); the content in use stays.',
        registers,
        collect() {
          this.set(status().refused?.number ?? 0)
        },
      })
    }
    // Standard names (no prefix): Grafana's Node.js dashboards and alert rules expect `process_*` and `nodejs_*`.
    if (options.probe) {
      const probe = options.probe
      // One probe per scrape, shared by the three gauges (each one's collect asks for it).
      let current: { at: number; result: Promise<Probe> } | undefined
      const read = (): Promise<Probe> => {
        const now = Date.now()
        if (!current || now - current.at > 1_000) current = { at: now, result: probe() }
        return current.result
      }
      new Gauge({
        name: `${PREFIX}ready`,
        help: 'Readiness (/readyz): 1 ready, 0 not (store, content, channels or shutting down).',
        registers,
        async collect() {
          this.set((await read()).ready ? 1 : 0)
        },
      })
      new Gauge({
        name: `${PREFIX}store_up`,
        help: 'The store (embedded or Redis) answered its ping: 1 yes, 0 no.',
        labelNames: ['store'],
        registers,
        async collect() {
          const { store } = await read()
          this.reset()
          this.set({ store: store.kind }, store.ok ? 1 : 0)
        },
      })
      new Gauge({
        name: `${PREFIX}store_ping_seconds`,
        help: 'How long the store took to answer its ping (for Redis: one round trip).',
        labelNames: ['store'],
        registers,
        async collect() {
          const { store } = await read()
          this.reset()
          if (store.latencyMs !== undefined) this.set({ store: store.kind }, store.latencyMs / 1000)
        },
      })
    }
    if (options.handoffWaiting) {
      const ask = options.handoffWaiting
      const every = options.handoffEveryMs ?? 30_000
      let last: { at: number; value: Promise<{ waiting: number; oldestSeconds: number }> } | undefined
      const read = (): Promise<{ waiting: number; oldestSeconds: number }> => {
        const now = Date.now()
        if (!last || now - last.at >= every) {
          const value = ask().catch(() => ({ waiting: Number.NaN, oldestSeconds: Number.NaN }))
          last = { at: now, value }
        }
        return last.value
      }
      new Gauge({
        name: `${PREFIX}handoff_waiting`,
        help: 'Open cases that no officer has answered yet.',
        registers,
        async collect() {
          this.set((await read()).waiting)
        },
      })
      new Gauge({
        name: `${PREFIX}handoff_oldest_waiting_seconds`,
        help: 'How long the oldest case without an officer reply has waited (0 when none waits).',
        registers,
        async collect() {
          this.set((await read()).oldestSeconds)
        },
      })
    }
    if (options.processMetrics !== false) collectDefaultMetrics({ register: this.registry })

    this.hooks = {
      onHandled(inbound, outcome, ms, replies) {
        const channel = inbound.channel
        messagesIn.inc({ channel })
        if (replies > 0) messagesOut.inc({ channel }, replies)
        handled.inc({ channel, outcome })
        if (ERROR_OUTCOMES.has(outcome)) errors.inc({ kind: outcome })
        duration.observe({ channel }, ms / 1000)
      },
      onEvent(event) {
        const flow = event.flow ?? ''
        const step = event.step ?? ''
        switch (event.name) {
          case 'flow_started': started.inc({ flow }); break
          case 'flow_completed': completed.inc({ flow }); break
          case 'flow_abandoned': dropoff.inc({ flow, step }); break
          case 'step_shown': shown.inc({ flow, step }); break
          case 'answer_invalid': invalid.inc({ flow, step }); break
          case 'faq_answered': faq.inc({ outcome: 'answered' }); break
          case 'faq_clarify': faq.inc({ outcome: 'clarify' }); break
          case 'faq_fallback': faq.inc({ outcome: 'fallback' }); break
          case 'faq_out_of_scope': faq.inc({ outcome: 'out_of_scope' }); break
          case 'faq_distress': faq.inc({ outcome: 'distress' }); break
          case 'emergency': emergencies.inc({ category: event.detail ?? 'danger' }); break
          default: other.inc({ event: event.name })
        }
      },
      onStored(kind) {
        if (kind === 'lead') leads.inc()
        else reports.inc()
      },
    }
  }

  /** The text exposition format, and its content type, for `GET /metrics`. */
  async exposition(): Promise<{ body: string; contentType: string }> {
    return { body: await this.registry.metrics(), contentType: this.registry.contentType }
  }
}
