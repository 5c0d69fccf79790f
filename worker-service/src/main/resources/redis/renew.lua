-- Keeps requests that are waiting for their answer in flight (counting until the answer): extends each
-- member's deadline that has not passed. A worker that dies stops renewing, and its requests become log
-- points within one TTL.
-- KEYS: 1 in flight. ARGV: 1 ttl (us), 2.. members. Returns how many were extended.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local extended = 0
for i = 2, #ARGV do
  local score = redis.call('ZSCORE', KEYS[1], ARGV[i])
  if score and tonumber(score) >= now then
    redis.call('ZADD', KEYS[1], 'XX', string.format('%d', now + tonumber(ARGV[1])), ARGV[i])
    extended = extended + 1
  end
end
return extended
