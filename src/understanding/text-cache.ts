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
