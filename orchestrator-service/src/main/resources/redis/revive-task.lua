-- Puts a failed task back in the queue (a dead letter is replayed): FAILED -> QUEUED, the failure uncounted,
-- the job running again if it had finished. Tasks of a cancelled job are not revived.
-- KEYS: 1 task states hash, 2 task detail hash, 3 job hash, 4 source summary hash
-- ARGV: 1 taskId
-- Returns "revived", "unknown" or "skipped:<task state or CANCELLED job>".
local current = redis.call('HGET', KEYS[1], ARGV[1])
if not current then
  return 'unknown'
end
local jobState = redis.call('HGET', KEYS[3], 'state')
if jobState == 'CANCELLED' then
  return 'skipped:job CANCELLED'
end
if current ~= 'FAILED' then
  return 'skipped:' .. current
end
redis.call('HSET', KEYS[1], ARGV[1], 'QUEUED')
redis.call('HSET', KEYS[2], 'state', 'QUEUED')
if redis.call('HGET', KEYS[2], 'errorClass') == 'Timeout' then
  redis.call('HINCRBY', KEYS[4], 'timedOut', -1)
end
redis.call('HINCRBY', KEYS[3], 'failed', -1)
redis.call('HINCRBY', KEYS[4], 'failed', -1)
if jobState == 'COMPLETED' or jobState == 'FAILED' then
  redis.call('HSET', KEYS[3], 'state', 'RUNNING')
  redis.call('HDEL', KEYS[3], 'finishedAtMs')
end
return 'revived'
