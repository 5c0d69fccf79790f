package io.trawl.worker.ratelimit;

import io.trawl.sources.SourceLimits;
import java.time.Duration;
import java.util.Optional;

/**
 * Cluster-wide request slots per source, with adaptive throttling. A request counts from its slot until
 * it is completed, so where in that span it reached the source does not matter.
 */
public interface RateLimiter {

    /**
     * Reserves the next slot of {@code source} for request {@code permitId}; the caller sends when
     * {@link Reservation#delay()} is over. Empty when the limit's worth of requests is in flight: ask again
     * shortly.
     */
    Optional<Reservation> reserve(String source, SourceLimits limits, String permitId);

    /** The request of {@code permitId} got its response (or failed): it now counts at this moment. */
    void complete(String source, String permitId);

    /** The source pushed back: pause it for {@code pause} everywhere and lower its rate; answers the pause. */
    Duration throttle(String source, Duration pause);
}
