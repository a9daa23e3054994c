/** Lower-case, trimmed, single-spaced, without trailing punctuation: how typed commands and labels are compared. */
export function commandKey(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFKC')
    .replace(/[\p{P}\p{S}]+$/u, '')
    .replace(/^[^\p{L}\p{N}/]+/u, '')
    .replace(/\s+/g, ' ')
    .trim()
}
