-- Pauses, resumes or cancels a job, setting its state and the control key workers read, together. A cancel also
-- counts the tasks of a lazily planned job that were never dispatched as cancelled.
-- KEYS: 1 job hash, 2 job control key
-- ARGV: 1 "pause" / "resume" / "cancel", 2 time (ms), 3 control key TTL for a cancelled job (seconds)
-- Returns "ok:<new state>", "unknown" or "conflict:<current state>".
local state = redis.call('HGET', KEYS[1], 'state')
if not state then
  return 'unknown'
end
local op = ARGV[1]
if op == 'pause' then
  if state ~= '{{JobState.QUEUED}}' and state ~= '{{JobState.RUNNING}}' then
    return 'conflict:' .. state
  end
  redis.call('HSET', KEYS[1], 'state', '{{JobState.PAUSED}}', 'pauseReason', 'paused by an operator')
  redis.call('SET', KEYS[2], '{{JobState.PAUSED}}')
  return 'ok:PAUSED'
elseif op == 'resume' then
  if state ~= '{{JobState.PAUSED}}' then
    return 'conflict:' .. state
  end
  local resumed = '{{JobState.RUNNING}}'
  if not redis.call('HGET', KEYS[1], 'startedAtMs') then
    resumed = '{{JobState.QUEUED}}'
  end
  redis.call('HSET', KEYS[1], 'state', resumed)
  redis.call('HDEL', KEYS[1], 'pauseReason')
  redis.call('DEL', KEYS[2])
  return 'ok:' .. resumed
elseif op == 'cancel' then
  if state == '{{JobState.COMPLETED}}' or state == '{{JobState.FAILED}}' or state == '{{JobState.CANCELLED}}' then
    return 'conflict:' .. state
  end
  redis.call('HSET', KEYS[1], 'state', '{{JobState.CANCELLED}}', 'finishedAtMs', ARGV[2])
  -- a lazily planned job: what was never dispatched is cancelled too (never published, nothing to drop)
  local dispatched = redis.call('HGET', KEYS[1], 'dispatched')
  if dispatched then
    local rest = tonumber(redis.call('HGET', KEYS[1], 'total')) - tonumber(dispatched)
    if rest > 0 then
      redis.call('HINCRBY', KEYS[1], 'cancelled', rest)
      for source in string.gmatch(redis.call('HGET', KEYS[1], 'sources'), '[^,]+') do
        local key = KEYS[1] .. ':source:' .. source
        local left = tonumber(redis.call('HGET', key, 'total') or '0')
          - tonumber(redis.call('HGET', key, 'dispatched') or '0')
        if left > 0 then
          redis.call('HINCRBY', key, 'cancelled', left)
        end
      end
    end
  end
  redis.call('HDEL', KEYS[1], 'pauseReason')
  redis.call('SET', KEYS[2], '{{JobState.CANCELLED}}', 'EX', ARGV[3])
  return 'ok:CANCELLED'
end
return redis.error_reply('unknown operation ' .. op)
