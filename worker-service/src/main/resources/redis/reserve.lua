-- Reserves the next request slot of one source for the whole cluster, on Redis time.
-- Sliding-window log: slot k may not come sooner than slot k-N plus the window, so no sliding second ever
-- holds more than N requests (N = cps x safety x adaptive factor). Slots are handed out in order; callers
-- wait until their slot, so nobody polls.
-- KEYS: 1 reserved slots (zset, score = slot in microseconds), 2 adaptive state (hash)
-- ARGV: 1 cps, 2 burst, 3 safety factor, 4 guard (us), 5 unique member, 6 recovery per second
-- Returns {wait in us, effective rate}.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local cps = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local guard = tonumber(ARGV[4])
local state = redis.call('HMGET', KEYS[2], 'cooldownUntil', 'factor', 'factorAt')
local cooldown = tonumber(state[1] or '0')
local factor = tonumber(state[2] or '1')
local factorAt = now
if state[3] then
  factorAt = tonumber(state[3])
end
factor = math.min(1, factor + tonumber(ARGV[6]) * (now - factorAt) / 1000000)
local rate = cps * tonumber(ARGV[3]) * factor
local perWindow = math.max(1, math.floor(rate + 1e-6))
local burstN = math.max(1, math.min(burst, perWindow))
local window = 1000000 + guard
local burstWindow = math.floor(burstN * 1000000 / rate) + guard
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(' .. string.format('%d', now - window))
local n = redis.call('ZCARD', KEYS[1])
local slot = math.max(now, cooldown)
if n > 0 then
  local last = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
  slot = math.max(slot, tonumber(last[2]))
end
if n >= perWindow then
  local s = redis.call('ZRANGE', KEYS[1], n - perWindow, n - perWindow, 'WITHSCORES')
  slot = math.max(slot, tonumber(s[2]) + window)
end
if n >= burstN then
  local s = redis.call('ZRANGE', KEYS[1], n - burstN, n - burstN, 'WITHSCORES')
  slot = math.max(slot, tonumber(s[2]) + burstWindow)
end
redis.call('ZADD', KEYS[1], string.format('%d', slot), ARGV[5])
redis.call('PEXPIRE', KEYS[1], math.floor((slot - now + window) / 1000) + 1000)
return {string.format('%d', slot - now), tostring(rate)}
