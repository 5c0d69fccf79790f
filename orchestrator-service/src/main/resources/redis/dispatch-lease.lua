-- Takes or renews the lease on dispatching one job: one replica at a time plans and publishes its batches.
-- KEYS: 1 lease key
-- ARGV: 1 replica, 2 lease time (ms)
-- Returns 1 when the caller holds the lease now, 0 when another replica does.
local holder = redis.call('GET', KEYS[1])
if holder and holder ~= ARGV[1] then
  return 0
end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1
