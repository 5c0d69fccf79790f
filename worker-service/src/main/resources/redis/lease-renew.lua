-- Extends a held lease in every scope; a lease that already expired is not revived.
-- KEYS: the lease's scopes; ARGV: 1 lease id, 2 ttl (ms). Returns how many scopes still held it.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local held = 0
for i = 1, #KEYS do
  held = held + redis.call('ZADD', KEYS[i], 'XX', 'CH', now + tonumber(ARGV[2]), ARGV[1])
  redis.call('PEXPIRE', KEYS[i], tonumber(ARGV[2]) * 4)
end
return held
