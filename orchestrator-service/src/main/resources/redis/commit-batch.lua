-- Moves a lazily planned job's cursor past a batch once its tasks are published (see reserve-batch.lua).
-- KEYS: 1 job hash
-- ARGV: 1 the batch's end, as reserved
-- Returns 1, or 0 when the batch is not the job's pending one.
if redis.call('HGET', KEYS[1], 'pending') ~= ARGV[1] then
  return 0
end
redis.call('HSET', KEYS[1], 'cursor', ARGV[1])
redis.call('HDEL', KEYS[1], 'pending')
return 1
