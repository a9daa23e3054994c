/**
 * Which web pages may embed the chat: `WEBCHAT_ALLOWED_ORIGINS`, a comma-separated list of origins
 * (`https://bp2mi.go.id,https://disnaker.example.go.id`), or `*` for any (start-up warns). The server's own
 * origin (the full-page chat at `/chat`) is always allowed. The check guards both CORS on the HTTP fallback and the
 * WebSocket `Origin` header; a request without an `Origin` header comes from a script, not a browser page, and
 * is let through (a page cannot leave the header out).
 */

export interface OriginPolicy {
  any: boolean
  origins: ReadonlySet<string>
}

/** Parses the variable; throws a `RangeError` naming an entry that is not an origin like `https://example.org`. */
export function parseOrigins(text: string): OriginPolicy {
  const entries = text.split(/[\s,]+/).filter(Boolean)
  if (entries.includes('*')) return { any: true, origins: new Set() }
  const origins = new Set<string>()
  for (const entry of entries) {
    let url: URL
    try {
      url = new URL(entry)
    } catch {
      throw new RangeError(`"${entry}" is not an origin like https://example.org`)
    }
    if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.pathname.length > 1 || url.search || url.hash) {
      throw new RangeError(`"${entry}" is not an origin like https://example.org (scheme and host, no path)`)
    }
    origins.add(url.origin)
  }
  return { any: false, origins }
}

/**
 * Whether a request with this `Origin` header may talk to the chat. `host` is the request's Host header: a
 * page served by this server itself (`/chat`) is same-origin.
 */
export function originAllowed(policy: OriginPolicy, origin: string | undefined, host: string | undefined): boolean {
  if (origin === undefined) return true
  if (policy.any) return true
  if (policy.origins.has(origin)) return true
  if (host) {
    try {
      return new URL(origin).host === host
    } catch {
      return false
    }
  }
  return false
}
