-- A source pushed back: pause it for the whole cluster, and on a rate-limit answer (429) learn its real
-- ceiling. A ban teaches nothing about the rate (servers ban for ignoring Retry-After, or for reasons of their
-- own); 503 neither (an overloaded server says nothing about its limit). The requests still on their way when the
-- source filled up meet its Retry-After, so only the first answer of an episode (one that arrives after the
-- previous pause ended) teaches what the source accepted. In a sliding window: the most requests that reached it
-- (answered, or past their arrival bound; not those still on their way, which meet the Retry-After rather than
-- the limit; not the refused one, the newest answer) within any one period of the last period and a half: the
-- source counted them at arrival, Trawl knows them at their answer, so the window the source found full is one of
-- those ending a little before now. In a clock-aligned window: what was charged in the current bucket, less the
-- refused request. The window that was fullest relative to its limit is taken as the one the source enforces,
-- and the learned share of the configured limits drops to that level (never below the minimum share). The first
-- push-back also ends a new source's slow start.
-- The refused request's permit, when given, is completed first (as complete.lua does): the pause is known
-- before the request leaves the windows, in one round trip.
-- KEYS: 1 state, 2 in flight, 3 log, 4 fixed-window counters, 5 reserved
-- ARGV: 1 kind (throttled | unavailable | banned), 2 pause (us), 3 reason, 4 weight of the rejected request,
--       5 safety factor, 6 minimum share, 7 guard (us), 8 window count,
--       then per window: limit, period (us), fixed (0/1), charge (0 per request, 1 by weight, 2 per request
--       but only spacing requests: nothing is learned from it),
--       then the refused request's member ('' if none)
-- Returns {pause remaining in us, learned share}.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local fmt = function(v) return string.format('%d', v) end
local answered = ARGV[9 + tonumber(ARGV[8]) * 4]
if answered and answered ~= '' then
  redis.call('ZREM', KEYS[5], answered)
  local deadline = redis.call('ZSCORE', KEYS[2], answered)
  if deadline then
    redis.call('ZREM', KEYS[2], answered)
    redis.call('ZADD', KEYS[3], fmt(math.min(now, tonumber(deadline))), answered)
  end
end
local kind, pause, weight = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[4])
local safety, minShare, guard = tonumber(ARGV[5]), tonumber(ARGV[6]), tonumber(ARGV[7])
local st = redis.call('HMGET', KEYS[1], 'cooldownUntil', 'banUntil', 'learned', 'learnedAt')
local cooldown = tonumber(st[1] or '0')
local ban = tonumber(st[2] or '0')
local episodeStart = now >= math.max(cooldown, ban)

if kind == 'banned' then
  if now >= ban then
    -- one ban, however many answers already on their way meet it
    redis.call('HINCRBY', KEYS[1], 'bans', 1)
  end
  ban = math.max(ban, now + pause)
  redis.call('HSET', KEYS[1], 'banUntil', fmt(ban), 'banReason', ARGV[3])
else
  cooldown = math.max(cooldown, now + pause)
  redis.call('HSET', KEYS[1], 'cooldownUntil', fmt(cooldown), 'lastPushBack', ARGV[3])
  if kind == 'throttled' then
    redis.call('HINCRBY', KEYS[1], 'throttles', 1)
  end
end

local factor = tonumber(st[3] or '1')
if kind == 'throttled' then
  redis.call('HDEL', KEYS[1], 'ramp')
end
if kind == 'throttled' and episodeStart then
  local arrived = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', fmt(now), 'WITHSCORES')
  local function chargeOf(m, weighted)
    if not weighted then
      return 1
    end
    return tonumber(string.match(m, '|(%d+)$') or '1')
  end
  local fullest = 0
  for i = 1, tonumber(ARGV[8]) do
    local base = 8 + (i - 1) * 4
    local limit, period = tonumber(ARGV[base + 1]), tonumber(ARGV[base + 2])
    local fixed, weighted, pacing = ARGV[base + 3] == '1', ARGV[base + 4] == '1', ARGV[base + 4] == '2'
    local charge = weighted and weight or 1
    local accepted = 0
    if fixed then
      accepted = tonumber(redis.call('HGET', KEYS[4], i .. ':' .. fmt(math.floor(now / period) * period)) or '0')
        - charge
    elseif not pacing then
      local log = redis.call('ZRANGEBYSCORE', KEYS[3], '(' .. fmt(now - period - period / 2 - guard), '+inf',
        'WITHSCORES')
      local points = {}
      -- the newest answer is the refused request's own
      for k = 1, #log - 2, 2 do
        points[#points + 1] = {tonumber(log[k + 1]), chargeOf(log[k], weighted)}
      end
      for k = 1, #arrived, 2 do
        points[#points + 1] = {tonumber(arrived[k + 1]), chargeOf(arrived[k], weighted)}
      end
      table.sort(points, function(a, b) return a[1] < b[1] end)
      local first, sum = 1, 0
      for last = 1, #points do
        sum = sum + points[last][2]
        -- the source counts what arrived within less than a period of each arrival
        while points[last][1] - points[first][1] >= period do
          sum = sum - points[first][2]
          first = first + 1
        end
        accepted = math.max(accepted, sum)
      end
    end
    if not pacing then
      fullest = math.max(fullest, accepted / (limit * safety))
    end
  end
  if fullest > 0 then
    factor = math.max(minShare, math.min(factor, fullest))
  end
  redis.call('HSET', KEYS[1], 'learned', tostring(factor), 'learnedAt', fmt(now))
end
return {fmt(math.max(cooldown, ban) - now), tostring(factor)}
