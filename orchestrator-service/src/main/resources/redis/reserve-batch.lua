-- Records one batch of a lazily planned job before its tasks are published: its tasks QUEUED (so no event can
-- arrive for an unknown task), the tasks dispatched per source, and the partitions an incremental batch left out
-- because they are already collected (they leave the job's total). The batch's end becomes the job's pending
-- cursor: the dispatcher publishes the batch, then commits it (commit-batch.lua). A dispatcher that dies in
-- between leaves the pending cursor, and the next one publishes the batch again (at least once).
-- KEYS: 1 job hash, 2 task states hash, 3 job control key
-- ARGV: 1 expected cursor, 2 batch end, 3 time (ms), 4 number of sources n, then n triples (source, tasks
--       dispatched, partitions already collected), then the task ids
-- Source summaries are derived from the job hash key (same hash tag, same slot).
-- Returns "reserved", "moved" (another dispatcher got there first), "paused", "stopped:<job state>" or
-- "finished:<job state>" (the batch left nothing to do and nothing else was left).
local state = redis.call('HGET', KEYS[1], 'state')
if not state then
  return 'stopped:gone'
end
if state == '{{JobState.PAUSED}}' then
  return 'paused'
end
if state ~= '{{JobState.QUEUED}}' and state ~= '{{JobState.RUNNING}}' then
  return 'stopped:' .. state
end
if redis.call('HGET', KEYS[1], 'cursor') ~= ARGV[1] or redis.call('HEXISTS', KEYS[1], 'pending') == 1 then
  return 'moved'
end
local n = tonumber(ARGV[4])
local first = 5 + 3 * n
for i = first, #ARGV do
  redis.call('HSETNX', KEYS[2], ARGV[i], '{{TaskState.QUEUED}}')
end
redis.call('HINCRBY', KEYS[1], 'dispatched', #ARGV - first + 1)
local collected = 0
for i = 0, n - 1 do
  local source = KEYS[1] .. ':source:' .. ARGV[5 + 3 * i]
  redis.call('HINCRBY', source, 'dispatched', ARGV[6 + 3 * i])
  local skipped = tonumber(ARGV[7 + 3 * i])
  if skipped > 0 then
    redis.call('HINCRBY', source, 'total', -skipped)
    redis.call('HINCRBY', source, 'alreadyCollected', skipped)
    collected = collected + skipped
  end
end
redis.call('HSET', KEYS[1], 'pending', ARGV[2])
if collected == 0 then
  return 'reserved'
end
local total = redis.call('HINCRBY', KEYS[1], 'total', -collected)
redis.call('HINCRBY', KEYS[1], 'alreadyCollected', collected)
local ratio = tonumber(redis.call('HGET', KEYS[1], 'toleratedRatio') or '0')
redis.call('HSET', KEYS[1], 'toleratedFailures', math.floor(total * ratio))
local failed = tonumber(redis.call('HGET', KEYS[1], 'failed') or '0')
local done = tonumber(redis.call('HGET', KEYS[1], 'succeeded') or '0') + failed
  + tonumber(redis.call('HGET', KEYS[1], 'cancelled') or '0') + tonumber(redis.call('HGET', KEYS[1], 'noData') or '0')
if done >= total then
  local final = '{{JobState.COMPLETED}}'
  if failed > math.floor(total * ratio) then
    final = '{{JobState.FAILED}}'
  end
  redis.call('HSET', KEYS[1], 'state', final, 'finishedAtMs', ARGV[3])
  redis.call('DEL', KEYS[3])
  return 'finished:' .. final
end
return 'reserved'
