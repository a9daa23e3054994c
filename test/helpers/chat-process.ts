import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { resolve } from 'node:path'
import { createInterface } from 'node:readline'

/** A real `chat --json` process that a test talks to line by line. */
export class ChatProcess {
  readonly child: ChildProcessWithoutNullStreams
  stderr = ''
  private readonly lines: string[] = []
  private waiting: ((line: string) => void) | undefined
  readonly exited: Promise<number | null>

  constructor(env: Record<string, string>) {
    this.child = spawn(process.execPath, ['--import', 'tsx', resolve('src/cli.ts'), 'chat', '--json'], {
      env: { ...process.env, LOG_LEVEL: 'info', ...env },
    })
    this.child.stderr.on('data', (d: Buffer) => (this.stderr += d.toString()))
    createInterface({ input: this.child.stdout }).on('line', (line) => {
      if (this.waiting) {
        const resolveLine = this.waiting
        this.waiting = undefined
        resolveLine(line)
      } else this.lines.push(line)
    })
    this.exited = new Promise((done) => this.child.on('close', (code) => done(code)))
  }

  /** Sends one message and resolves with the parsed reply line. */
  async say(user: string, text: string): Promise<{ user: string; replies: Array<{ text: string; choices?: Array<{ id: string }> }> }> {
    const next = this.lines.length > 0 ? Promise.resolve(this.lines.shift()!) : new Promise<string>((r) => (this.waiting = r))
    this.child.stdin.write(`${JSON.stringify({ user, text })}\n`)
    return JSON.parse(await next)
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
