-- Cancels tasks of one job that have not ended, counting them, and finishes the job when nothing is left.
-- KEYS: 1 task states hash, 2 job hash
-- ARGV: 1 time (ms), 2.. task ids
-- Task detail and source summary keys are derived from the job hash key (same hash tag, same slot).
-- Returns the number of tasks cancelled by this call.
local cancelled = 0
for i = 2, #ARGV do
  local id = ARGV[i]
  local current = redis.call('HGET', KEYS[1], id)
  if current == '{{TaskState.QUEUED}}' or current == '{{TaskState.RUNNING}}' or current == '{{TaskState.RETRYING}}' then
    redis.call('HSET', KEYS[1], id, '{{TaskState.CANCELLED}}')
    redis.call('HSET', KEYS[2] .. ':task:' .. id, 'state', '{{TaskState.CANCELLED}}', 'cancelledAtMs', ARGV[1])
    local source = string.match(id, '^[^.]+%.([^.]+)%.')
    if source then
      redis.call('HINCRBY', KEYS[2] .. ':source:' .. source, 'cancelled', 1)
    end
    cancelled = cancelled + 1
  end
end
if cancelled == 0 then
  return 0
end
redis.call('HINCRBY', KEYS[2], 'cancelled', cancelled)
local state = redis.call('HGET', KEYS[2], 'state')
if state == '{{JobState.CANCELLED}}' or state == '{{JobState.COMPLETED}}' or state == '{{JobState.FAILED}}' then
  return cancelled
end
local failed = tonumber(redis.call('HGET', KEYS[2], 'failed') or '0')
local done = tonumber(redis.call('HGET', KEYS[2], 'succeeded') or '0') + failed
  + tonumber(redis.call('HGET', KEYS[2], 'cancelled') or '0') + tonumber(redis.call('HGET', KEYS[2], 'noData') or '0')
if done >= tonumber(redis.call('HGET', KEYS[2], 'total')) then
  local final = '{{JobState.COMPLETED}}'
  if failed > tonumber(redis.call('HGET', KEYS[2], 'toleratedFailures') or '0') then
    final = '{{JobState.FAILED}}'
  end
  redis.call('HSET', KEYS[2], 'state', final, 'finishedAtMs', ARGV[1])
end
return cancelled
