-- Applies one task event atomically: state transition, job and per-source counters, job completion.
-- KEYS: 1 task states hash, 2 task detail hash, 3 job hash, 4 source summary hash, 5 failures list
-- ARGV: 1 taskId, 2 new state, 3 allowed current states (comma separated), 4 terminal "1"/"0",
--       5 counter to bump on a terminal state ("succeeded"/"failed"), 6 bytes, 7 rows, 8 event time (ms),
--       9 failure line, 10.. task detail field/value pairs
-- Returns "unknown", "ignored:<current state>", "applied:<new state>" or "finished:<job state>".
local current = redis.call('HGET', KEYS[1], ARGV[1])
if not current then
  return 'unknown'
end
if not string.find(',' .. ARGV[3] .. ',', ',' .. current .. ',', 1, true) then
  return 'ignored:' .. current
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('HSET', KEYS[2], 'state', ARGV[2])
for i = 10, #ARGV, 2 do
  redis.call('HSET', KEYS[2], ARGV[i], ARGV[i + 1])
end
local t = tonumber(ARGV[8])
local first = tonumber(redis.call('HGET', KEYS[4], 'firstStartMs') or '0')
if first == 0 or t < first then
  redis.call('HSET', KEYS[4], 'firstStartMs', t)
end
if redis.call('HGET', KEYS[3], 'state') == 'QUEUED' then
  redis.call('HSET', KEYS[3], 'state', 'RUNNING', 'startedAtMs', t)
end
if ARGV[4] ~= '1' then
  return 'applied:' .. ARGV[2]
end
redis.call('HINCRBY', KEYS[3], ARGV[5], 1)
redis.call('HINCRBY', KEYS[4], ARGV[5], 1)
redis.call('HINCRBY', KEYS[3], 'bytes', ARGV[6])
redis.call('HINCRBY', KEYS[4], 'bytes', ARGV[6])
redis.call('HINCRBY', KEYS[3], 'rows', ARGV[7])
local last = tonumber(redis.call('HGET', KEYS[4], 'lastEndMs') or '0')
if t > last then
  redis.call('HSET', KEYS[4], 'lastEndMs', t)
end
if ARGV[5] == 'failed' then
  redis.call('LPUSH', KEYS[5], ARGV[9])
  redis.call('LTRIM', KEYS[5], 0, 99)
end
local failed = tonumber(redis.call('HGET', KEYS[3], 'failed') or '0')
local done = tonumber(redis.call('HGET', KEYS[3], 'succeeded') or '0') + failed
if done >= tonumber(redis.call('HGET', KEYS[3], 'total')) then
  local state = 'COMPLETED'
  if failed > 0 then
    state = 'FAILED'
  end
  redis.call('HSET', KEYS[3], 'state', state, 'finishedAtMs', t)
  return 'finished:' .. state
end
return 'applied:' .. ARGV[2]
