-- Reserves a request slot of one source for the whole cluster, on Redis time.
-- A request occupies the span from its slot to its completion (its response came back): wherever in that
-- span it reached the source, it is counted. A new slot is granted only when fewer than N requests are in
-- flight or completed within the window before it (N = cps x safety x adaptive factor), so no sliding
-- second at the source can hold more than N, whatever the network or scheduling jitter. Requests in flight
-- past their deadline (a killed worker) count as completed when they expire.
-- KEYS: 1 in flight (zset member -> deadline us), 2 completed (zset member -> completion us), 3 adaptive state
-- ARGV: 1 cps, 2 burst, 3 safety factor, 4 guard (us), 5 member, 6 recovery per second, 7 in-flight ttl (us)
-- Returns {delay in us, or -1 when N requests are in flight (ask again shortly), effective rate}.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local state = redis.call('HMGET', KEYS[3], 'cooldownUntil', 'factor', 'factorAt')
local cooldown = tonumber(state[1] or '0')
local factor = tonumber(state[2] or '1')
local factorAt = now
if state[3] then
  factorAt = tonumber(state[3])
end
factor = math.min(1, factor + tonumber(ARGV[6]) * (now - factorAt) / 1000000)
local rate = tonumber(ARGV[1]) * tonumber(ARGV[3]) * factor
local perWindow = math.max(1, math.floor(rate + 1e-6))
local burstN = math.max(1, math.min(tonumber(ARGV[2]), perWindow))
local guard = tonumber(ARGV[4])
local window = 1000000 + guard
local burstWindow = math.floor(burstN * 1000000 / rate) + guard

local expired = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', string.format('%d', now))
for _, member in ipairs(expired) do
  redis.call('ZREM', KEYS[1], member)
  redis.call('ZADD', KEYS[2], string.format('%d', now), member)
end
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', '(' .. string.format('%d', now - window))
local inflight = redis.call('ZCARD', KEYS[1])
if inflight >= burstN then
  return {'-1', tostring(rate)}
end
local done = redis.call('ZCARD', KEYS[2])
local slot = math.max(now, cooldown)
local free = perWindow - inflight
if done >= free then
  local s = redis.call('ZRANGE', KEYS[2], done - free, done - free, 'WITHSCORES')
  slot = math.max(slot, tonumber(s[2]) + window)
end
local freeBurst = burstN - inflight
if done >= freeBurst then
  local s = redis.call('ZRANGE', KEYS[2], done - freeBurst, done - freeBurst, 'WITHSCORES')
  slot = math.max(slot, tonumber(s[2]) + burstWindow)
end
redis.call('ZADD', KEYS[1], string.format('%d', slot + tonumber(ARGV[7])), ARGV[5])
redis.call('PEXPIRE', KEYS[1], math.floor((slot - now + tonumber(ARGV[7])) / 1000) + 1000)
redis.call('PEXPIRE', KEYS[2], math.floor((slot - now + window) / 1000) + 60000)
return {string.format('%d', slot - now), tostring(rate)}
