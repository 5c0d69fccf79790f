-- Reserves the earliest slot at which one request of a source may be sent, for the whole cluster, on Redis
-- time. A source's limits are windows (limit, period, sliding or clock-aligned fixed); every request is
-- charged in all of them at once: its weight, or 1 in a window that counts requests.
-- A request occupies a sliding window from its slot until a point at or after its arrival at the source:
-- while reserved (not sent yet) or in flight (sent) it counts in every window; afterwards it is a point in
-- the log at the moment it was answered or its arrival bound passed. A new slot s is granted only when the charges of the log
-- points later than s - period, plus every request in flight, leave room for this one: the source can then
-- never see more than the limit in any window, wherever within its span a request arrived.
-- Fixed windows are counters per clock-aligned bucket; a request whose arrival bound crosses into the next
-- bucket is charged in both.
-- The spacing window (burst) is Trawl's own: it spaces the slots themselves (B slots per B / cps), whatever
-- the answers' latency.
-- Pauses (push-back cool-down, ban, open breaker, server budget spent) move the slot; an operator's pause
-- answers -2; once an open breaker's time is up, one request at a time goes (the probe). The learned ceiling (a share of the configured limits, lowered by push-backs) scales every
-- limit; it probes upward by a step after every quiet interval (and is stored so). A source's first reservation
-- ever starts its slow start (unless switched off): the ceiling begins at a share of the configured limits and climbs
-- by its own step every slow-start interval until the limits or the first push-back, so a limit configured higher
-- than the source's costs a 429 or two at a rate just above the real one, not a burst of them.
-- KEYS: 1 in flight (zset member -> deadline us), 2 log (zset member -> point us), 3 state (hash),
--       4 fixed-window counters (hash "<window>:<bucket start us>" -> charge), 5 reserved (zset member ->
--       slot + hold us), 6 slots granted (zset member -> slot us), for the spacing window
-- ARGV: 1 member ("<id>|<weight>"), 2 weight, 3 hold (us a reservation lives past its slot unconfirmed),
--       4 arrival bound (us after the slot), 5 guard (us), 6 safety factor, 7 probe step, 8 probe interval (us),
--       9 longest pause worth a reservation (us), 10 window count, 11 slow-start share (1 = none), 12 slow-start
--       step, 13 slow-start interval (us), then per window: limit, period (us), fixed (0/1), charge (0 per
--       request, 1 by weight, 2 per request, spacing only)
-- Returns {delay in us | -1 (in-flight requests fill a window: ask again shortly) | -2 (paused by an
-- operator) | -5 (paused longer than ARGV 9: the third element says how long), effective requests per second,
-- pause in us}.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local member, weight = ARGV[1], tonumber(ARGV[2])
local hold, bound, guard = tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
local safety, step, interval = tonumber(ARGV[6]), tonumber(ARGV[7]), tonumber(ARGV[8])
local fmt = function(v) return string.format('%d', v) end

local st = redis.call('HMGET', KEYS[3], 'paused', 'cooldownUntil', 'banUntil', 'breakerUntil', 'learned',
  'learnedAt', 'serverBudget', 'serverResetAt', 'breakerHalfOpen', 'started', 'ramp')
if st[1] == '1' then
  return {'-2', '0'}
end
if not st[10] then
  redis.call('HSET', KEYS[3], 'started', fmt(now))
  if tonumber(ARGV[11]) < 1 and not st[5] then
    st[5], st[6], st[11] = ARGV[11], fmt(now), '1'
    redis.call('HSET', KEYS[3], 'learned', st[5], 'learnedAt', st[6], 'ramp', '1')
  end
end
if st[11] == '1' then
  step, interval = tonumber(ARGV[12]), tonumber(ARGV[13])
end
local factor = tonumber(st[5] or '1')
if factor < 1 and st[6] then
  local quiet = now - tonumber(st[6])
  if quiet >= interval then
    factor = math.min(1, factor + step * math.floor(quiet / interval))
    if factor >= 1 then
      redis.call('HDEL', KEYS[3], 'learned', 'learnedAt', 'ramp')
    else
      redis.call('HSET', KEYS[3], 'learned', tostring(factor), 'learnedAt', fmt(now))
    end
  end
end

local windows = {}
local longest = 0
local rate = nil
for i = 1, tonumber(ARGV[10]) do
  local base = 13 + (i - 1) * 4
  local w = {limit = tonumber(ARGV[base + 1]), period = tonumber(ARGV[base + 2]),
    fixed = ARGV[base + 3] == '1', weighted = ARGV[base + 4] == '1', pacing = ARGV[base + 4] == '2'}
  w.charge = w.weighted and weight or 1
  if w.pacing then
    w.period = math.floor(w.period / (safety * factor))
  end
  w.eff = math.max(w.charge, math.floor(w.limit * safety * factor + 1e-9))
  windows[i] = w
  if not w.fixed and not w.pacing then
    longest = math.max(longest, w.period)
  end
  local r = w.eff / w.charge * 1000000 / w.period
  if rate == nil or r < rate then
    rate = r
  end
end

local function chargeOf(m, weighted)
  if not weighted then
    return 1
  end
  return tonumber(string.match(m, '|(%d+)$') or '1')
end

-- requests past their deadline (past their arrival bound, or their worker died) become log points;
-- reservations never confirmed were never sent (a request goes out only once confirmed): they just lapse
local expired = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', fmt(now), 'WITHSCORES')
for k = 1, #expired, 2 do
  redis.call('ZREM', KEYS[1], expired[k])
  redis.call('ZADD', KEYS[2], expired[k + 1], expired[k])
end
redis.call('ZREMRANGEBYSCORE', KEYS[5], '-inf', fmt(now))
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', '(' .. fmt(now - longest - guard))
local inflight = redis.call('ZRANGE', KEYS[1], 0, -1)
for _, m in ipairs(redis.call('ZRANGE', KEYS[5], 0, -1)) do
  inflight[#inflight + 1] = m
end

local slot = now
for _, until_ in ipairs({st[2], st[3], st[4]}) do
  if until_ then
    slot = math.max(slot, tonumber(until_))
  end
end
if slot - now > tonumber(ARGV[9]) then
  return {'-5', tostring(rate), fmt(slot - now)}
end

-- a half-open breaker lets one request at a time through, cluster-wide: the probe
if st[9] == '1' and #inflight > 0 then
  return {'-1', tostring(rate)}
end

for _, w in ipairs(windows) do
  if w.pacing then
    local recent = redis.call('ZREVRANGEBYSCORE', KEYS[6], '+inf', '(' .. fmt(now - w.period), 'WITHSCORES', 'LIMIT', 0, w.limit)
    if #recent >= 2 * w.limit then
      slot = math.max(slot, tonumber(recent[2 * w.limit]) + w.period)
    end
  elseif not w.fixed then
    local budget = w.eff - w.charge
    for _, m in ipairs(inflight) do
      budget = budget - chargeOf(m, w.weighted)
    end
    if budget < 0 then
      return {'-1', tostring(rate)}
    end
    local points = redis.call('ZREVRANGEBYSCORE', KEYS[2], '+inf', '(' .. fmt(now - w.period - guard), 'WITHSCORES')
    local used = 0
    for k = 1, #points, 2 do
      used = used + chargeOf(points[k], w.weighted)
      if used > budget then
        slot = math.max(slot, tonumber(points[k + 1]) + w.period + guard)
        break
      end
    end
  end
end

local function bucketUse(i, start)
  return tonumber(redis.call('HGET', KEYS[4], i .. ':' .. fmt(start)) or '0')
end
for _ = 1, 16 do
  local moved = false
  for i, w in ipairs(windows) do
    if w.fixed then
      local start = math.floor(slot / w.period) * w.period
      local full = bucketUse(i, start) + w.charge > w.eff
      if not full and slot + bound >= start + w.period then
        full = bucketUse(i, start + w.period) + w.charge > w.eff
      end
      if full then
        slot = start + w.period
        moved = true
      end
    end
  end
  if not moved then
    break
  end
end

local serverBudgetKnown = st[8] and tonumber(st[8]) > now
if serverBudgetKnown and tonumber(st[7] or '0') < weight then
  slot = math.max(slot, tonumber(st[8]))
end
if slot - now > tonumber(ARGV[9]) then
  return {'-5', tostring(rate), fmt(slot - now)}
end
if serverBudgetKnown and tonumber(st[7] or '0') >= weight then
  redis.call('HINCRBY', KEYS[3], 'serverBudget', -weight)
end

local keep = 0
for i, w in ipairs(windows) do
  if w.fixed then
    local start = math.floor(slot / w.period) * w.period
    redis.call('HINCRBY', KEYS[4], i .. ':' .. fmt(start), w.charge)
    if slot + bound >= start + w.period then
      redis.call('HINCRBY', KEYS[4], i .. ':' .. fmt(start + w.period), w.charge)
    end
    keep = math.max(keep, slot - now + 2 * w.period)
  end
end
if keep > 0 then
  if redis.call('HLEN', KEYS[4]) > 8 * #windows then
    local fields = redis.call('HKEYS', KEYS[4])
    for _, f in ipairs(fields) do
      local i, start = string.match(f, '^(%d+):(%d+)$')
      local w = windows[tonumber(i)]
      if w == nil or not w.fixed or tonumber(start) + w.period < now then
        redis.call('HDEL', KEYS[4], f)
      end
    end
  end
  redis.call('PEXPIRE', KEYS[4], math.floor(keep / 1000) + 1000)
end

local spacing = 0
-- a half-open breaker lets one request at a time through, cluster-wide: the probe
if st[9] == '1' and #inflight > 0 then
  return {'-1', tostring(rate)}
end

for _, w in ipairs(windows) do
  if w.pacing then
    spacing = w.period
  end
end
if spacing > 0 then
  redis.call('ZADD', KEYS[6], fmt(slot), member)
  redis.call('ZREMRANGEBYSCORE', KEYS[6], '-inf', '(' .. fmt(now - spacing))
  redis.call('PEXPIRE', KEYS[6], math.floor((slot - now + spacing) / 1000) + 1000)
end
redis.call('ZADD', KEYS[5], fmt(slot + hold), member)
redis.call('PEXPIRE', KEYS[5], math.floor((slot - now + hold) / 1000) + 60000)
redis.call('PEXPIRE', KEYS[2], math.floor((slot - now + longest) / 1000) + 60000)
return {fmt(slot - now), tostring(rate)}
