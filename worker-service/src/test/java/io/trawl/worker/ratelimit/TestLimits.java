package io.trawl.worker.ratelimit;

import java.time.Duration;
import java.util.Map;

/** Limiter settings for tests: the defaults, with the few knobs tests turn. */
final class TestLimits {

    private TestLimits() {}

    static LimitProperties properties() {
        return properties(Duration.ofSeconds(4), Duration.ofSeconds(15), Duration.ofSeconds(1), 0);
    }

    static LimitProperties properties(Duration inFlightTtl, Duration leaseTtl, Duration redisRetry, int global) {
        return properties(inFlightTtl, leaseTtl, redisRetry, global, Duration.ofMinutes(2));
    }

    static LimitProperties properties(
            Duration inFlightTtl, Duration leaseTtl, Duration redisRetry, int global, Duration probeInterval) {
        return new LimitProperties(
                Duration.ofMillis(2),
                0.1,
                0.05,
                probeInterval,
                Duration.ofSeconds(1),
                Duration.ofMinutes(2),
                Duration.ofSeconds(5),
                Duration.ofMillis(300),
                redisRetry,
                global,
                Map.of(),
                inFlightTtl,
                leaseTtl,
                new LimitProperties.Breaker(50, 10, 5, Duration.ofMillis(500)),
                LimitProperties.SlowStart.NONE);
    }

    /** The test settings with {@code slowStart} for sources never sent to. */
    static LimitProperties slowStart(LimitProperties.SlowStart slowStart) {
        LimitProperties p = properties();
        return new LimitProperties(
                p.guard(),
                p.minShare(),
                p.probeStep(),
                p.probeInterval(),
                p.defaultPause(),
                p.banPause(),
                p.maxHold(),
                p.hold(),
                p.redisRetry(),
                p.globalConcurrency(),
                p.typeConcurrency(),
                p.inFlightTtl(),
                p.leaseTtl(),
                p.breaker(),
                slowStart);
    }
}
