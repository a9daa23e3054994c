/**
 * Baileys' auth state (credentials and Signal keys) kept in the store's key-value space, so it is durable
 * wherever the store is: files under DATA_DIR (embedded store) or Redis (REDIS_URL). This replaces Baileys'
 * `useMultiFileAuthState`, which its own authors do not recommend for production: it swallows read errors
 * (a corrupt file looks like "no session"), does not make a multi-key write atomic, and locks per process only.
 *
 * Rules kept here (see docs/whatsapp.md and the research notes):
 * - A write resolves only once the store has it; a failed write rejects, it is never swallowed (Baileys then
 *   retries its transaction instead of believing keys are saved that are not).
 * - A write of several keys is atomic: the whole batch is first written as one value (`…/pending`), then
 *   applied key by key, then the batch is cleared. A batch found on open, or left by a failed apply, is
 *   applied again before anything else, so a crash in the middle never leaves half a batch.
 * - Values are serialized with Baileys' `BufferJSON`, which keeps `Buffer`s and `Uint8Array`s intact;
 *   `app-state-sync-key` values are revived as protobuf objects, as Baileys expects.
 *
 * Layout under `whatsapp/<session>/`: `creds`, `pending`, and `key/<type>/<id>;` (the id URI-encoded and ended
 * by `;`, so that deleting one key, which the store does by prefix, can never delete another).
 * The data is as secret as an SSH private key: whoever has it can read and send this number's messages.
 */
import type { AuthenticationCreds, AuthenticationState, SignalDataSet, SignalDataTypeMap } from '@whiskeysockets/baileys'
import type { Store } from '../../store/types.ts'

/** The pieces of Baileys this file uses (Baileys is loaded lazily, so it is passed in). */
export type BaileysAuthLib = Pick<typeof import('@whiskeysockets/baileys'), 'BufferJSON' | 'initAuthCreds' | 'proto'>

export interface StoredAuthState {
  /** Pass to `makeWASocket({ auth })` (wrapped in `makeCacheableSignalKeyStore`). */
  readonly state: AuthenticationState
  /** Saves `state.creds` (call on every `creds.update`). Rejects when the store refuses the write. */
  saveCreds(): Promise<void>
  /**
   * Deletes the credentials and every key of this session (after "logged out"). The object is retired:
   * later writes from an old socket are ignored, so they cannot bring wiped keys back.
   */
  wipe(): Promise<void>
  /** Whether credentials were found in the store (a login happened before). */
  readonly existed: boolean
}

type KeyType = keyof SignalDataTypeMap
/** A key to write and its serialized value, or `null` to delete it. */
type Write = [key: string, value: string | null]

/** The key-value prefix of one WhatsApp session. */
export function authPrefix(session: string): string {
  return `whatsapp/${session}/`
}

/** Loads (or starts) the auth state of `session` from the store. */
export async function useStoreAuthState(store: Store, session: string, lib: BaileysAuthLib): Promise<StoredAuthState> {
  const prefix = authPrefix(session)
  const credsKey = `${prefix}creds`
  const pendingKey = `${prefix}pending`
  const keyOf = (type: string, id: string): string => `${prefix}key/${type}/${encodeURIComponent(id)};`
  const encode = (value: unknown): string => JSON.stringify(value, lib.BufferJSON.replacer)
  const decode = (text: string): unknown => JSON.parse(text, lib.BufferJSON.reviver)

  let retired = false
  /** A batch whose apply failed; it is applied again before the next write. */
  let unapplied: string | undefined
  /** Writes run one batch at a time, in call order. */
  let queue: Promise<void> = Promise.resolve()

  const apply = async (batch: string): Promise<void> => {
    const writes = JSON.parse(batch) as Write[]
    await Promise.all(writes.map(([key, value]) => (value === null ? store.kvDelete(key) : store.kvSet(key, value))))
  }
  const applyBatch = async (batch: string): Promise<void> => {
    unapplied = batch
    await apply(batch)
    await store.kvSet(pendingKey, '')
    unapplied = undefined
  }
  const serialized = <T>(work: () => Promise<T>): Promise<T> => {
    const run = queue.then(work, work)
    queue = run.then(
      () => undefined,
      () => undefined,
    )
    return run
  }

  // A batch left by a crash between "batch written" and "batch applied" is finished first.
  const leftOver = await store.kvGet(pendingKey)
  if (leftOver) await applyBatch(leftOver)

  const storedCreds = await store.kvGet(credsKey)
  const creds = storedCreds ? (decode(storedCreds) as AuthenticationCreds) : lib.initAuthCreds()

  const state: AuthenticationState = {
    creds,
    keys: {
      async get<T extends KeyType>(type: T, ids: string[]) {
        const values = await Promise.all(ids.map((id) => store.kvGet(keyOf(type, id))))
        const found: { [id: string]: SignalDataTypeMap[T] } = {}
        ids.forEach((id, i) => {
          const text = values[i]
          if (!text) return
          let value = decode(text)
          if (type === 'app-state-sync-key') value = lib.proto.Message.AppStateSyncKeyData.fromObject(value as object)
          found[id] = value as SignalDataTypeMap[T]
        })
        return found
      },

      set(data: SignalDataSet) {
        return serialized(async () => {
          if (retired) return
          if (unapplied) await applyBatch(unapplied)
          const writes: Write[] = []
          for (const [type, entries] of Object.entries(data)) {
            for (const [id, value] of Object.entries(entries ?? {})) {
              writes.push([keyOf(type, id), value === null || value === undefined ? null : encode(value)])
            }
          }
          if (writes.length === 0) return
          if (writes.length === 1) return apply(JSON.stringify(writes)) // one key: the store's write is atomic
          const batch = JSON.stringify(writes)
          await store.kvSet(pendingKey, batch)
          await applyBatch(batch)
        })
      },

      clear() {
        return serialized(async () => {
          if (retired) return
          await store.kvDelete(`${prefix}key/`)
        })
      },
    },
  }

  return {
    state,
    existed: storedCreds !== undefined,
    saveCreds: () =>
      serialized(async () => {
        if (!retired) await store.kvSet(credsKey, encode(state.creds))
      }),
    wipe: () =>
      serialized(async () => {
        retired = true
        unapplied = undefined
        await store.kvDelete(prefix)
      }),
  }
}
