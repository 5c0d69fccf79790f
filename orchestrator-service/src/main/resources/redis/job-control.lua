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
  if state ~= 'QUEUED' and state ~= 'RUNNING' then
    return 'conflict:' .. state
  end
  redis.call('HSET', KEYS[1], 'state', 'PAUSED', 'pauseReason', 'paused by an operator')
  redis.call('SET', KEYS[2], 'PAUSED')
  return 'ok:PAUSED'
elseif op == 'resume' then
  if state ~= 'PAUSED' then
    return 'conflict:' .. state
  end
  local resumed = 'RUNNING'
  if not redis.call('HGET', KEYS[1], 'startedAtMs') then
    resumed = 'QUEUED'
  end
  redis.call('HSET', KEYS[1], 'state', resumed)
  redis.call('HDEL', KEYS[1], 'pauseReason')
  redis.call('DEL', KEYS[2])
  return 'ok:' .. resumed
elseif op == 'cancel' then
  if state == 'COMPLETED' or state == 'FAILED' or state == 'CANCELLED' then
    return 'conflict:' .. state
  end
  redis.call('HSET', KEYS[1], 'state', 'CANCELLED', 'finishedAtMs', ARGV[2])
  redis.call('HDEL', KEYS[1], 'pauseReason')
  redis.call('SET', KEYS[2], 'CANCELLED', 'EX', ARGV[3])
  return 'ok:CANCELLED'
end
return redis.error_reply('unknown operation ' .. op)
