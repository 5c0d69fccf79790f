-- The source's circuit breaker, shared by the cluster. "open": a worker's breaker saw too many requests fail;
-- every worker holds the source's requests until the open time is up, then one request at a time goes (the
-- probe, see reserve.lua). "probe": how the probe went: success closes the breaker, failure opens it again.
-- KEYS: 1 state. ARGV: 1 open | success | failure, 2 open time (us)
-- Returns the state after: "open", "closed" or "unchanged".
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local until_ = string.format('%d', now + tonumber(ARGV[2]))
if ARGV[1] == 'open' then
  if tonumber(redis.call('HGET', KEYS[1], 'breakerUntil') or '0') > now then
    return 'unchanged'
  end
  redis.call('HSET', KEYS[1], 'breakerUntil', until_, 'breakerHalfOpen', '1')
  redis.call('HINCRBY', KEYS[1], 'breakerOpened', 1)
  return 'open'
end
if redis.call('HGET', KEYS[1], 'breakerHalfOpen') ~= '1' then
  return 'unchanged'
end
if ARGV[1] == 'success' then
  redis.call('HDEL', KEYS[1], 'breakerUntil', 'breakerHalfOpen')
  return 'closed'
end
redis.call('HSET', KEYS[1], 'breakerUntil', until_)
return 'open'
