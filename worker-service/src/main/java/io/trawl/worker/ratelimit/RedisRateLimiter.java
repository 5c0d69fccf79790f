package io.trawl.worker.ratelimit;

import io.trawl.infra.TrawlProperties;
import io.trawl.sources.SourceLimits;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * The limiter on Redis: one Lua script per call, on Redis time, so workers' clocks do not matter and every
 * worker sees the same slots and completions. Keys of a source share the hash tag {@code {<source>}}.
 */
@Component
public class RedisRateLimiter implements RateLimiter {

    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> RESERVE =
            RedisScript.of(new ClassPathResource("redis/reserve.lua"), List.class);

    private static final RedisScript<Long> COMPLETE =
            RedisScript.of(new ClassPathResource("redis/complete.lua"), Long.class);

    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> THROTTLE =
            RedisScript.of(new ClassPathResource("redis/throttle.lua"), List.class);

    private final StringRedisTemplate redis;
    private final LimitProperties properties;
    private final String prefix;

    public RedisRateLimiter(StringRedisTemplate redis, LimitProperties properties, TrawlProperties trawl) {
        this.redis = redis;
        this.properties = properties;
        this.prefix = trawl.topology().redisPrefix() + "rate:{";
    }

    @Override
    public Optional<Reservation> reserve(String source, SourceLimits limits, String permitId) {
        List<?> reply = redis.execute(
                RESERVE,
                List.of(inFlight(source), completed(source), state(source)),
                Integer.toString(limits.cps()),
                Integer.toString(limits.burst()),
                Double.toString(limits.safetyFactor()),
                Long.toString(properties.guard().toNanos() / 1000),
                permitId,
                Double.toString(properties.recoveryPerSecond()),
                Long.toString(properties.inFlightTtl().toNanos() / 1000));
        long delayMicros = Long.parseLong((String) reply.get(0));
        if (delayMicros < 0) {
            return Optional.empty();
        }
        return Optional.of(
                new Reservation(Duration.ofNanos(delayMicros * 1000), Double.parseDouble((String) reply.get(1))));
    }

    @Override
    public void complete(String source, String permitId) {
        redis.execute(COMPLETE, List.of(inFlight(source), completed(source)), permitId);
    }

    @Override
    public Duration throttle(String source, Duration pause) {
        List<?> reply = redis.execute(
                THROTTLE,
                List.of(state(source)),
                Long.toString(pause.toNanos() / 1000),
                Double.toString(properties.decrease()),
                Double.toString(properties.minFactor()),
                Double.toString(properties.recoveryPerSecond()));
        return Duration.ofNanos(Long.parseLong((String) reply.get(0)) * 1000);
    }

    private String inFlight(String source) {
        return prefix + source + "}:in-flight";
    }

    private String completed(String source) {
        return prefix + source + "}:completed";
    }

    private String state(String source) {
        return prefix + source + "}:state";
    }
}
