/** What `main.ts` needs of a running channel (Telegram, WhatsApp, …). */
export interface RunningChannel {
  readonly name: string
  /** A one-line state for /readyz and logs, e.g. "polling", "webhook", "needs-login", "stopped: logged out". */
  state(): { ready: boolean; detail: string }
  /** Stops taking new messages and closes connections. */
  stop(): Promise<void>
}
