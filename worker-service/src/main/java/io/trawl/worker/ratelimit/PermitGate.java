package io.trawl.worker.ratelimit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.trawl.infra.limits.SourceLimitsStore;
import io.trawl.sources.SourceLimits;
import io.trawl.worker.source.RequestGate;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * Stands between a worker and a source: every request waits here for its cluster-wide slot. Fails closed:
 * while Redis cannot be asked, nobody passes.
 */
@Component
public class PermitGate implements RequestGate {

    private static final Logger log = LoggerFactory.getLogger(PermitGate.class);

    private final RateLimiter limiter;
    private final SourceLimitsStore limits;
    private final LimitProperties properties;
    private final MeterRegistry meters;
    private final Map<String, AtomicLong> effectiveRates = new ConcurrentHashMap<>();

    public PermitGate(RateLimiter limiter, SourceLimitsStore limits, LimitProperties properties, MeterRegistry meters) {
        this.limiter = limiter;
        this.limits = limits;
        this.properties = properties;
        this.meters = meters;
    }

    @Override
    public void acquire(String source) throws InterruptedException {
        while (true) {
            try {
                SourceLimits current = limits.current(source);
                if (!current.rateLimited()) {
                    return;
                }
                Reservation reservation = limiter.reserve(source, current);
                effectiveRate(source).set(Math.round(reservation.effectiveRate() * 1000));
                meters.counter("trawl.limiter.permits", "source", source).increment();
                Timer.builder("trawl.limiter.wait")
                        .tag("source", source)
                        .register(meters)
                        .record(reservation.delay());
                if (!reservation.delay().isZero()) {
                    Thread.sleep(reservation.delay());
                }
                return;
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
