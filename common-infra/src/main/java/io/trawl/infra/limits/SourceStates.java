package io.trawl.infra.limits;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Reads a source's limiter state and sets the operator's pause, which every worker checks before each send.
 * The state hash has no expiry: the learned ceiling and an operator's pause survive restarts of the services
 * (and of Redis, with its append-only file on).
 */
public class SourceStates {

    private static final List<Object> FIELDS = List.of(
            "paused",
            "cooldownUntil",
            "banUntil",
            "banReason",
            "breakerUntil",
            "learned",
            "throttles",
            "bans",
            "lastPushBack",
            "breakerHalfOpen");

    private final StringRedisTemplate redis;
    private final LimiterKeys keys;
    private final Clock clock;

    public SourceStates(StringRedisTemplate redis, LimiterKeys keys, Clock clock) {
        this.redis = redis;
        this.keys = keys;
        this.clock = clock;
    }

    /** The source's state now. */
    public SourceState read(String source) {
        List<Object> v = redis.opsForHash().multiGet(keys.state(source), FIELDS);
        Instant now = clock.instant();
        boolean paused = "1".equals(v.get(0));
        Instant cooldown = ahead(v.get(1), now);
        Instant banned = ahead(v.get(2), now);
        Instant breaker = ahead(v.get(4), now);
        String status = paused
                ? "paused"
                : banned != null
                        ? "banned"
                        : breaker != null ? "breaker-open" : cooldown != null ? "cooling-down" : "active";
        return new SourceState(
                status,
                paused,
                cooldown,
                banned,
                banned == null ? null : (String) v.get(3),
                breaker,
                v.get(5) == null ? 1.0 : Double.parseDouble((String) v.get(5)),
                v.get(6) == null ? 0 : Long.parseLong((String) v.get(6)),
                v.get(7) == null ? 0 : Long.parseLong((String) v.get(7)),
                (String) v.get(8));
    }

    /** Stops every request to the source, cluster-wide, from the workers' next check on (before each send). */
    public void pause(String source) {
        redis.opsForHash().put(keys.state(source), "paused", "1");
    }

    /** Lets requests to the source go again. */
    public void resume(String source) {
        redis.opsForHash().delete(keys.state(source), "paused");
    }

    /** Forgets the learned ceiling: the configured limits apply in full again. */
    public void forgetLearned(String source) {
        redis.opsForHash().delete(keys.state(source), "learned", "learnedAt");
    }

    private static Instant ahead(Object micros, Instant now) {
        if (micros == null) {
            return null;
        }
        long us = Long.parseLong((String) micros);
        Instant at = Instant.EPOCH.plus(Duration.ofNanos(us * 1000));
        return at.isAfter(now) ? at : null;
    }
}
