package io.trawl.worker.ratelimit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.trawl.sources.SourceLimits;
import io.trawl.worker.source.RequestGate;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * Stands between a worker and a source: every request waits here for its cluster-wide slot, and its permit
 * is completed when the answer comes back. While the limit's worth of requests is in flight, callers ask
 * again after a few milliseconds. Fails closed: while Redis cannot be asked, nobody passes.
 */
@Component
public class PermitGate implements RequestGate {

    private static final Logger log = LoggerFactory.getLogger(PermitGate.class);

    private final RateLimiter limiter;
    private final LiveLimits limits;
    private final LimitProperties properties;
    private final MeterRegistry meters;
    private final Map<String, AtomicLong> effectiveRates = new ConcurrentHashMap<>();

    public PermitGate(RateLimiter limiter, LiveLimits limits, LimitProperties properties, MeterRegistry meters) {
        this.limiter = limiter;
        this.limits = limits;
        this.properties = properties;
        this.meters = meters;
    }

    @Override
    public Permit acquire(String source) throws InterruptedException {
        while (true) {
            try {
                SourceLimits current = limits.current(source);
                if (!current.rateLimited()) {
                    return Permit.NONE;
                }
                String permitId = UUID.randomUUID().toString();
                Optional<Reservation> reservation = limiter.reserve(source, current, permitId);
                if (reservation.isEmpty()) {
                    meters.counter("trawl.limiter.saturated", "source", source).increment();
                    Thread.sleep(ThreadLocalRandom.current().nextLong(5, 25));
                    continue;
                }
                Duration delay = reservation.get().delay();
                effectiveRate(source).set(Math.round(reservation.get().effectiveRate() * 1000));
                meters.counter("trawl.limiter.permits", "source", source).increment();
                Timer.builder("trawl.limiter.wait")
                        .tag("source", source)
                        .register(meters)
                        .record(delay);
                return new Slot(source, permitId, delay);
            } catch (DataAccessException e) {
                meters.counter("trawl.limiter.unavailable", "source", source).increment();
                log.warn(
                        "Limiter unreachable for {}; holding requests for {}: {}",
                        source,
                        properties.redisRetry(),
                        e.getMessage());
                Thread.sleep(properties.redisRetry());
            }
        }
    }

    /** A reserved slot: waits for it on creation, completes the request on close. */
    private final class Slot implements Permit {

        private final String source;
        private final String permitId;

        Slot(String source, String permitId, Duration delay) throws InterruptedException {
            this.source = source;
            this.permitId = permitId;
            if (!delay.isZero()) {
                try {
                    Thread.sleep(delay);
                } catch (InterruptedException e) {
                    close();
                    throw e;
                }
            }
        }

        @Override
        public void close() {
            try {
                Uninterrupted.run(() -> limiter.complete(source, permitId));
            } catch (DataAccessException e) {
                log.warn(
                        "Could not complete permit {} of {} (it expires by itself): {}",
                        permitId,
                        source,
                        e.getMessage());
            }
        }
    }

    /** The source answered 429/503: pause it cluster-wide for {@code retryAfter} (or the default). */
    @Override
    public void pushedBack(String source, int status, Duration retryAfter) {
        Duration pause = retryAfter == null ? properties.defaultPause() : retryAfter;
        meters.counter("trawl.source.throttled", "source", source, "status", Integer.toString(status))
                .increment();
        try {
            Duration remaining = limiter.throttle(source, pause);
            meters.counter("trawl.limiter.cooldowns", "source", source).increment();
            log.warn(
                    "Source {} answered {}: paused for {} ms cluster-wide, rate lowered",
                    source,
                    status,
                    remaining.toMillis());
        } catch (DataAccessException e) {
            log.warn("Could not record the pause of {} (limiter unreachable): {}", source, e.getMessage());
        }
    }

    private AtomicLong effectiveRate(String source) {
        return effectiveRates.computeIfAbsent(
                source,
                s -> meters.gauge(
                        "trawl.limiter.effective.rate.milli",
                        io.micrometer.core.instrument.Tags.of("source", s),
                        new AtomicLong()));
    }
}
