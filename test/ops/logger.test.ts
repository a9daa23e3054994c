import { hostname } from 'node:os'
import { Writable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { createLogger } from '../../src/logger.ts'

function capture(): { stream: Writable; lines: () => Array<Record<string, unknown>> } {
  const chunks: string[] = []
  const stream = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk))
      done()
    },
  })
  return { stream, lines: () => chunks.join('').split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>) }
}

describe('logger', () => {
  it('writes ISO timestamps, pid and hostname, and errors with their stack', () => {
    const { stream, lines } = capture()
    const logger = createLogger('info', stream)
    const cause = new Error('disk full')
    logger.error({ err: new TypeError('boom', { cause }) }, 'message handling failed')
    logger.warn({ err: 'a plain text reason' }, 'store unavailable')
    const [first, second] = lines()
    expect(first).toMatchObject({ app: 'migrasi-aman', pid: process.pid, hostname: hostname(), msg: 'message handling failed' })
    expect(String(first!.time)).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/)
    const err = first!.err as { type: string; message: string; stack: string }
    expect(err.type).toBe('TypeError')
    expect(err.message).toContain('boom')
    expect(err.stack).toContain('logger.test.ts')
    expect(JSON.stringify(err)).toContain('disk full')
    expect(second!.err).toBe('a plain text reason')
  })

  it('still redacts personal fields', () => {
    const { stream, lines } = capture()
    createLogger('info', stream).info({ phone: '081234567890', lead: { name: 'Siti' } }, 'x')
    expect(JSON.stringify(lines())).not.toMatch(/081234567890|Siti/)
  })
})
