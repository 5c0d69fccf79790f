-- Pauses, resumes or cancels a job, setting its state and the control key workers read, together.
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
  redis.call('HDEL', KEYS[1], 'pauseReason')
  redis.call('SET', KEYS[2], '{{JobState.CANCELLED}}', 'EX', ARGV[3])
  return 'ok:CANCELLED'
end
return redis.error_reply('unknown operation ' .. op)
