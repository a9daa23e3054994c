/**
 * The Lua scripts of the Redis store. Each touches keys of one hash slot only, so it runs on Redis Cluster too,
 * and each does atomically what would otherwise race between processes.
 */

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
 * counts in text byte order), KEYS[2] = hash text → {"lang","firstAt","lastAt"}.
 * ARGV[1] = text, ARGV[2] = lang, ARGV[3] = at (ISO). Counts one occurrence; keeps the first language and the
 * earliest and latest time.
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
return 1`
