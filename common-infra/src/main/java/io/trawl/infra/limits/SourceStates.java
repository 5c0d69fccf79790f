package io.trawl.infra.limits;

import io.trawl.sources.RateWindow;
import io.trawl.sources.SourceLimits;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

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

    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> WINDOW_USAGE =
            RedisScript.of(new ClassPathResource("redis/window-usage.lua"), List.class);

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

    /**
     * How full each window of {@code limits} is now (the pacing window, which no source counts, left out), read
     * from the limiter's own counters in one script call.
     */
    public List<WindowUsage> usage(String source, SourceLimits limits) {
        List<RateWindow> windows = limits.chargedWindows();
        int counted = limits.countedWindows();
        List<String> args = new ArrayList<>();
        for (int i = 0; i < windows.size(); i++) {
            args.add(Long.toString(windows.get(i).period().toNanos() / 1000));
            args.add(windows.get(i).fixed() ? "1" : "0");
            args.add(i >= counted ? "1" : "0");
        }
        @SuppressWarnings("unchecked")
        List<Long> used = windows.isEmpty()
                ? List.of()
                : redis.execute(
                        WINDOW_USAGE,
                        List.of(keys.inFlight(source), keys.log(source), keys.reserved(source), keys.fixed(source)),
                        args.toArray());
        List<WindowUsage> usage = new ArrayList<>();
        for (int i = 0; i < windows.size(); i++) {
            if (i == 1 && counted == 2) {
                continue; // the burst window only spaces the slots
            }
            RateWindow w = windows.get(i);
            usage.add(new WindowUsage(
                    w.limit(), w.period(), w.fixed(), i >= counted ? "weight" : "requests", used.get(i)));
        }
        return usage;
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
