import { describe, expect, it } from 'vitest'
import type { Session } from '../../src/engine/types.ts'
import { EmbeddedStore } from '../../src/store/embedded.ts'
import { HotSessions, readsAsJson } from '../../src/store/hot-sessions.ts'

const session = (step: string): Session => ({ v: 1, lang: 'id', pos: { flow: 'training', step, answers: { age: 25 }, tries: 0, history: [] }, createdAt: 1, updatedAt: 2 })
const turn = { sessionTtlSeconds: 3600, handledTtlSeconds: 3600 }

describe('HotSessions', () => {
  it('gives the kept object back once, and only while the store holds what was saved with it', () => {
    const hot = new HotSessions<string>(10, true)
    const kept = session('ask_age')
    const json = JSON.stringify(kept)
    hot.keep('u', json, kept, json)
    let decoded = 0
    const decode = (): Session => (decoded++, JSON.parse(json) as Session)
    expect(hot.take('u', json, decode)).toBe(kept)
    // Taken: the next turn decodes (it may have changed the object and not saved it).
    expect(hot.take('u', json, decode)).not.toBe(kept)
    hot.keep('u', json, kept, json)
    // Another process saved something else: decoded.
    const other = JSON.stringify(session('ask_name'))
    expect(hot.take('u', other, () => JSON.parse(other) as Session)).toEqual(session('ask_name'))
    expect(hot.size).toBe(0)
  })

  it('a stored buffer moved to another with the same bytes (the embedded store copies sessions out of its slabs) still gives the kept object', () => {
    const hot = new HotSessions<Buffer>(10, true)
    const kept = session('ask_age')
    const json = JSON.stringify(kept)
    const slab = Buffer.from(`xx${json}yy`).subarray(2, 2 + json.length)
    hot.keep('u', slab, kept, json)
    expect(hot.take('u', Buffer.from(json), () => JSON.parse(json) as Session)).toBe(kept)
    hot.keep('u', slab, kept, json)
    const other = Buffer.from(JSON.stringify(session('ask_name')))
    expect(hot.take('u', other, () => JSON.parse(other.toString()) as Session)).toEqual(session('ask_name'))
    expect(hot.hits).toBe(1)
  })

  it('keeps at most `limit` users, dropping the least recently saved', () => {
    const hot = new HotSessions<string>(2, false)
    for (const user of ['a', 'b', 'c']) hot.keep(user, user, session(user), '')
    expect(hot.size).toBe(2)
    expect(hot.take('a', 'a', () => undefined)).toBeUndefined()
    expect(hot.take('c', 'c', () => undefined)).toEqual(session('c'))
  })

  it('does not keep what would not read as its JSON: undefined values, shared objects, frozen objects', () => {
    const hot = new HotSessions<string>(10, true)
    const withUndefined = { ...session('a'), topic: undefined } as unknown as Session
    const shared = session('a')
    shared.paused = shared.pos
    const frozen = { ...session('a'), recent: Object.freeze(['halo']) } as Session
    const notANumber = { ...session('a'), updatedAt: Number.NaN }
    for (const [i, s] of [withUndefined, shared, frozen, notANumber].entries()) {
      hot.keep(`u${i}`, 'x', s, JSON.stringify(s))
      expect(hot.take(`u${i}`, 'x', () => undefined)).toBeUndefined()
    }
    expect(hot.declined).toBe(4)
    expect(readsAsJson(JSON.parse(JSON.stringify(shared)))).toBe(true)
  })

  it('under check, a kept object changed after its turn was saved fails loudly when taken', () => {
    const hot = new HotSessions<string>(10, true)
    const kept = session('ask_age')
    const json = JSON.stringify(kept)
    hot.keep('u', json, kept, json)
    kept.pos!.answers.age = 26
    expect(() => hot.take('u', json, () => JSON.parse(json) as Session)).toThrow(/changed after its turn was saved/)
  })
})

describe('the embedded store continues with the saved session object', () => {
  it('a turn that changed its session in place but did not commit leaves the stored session to the next turn', async () => {
    const store = new EmbeddedStore({})
    try {
      await store.runTurn('u', 'm1', async () => ({ value: 0, commit: { session: session('ask_age') } }), turn)
      let seen: Session | undefined
      let stepSeen = ''
      await store.runTurn('u', 'm2', async (s) => {
        stepSeen = s!.pos!.step
        s!.pos!.step = 'changed'
        return { value: 0 }
      }, turn)
      expect(stepSeen).toBe('ask_age')
      await store.runTurn('u', 'm3', async (s) => {
        seen = s
        return { value: 0 }
      }, turn)
      expect(seen!.pos!.step).toBe('ask_age')
    } finally {
      await store.close()
    }
  })

  it('a committed turn\'s object is what the next turn gets, equal to the stored JSON', async () => {
    const store = new EmbeddedStore({})
    try {
      const saved = session('ask_age')
      await store.runTurn('u', 'm1', async () => ({ value: 0, commit: { session: saved } }), turn)
      let seen: Session | undefined
      await store.runTurn('u', 'm2', async (s) => ((seen = s), { value: 0 }), turn)
      expect(seen).toBe(saved)
      expect(await store.getSession('u')).toEqual(saved)
      // setSession replaces what is stored: the kept object is not used after it.
      await store.runTurn('u', 'm3', async (s) => ({ value: 0, commit: { session: s! } }), turn)
      await store.setSession('u', session('ask_name'), 3600)
      await store.runTurn('u', 'm4', async (s) => ((seen = s), { value: 0 }), turn)
      expect(seen!.pos!.step).toBe('ask_name')
    } finally {
      await store.close()
    }
  })
})
