-- A source answered 429/503: pause it for the whole cluster and lower its effective rate. Many requests
-- in flight see the same overload, so the rate is lowered once per pause, not once per answer (AIMD).
-- KEYS: 1 adaptive state (hash)
-- ARGV: 1 pause (us), 2 decrease factor, 3 minimum factor, 4 recovery per second
-- Returns {cooldown remaining in us, new factor}.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local state = redis.call('HMGET', KEYS[1], 'cooldownUntil', 'factor', 'factorAt')
local cooldown = tonumber(state[1] or '0')
local factor = tonumber(state[2] or '1')
local factorAt = now
if state[3] then
  factorAt = tonumber(state[3])
end
factor = math.min(1, factor + tonumber(ARGV[4]) * (now - factorAt) / 1000000)
if now >= cooldown then
  factor = math.max(tonumber(ARGV[3]), factor * tonumber(ARGV[2]))
end
cooldown = math.max(cooldown, now + tonumber(ARGV[1]))
redis.call('HSET', KEYS[1], 'cooldownUntil', string.format('%d', cooldown), 'factor', tostring(factor),
  'factorAt', string.format('%d', now))
redis.call('PEXPIRE', KEYS[1], 3600000)
return {string.format('%d', cooldown - now), tostring(factor)}
