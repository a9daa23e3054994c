/**
 * The public HTTP listener on PORT (default 8080): Telegram and WhatsApp Cloud webhooks, /healthz and a
 * bare /readyz. Built on fastify. The operations listener (detailed /readyz, /metrics) is a second one,
 * on METRICS_HOST:METRICS_PORT (127.0.0.1 by default): see `createOpsServer`.
 *
 * Nobody has to prove who they are before this listener works for them, so the work it does before a
 * webhook's signature is checked is bounded:
 * - bodies are kept as raw bytes, never parsed: a route checks the signature over those exact bytes and only
 *   then parses the JSON (`jsonBodyOf`). Only `application/json` is accepted; anything else is refused with 415;
 * - the whole request must arrive within `requestTimeoutMs` (headers within `headersTimeoutMs`), an idle
 *   connection is closed after `connectionTimeoutMs`, a body may be at most `bodyLimitBytes`: a client that
 *   sends slower than bodyLimit / requestTimeout cannot hold a connection for long;
 * - each IP may make `perIpPerMinute` requests a minute (`@fastify/rate-limit`, checked when the headers
 *   arrive, before any body is read); /healthz and /readyz are exempt, so health checks answer under load.
 */
import rateLimit from '@fastify/rate-limit'
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify'
import type { Logger } from '../logger.ts'

export type HttpServer = FastifyInstance

export interface HttpLimits {
  /** The whole request (headers and body) must arrive within this. Default 10 000 ms. */
  requestTimeoutMs: number
  /** The headers must arrive within this. Default 5 000 ms. */
  headersTimeoutMs: number
  /** A connection with nothing sent or received for this long is closed. Default 10 000 ms. */
  connectionTimeoutMs: number
  /** Largest body accepted. Default 1 MiB. */
  bodyLimitBytes: number
  /** Requests per minute from one IP address (health endpoints exempt). Default 1 200 (20 a second). */
  perIpPerMinute: number
  /**
   * Which proxies' `X-Forwarded-For` to believe, as fastify's `trustProxy` (`true`, or addresses/CIDRs
   * separated by commas): the per-IP limit then counts the client's address instead of the proxy's.
   * Default: none.
   */
  trustProxy?: boolean | string
}

export const DEFAULT_HTTP_LIMITS: HttpLimits = {
  requestTimeoutMs: 10_000,
  headersTimeoutMs: 5_000,
  connectionTimeoutMs: 10_000,
  bodyLimitBytes: 1024 * 1024,
  perIpPerMinute: 1_200,
}

/** Paths every caller may ask as often as it likes: liveness and readiness probes. */
const PROBES = new Set(['/healthz', '/readyz'])

export function createHttpServer(logger: Logger, limits: Partial<HttpLimits> = {}): HttpServer {
  const l = { ...DEFAULT_HTTP_LIMITS, ...limits }
  const app = Fastify({
    loggerInstance: logger.child({ component: 'http' }) as FastifyBaseLogger,
    // Request logs would carry webhook URLs and ids; handlers log what matters, without personal data.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: l.bodyLimitBytes,
    connectionTimeout: l.connectionTimeoutMs,
    requestTimeout: l.requestTimeoutMs,
    // Node checks request and header deadlines on this interval (30 s unless told): check often enough.
    http: {
      headersTimeout: Math.min(l.headersTimeoutMs, l.requestTimeoutMs),
      requestTimeout: l.requestTimeoutMs,
      connectionsCheckingInterval: Math.max(50, Math.min(1_000, Math.floor(l.headersTimeoutMs / 2))),
    },
    ...(l.trustProxy !== undefined ? { trustProxy: l.trustProxy } : {}),
  })
  // Raw bytes only; routes check signatures first, then parse (jsonBodyOf). No parser: 415 for other types.
  app.removeAllContentTypeParsers()
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) => done(null, body))
  // The limit runs as the first hook of every request (routes are added before the plugin has loaded, so
  // its per-route hooks would miss them); the plugin keeps the counts and answers 429 with Retry-After.
  let limit: ((request: FastifyRequest, reply: FastifyReply) => Promise<unknown>) | undefined
  void app.register(rateLimit, { global: false }).after(() => {
    limit = app.rateLimit({ max: l.perIpPerMinute, timeWindow: 60_000, allowList: (request) => PROBES.has(request.url.split('?')[0] ?? '') })
  })
  app.addHook('onRequest', async (request, reply) => {
    if (limit) await limit(request, reply)
  })
  return app as unknown as HttpServer
}

/**
 * The listener for operations: detailed /readyz and /metrics. Bound to 127.0.0.1 by default (METRICS_HOST),
 * so that store addresses and error texts never reach the public port.
 */
export function createOpsServer(logger: Logger): HttpServer {
  return Fastify({
    loggerInstance: logger.child({ component: 'ops-http' }) as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
    connectionTimeout: 10_000,
    requestTimeout: 10_000,
  }) as unknown as HttpServer
}

/** The raw bytes of a JSON request body, as received (empty when there was none). */
export function rawBodyOf(request: unknown): Buffer {
  const body = (request as { body?: unknown }).body
  return Buffer.isBuffer(body) ? body : Buffer.alloc(0)
}

/** An HTTP error with the status fastify answers. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
  ) {
    super(message)
  }
}

/**
 * The request body parsed as JSON; call it only after the signature over `rawBodyOf` was checked. Throws an
 * `HttpError` 400 for a body that is not JSON.
 */
export function jsonBodyOf(request: unknown): unknown {
  const raw = rawBodyOf(request)
  if (raw.length === 0) return {}
  try {
    return JSON.parse(raw.toString('utf8')) as unknown
  } catch {
    throw new HttpError(400, 'request body is not valid JSON')
  }
}
