import { rememberingText } from '../understanding/text-cache.ts'

/** Lower-case, trimmed, single-spaced, without trailing punctuation: how typed commands and labels are compared. */
export function commandKey(text: string): string {
  // The same labels (menus, choices, options) are compared on every message: recent results are remembered.
  return rememberedKey(text)
}

/**
 * How a typed stand-in for a voice note or photo ("[audio]", "<Media omitted>") is compared: lower-case, single-spaced,
 * brackets kept (so that the word "audio" typed alone is not one).
 */
export function mediaTextKey(text: string): string {
  // Asked of every message: recent results are remembered, as for `commandKey`.
  return rememberedMediaKey(text)
}

const rememberedMediaKey = rememberingText((text) => text.toLowerCase().normalize('NFKC').replace(/\s+/g, ' ').trim(), 10_000, 120)

const rememberedKey = rememberingText(
  (text) =>
    text
      .toLowerCase()
      .normalize('NFKC')
      .replace(/[\p{P}\p{S}]+$/u, '')
      .replace(/^[^\p{L}\p{N}/]+/u, '')
      .replace(/\s+/g, ' ')
      .trim(),
  10_000,
  120,
)
