/**
 * Floods and bad content: a user sending 50 messages a second is slowed with one polite notice while another
 * user's conversation goes on untouched; a content reload with invalid files keeps the old bundle running.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { ContentHolder } from '../../src/content/reloader.ts'
import { ACTION_SPECS } from '../../src/engine/actions.ts'
import type { Inbound } from '../../src/engine/types.ts'
import { Gate } from '../../src/gate/gate.ts'
import { createLogger } from '../../src/logger.ts'
import { EmbeddedStore } from '../../src/store/embedded.ts'
import { realBundle, sharedModelCache } from '../helpers/bundle.ts'

const T0 = Date.parse('2026-11-22T03:00:00Z')
const dirs: string[] = []
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })))

describe('a flooding user', () => {
  it('50 messages in one second: a burst is answered, then one notice, then silence; the other user is not affected', async () => {
    let now = T0
    const gate = new Gate({
      store: new EmbeddedStore({}),
      bundle: realBundle,
      logger: createLogger('silent'),
      rateLimit: { perMinute: 30, burst: 8, now: () => now },
    })
    let n = 0
    const msg = (userId: string, text: string): Inbound => ({ channel: 'whatsapp', userId, messageId: `m${++n}`, text, now })
    const calm = ['halo', '4', 'ya', 'Ani', '081234567890', '25', 'jawa timur', 'surabaya', 'smk', '1', 'jepang', 'benar']
    const flooder: string[][] = []
    const other: string[][] = []
    for (let i = 0; i < 50; i++) {
      now = T0 + i * 20 // 50 a second
      const [floodReplies, calmReplies] = await Promise.all([
        gate.handle(msg('flooder', `spam ${i}`)),
        i % 8 === 0 ? gate.handle(msg('calm', calm.shift()!)) : Promise.resolve(undefined),
      ])
      flooder.push(floodReplies.map((r) => r.key ?? 'text'))
      if (calmReplies) other.push(calmReplies.map((r) => r.key ?? 'text'))
    }
    // The calm user goes on at a human pace and finishes the flow.
    for (const text of calm.splice(0)) {
      now += 5_000
      other.push((await gate.handle(msg('calm', text))).map((r) => r.key ?? 'text'))
    }
    const answered = flooder.filter((keys) => keys.length > 0 && !keys.includes('error.rate_limited'))
    const notices = flooder.filter((keys) => keys.includes('error.rate_limited'))
    expect(answered).toHaveLength(8)
    expect(notices).toEqual([['error.rate_limited']])
    expect(flooder.filter((keys) => keys.length === 0)).toHaveLength(41)
    // The calm user (7 messages in that same second) was never slowed.
    expect(other.flat()).not.toContain('error.rate_limited')
    expect(other.at(-1)).toContain('training.done')
    // A minute later the flooder is a normal user again.
    now += 60_000
    expect((await gate.handle(msg('flooder', 'halo'))).map((r) => r.key)).toContain('menu.prompt')
  })
})

describe('content reload with invalid files', () => {
  function copyContent(): { flowsDir: string; contentDir: string } {
    const root = mkdtempSync(join(tmpdir(), 'ma-reload-'))
    dirs.push(root)
    cpSync(resolve('flows'), join(root, 'flows'), { recursive: true })
    cpSync(resolve('content'), join(root, 'content'), { recursive: true })
    return { flowsDir: join(root, 'flows'), contentDir: join(root, 'content') }
  }

  it('keeps the old bundle (and the bot answering) on a YAML error or a broken reference, swaps in a fixed one', async () => {
    const dirsOf = copyContent()
    const holder = new ContentHolder({ ...dirsOf, actions: ACTION_SPECS, ...sharedModelCache() }, createLogger('silent'))
    const original = holder.current
    const gate = new Gate({ store: new EmbeddedStore({}), bundle: () => holder.current, logger: createLogger('silent'), rateLimit: false })
    const help = join(dirsOf.flowsDir, 'training.yaml')
    const good = readFileSync(help, 'utf8')

    writeFileSync(help, `${good}\n  - id: [unclosed\n`)
    const syntax = holder.reload()
    expect(syntax.ok).toBe(false)
    expect(syntax.problems.some((p) => p.file.endsWith('training.yaml') && p.line > 0)).toBe(true)
    expect(holder.current).toBe(original)

    writeFileSync(help, good.replace('goto: ask_name', 'goto: no_such_step'))
    expect(readFileSync(help, 'utf8')).not.toBe(good)
    const reference = holder.reload()
    expect(reference.ok).toBe(false)
    expect(reference.problems.map((p) => p.message).join('\n')).toMatch(/no_such_step/)
    expect(holder.current).toBe(original)
    rmSync(join(dirsOf.contentDir, 'contacts.yaml'))
    expect(holder.reload().ok).toBe(false)
    expect(holder.current).toBe(original)
    const replies = await gate.handle({ channel: 'terminal', userId: 'u', messageId: 'm1', text: 'halo', now: T0 })
    expect(replies.map((r) => r.key)).toContain('menu.prompt')

    cpSync(resolve('content/contacts.yaml'), join(dirsOf.contentDir, 'contacts.yaml'))
    writeFileSync(help, good.replace(/\n$/, '\n# edited by an officer\n'))
    const fixed = holder.reload()
    expect(fixed.ok).toBe(true)
    expect(holder.current).not.toBe(original)
    expect(holder.current.version).not.toBe(original.version)
    holder.close()
  }, 120_000) // several full content loads: more than the default 30 s on a busy shared machine
})
