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
if jobState == '{{JobState.CANCELLED}}' then
  return 'skipped:job CANCELLED'
end
if current ~= '{{TaskState.FAILED}}' then
  return 'skipped:' .. current
end
redis.call('HSET', KEYS[1], ARGV[1], '{{TaskState.QUEUED}}')
redis.call('HSET', KEYS[2], 'state', '{{TaskState.QUEUED}}')
if redis.call('HGET', KEYS[2], 'errorClass') == '{{ErrorClass.TIMEOUT}}' then
  redis.call('HINCRBY', KEYS[4], 'timedOut', -1)
end
redis.call('HINCRBY', KEYS[3], 'failed', -1)
redis.call('HINCRBY', KEYS[4], 'failed', -1)
if jobState == '{{JobState.COMPLETED}}' or jobState == '{{JobState.FAILED}}' then
  redis.call('HSET', KEYS[3], 'state', '{{JobState.RUNNING}}')
  redis.call('HDEL', KEYS[3], 'finishedAtMs')
end
return 'revived'
