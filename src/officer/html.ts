/**
 * HTML for the officer console, escaped by default: `html\`<td>${lead.name}</td>\`` escapes `lead.name`; a
 * value that is already `Html` (another `html\`…\``, or `raw(...)` for trusted markup) is kept as it is; arrays
 * are joined; `undefined`, `null` and `false` print nothing. Never build markup by string concatenation.
 */

/** Markup that is safe to put in a page as it is. */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value
  }
}

export type HtmlValue = Html | string | number | boolean | null | undefined | readonly HtmlValue[]

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

/** Text made safe for element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!)
}

function render(value: HtmlValue): string {
  if (value === undefined || value === null || value === false) return ''
  if (value instanceof Html) return value.value
  if (Array.isArray(value)) return value.map((v: HtmlValue) => render(v)).join('')
  return escapeHtml(String(value))
}

/** The tagged template: every interpolated value is escaped unless it is `Html`. */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): Html {
  let out = strings[0] ?? ''
  for (let i = 0; i < values.length; i++) out += render(values[i]!) + (strings[i + 1] ?? '')
  return new Html(out)
}

/** Trusted markup, as it is (only for text written in this code base, never for data). */
export function raw(markup: string): Html {
  return new Html(markup)
}
