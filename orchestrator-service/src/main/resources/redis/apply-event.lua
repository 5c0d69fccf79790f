-- Applies one task event atomically: state transition, job and per-source counters, job completion and the
-- automatic pause after too many failures.
-- KEYS: 1 task states hash, 2 task detail hash, 3 job hash, 4 source summary hash, 5 failures list,
--       6 job control key, 7 results hash (succeeded task -> object key and sha256)
-- ARGV: 1 taskId, 2 new state, 3 allowed current states (comma separated), 4 counter to bump when the task
--       ends ("succeeded"/"noData"/"failed"/"cancelled", "" when it does not end), 5 bytes, 6 rows, 7 event
--       time (ms), 8 failure line (failed) or symbol (noData), 9 "1" when the failure is a timeout,
--       10.. task detail field/value pairs
-- A task that succeeded leaves the task states hash: its entry in the results hash says it succeeded, so a job's
-- states hold only the tasks that are live or ended otherwise (the window, not the job).
-- Returns "unknown", "ignored:<current state>", "applied:<new state>", "paused:<failed count>" or
-- "finished:<job state>".
local current = redis.call('HGET', KEYS[1], ARGV[1])
if not current then
  if redis.call('HEXISTS', KEYS[7], ARGV[1]) == 1 then
    return 'ignored:{{TaskState.SUCCEEDED}}'
  end
  return 'unknown'
end
if not string.find(',' .. ARGV[3] .. ',', ',' .. current .. ',', 1, true) then
  return 'ignored:' .. current
end
if ARGV[2] == '{{TaskState.SUCCEEDED}}' then
  redis.call('HDEL', KEYS[1], ARGV[1])
else
  redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
end
if ARGV[2] == '{{TaskState.SUCCEEDED}}' or ARGV[2] == '{{TaskState.NO_DATA}}' then
  -- a task that needs no more attention keeps no details (a million tasks: ~450 MB less); a stored result keeps
  -- its object key and sha256 for verification
  redis.call('DEL', KEYS[2])
  if ARGV[2] == '{{TaskState.SUCCEEDED}}' then
    local objectKey, sha256 = '', ''
    for i = 10, #ARGV, 2 do
      if ARGV[i] == 'objectKey' then
        objectKey = ARGV[i + 1]
      elseif ARGV[i] == 'sha256' then
        sha256 = ARGV[i + 1]
      end
    end
    redis.call('HSET', KEYS[7], ARGV[1], objectKey .. ' ' .. sha256)
  end
else
  redis.call('HSET', KEYS[2], 'state', ARGV[2])
  for i = 10, #ARGV, 2 do
    redis.call('HSET', KEYS[2], ARGV[i], ARGV[i + 1])
  end
end
local t = tonumber(ARGV[7])
local first = tonumber(redis.call('HGET', KEYS[4], 'firstStartMs') or '0')
if first == 0 or t < first then
  redis.call('HSET', KEYS[4], 'firstStartMs', t)
end
local jobState = redis.call('HGET', KEYS[3], 'state')
if jobState == '{{JobState.QUEUED}}' then
  redis.call('HSET', KEYS[3], 'state', '{{JobState.RUNNING}}', 'startedAtMs', t)
  jobState = '{{JobState.RUNNING}}'
end
if ARGV[4] == '' or current == ARGV[2] then
  return 'applied:' .. ARGV[2]
end
redis.call('HINCRBY', KEYS[3], ARGV[4], 1)
redis.call('HINCRBY', KEYS[4], ARGV[4], 1)
redis.call('HINCRBY', KEYS[3], 'bytes', ARGV[5])
redis.call('HINCRBY', KEYS[4], 'bytes', ARGV[5])
redis.call('HINCRBY', KEYS[3], 'rows', ARGV[6])
redis.call('HINCRBY', KEYS[4], 'rows', ARGV[6])
local last = tonumber(redis.call('HGET', KEYS[4], 'lastEndMs') or '0')
if t > last then
  redis.call('HSET', KEYS[4], 'lastEndMs', t)
end
if ARGV[4] == 'noData' then
  -- per symbol, beside the summary (same hash tag): a symbol with no data anywhere is probably unknown
  redis.call('HINCRBY', KEYS[4] .. ':no-data', ARGV[8], 1)
end
if ARGV[4] == 'failed' then
  redis.call('LPUSH', KEYS[5], ARGV[8])
  redis.call('LTRIM', KEYS[5], 0, 99)
  if ARGV[9] == '1' then
    redis.call('HINCRBY', KEYS[4], 'timedOut', 1)
  end
end
local failed = tonumber(redis.call('HGET', KEYS[3], 'failed') or '0')
local done = tonumber(redis.call('HGET', KEYS[3], 'succeeded') or '0') + failed
  + tonumber(redis.call('HGET', KEYS[3], 'cancelled') or '0') + tonumber(redis.call('HGET', KEYS[3], 'noData') or '0')
if done >= tonumber(redis.call('HGET', KEYS[3], 'total')) and jobState ~= '{{JobState.CANCELLED}}' then
  local state = '{{JobState.COMPLETED}}'
  if failed > tonumber(redis.call('HGET', KEYS[3], 'toleratedFailures') or '0') then
    state = '{{JobState.FAILED}}'
  end
  redis.call('HSET', KEYS[3], 'state', state, 'finishedAtMs', t)
  redis.call('DEL', KEYS[6])
  return 'finished:' .. state
end
if ARGV[4] == 'failed' and (jobState == '{{JobState.RUNNING}}') then
  local pauseAfter = tonumber(redis.call('HGET', KEYS[3], 'pauseAfterFailures') or '0')
  local base = tonumber(redis.call('HGET', KEYS[3], 'pausedAtFailures') or '0')
  if pauseAfter > 0 and failed - base >= pauseAfter then
    redis.call('HSET', KEYS[3], 'state', '{{JobState.PAUSED}}', 'pausedAtFailures', failed, 'pauseReason',
      'too many failures: ' .. (failed - base) .. ' tasks failed (pause-after-failures ' .. pauseAfter .. ')')
    redis.call('SET', KEYS[6], '{{JobState.PAUSED}}')
    return 'paused:' .. failed
  end
end
return 'applied:' .. ARGV[2]
