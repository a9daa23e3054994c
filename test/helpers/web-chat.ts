/**
 * A running assistant with the web channel on 127.0.0.1 (random port), the real content, gate and an embedded
 * store, plus tiny pages on other local origins that embed the widget.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Inbound, Reply } from '../../src/engine/types.ts'
import { startWeb, type WebChannel, type WebOptions } from '../../src/channels/web/index.ts'
import { createHttpServer, type HttpServer } from '../../src/http/server.ts'
import { testRuntime, type TestRuntime } from './whatsapp-runtime.ts'

export interface WebChatServer {
  runtime: TestRuntime
  http: HttpServer
  channel: WebChannel
  url: string
  /** Every message the gate handled, in order, and the replies it gave to each. */
  handled: Inbound[]
  answers: Reply[][]
  /** Runs before the gate handles a message (tests drop connections there). */
  beforeTurn?: (inbound: Inbound) => Promise<void> | void
  close(): Promise<void>
}

export async function startWebChat(origins: string, extra: Partial<WebOptions> = {}, env: Record<string, string> = {}): Promise<WebChatServer> {
  const runtime = testRuntime(env)
  const http = createHttpServer(runtime.logger)
  const handled: Inbound[] = []
  const answers: Reply[][] = []
  const server = { runtime, http, handled, answers } as WebChatServer
  const gate = {
    async handle(inbound: Inbound): Promise<Reply[]> {
      handled.push(inbound)
      await server.beforeTurn?.(inbound)
      const replies = await runtime.gate.handle(inbound)
      answers.push(replies)
      return replies
    },
  }
  server.channel = await startWeb({ runtime: { ...runtime, gate }, http, origins, ...extra })
  await http.listen({ port: 0, host: '127.0.0.1' })
  server.url = `http://127.0.0.1:${(http.server.address() as AddressInfo).port}`
  server.close = async () => {
    await server.channel.stop()
    await http.close()
    await runtime.close()
  }
  return server
}

/** A plain page server on 127.0.0.1 (another origin than the assistant): every path answers `html`. */
export async function startPageServer(html: () => string): Promise<{ port: number; close(): Promise<void> }> {
  const server: Server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
    response.end(html())
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
