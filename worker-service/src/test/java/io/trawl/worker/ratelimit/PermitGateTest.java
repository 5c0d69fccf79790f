package io.trawl.worker.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.trawl.sources.SourceLimits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.RedisConnectionFailureException;

class PermitGateTest {

    private static final SourceLimits LIMITED = new SourceLimits(10, 10, 1.0, 0);
    private static final LimitProperties PROPERTIES = new LimitProperties(
            Duration.ofMillis(30),
            0.5,
            0.1,
            0.05,
            Duration.ofSeconds(1),
            Duration.ofMillis(100),
            0,
            Map.of(),
            Duration.ofMinutes(2),
            Duration.ofSeconds(15));

    /** Limits as configured, without Redis. */
    private static final class FixedLimits extends LiveLimits {
        private final SourceLimits limits;

        FixedLimits(SourceLimits limits) {
            super(null);
            this.limits = limits;
        }

        @Override
        public SourceLimits current(String source) {
            return limits;
        }
    }

    /** A limiter whose store is down for the first {@code failures} calls. */
    private static final class FlakyLimiter implements RateLimiter {
        final AtomicInteger failures;
        final List<String> completed = new ArrayList<>();

        FlakyLimiter(int failures) {
            this.failures = new AtomicInteger(failures);
        }

        @Override
        public Optional<Reservation> reserve(String source, SourceLimits limits, String permitId) {
            if (failures.getAndDecrement() > 0) {
                throw new RedisConnectionFailureException("Redis is down");
            }
            return Optional.of(new Reservation(Duration.ZERO, limits.cps()));
        }

        @Override
        public void complete(String source, String permitId) {
            completed.add(permitId);
        }

        @Override
        public Duration throttle(String source, Duration pause) {
            return pause;
        }
    }

    @Test
    void holdsRequestsWhileTheLimiterIsUnreachableThenLetsThemPass() throws Exception {
        FlakyLimiter limiter = new FlakyLimiter(3);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        PermitGate gate = new PermitGate(limiter, new FixedLimits(LIMITED), PROPERTIES, meters);
        long started = System.nanoTime();

        try (var permit = gate.acquire("binance")) {
            assertThat(Duration.ofNanos(System.nanoTime() - started))
                    .as("three failed attempts, 100 ms apart, before the permit")
                    .isGreaterThanOrEqualTo(Duration.ofMillis(300));
        }

        assertThat(limiter.completed).hasSize(1);
        assertThat(meters.counter("trawl.limiter.unavailable", "source", "binance")
                        .count())
                .isEqualTo(3);
        assertThat(meters.counter("trawl.limiter.permits", "source", "binance").count())
                .isEqualTo(1);
    }

    @Test
    void unlimitedSourceNeedsNoLimiter() throws Exception {
        FlakyLimiter limiter = new FlakyLimiter(Integer.MAX_VALUE);
        PermitGate gate =
                new PermitGate(limiter, new FixedLimits(SourceLimits.NONE), PROPERTIES, new SimpleMeterRegistry());

        try (var permit = gate.acquire("open")) {
            assertThat(limiter.completed).isEmpty();
        }
    }
}
