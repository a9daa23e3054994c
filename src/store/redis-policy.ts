/**
 * Redis's `maxmemory-policy` decides what happens when its memory is full. Only `noeviction` is safe for this
 * assistant: Redis then refuses writes (the gate answers "try again" and nothing is lost), while every other
 * policy silently deletes keys:
 *
 * - `allkeys-*` may delete anything: leads, reports, the per-user indexes that "hapus data saya" needs,
 *   unanswered questions, channel state (WhatsApp login).
 * - `volatile-*` deletes only keys with a time to live, and ours are: sessions, per-user locks and their queues,
 *   handled message ids, duplicate marks and leases. Losing those means a redelivered message is handled twice,
 *   two processes handle one user at the same time, or a WhatsApp number is served twice. Leads and indexes
 *   (no time to live) would not be evicted, but the promise "each message exactly once" would break silently.
 *
 * So both families are refused. The policy is read with `CONFIG GET` and, where managed Redis disables that
 * command, from `INFO memory` (`maxmemory_policy`). When neither answers the store only warns.
 */

import { Cluster } from 'ioredis'
import type { RedisClient } from './redis.ts'

/** The policy of every master (one for a single server), or why it could not be read. */
export type PolicyReading = { policies: string[] } | { unreadable: string }

async function policyOf(node: Exclude<RedisClient, Cluster>): Promise<string> {
  try {
    const reply = (await node.config('GET', 'maxmemory-policy')) as unknown
    // RESP2: ['maxmemory-policy', value]; RESP3: a map.
    const value =
      reply instanceof Map
        ? reply.get('maxmemory-policy')
        : Array.isArray(reply)
          ? (reply.flat() as unknown[])[1]
          : (reply as Record<string, unknown> | null)?.['maxmemory-policy']
    if (typeof value === 'string' && value) return value
  } catch {
    // CONFIG is often renamed or disabled on managed Redis: try INFO.
  }
  const info = await node.info('memory')
  const match = /^maxmemory_policy:(\S+)/m.exec(info)
  if (!match?.[1]) throw new Error('neither CONFIG GET nor INFO memory says the maxmemory-policy')
  return match[1]
}

export async function readEvictionPolicy(client: RedisClient): Promise<PolicyReading> {
  const nodes = client instanceof Cluster ? client.nodes('master') : [client]
  try {
    return { policies: [...new Set(await Promise.all(nodes.map(policyOf)))] }
  } catch (error) {
    return { unreadable: error instanceof Error ? error.message : String(error) }
  }
}

/** A sentence for the operator when `policy` lets Redis delete keys we must keep; `undefined` when it is safe. */
export function evictionProblem(policy: string, target: string): string | undefined {
  if (policy === 'noeviction') return undefined
  const loses = policy.startsWith('volatile-')
    ? 'sessions, per-user locks, handled message ids and duplicate marks (keys with a time to live), so messages could be handled twice'
    : 'leads, reports, the per-user indexes that "hapus data saya" needs and duplicate marks'
  return (
    `Redis at ${target} has maxmemory-policy ${policy}: when its memory is full it silently deletes ${loses}. ` +
    'Set maxmemory-policy noeviction (redis.conf, `CONFIG SET maxmemory-policy noeviction`, or the parameter group of ' +
    'managed Redis) and give Redis enough memory; see docs/operations.md "Redis keys and memory".'
  )
}

/** What could not be checked, as a warning. */
export function unreadablePolicyWarning(target: string, reason: string): string {
  return (
    `Could not read the maxmemory-policy of Redis at ${target} (${reason}). Make sure it is noeviction: ` +
    'any other policy lets Redis silently delete leads or duplicate marks when its memory is full.'
  )
}
