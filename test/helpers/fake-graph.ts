/**
 * A stand-in for Meta's Graph API on 127.0.0.1 (node:http, a free port): it records every request to
 * `/<version>/<phone-number-id>/messages` and answers like Meta does, or with a failure queued by the test
 * (`failNext(429)`, `failNext(500)`, `failNext(400, { code: 131047 })`). `waitForSends(n)` resolves on events.
 */
import { createHmac } from 'node:crypto'
import { EventEmitter } from 'node:events'
import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface GraphRequest {
  method: string
  path: string
  authorization: string | undefined
  body: Record<string, unknown>
  /** The status the fake answered. */
  status: number
}

export interface FakeGraph {
  /** The base address, for `WHATSAPP_API_ROOT`. */
  url: string
  /** Every request, failed ones included. */
  requests: GraphRequest[]
  /** The bodies of the messages accepted (answered 200), in order. */
  sends: Array<Record<string, unknown>>
  /** Answers the next request with `status` (and `Retry-After`, Meta's error `code` when given). */
  failNext(status: number, options?: { retryAfter?: string; code?: number }): void
  waitForSends(count: number): Promise<Array<Record<string, unknown>>>
  close(): Promise<void>
}

export async function startFakeGraph(): Promise<FakeGraph> {
  const requests: GraphRequest[] = []
  const sends: Array<Record<string, unknown>> = []
  const failures: Array<{ status: number; retryAfter?: string; code?: number }> = []
  const events = new EventEmitter()

  const server = createServer((req, res) => {
    void readBody(req).then((raw) => {
      let body: Record<string, unknown> = {}
      try {
        body = JSON.parse(raw) as Record<string, unknown>
      } catch {
        // Recorded as an empty body.
      }
      const failure = failures.shift()
      const status = failure?.status ?? (/^\/v[\d.]+\/[^/]+\/messages$/.test(req.url ?? '') ? 200 : 404)
      requests.push({ method: req.method ?? '', path: req.url ?? '', authorization: req.headers.authorization, body, status })
      res.setHeader('content-type', 'application/json')
      if (failure?.retryAfter) res.setHeader('retry-after', failure.retryAfter)
      if (status !== 200) {
        res.statusCode = status
        res.end(JSON.stringify({ error: { message: 'fake failure', type: 'OAuthException', code: failure?.code ?? status } }))
        return
      }
      sends.push(body)
      res.end(JSON.stringify({ messaging_product: 'whatsapp', contacts: [{ input: body.to, wa_id: body.to }], messages: [{ id: `wamid.OUT${sends.length}` }] }))
      events.emit('send')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    sends,
    failNext(status, options = {}) {
      failures.push({ status, ...options })
    },
    waitForSends(count) {
      return new Promise((resolve) => {
        const check = (): void => {
          if (sends.length < count) return
          events.off('send', check)
          resolve(sends)
        }
        events.on('send', check)
        check()
      })
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

/**
 * What Meta posts to the webhook for one text message from `waId`: the raw JSON body and its
 * `X-Hub-Signature-256` header, signed with the app secret.
 */
export function signedTextWebhook(options: { secret: string; numberId: string; waId: string; name: string; messageId: string; body: string }): { raw: string; signature: string } {
  const { secret, numberId, waId, name, messageId, body } = options
  const raw = JSON.stringify({
    object: 'whatsapp_business_account',
    entry: [{ id: 'WABA', changes: [{ field: 'messages', value: {
      messaging_product: 'whatsapp',
      metadata: { display_phone_number: '15550001111', phone_number_id: numberId },
      contacts: [{ profile: { name }, wa_id: waId }],
      messages: [{ from: waId, id: messageId, timestamp: String(Math.floor(Date.now() / 1000)), type: 'text', text: { body } }],
    } }] }],
  })
  return { raw, signature: `sha256=${createHmac('sha256', secret).update(raw).digest('hex')}` }
}
