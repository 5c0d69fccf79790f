package io.trawl.worker.ratelimit;

import io.trawl.infra.TrawlProperties;
import io.trawl.sources.SourceDefinition;
import io.trawl.sources.SourceLimits;
import io.trawl.sources.SourceType;
import io.trawl.testsupport.TestInfrastructure;
import io.trawl.testsupport.TestRedis;
import java.time.Duration;
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

    @Override
    RateLimiter limiter(LimiterSettings settings) {
        LimitProperties properties = new LimitProperties(
                Duration.ofMillis(30),
                0.5,
                0.1,
                settings.recoveryPerSecond(),
                Duration.ofSeconds(1),
                Duration.ofSeconds(1),
                0,
                Map.of(),
                settings.inFlightTtl(),
                Duration.ofSeconds(15));
        SourceDefinition any = new SourceDefinition(
                SourceType.HTTP_ARCHIVE,
                "klines",
                List.of("1d"),
                "http://x/{SYMBOL}",
                null,
                null,
                SourceLimits.NONE,
                null,
                null,
                null);
        return new RedisRateLimiter(redis, properties, new TrawlProperties(NAMESPACE, Map.of("any", any)));
    }

    @Override
    String freshSource() {
        return "source-" + SOURCES.incrementAndGet();
    }
}
