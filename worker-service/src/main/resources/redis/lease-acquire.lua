-- Takes one concurrency permit in every scope at once, or none. Expired leases (holders that stopped
-- renewing, e.g. a killed worker) are dropped first, so their permits come back by themselves.
-- Callers that must wait queue per scope by priority, then arrival: a free permit goes to the front of the
-- queue, so under contention capacity goes to higher priority first. A waiter that stops asking (its worker
-- died) leaves the queue after 2 s.
-- KEYS: per scope three keys: leases (zset id -> deadline ms), queue (zset id -> rank), last seen (hash)
-- ARGV: 1 lease id, 2 ttl (ms), 3 queue rank (lower first), 4.. limit per scope
-- Returns 1 when taken, 0 when it must wait.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local id = ARGV[1]
local granted = true
for i = 1, #KEYS / 3 do
  local leases, queue, seen = KEYS[3 * i - 2], KEYS[3 * i - 1], KEYS[3 * i]
  redis.call('ZREMRANGEBYSCORE', leases, '-inf', now)
  local last = redis.call('HGETALL', seen)
  for j = 1, #last, 2 do
    if now - tonumber(last[j + 1]) > 2000 then
      redis.call('ZREM', queue, last[j])
      redis.call('HDEL', seen, last[j])
    end
  end
  redis.call('ZADD', queue, 'NX', ARGV[3], id)
  redis.call('HSET', seen, id, now)
  redis.call('PEXPIRE', queue, 60000)
  redis.call('PEXPIRE', seen, 60000)
  local free = tonumber(ARGV[3 + i]) - redis.call('ZCARD', leases)
  if redis.call('ZRANK', queue, id) >= free then
    granted = false
  end
end
if not granted then
  return 0
end
local deadline = now + tonumber(ARGV[2])
for i = 1, #KEYS / 3 do
  local leases, queue, seen = KEYS[3 * i - 2], KEYS[3 * i - 1], KEYS[3 * i]
  redis.call('ZADD', leases, deadline, id)
  redis.call('PEXPIRE', leases, tonumber(ARGV[2]) * 4)
  redis.call('ZREM', queue, id)
  redis.call('HDEL', seen, id)
end
return 1
