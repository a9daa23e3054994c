import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { resolve } from 'node:path'
import { createInterface } from 'node:readline'

/** A real `chat --json` process that a test talks to line by line. */
export class ChatProcess {
  readonly child: ChildProcessWithoutNullStreams
  stderr = ''
  private readonly lines: string[] = []
  /** Senders waiting for their reply line, in order (the process answers lines in the order it reads them). */
  private readonly waiting: Array<(line: string) => void> = []
  readonly exited: Promise<number | null>

  constructor(env: Record<string, string>) {
    this.child = spawn(process.execPath, ['--import', 'tsx', resolve('src/cli.ts'), 'chat', '--json'], {
      env: { ...process.env, LOG_LEVEL: 'info', ...env },
    })
    this.child.stderr.on('data', (d: Buffer) => (this.stderr += d.toString()))
    createInterface({ input: this.child.stdout }).on('line', (line) => {
      const resolveLine = this.waiting.shift()
      if (resolveLine) resolveLine(line)
      else this.lines.push(line)
    })
    this.exited = new Promise((done) => this.child.on('close', (code) => done(code)))
  }

  /** Sends one message and resolves with the parsed reply line. */
  async say(user: string, text: string): Promise<{ user: string; replies: Array<{ text: string; choices?: Array<{ id: string }> }> }> {
    return this.send({ user, text })
  }

  /** Sends one protocol object (e.g. with a message `id`) and resolves with the parsed reply line. */
  async send(message: { user: string; text?: string; choice?: string; id?: string }): Promise<{ user: string; replies: Array<{ text: string; choices?: Array<{ id: string }> }> }> {
    const next = this.lines.length > 0 ? Promise.resolve(this.lines.shift()!) : new Promise<string>((r) => this.waiting.push(r))
    this.child.stdin.write(`${JSON.stringify(message)}\n`)
    return JSON.parse(await next)
  }

  /** Writes one protocol object without waiting for its reply. */
  post(message: { user: string; text?: string; choice?: string; id?: string }): void {
    this.child.stdin.write(`${JSON.stringify(message)}\n`)
  }

  async end(): Promise<number | null> {
    this.child.stdin.end()
    return this.exited
  }

  kill9(): Promise<number | null> {
    this.child.kill('SIGKILL')
    return this.exited
  }
}
