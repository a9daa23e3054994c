/**
 * The one HTTP listener on PORT (default 8080). Telegram and WhatsApp Cloud webhooks and the operations
 * endpoints (/healthz, /readyz, /metrics) register their routes on it. Built on fastify: a well-kept,
 * fast server with a pino logger and per-route raw-body parsing (webhook signatures are computed over the
 * exact bytes received).
 */
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify'
import type { Logger } from '../logger.ts'

export type HttpServer = FastifyInstance

export function createHttpServer(logger: Logger): HttpServer {
  const app = Fastify({
    loggerInstance: logger.child({ component: 'http' }) as FastifyBaseLogger,
    // Request logs would carry webhook URLs and ids; handlers log what matters, without personal data.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 1024 * 1024,
    // Webhooks must answer within seconds; keep slow clients from holding connections.
    connectionTimeout: 30_000,
  })
  // Keep the raw body of JSON requests for signature checks (req.rawBody), and parse it.
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    ;(request as unknown as { rawBody: Buffer }).rawBody = body as Buffer
    if ((body as Buffer).length === 0) return done(null, {})
    try {
      done(null, JSON.parse((body as Buffer).toString('utf8')))
    } catch {
      const error = new Error('request body is not valid JSON') as Error & { statusCode: number }
      error.statusCode = 400
      done(error, undefined)
    }
  })
  return app as unknown as HttpServer
}

/** The raw bytes of a JSON request body, as received. */
export function rawBodyOf(request: unknown): Buffer {
  return (request as { rawBody?: Buffer }).rawBody ?? Buffer.alloc(0)
}
