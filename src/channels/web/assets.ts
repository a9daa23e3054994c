/**
 * What the browser loads: the widget script (widget.js beside this file, with the official link hosts of the
 * current content filled in) and the full-page chat at `/chat`.
 */
import { readFileSync } from 'node:fs'
import type { Bundle } from '../../content/bundle.ts'
import type { Lang } from '../../engine/types.ts'

const SOURCE = readFileSync(new URL('./widget.js', import.meta.url), 'utf8')
const PLACEHOLDER = '/*@SERVER_CONFIG@*/ { hosts: [] }'
if (!SOURCE.includes(PLACEHOLDER)) throw new Error('widget.js lost its /*@SERVER_CONFIG@*/ placeholder')

/** Hosts the widget may make clickable: those of the official web addresses in content/contacts.yaml. */
export function officialHosts(bundle: Bundle): string[] {
  const hosts = new Set<string>()
  for (const contact of bundle.contacts.values()) {
    if (contact.kind !== 'url') continue
    try {
      hosts.add(new URL(contact.value).hostname)
    } catch {
      // validated content has full addresses; skip anything else
    }
  }
  return [...hosts].sort()
}

const scripts = new WeakMap<Bundle, string>()

/** The widget for this content (cached per bundle: a content reload gives the new link list). */
export function widgetScript(bundle: Bundle): string {
  let script = scripts.get(bundle)
  if (!script) {
    script = SOURCE.replace(PLACEHOLDER, JSON.stringify({ hosts: officialHosts(bundle) }))
    scripts.set(bundle, script)
  }
  return script
}

/**
 * The full-page chat's policy: only this server's script and connections, no inline script or style elements
 * (the widget styles itself with a constructed style sheet), no framing, no forms posting elsewhere.
 */
export const CHAT_PAGE_CSP =
  "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

export function chatPage(lang: Lang): string {
  const title = lang === 'en' ? 'Ask Migrasi Aman' : 'Tanya Migrasi Aman'
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
</head>
<body>
<noscript>${lang === 'en' ? 'This chat needs JavaScript.' : 'Chat ini memerlukan JavaScript.'}</noscript>
<script src="/webchat/widget.js" data-mode="page" data-lang="${lang}"></script>
</body>
</html>
`
}
