-- What a source said about its own counters, so Trawl is never more optimistic than the server:
-- "used": the weight the server has counted in its current clock-aligned window of a period (e.g.
--   X-MBX-USED-WEIGHT-1M): every fixed window of that period is raised to at least that, the window in which
--   the request was sent (it arrived in that one or a later one: an answer read just after a window's turn
--   reports the window before, which must not fill the new one);
-- "remaining": what the server still allows until its reset (IETF RateLimit, X-RateLimit-Remaining/-Reset):
--   from now on at most that much weight, less what is in flight now and may not be counted yet, goes out
--   before the reset.
-- "quota": the share of the configured limits the server's published policy allows (IETF RateLimit-Policy,
--   computed by the caller from the window of the same period): the learned share drops to it (never below the
--   minimum share) and is held there while the server keeps saying so, as if a push-back had taught it, without
--   the 429; a new source's slow start ends at it (the server said what it allows). A higher quota teaches
--   nothing otherwise: the share climbs back by the usual probing.
-- KEYS: 1 state, 2 in flight, 3 fixed-window counters
-- ARGV: 1 kind (used | remaining | quota), 2 value (a share for "quota"), 3 period or reset (us), 4 how long ago
--       the request was sent (us), then for "used" the indexes (1-based) of the fixed windows of that period,
--       for "quota" the minimum share
-- Returns 1.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local fmt = function(v) return string.format('%d', v) end
local value, span = tonumber(ARGV[2]), tonumber(ARGV[3])
if ARGV[1] == 'used' then
  local sent = now - tonumber(ARGV[4])
  local field = ':' .. fmt(math.floor(sent / span) * span)
  for i = 5, #ARGV do
    local key = ARGV[i] .. field
    if tonumber(redis.call('HGET', KEYS[3], key) or '0') < value then
      redis.call('HSET', KEYS[3], key, fmt(value))
      redis.call('PEXPIRE', KEYS[3], math.floor(2 * span / 1000) + 1000)
    end
  end
elseif ARGV[1] == 'quota' then
  local share = math.max(tonumber(ARGV[5]), value)
  local st = redis.call('HMGET', KEYS[1], 'learned', 'ramp')
  if st[2] == '1' or share <= tonumber(st[1] or '1') then
    redis.call('HSET', KEYS[1], 'learned', tostring(share), 'learnedAt', fmt(now))
    redis.call('HDEL', KEYS[1], 'ramp')
  end
else
  local pending = 0
  for _, m in ipairs(redis.call('ZRANGE', KEYS[2], 0, -1)) do
    pending = pending + tonumber(string.match(m, '|(%d+)$') or '1')
  end
  redis.call('HSET', KEYS[1], 'serverBudget', fmt(value - pending), 'serverResetAt', fmt(now + span))
end
return 1
