/**
 * How officer commands reach the store while the assistant runs with the embedded store. The embedded store
 * belongs to one process (DATA_DIR/.lock), so `npm run cli -- leads export` started beside a running assistant
 * cannot open it; instead it asks the running assistant, over a local socket:
 *
 * - the assistant (embedded store only) listens on a Unix socket `DATA_DIR/admin.sock` (or in the temporary folder
 *   when that path is too long for a socket), mode 0600, and writes `DATA_DIR/admin-socket.json`
 *   (`{ socket, token, pid }`, mode 0600): only the user who can read the data folder can use it;
 * - each request is `POST /store` with `Authorization: Bearer <token>` and `{ "method": …, "args": [...] }`; only the
 *   store methods officer commands need are served (`ADMIN_METHODS`), answered `{ "value": … }` or
 *   `{ "error": … }`;
 * - `RemoteStore` (the CLI's side) is a `Store` whose methods make those requests.
 * Nothing listens on a network port; with Redis every process connects to Redis itself and none of this runs.
 */
import { randomBytes, timingSafeEqual, createHash } from 'node:crypto'
import fs from 'node:fs'
import { createServer, request as httpRequest, type Server } from 'node:http'
import os from 'node:os'
import path from 'node:path'
import type { Logger } from '../logger.ts'
import { StoreUnavailableError, type Store } from '../store/types.ts'

export const ADMIN_INFO_FILE = 'admin-socket.json'
const SOCKET_FILE = 'admin.sock'
/** Unix socket paths longer than this do not fit (108 bytes on Linux, with the terminating zero). */
const MAX_SOCKET_PATH = 100
const MAX_BODY_BYTES = 1024 * 1024

/** The store methods an officer command may call through the running assistant. */
export const ADMIN_METHODS = [
  'listLeads',
  'listReports',
  'deleteUserData',
  'deleteLead',
  'deleteReport',
  'listUnanswered',
  'clearUnanswered',
  'readStats',
  'kvGet',
  'kvSet',
  'kvDelete',
  'kvKeys',
  'ping',
] as const satisfies readonly (keyof Store)[]
type AdminMethod = (typeof ADMIN_METHODS)[number]

interface AdminInfo {
  socket: string
  token: string
  pid: number
}

export interface AdminSocket {
  socket: string
  close(): Promise<void>
}

function socketPathFor(dataDir: string): string {
  const inside = path.join(dataDir, SOCKET_FILE)
  if (Buffer.byteLength(inside) <= MAX_SOCKET_PATH) return inside
  const id = createHash('sha256').update(path.resolve(dataDir)).digest('hex').slice(0, 16)
  return path.join(os.tmpdir(), `migrasi-aman-${id}.sock`)
}

/** Starts the socket for the running assistant (embedded store). Resolves undefined (logged) when it cannot. */
export async function startAdminSocket(store: Store, dataDir: string, logger: Logger): Promise<AdminSocket | undefined> {
  const socket = socketPathFor(dataDir)
  const token = randomBytes(32).toString('hex')
  const expected = createHash('sha256').update(`Bearer ${token}`).digest()
  const server: Server = createServer((request, response) => {
    const answer = (status: number, body: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json' })
      response.end(JSON.stringify(body))
    }
    const given = createHash('sha256').update(request.headers.authorization ?? '').digest()
    if (!timingSafeEqual(given, expected)) return answer(401, { error: 'wrong token' })
    if (request.method !== 'POST' || request.url !== '/store') return answer(404, { error: 'POST /store only' })
    const chunks: Buffer[] = []
    let size = 0
    request.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > MAX_BODY_BYTES) request.destroy()
      else chunks.push(chunk)
    })
    request.on('end', () => {
      void (async () => {
        try {
          const { method, args } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { method?: unknown; args?: unknown }
          if (typeof method !== 'string' || !(ADMIN_METHODS as readonly string[]).includes(method) || !Array.isArray(args)) {
            return answer(400, { error: `not a method officer commands may call: ${String(method)}` })
          }
          const fn = store[method as AdminMethod] as (...a: unknown[]) => Promise<unknown>
          const value = await fn.apply(store, args)
          answer(200, value === undefined ? {} : { value })
        } catch (error) {
          answer(500, { error: error instanceof Error ? error.message : String(error) })
        }
      })()
    })
  })
  try {
    // We hold the data folder's lock: a socket file left there is from a process that is gone.
    fs.rmSync(socket, { force: true })
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(socket, () => resolve())
    })
    fs.chmodSync(socket, 0o600)
    fs.writeFileSync(path.join(dataDir, ADMIN_INFO_FILE), JSON.stringify({ socket, token, pid: process.pid } satisfies AdminInfo), { mode: 0o600 })
  } catch (error) {
    logger.warn({ component: 'admin-socket', err: (error as Error).message }, 'officer commands cannot reach this assistant (admin socket not started); stop it to run them')
    server.close()
    return undefined
  }
  return {
    socket,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()))
      fs.rmSync(socket, { force: true })
      fs.rmSync(path.join(dataDir, ADMIN_INFO_FILE), { force: true })
    },
  }
}

/**
 * The running assistant's store, for officer commands: undefined when no assistant left its socket information in
 * `dataDir` (or it is unreadable).
 */
export function remoteStoreFor(dataDir: string): RemoteStore | undefined {
  try {
    const info = JSON.parse(fs.readFileSync(path.join(dataDir, ADMIN_INFO_FILE), 'utf8')) as AdminInfo
    if (typeof info.socket !== 'string' || typeof info.token !== 'string') return undefined
    return new RemoteStore(info)
  } catch {
    return undefined
  }
}

function unavailable(method: string): never {
  throw new StoreUnavailableError(`${method} is not available through the running assistant; stop it to run this command.`)
}

/** A `Store` whose officer-command methods are answered by the running assistant (see the module comment). */
export class RemoteStore implements Store {
  readonly kind = 'embedded' as const
  constructor(private readonly info: AdminInfo) {}

  #call<T>(method: AdminMethod, ...args: unknown[]): Promise<T> {
    const body = JSON.stringify({ method, args })
    return new Promise<T>((resolve, reject) => {
      const request = httpRequest(
        { socketPath: this.info.socket, path: '/store', method: 'POST', headers: { authorization: `Bearer ${this.info.token}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
        (response) => {
          const chunks: Buffer[] = []
          response.on('data', (c: Buffer) => chunks.push(c))
          response.on('end', () => {
            try {
              const parsed = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { value?: T; error?: string }
              if (response.statusCode === 200) resolve(parsed.value as T)
              else reject(new StoreUnavailableError(`the running assistant refused ${method}: ${parsed.error ?? response.statusCode}`))
            } catch (error) {
              reject(new StoreUnavailableError(`the running assistant gave an unreadable answer to ${method}`, { cause: error }))
            }
          })
        },
      )
      request.on('error', (error) => reject(new StoreUnavailableError(`cannot reach the running assistant (pid ${this.info.pid}) through ${this.info.socket}: ${error.message}`, { cause: error })))
      request.end(body)
    })
  }

  listLeads(options?: { since?: string }) {
    return this.#call<Awaited<ReturnType<Store['listLeads']>>>('listLeads', options ?? {})
  }
  listReports() {
    return this.#call<Awaited<ReturnType<Store['listReports']>>>('listReports')
  }
  deleteUserData(userKey: string) {
    return this.#call<Awaited<ReturnType<Store['deleteUserData']>>>('deleteUserData', userKey)
  }
  deleteLead(userKey: string, id: string) {
    return this.#call<boolean>('deleteLead', userKey, id)
  }
  deleteReport(userKey: string, id: string) {
    return this.#call<boolean>('deleteReport', userKey, id)
  }
  listUnanswered(limit?: number) {
    return this.#call<Awaited<ReturnType<Store['listUnanswered']>>>('listUnanswered', ...(limit === undefined ? [] : [limit]))
  }
  clearUnanswered(options?: { before?: string }) {
    return this.#call<number>('clearUnanswered', options ?? {})
  }
  readStats(from: string, to: string) {
    return this.#call<Awaited<ReturnType<Store['readStats']>>>('readStats', from, to)
  }
  kvGet(key: string) {
    return this.#call<string | undefined>('kvGet', key)
  }
  kvSet(key: string, value: string) {
    return this.#call<void>('kvSet', key, value)
  }
  kvDelete(keyPrefix: string) {
    return this.#call<void>('kvDelete', keyPrefix)
  }
  kvKeys(keyPrefix: string) {
    return this.#call<string[]>('kvKeys', keyPrefix)
  }
  ping() {
    return this.#call<void>('ping')
  }
  async close(): Promise<void> {}

  // What only the assistant itself does (chat turns, locks, leases) is not offered to commands.
  getSession(): never {
    return unavailable('getSession')
  }
  setSession(): never {
    return unavailable('setSession')
  }
  deleteSession(): never {
    return unavailable('deleteSession')
  }
  markSeen(): never {
    return unavailable('markSeen')
  }
  unmarkSeen(): never {
    return unavailable('unmarkSeen')
  }
  withUserLock(): never {
    return unavailable('withUserLock')
  }
  runTurn(): never {
    return unavailable('runTurn')
  }
  upsertLead(): never {
    return unavailable('upsertLead')
  }
  addReport(): never {
    return unavailable('addReport')
  }
  recordUnanswered(): never {
    return unavailable('recordUnanswered')
  }
  addStats(): never {
    return unavailable('addStats')
  }
  acquireLease(): never {
    return unavailable('acquireLease')
  }
  releaseLease(): never {
    return unavailable('releaseLease')
  }
}
