/**
 * Our logs never carry personal data. Texts that come from elsewhere (Baileys' log lines, error messages of
 * WhatsApp or Meta) may contain addresses or phone numbers; they pass through `maskPersonal` first.
 */
const ADDRESS = /[\w.:+-]*@(?:s\.whatsapp\.net|c\.us|lid|g\.us|broadcast|newsletter|hosted(?:\.lid)?|bot|call)\b/g
const DIGITS = /\d{6,}/g

/** Removes WhatsApp addresses and runs of 6+ digits (phone numbers, LIDs) from a text. */
export function maskPersonal(text: string): string {
  return text.replace(ADDRESS, '[jid]').replace(DIGITS, '[number]')
}

/** An error for the log: its name and message, masked. */
export function safeError(error: unknown): string {
  return maskPersonal(error instanceof Error ? `${error.name}: ${error.message}` : String(error))
}
