package io.trawl.orchestrator.schedules;

import io.trawl.infra.TrawlProperties;
import io.trawl.messages.RedisKeys;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.DefaultRedisScript;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Schedules in Redis, where every orchestrator replica sees the same ones and they outlive restarts: a hash per
 * schedule (definition, state, the next run due, the run claimed), a set of ids, a list of the latest runs. A due
 * run is claimed by compare-and-set on its due time ({@code claim}), so exactly one replica starts it; the claim is
 * kept until the run is {@code finish}ed, and a claim whose replica died is taken over ({@code reclaim}).
 */
@Component
class ScheduleStore {

    static final String ACTIVE = "ACTIVE";
    static final String PAUSED = "PAUSED";
    static final int KEPT_RUNS = 100;

    private static final RedisScript<Long> CLAIM = new DefaultRedisScript<>("""
            if redis.call('HGET', KEYS[1], 'state') ~= 'ACTIVE' then return 0 end
            if redis.call('HGET', KEYS[1], 'next') ~= ARGV[1] then return 0 end
            local claimed = redis.call('HGET', KEYS[1], 'claimed')
            if claimed and claimed ~= '' then return 0 end
            redis.call('HSET', KEYS[1], 'next', ARGV[2], 'claimed', ARGV[1], 'claimedAt', ARGV[3], 'claimedBy', ARGV[4])
            return 1""", Long.class);

    private static final RedisScript<Long> PASS = new DefaultRedisScript<>("""
            if redis.call('HGET', KEYS[1], 'state') ~= 'ACTIVE' then return 0 end
            if redis.call('HGET', KEYS[1], 'next') ~= ARGV[1] then return 0 end
            redis.call('HSET', KEYS[1], 'next', ARGV[2], 'lastRun', ARGV[1])
            redis.call('HINCRBY', KEYS[1], 'skipped', 1)
            redis.call('LPUSH', KEYS[2], ARGV[3])
            redis.call('LTRIM', KEYS[2], 0, tonumber(ARGV[4]) - 1)
            return 1""", Long.class);

    private static final RedisScript<Long> RECLAIM = new DefaultRedisScript<>("""
            if redis.call('HGET', KEYS[1], 'claimed') ~= ARGV[1] then return 0 end
            if redis.call('HGET', KEYS[1], 'claimedAt') ~= ARGV[2] then return 0 end
            redis.call('HSET', KEYS[1], 'claimedAt', ARGV[3], 'claimedBy', ARGV[4])
            return 1""", Long.class);

    private static final RedisScript<Long> FINISH = new DefaultRedisScript<>("""
            if redis.call('HGET', KEYS[1], 'claimed') ~= ARGV[1] then return 0 end
            redis.call('HDEL', KEYS[1], 'claimed', 'claimedAt', 'claimedBy')
            redis.call('HSET', KEYS[1], 'lastRun', ARGV[1])
            if ARGV[2] ~= '' then
              redis.call('HSET', KEYS[1], 'lastJob', ARGV[2])
              redis.call('HINCRBY', KEYS[1], 'runs', 1)
            else
              redis.call('HINCRBY', KEYS[1], 'skipped', 1)
            end
            redis.call('LPUSH', KEYS[2], ARGV[3])
            redis.call('LTRIM', KEYS[2], 0, tonumber(ARGV[4]) - 1)
            return 1""", Long.class);

    private static final RedisScript<Long> SET_STATE = new DefaultRedisScript<>("""
            if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
            redis.call('HSET', KEYS[1], 'state', ARGV[1])
            if ARGV[2] ~= '' then redis.call('HSET', KEYS[1], 'next', ARGV[2]) end
            return 1""", Long.class);

    /**
     * A schedule with where it stands.
     *
     * @param claimed the due time (epoch ms) of the run a replica claimed and has not finished, or null
     * @param claimedAt when it was claimed (epoch ms), or null
     */
    record Stored(
            Schedule schedule,
            String state,
            Instant next,
            Long claimed,
            Long claimedAt,
            Instant lastRun,
            String lastJob,
            long runs,
            long skipped) {

        boolean active() {
            return ACTIVE.equals(state);
        }
    }

    private final StringRedisTemplate redis;
    private final RedisKeys keys;
    private final JsonMapper json;

    ScheduleStore(StringRedisTemplate redis, TrawlProperties trawl, JsonMapper json) {
        this.redis = redis;
        this.keys = trawl.topology().redis();
        this.json = json;
    }

    void create(Schedule schedule, Instant next) {
        redis.opsForHash()
                .putAll(
                        keys.schedule(schedule.id()),
                        Map.of(
                                "definition",
                                json.writeValueAsString(schedule),
                                "state",
                                ACTIVE,
                                "next",
                                Long.toString(next.toEpochMilli()),
                                "runs",
                                "0",
                                "skipped",
                                "0"));
        redis.opsForSet().add(keys.schedules(), schedule.id());
    }

    long count() {
        Long size = redis.opsForSet().size(keys.schedules());
        return size == null ? 0 : size;
    }

    List<String> ids() {
        return redis.opsForSet().members(keys.schedules()).stream().sorted().toList();
    }

    Optional<Stored> find(String id) {
        Map<Object, Object> hash = redis.opsForHash().entries(keys.schedule(id));
        if (hash.isEmpty() || hash.get("definition") == null) {
            return Optional.empty();
        }
        return Optional.of(new Stored(
                json.readValue((String) hash.get("definition"), Schedule.class),
                (String) hash.get("state"),
                instant(hash.get("next")),
                number(hash.get("claimed")),
                number(hash.get("claimedAt")),
                instant(hash.get("lastRun")),
                (String) hash.get("lastJob"),
                count(hash.get("runs")),
                count(hash.get("skipped"))));
    }

    Stored get(String id) {
        return find(id).orElseThrow(() -> new NoSuchElementException("no schedule " + excerpt(id)));
    }

    List<ScheduleRun> runs(String id, int count) {
        List<ScheduleRun> runs = new ArrayList<>();
        for (String run : redis.opsForList().range(keys.scheduleRuns(id), 0, count - 1)) {
            runs.add(json.readValue(run, ScheduleRun.class));
        }
        return runs;
    }

    /** Claims the run due at {@code due} for {@code replica} and moves the schedule on to {@code next}. */
    boolean claim(String id, Instant due, Instant next, Instant now, String replica) {
        return run(CLAIM, id, ms(due), ms(next), ms(now), replica);
    }

    /** Passes over the run due at {@code due} without starting it (recorded as {@code run}), moving on to next. */
    boolean pass(String id, Instant due, Instant next, ScheduleRun run) {
        return 1L
                == redis.execute(
                        PASS,
                        List.of(keys.schedule(id), keys.scheduleRuns(id)),
                        ms(due),
                        ms(next),
                        json.writeValueAsString(run),
                        Integer.toString(KEPT_RUNS));
    }

    /** Takes over the claim of a replica that died before finishing its run. */
    boolean reclaim(String id, long due, long claimedAt, Instant now, String replica) {
        return run(RECLAIM, id, Long.toString(due), Long.toString(claimedAt), ms(now), replica);
    }

    /** Records what became of the claimed run due at {@code due} and releases the claim. */
    boolean finish(String id, Instant due, ScheduleRun run) {
        return 1L
                == redis.execute(
                        FINISH,
                        List.of(keys.schedule(id), keys.scheduleRuns(id)),
                        ms(due),
                        run.jobId() == null ? "" : run.jobId(),
                        json.writeValueAsString(run),
                        Integer.toString(KEPT_RUNS));
    }

    /** Sets the state; {@code next} (when not null) is the next run due. False when there is no such schedule. */
    boolean setState(String id, String state, Instant next) {
        return 1L == redis.execute(SET_STATE, List.of(keys.schedule(id)), state, next == null ? "" : ms(next));
    }

    boolean delete(String id) {
        Long removed = redis.opsForSet().remove(keys.schedules(), id);
        redis.delete(List.of(keys.schedule(id), keys.scheduleRuns(id)));
        return removed != null && removed > 0;
    }

    private boolean run(RedisScript<Long> script, String id, String... args) {
        return 1L == redis.execute(script, List.of(keys.schedule(id)), (Object[]) args);
    }

    private static String ms(Instant instant) {
        return Long.toString(instant.toEpochMilli());
    }

    private static Instant instant(Object value) {
        Long ms = number(value);
        return ms == null ? null : Instant.ofEpochMilli(ms);
    }

    private static Long number(Object value) {
        return value == null || ((String) value).isEmpty() ? null : Long.parseLong((String) value);
    }

    private static long count(Object value) {
        Long n = number(value);
        return n == null ? 0 : n;
    }

    static String excerpt(String text) {
        return text.length() > 60 ? text.substring(0, 60) + "…" : text;
    }
}
