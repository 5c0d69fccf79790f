package io.trawl.worker.ratelimit;

import java.time.Duration;

/**
 * A request slot granted by the limiter.
 *
 * @param delay how long to wait before sending
 * @param effectiveRate requests per second the source is held to right now
 */
public record Reservation(Duration delay, double effectiveRate) {}
