package io.trawl.worker.ratelimit;

import io.trawl.sources.SourceLimits;
import java.time.Duration;

/** Cluster-wide request slots per source, with adaptive throttling. */
public interface RateLimiter {

    /** Reserves the next slot of {@code source}; the caller sends when {@link Reservation#delay()} is over. */
    Reservation reserve(String source, SourceLimits limits);

    /** The source pushed back: pause it for {@code pause} everywhere and lower its rate; answers the pause. */
    Duration throttle(String source, Duration pause);
}
