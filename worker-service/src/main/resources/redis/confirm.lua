-- Called the moment before a reserved request is sent: answers whether it may go. A pause that began while
-- the request waited for its slot (a push-back, a ban, an operator's pause) stops it here, so no request
-- leaves after a pause is known; the reservation is dropped and the caller reserves again. A reservation
-- that expired (its holder was late beyond the hold) is no longer valid either. When it may go, the request
-- occupies the windows from now until now + occupy (its arrival bound, or until renewed while it waits for
-- its answer).
-- KEYS: 1 in flight, 2 state, 3 reserved. ARGV: 1 member, 2 occupy (us)
-- Returns 0 (send), -4 (send: it is the half-open breaker's probe, report how it went), a pause in us (> 0),
-- -2 (paused by an operator) or -3 (reservation expired).
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local score = redis.call('ZSCORE', KEYS[3], ARGV[1])
if not score then
  return -3
end
redis.call('ZREM', KEYS[3], ARGV[1])
if tonumber(score) < now then
  return -3
end
local st = redis.call('HMGET', KEYS[2], 'paused', 'cooldownUntil', 'banUntil', 'breakerUntil', 'breakerHalfOpen')
if st[1] == '1' then
  return -2
end
local pause = now
for i = 2, 4 do
  if st[i] then
    pause = math.max(pause, tonumber(st[i]))
  end
end
if pause > now then
  return pause - now
end
redis.call('ZADD', KEYS[1], string.format('%d', now + tonumber(ARGV[2])), ARGV[1])
redis.call('PEXPIRE', KEYS[1], math.floor(tonumber(ARGV[2]) / 1000) + 60000)
if st[5] == '1' then
  return -4
end
return 0
