package io.trawl.worker.ratelimit;

import io.trawl.infra.TrawlProperties;
import io.trawl.infra.limits.LimiterKeys;
import io.trawl.infra.limits.SourceStates;
import io.trawl.sources.SourceDefinition;
import io.trawl.sources.SourceLimits;
import io.trawl.sources.SourceType;
import io.trawl.testsupport.TestInfrastructure;
import io.trawl.testsupport.TestRedis;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.data.redis.core.StringRedisTemplate;

/** The limiter contract against the real Redis. */
class RedisRateLimiterIT extends RateLimiterContract {

    private static final String NAMESPACE = TestInfrastructure.namespace(RedisRateLimiterIT.class);
    private static final AtomicInteger SOURCES = new AtomicInteger();

    @RegisterExtension
    static final TestRedis REDIS = TestRedis.connect(NAMESPACE);

    private static final StringRedisTemplate redis = REDIS.template();
    private static final LimiterKeys KEYS = new LimiterKeys(new TrawlProperties(
            NAMESPACE,
            Map.of(
                    "any",
                    new SourceDefinition(
                            SourceType.HTTP_ARCHIVE,
                            "klines",
                            List.of("1d"),
                            "http://x/{SYMBOL}",
                            null,
                            null,
                            SourceLimits.NONE,
                            null,
                            null,
                            null,
                            null,
                            null,
                            null))));

    @Override
    RateLimiter limiter(LimitProperties properties) {
        return new RedisRateLimiter(redis, properties, KEYS);
    }

    @Override
    long clockMicros() {
        Long micros = redis.execute((org.springframework.data.redis.core.RedisCallback<Long>)
                connection -> connection.serverCommands().time(java.util.concurrent.TimeUnit.MICROSECONDS));
        return java.util.Objects.requireNonNull(micros);
    }

    @Override
    void operatorPause(String source, boolean paused) {
        SourceStates states = new SourceStates(redis, KEYS, Clock.systemUTC());
        if (paused) {
            states.pause(source);
        } else {
            states.resume(source);
        }
    }

    @Override
    String freshSource() {
        return "source-" + SOURCES.incrementAndGet();
    }
}
