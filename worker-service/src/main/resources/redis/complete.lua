-- A request got its answer (or failed): if it still occupies the windows as in flight, from now on it is a
-- log point: at this moment (it arrived before it was answered), or at its deadline if that passed first
-- (its arrival bound ended before the answer came).
-- A reservation given up before it was sent (its task was stopped while waiting) is simply dropped.
-- KEYS: 1 in flight, 2 log, 3 reserved. ARGV: 1 member. Returns 1 if it was in flight.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
redis.call('ZREM', KEYS[3], ARGV[1])
local deadline = redis.call('ZSCORE', KEYS[1], ARGV[1])
if not deadline then
  return 0
end
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('ZADD', KEYS[2], string.format('%d', math.min(now, tonumber(deadline))), ARGV[1])
return 1
