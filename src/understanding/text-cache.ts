/**
 * A text function that remembers its recent results: the same labels, synonyms and words are cleaned or compared
 * on every message. Texts longer than `maxLength` are not kept (a message is seen once); when `size` results are
 * kept the memory starts over (cheap, and bounded).
 */
export function rememberingText(fn: (text: string) => string, size: number, maxLength: number): (text: string) => string {
  const known = new Map<string, string>()
  return (text) => {
    const hit = known.get(text)
    if (hit !== undefined) return hit
    const result = fn(text)
    if (text.length <= maxLength) {
      if (known.size >= size) known.clear()
      known.set(text, result)
    }
    return result
  }
}

/**
 * Like {@link rememberingText} for any result: `get(text, compute)` gives the result remembered for `text`, or
 * computes, remembers (texts up to `maxLength`; the memory starts over at `size` results) and returns it.
 * Results are shared by every caller that asks about the same text, so they are frozen (deeply): a caller that
 * changed one would change another message's answer, and fails loudly instead.
 */
export class TextMemo<T> {
  private readonly known = new Map<string, T>()

  constructor(
    private readonly size: number,
    private readonly maxLength: number,
  ) {}

  get(text: string, compute: (text: string) => T): T {
    if (!remembering) return deepFreeze(compute(text))
    const hit = this.known.get(text)
    if (hit !== undefined || this.known.has(text)) return hit as T
    const result = deepFreeze(compute(text))
    if (text.length <= this.maxLength) {
      if (this.known.size >= this.size) this.known.clear()
      this.known.set(text, result)
    }
    return result
  }
}

let remembering = true

/** Whether remembered readings may be used now (false inside {@link freshReadings}). */
export function remembersReadings(): boolean {
  return remembering
}

/**
 * Runs `fn` with every {@link TextMemo} computing afresh and keeping nothing: for measurements of what reading a
 * text costs the first time (the benchmark's FAQ search, hostile input, evaluation timings), which repeat texts.
 */
export function freshReadings<T>(fn: () => T): T {
  const was = remembering
  remembering = false
  try {
    return fn()
  } finally {
    remembering = was
  }
}

/** Freezes `value` and every object and array reachable from it; returns it. */
export function deepFreeze<T>(value: T): T {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return value
  Object.freeze(value)
  for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key])
  return value
}
