/**
 * A real, throw-away `redis-server` for tests and the benchmark: a free port on 127.0.0.1 (never 6379), no
 * snapshots, and with `{ appendonly: true }` an append-only file in a temporary folder so that `restart()` keeps
 * the data. Never for production: there Redis is run by the operator (see docs/operations.md).
 *
 * `redis-server` must be on PATH (CI installs it with apt). Without it `startRedis()` fails loudly: a silently
 * skipped Redis suite would hide that the production store is untested.
 */

import { type ChildProcess, spawn } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'

export interface RedisServer {
  url: string
  port: number
  /** Stops the server (SIGTERM, then SIGKILL) and waits for it to exit. Idempotent. */
  stop(): Promise<void>
  /** Starts it again on the same port and folder (data survives with `appendonly`). */
  restart(): Promise<void>
}

const REDIS_DEFAULT_PORT = 6379

/** Servers still running (killed) and their folders (removed) when the test process exits. */
const running = new Set<ChildProcess>()
const folders = new Set<string>()
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL')
  for (const dir of folders) fs.rmSync(dir, { recursive: true, force: true })
})

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.unref()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => {
        if (address && typeof address === 'object') resolve(address.port)
        else reject(new Error('could not find a free port'))
      })
    })
  })
}

/** One PING over a raw socket; resolves true on +PONG. */
function pingOnce(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1')
    const done = (ok: boolean): void => {
      socket.destroy()
      resolve(ok)
    }
    socket.setTimeout(500, () => done(false))
    socket.once('error', () => done(false))
    socket.once('connect', () => socket.write('PING\r\n'))
    socket.once('data', (data) => done(data.toString().startsWith('+PONG')))
  })
}

export interface StartRedisOptions {
  /** Keep data in an append-only file (survives `restart()`). */
  appendonly?: boolean
  /** With `appendonly`: fsync every write (`always`, the default: tests) or once a second (`everysec`: production-like). */
  appendfsync?: 'always' | 'everysec'
  /** More server arguments, e.g. `['--cluster-enabled', 'yes']`. */
  extraArgs?: string[]
  /**
   * Run a Sentinel instead of a data server, watching the master at `masterPort` (127.0.0.1) under `name`
   * (quorum 1). Its config file is written in the temporary folder, as Sentinel rewrites it.
   */
  sentinelFor?: { name: string; masterPort: number }
}

export async function startRedis(options: StartRedisOptions = {}): Promise<RedisServer> {
  let port = await freePort()
  while (port === REDIS_DEFAULT_PORT) port = await freePort()
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ma-redis-'))
  folders.add(dir)
  const base = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--daemonize', 'no']
  let args: string[]
  if (options.sentinelFor) {
    const conf = path.join(dir, 'sentinel.conf')
    const { name, masterPort } = options.sentinelFor
    fs.writeFileSync(conf, `sentinel monitor ${name} 127.0.0.1 ${masterPort} 1\nsentinel down-after-milliseconds ${name} 1000\n`)
    args = [conf, '--sentinel', ...base]
  } else {
    args = [
      ...base,
      '--save', '',
      ...(options.appendonly ? ['--appendonly', 'yes', '--appendfsync', options.appendfsync ?? 'always'] : ['--appendonly', 'no']),
      ...(options.extraArgs ?? []),
    ]
  }
  let child: ChildProcess | undefined

  async function start(): Promise<void> {
    const output: string[] = []
    const spawned = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] })
    child = spawned
    running.add(spawned)
    const collect = (data: Buffer): void => {
      output.push(data.toString())
    }
    spawned.stdout?.on('data', collect)
    spawned.stderr?.on('data', collect)
    const exited = new Promise<Error>((resolve) => {
      spawned.once('error', (error: NodeJS.ErrnoException) => {
        resolve(
          error.code === 'ENOENT'
            ? new Error('redis-server is not on PATH. Install it (apt-get install -y redis-server) to run the Redis tests.')
            : error,
        )
      })
      spawned.once('exit', (code, signal) => {
        running.delete(spawned)
        resolve(new Error(`redis-server exited early (${signal ?? code}):\n${output.join('').slice(-2000)}`))
      })
    })
    const deadline = Date.now() + 10_000
    for (;;) {
      const early = await Promise.race([exited, pingOnce(port).then((ok) => (ok ? 'up' : 'down'))])
      if (early instanceof Error) throw early
      if (early === 'up') return
      if (Date.now() > deadline) {
        spawned.kill('SIGKILL')
        throw new Error(`redis-server did not answer PING on port ${port} within 10 s:\n${output.join('')}`)
      }
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
  }

  async function stop(): Promise<void> {
    const current = child
    child = undefined
    if (!current || current.exitCode !== null || current.signalCode !== null) return
    const exited = new Promise<void>((resolve) => current.once('exit', () => resolve()))
    current.kill('SIGTERM')
    const timer = setTimeout(() => current.kill('SIGKILL'), 3_000)
    await exited
    clearTimeout(timer)
    running.delete(current)
  }

  await start()
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    stop: async () => {
      await stop()
    },
    restart: async () => {
      await stop()
      await start()
    },
  }
}
