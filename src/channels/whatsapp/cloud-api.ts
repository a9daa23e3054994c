/**
 * A small client for the one Graph API call the assistant makes: `POST /<version>/<phone-number-id>/messages`.
 *
 * Written on `fetch` rather than with `whatsapp-api-js`: the assistant needs one endpoint and three body
 * shapes (text, reply buttons, list; built and limit-checked in `cloud-render.ts`), while it does need what
 * that library leaves to the caller: retries with backoff on 429 and 5xx (honouring `Retry-After`), a base
 * address that a local server can stand in for (`WHATSAPP_API_ROOT`), and an injectable `fetch` and wait for
 * tests. Its webhook helper also reads only the first entry and message of a payload. So: no dependency.
 *
 * Errors: 429, 5xx, network failures and Meta's throttling codes are retried (4 tries by default); anything
 * else rejects at once with a `GraphApiError` carrying the status and Meta's error code. The access token is
 * sent in the `Authorization` header only and never appears in errors or logs.
 */
import { backoffDelay, realWait, type Wait } from './backoff.ts'
import type { CloudContent } from './cloud-render.ts'
import type { CloudAddress } from './cloud-webhook.ts'

export interface GraphClientOptions {
  /** e.g. `https://graph.facebook.com` (default in config), or a local stand-in. */
  apiRoot: string
  /** e.g. `v21.0`. */
  apiVersion: string
  phoneNumberId: string
  accessToken: string
  fetch?: typeof fetch
  wait?: Wait
  random?: () => number
  /** Tries per message, the first included. Default 4. */
  maxAttempts?: number
  /** Per request. Default 15 s. */
  timeoutMs?: number
  /** Called before each retry (for logs and metrics). */
  onRetry?: (info: { status: number | undefined; code: number | undefined; attempt: number; delayMs: number }) => void
}

/** Meta error codes that mean "too many messages, slow down" (they may come with a 400). */
const THROTTLED = new Set([4, 80007, 130429, 131048, 131056])

/** Meta error codes that mean "the 24-hour window is closed": only a template could be sent. */
export const OUTSIDE_WINDOW_CODES = new Set([131047])

export class GraphApiError extends Error {
  override readonly name = 'GraphApiError'
  constructor(
    message: string,
    readonly status: number | undefined,
    readonly code: number | undefined,
    readonly retryable: boolean,
  ) {
    super(message)
  }
}

export class GraphClient {
  readonly #url: string
  readonly #options: GraphClientOptions
  readonly #fetch: typeof fetch
  readonly #wait: Wait

  constructor(options: GraphClientOptions) {
    this.#options = options
    this.#url = `${options.apiRoot.replace(/\/+$/, '')}/${options.apiVersion}/${encodeURIComponent(options.phoneNumberId)}/messages`
    this.#fetch = options.fetch ?? globalThis.fetch
    this.#wait = options.wait ?? realWait
  }

  /** Sends one message; resolves with its id (`wamid…`). */
  async send(address: CloudAddress, content: CloudContent, signal?: AbortSignal): Promise<string | undefined> {
    const body = JSON.stringify({ messaging_product: 'whatsapp', recipient_type: 'individual', ...address, ...content })
    const maxAttempts = this.#options.maxAttempts ?? 4
    for (let attempt = 1; ; attempt++) {
      let error: GraphApiError
      let retryAfterMs: number | undefined
      try {
        const response = await this.#fetch(this.#url, {
          method: 'POST',
          headers: { authorization: `Bearer ${this.#options.accessToken}`, 'content-type': 'application/json' },
          body,
          signal: AbortSignal.timeout(this.#options.timeoutMs ?? 15_000),
        })
        const json = (await response.json().catch(() => undefined)) as GraphResponse | undefined
        if (response.ok) return json?.messages?.[0]?.id
        const code = json?.error?.code
        const retryable = response.status === 429 || response.status >= 500 || (code !== undefined && THROTTLED.has(code))
        error = new GraphApiError(
          `Graph API answered ${response.status}${code !== undefined ? ` (code ${code})` : ''}: ${json?.error?.message ?? response.statusText}`,
          response.status,
          code,
          retryable,
        )
        retryAfterMs = retryAfter(response.headers.get('retry-after'))
      } catch (cause) {
        error = new GraphApiError(`Graph API unreachable: ${cause instanceof Error ? cause.message : String(cause)}`, undefined, undefined, true)
      }
      if (!error.retryable || attempt >= maxAttempts || signal?.aborted) throw error
      const delayMs = retryAfterMs ?? backoffDelay(attempt, { baseMs: 500, maxMs: 30_000, ...(this.#options.random ? { random: this.#options.random } : {}) })
      this.#options.onRetry?.({ status: error.status, code: error.code, attempt, delayMs })
      await this.#wait(delayMs, signal)
    }
  }
}

interface GraphResponse {
  messages?: Array<{ id?: string }>
  error?: { code?: number; message?: string }
}

/** `Retry-After` in seconds (an HTTP date is also allowed), capped at one minute. */
function retryAfter(header: string | null): number | undefined {
  if (!header) return undefined
  const seconds = Number(header)
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(header) - Date.now()
  return Number.isFinite(ms) && ms >= 0 ? Math.min(ms, 60_000) : undefined
}
