-- A request of a reserved slot got its response: from now on it counts at its completion time.
-- KEYS: 1 in flight, 2 completed. ARGV: 1 member. Returns 1 if it was in flight.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
if redis.call('ZREM', KEYS[1], ARGV[1]) == 1 then
  redis.call('ZADD', KEYS[2], string.format('%d', now), ARGV[1])
  return 1
end
return 0
