/**
 * Reading a password for `officers add|password`: the first line of standard input when it is not a terminal (so
 * scripts can pipe it), else typed twice without echo.
 */
import { createInterface } from 'node:readline'
import { Writable } from 'node:stream'

export async function readPassword(prompt: string, input: NodeJS.ReadStream = process.stdin, output: NodeJS.WriteStream = process.stderr): Promise<string> {
  if (!input.isTTY) {
    const lines = createInterface({ input, crlfDelay: Infinity })
    for await (const line of lines) {
      lines.close()
      return line
    }
    return ''
  }
  const ask = async (question: string): Promise<string> => {
    let muted = false
    const quiet = new Writable({
      write(chunk: Buffer, _encoding, done) {
        if (!muted) output.write(chunk)
        done()
      },
    })
    const rl = createInterface({ input, output: quiet, terminal: true })
    const answer = new Promise<string>((resolve) => rl.question(question, resolve))
    muted = true
    const text = await answer
    rl.close()
    output.write('\n')
    return text
  }
  const first = await ask(prompt)
  const second = await ask('Again: ')
  if (first !== second) throw new Error('the two passwords differ; nothing was changed')
  return first
}
