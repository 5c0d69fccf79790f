-- What each of a source's windows holds now, as the limiter counts it (read-only): for a sliding window, the
-- charges of the requests answered (or past their arrival bound) within its period, plus every request in flight
-- or reserved; for a clock-aligned fixed window, its current bucket's counter.
-- KEYS: 1 in flight (zset), 2 log (zset member "<id>|<weight>" -> point us), 3 reserved (zset), 4 fixed-window
--       counters (hash "<window>:<bucket start us>")
-- ARGV: per window, in the limiter's order (1-based index = position): period (us), fixed (0/1), weighted (0/1)
-- Returns the charge in each window.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local fmt = function(v) return string.format('%d', v) end
local function charges(members, weighted)
  if not weighted then
    return #members
  end
  local sum = 0
  for _, m in ipairs(members) do
    sum = sum + tonumber(string.match(m, '|(%d+)$') or '1')
  end
  return sum
end
local pending = {redis.call('ZRANGE', KEYS[1], 0, -1), redis.call('ZRANGE', KEYS[3], 0, -1)}
local used = {}
for i = 1, #ARGV, 3 do
  local period, fixed, weighted = tonumber(ARGV[i]), ARGV[i + 1] == '1', ARGV[i + 2] == '1'
  local index = (i + 2) / 3
  if fixed then
    used[#used + 1] = tonumber(redis.call('HGET', KEYS[4], index .. ':' .. fmt(math.floor(now / period) * period)) or '0')
  else
    local since = '(' .. fmt(now - period)
    local answered
    if weighted then
      answered = charges(redis.call('ZRANGEBYSCORE', KEYS[2], since, '+inf'), true)
    else
      answered = redis.call('ZCOUNT', KEYS[2], since, '+inf')
    end
    used[#used + 1] = answered + charges(pending[1], weighted) + charges(pending[2], weighted)
  end
end
return used
