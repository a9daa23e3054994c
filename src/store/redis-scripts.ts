/**
 * The Lua scripts of the Redis store. Each touches keys of one hash slot only, so it runs on Redis Cluster too,
 * and each does atomically what would otherwise race between processes.
 */
import { createHash } from 'node:crypto'
import type { Cluster, Redis } from 'ioredis'

/** KEYS[1] = key, ARGV[1] = token. Deletes the key only if it still holds our token (lock release, lease release). */
export const COMPARE_AND_DELETE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0`

/** KEYS[1] = key, ARGV[1] = token, ARGV[2] = ttl ms. Extends the key only if it still holds our token. */
export const COMPARE_AND_PEXPIRE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0`

/** KEYS[1] = hash, ARGV[1] = field, ARGV[2] = value. Sets the field and returns the previous value (or nil). */
export const HASH_SWAP = `
local previous = redis.call('HGET', KEYS[1], ARGV[1])
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
return previous`

/**
 * KEYS[1] = hash of JSON records, ARGV[1] = userKey, ARGV[2..] = ids.
 * Deletes the listed records whose JSON `userKey` is ARGV[1] (a record may have moved to another user since it
 * was indexed); returns how many went.
 */
export const DELETE_OWNED = `
local deleted = 0
for i = 2, #ARGV do
  local value = redis.call('HGET', KEYS[1], ARGV[i])
  if value then
    local ok, record = pcall(cjson.decode, value)
    if ok and type(record) == 'table' and record.userKey == ARGV[1] then
      redis.call('HDEL', KEYS[1], ARGV[i])
      deleted = deleted + 1
    end
  end
end
return deleted`

/**
 * KEYS[1] = ranking sorted set (score = minus the count, so that ZRANGE gives most frequent first and equal
 * counts in text byte order), KEYS[2] = hash text → {"lang","firstAt","lastAt"}, KEYS[3] = hash text → JSON
 * {userKey: occurrences} (who asked it, for deletion on request).
 * ARGV[1] = text, ARGV[2] = lang, ARGV[3] = at (ISO), ARGV[4] = userKey ('' for none). Counts one occurrence;
 * keeps the first language and the earliest and latest time.
 */
export const RECORD_UNANSWERED = `
redis.call('ZINCRBY', KEYS[1], -1, ARGV[1])
local meta = redis.call('HGET', KEYS[2], ARGV[1])
local m
if meta then
  m = cjson.decode(meta)
else
  m = { lang = ARGV[2], firstAt = ARGV[3], lastAt = ARGV[3] }
end
if ARGV[3] < m.firstAt then m.firstAt = ARGV[3] end
if ARGV[3] > m.lastAt then m.lastAt = ARGV[3] end
redis.call('HSET', KEYS[2], ARGV[1], cjson.encode(m))
if ARGV[4] ~= '' then
  local u = redis.call('HGET', KEYS[3], ARGV[1])
  local users = {}
  if u then users = cjson.decode(u) end
  users[ARGV[4]] = (tonumber(users[ARGV[4]]) or 0) + 1
  redis.call('HSET', KEYS[3], ARGV[1], cjson.encode(users))
end
return 1`

/**
 * KEYS as RECORD_UNANSWERED. ARGV[1] = userKey, ARGV[2..] = texts the user asked. Takes the user's occurrences
 * out of the counts; a question nobody else asked goes entirely. Returns how many questions changed.
 */
export const FORGET_UNANSWERED = `
local changed = 0
for i = 2, #ARGV do
  local u = redis.call('HGET', KEYS[3], ARGV[i])
  if u then
    local users = cjson.decode(u)
    local n = tonumber(users[ARGV[1]]) or 0
    if n > 0 then
      users[ARGV[1]] = nil
      local score = tonumber(redis.call('ZINCRBY', KEYS[1], n, ARGV[i]))
      if score >= 0 then
        redis.call('ZREM', KEYS[1], ARGV[i])
        redis.call('HDEL', KEYS[2], ARGV[i])
        redis.call('HDEL', KEYS[3], ARGV[i])
      elseif next(users) == nil then
        redis.call('HDEL', KEYS[3], ARGV[i])
      else
        redis.call('HSET', KEYS[3], ARGV[i], cjson.encode(users))
      end
      changed = changed + 1
    end
  end
end
return changed`

/**
 * KEYS as RECORD_UNANSWERED. ARGV[1] = ISO datetime: deletes the questions last asked before it ('' deletes all).
 * Returns how many went. Reads the whole meta hash: run by officers and by the hourly age purge, not per message.
 */
export const PURGE_UNANSWERED = `
if ARGV[1] == '' then
  local n = redis.call('ZCARD', KEYS[1])
  redis.call('DEL', KEYS[1], KEYS[2], KEYS[3])
  return n
end
local all = redis.call('HGETALL', KEYS[2])
local n = 0
for i = 1, #all, 2 do
  local ok, m = pcall(cjson.decode, all[i + 1])
  if not ok or type(m) ~= 'table' or type(m.lastAt) ~= 'string' or m.lastAt < ARGV[1] then
    redis.call('ZREM', KEYS[1], all[i])
    redis.call('HDEL', KEYS[2], all[i])
    redis.call('HDEL', KEYS[3], all[i])
    n = n + 1
  end
end
return n`

/**
 * A turn's first step: a fair per-user lock (across processes), the session, and the duplicate check, in one
 * round trip.
 *
 * KEYS[1] = lock (string: holder's token), KEYS[2] = waiting queue (sorted set: token, score = message time),
 * KEYS[3] = waiters' deadlines (sorted set: token, score = Redis time in ms after which the waiter counts as gone),
 * KEYS[4] = session, KEYS[5] = handled message ids (sorted set).
 * ARGV[1] = token, ARGV[2] = lock ttl ms, ARGV[3] = order (message time), ARGV[4] = waiter ttl ms, ARGV[5] = message id.
 *
 * Returns {2} when the message was handled before (and leaves the queue), {1, session or false} when the lock
 * is taken, {0} when the caller must poll again (it is then in the queue, its deadline renewed). The lock goes
 * to the waiter with the lowest order once the holder lets go; a waiter that stops polling (its process died)
 * is dropped after its deadline, so it can never block the queue for long.
 */
export const ACQUIRE_TURN = `
if redis.call('ZSCORE', KEYS[5], ARGV[5]) then
  redis.call('ZREM', KEYS[2], ARGV[1])
  redis.call('ZREM', KEYS[3], ARGV[1])
  return {2}
end
local free = redis.call('EXISTS', KEYS[1]) == 0
if free and redis.call('EXISTS', KEYS[2]) == 0 then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return {1, redis.call('GET', KEYS[4])}
end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1])
redis.call('ZADD', KEYS[3], now + tonumber(ARGV[4]), ARGV[1])
redis.call('PEXPIRE', KEYS[2], 60000)
redis.call('PEXPIRE', KEYS[3], 60000)
if not free then return {0} end
local gone = redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', now)
for _, token in ipairs(gone) do
  redis.call('ZREM', KEYS[2], token)
  redis.call('ZREM', KEYS[3], token)
end
local head = redis.call('ZRANGE', KEYS[2], 0, 0)
if head[1] ~= ARGV[1] then return {0} end
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('ZREM', KEYS[3], ARGV[1])
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return {1, redis.call('GET', KEYS[4])}`

/**
 * A turn's last step: saves the session and marks the message handled, then frees the lock, atomically and
 * only while the caller still holds the lock. Deleting the session (the user asked to delete their data) deletes
 * the handled ids too.
 *
 * KEYS[1] = lock, KEYS[2] = session, KEYS[3] = handled ids (sorted set).
 * ARGV[1] = token, ARGV[2] = session JSON ('' deletes the session), ARGV[3] = session ttl s,
 * ARGV[4] = message id, ARGV[5] = handled ttl s, ARGV[6] = how many handled ids to keep.
 * Returns 1, or 0 (nothing written) when the lock is no longer the caller's.
 */
export const COMMIT_TURN = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
if ARGV[2] == '' then
  -- the user's data was deleted: nothing keyed by them stays, not even message ids
  redis.call('DEL', KEYS[2], KEYS[3], KEYS[1])
  return 1
end
redis.call('SET', KEYS[2], ARGV[2], 'EX', ARGV[3])
local t = redis.call('TIME')
redis.call('ZADD', KEYS[3], tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000), ARGV[4])
redis.call('ZREMRANGEBYRANK', KEYS[3], 0, -1 - tonumber(ARGV[6]))
redis.call('EXPIRE', KEYS[3], ARGV[5])
redis.call('DEL', KEYS[1])
return 1`

/** KEYS[1] = waiting queue, KEYS[2] = waiters' deadlines, ARGV[1] = token. A waiter gives up its place. */
export const LEAVE_QUEUE = `
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('ZREM', KEYS[2], ARGV[1])
return 1`

/**
 * A script run by its SHA1 (EVALSHA), sent in full only when the server does not know it yet (after a restart or
 * on a new Cluster node): the hot path sends a few bytes instead of the whole script.
 */
export class LuaScript {
  readonly sha: string

  constructor(readonly source: string) {
    this.sha = createHash('sha1').update(source).digest('hex')
  }

  async run(client: Redis | Cluster, keys: string[], args: (string | number)[]): Promise<unknown> {
    try {
      return await client.evalsha(this.sha, keys.length, ...keys, ...args)
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error
      return client.eval(this.source, keys.length, ...keys, ...args)
    }
  }
}
