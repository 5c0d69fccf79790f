package io.trawl.worker.ratelimit;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * One Resilience4j circuit breaker per source on this worker, fed with how each request went (connection
 * errors and 5xx are failures; any other answer, 4xx included, means the source works). When a worker's
 * breaker trips, the breaker is opened for the whole cluster in Redis ({@link RateLimiter#breaker}): every
 * worker holds the source's requests (its tasks wait instead of spending attempts), then one probe request
 * tests it, and the probe's outcome closes or reopens it. The local breaker starts over afterwards: the
 * cluster's state is the one that counts.
 */
@Component
public class SourceBreakers {

    private static final Logger log = LoggerFactory.getLogger(SourceBreakers.class);
    private static final Exception FAILED = new Exception("source request failed");

    private final RateLimiter limiter;
    private final LimitProperties.Breaker settings;
    private final MeterRegistry meters;
    private final CircuitBreakerRegistry registry;

    public SourceBreakers(RateLimiter limiter, LimitProperties properties, MeterRegistry meters) {
        this.limiter = limiter;
        this.settings = properties.breaker();
        this.meters = meters;
        this.registry = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(settings.window())
                .minimumNumberOfCalls(Math.min(settings.minimumCalls(), settings.window()))
                .failureRateThreshold(settings.failureRate())
                .waitDurationInOpenState(settings.openFor())
                .build());
    }

    /** Records how a request to {@code source} went; {@code probe}: it was the half-open breaker's probe. */
    void record(String source, boolean failed, boolean probe) {
        try {
            if (probe) {
                probed(source, failed);
            }
            CircuitBreaker breaker = registry.circuitBreaker(source);
            if (failed) {
                breaker.onError(0, TimeUnit.NANOSECONDS, FAILED);
            } else {
                breaker.onSuccess(0, TimeUnit.NANOSECONDS);
            }
            if (breaker.getState() == CircuitBreaker.State.OPEN) {
                tripped(source, breaker);
            }
        } catch (CallNotPermittedException | DataAccessException e) {
            log.warn("Could not record the breaker outcome of {}: {}", source, e.getMessage());
        }
    }

    private void tripped(String source, CircuitBreaker breaker) {
        float rate = breaker.getMetrics().getFailureRate();
        breaker.reset();
        if (limiter.breaker(source, RateLimiter.BreakerEvent.OPEN, settings.openFor())) {
            meters.counter("trawl.source.breaker.opened", "source", source).increment();
            log.error(
                    "Source {} keeps failing ({}% of the last requests): its breaker is open for the whole cluster"
                            + " for {} s, then one probe request tests it",
                    source, Math.round(rate), settings.openFor().toSeconds());
        }
    }

    private void probed(String source, boolean failed) {
        if (limiter.breaker(
                source,
                failed ? RateLimiter.BreakerEvent.FAILURE : RateLimiter.BreakerEvent.SUCCESS,
                settings.openFor())) {
            if (failed) {
                log.warn(
                        "Source {}: the breaker's probe failed; open for another {} s",
                        source,
                        settings.openFor().toSeconds());
            } else {
                log.info("Source {}: the breaker's probe succeeded; breaker closed", source);
            }
        }
    }
}
