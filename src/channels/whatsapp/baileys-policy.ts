/**
 * What to do when a Baileys socket closes, by the status code of its `lastDisconnect.error` (Baileys'
 * `DisconnectReason`; the numbers are written out so this file needs no Baileys at run time, and a test checks
 * them against Baileys' enum):
 *
 * | code | reason                | action                                                                    |
 * | ---- | --------------------- | ------------------------------------------------------------------------- |
 * | 515  | restartRequired       | reconnect at once (normal right after a login)                            |
 * | 401  | loggedOut             | wipe the session and show a new QR code / pairing code                    |
 * | 411  | multideviceMismatch   | the same                                                                  |
 * | 440  | connectionReplaced    | stop: another process or WhatsApp Web session uses the same login; two    |
 * |      |                       | sockets on one login evict each other forever                             |
 * | 403  | forbidden             | stop: the account is banned or restricted; a person must look             |
 * | else | 408, 428, 500, 503, … | reconnect with backoff (a fresh socket each time)                         |
 */
export const DISCONNECT = {
  connectionClosed: 428,
  connectionLost: 408,
  connectionReplaced: 440,
  timedOut: 408,
  loggedOut: 401,
  badSession: 500,
  restartRequired: 515,
  multideviceMismatch: 411,
  forbidden: 403,
  unavailableService: 503,
} as const

export type DisconnectAction =
  | { action: 'restart' }
  | { action: 'relogin'; why: string }
  | { action: 'stop'; reason: 'replaced' | 'forbidden'; why: string }
  | { action: 'retry' }

export function disconnectPolicy(code: number | undefined): DisconnectAction {
  switch (code) {
    case DISCONNECT.restartRequired:
      return { action: 'restart' }
    case DISCONNECT.loggedOut:
      return { action: 'relogin', why: 'the device was logged out (removed from Linked devices on the phone)' }
    case DISCONNECT.multideviceMismatch:
      return { action: 'relogin', why: 'WhatsApp asked for a new login (multi-device mismatch)' }
    case DISCONNECT.connectionReplaced:
      return {
        action: 'stop',
        reason: 'replaced',
        why: 'another connection with the same WhatsApp login took over (another instance of this assistant, or the same session opened elsewhere). Run exactly one process per WhatsApp number, then start this one again',
      }
    case DISCONNECT.forbidden:
      return {
        action: 'stop',
        reason: 'forbidden',
        why: 'WhatsApp refused the account (banned or restricted). Check the phone; see docs/whatsapp.md on the ban risk and the Cloud API',
      }
    default:
      return { action: 'retry' }
  }
}

/** The status code of a Baileys disconnect error (a Boom error: `output.statusCode`). */
export function disconnectCode(error: unknown): number | undefined {
  const code = (error as { output?: { statusCode?: unknown } } | undefined)?.output?.statusCode
  return typeof code === 'number' ? code : undefined
}
