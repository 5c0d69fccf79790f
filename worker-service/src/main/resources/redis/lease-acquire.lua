-- Takes one concurrency permit in every scope at once, or none. Expired leases (holders that stopped
-- renewing, e.g. a killed worker) are dropped first, so their permits come back by themselves.
-- KEYS: one sorted set per scope (member = lease id, score = deadline in ms)
-- ARGV: 1 lease id, 2 ttl (ms), 3.. limit per scope, in KEYS order
-- Returns 1 when taken, 0 when some scope is full.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
for i = 1, #KEYS do
  redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', now)
  if redis.call('ZCARD', KEYS[i]) >= tonumber(ARGV[2 + i]) then
    return 0
  end
end
local deadline = now + tonumber(ARGV[2])
for i = 1, #KEYS do
  redis.call('ZADD', KEYS[i], deadline, ARGV[1])
  redis.call('PEXPIRE', KEYS[i], tonumber(ARGV[2]) * 4)
end
return 1
