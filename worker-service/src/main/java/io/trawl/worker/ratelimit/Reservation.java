package io.trawl.worker.ratelimit;

import java.time.Duration;

/**
 * What the limiter answered a request for a slot.
 *
 * @param kind granted, saturated (ask again shortly) or paused by an operator
 * @param delay how long to wait before confirming and sending (granted only)
 * @param effectiveRate requests per second the source is held to right now
 */
public record Reservation(Kind kind, Duration delay, double effectiveRate) {

    /** The limiter's answer. */
    public enum Kind {
        GRANTED,
        SATURATED,
        OPERATOR_PAUSED
    }

    static Reservation granted(Duration delay, double effectiveRate) {
        return new Reservation(Kind.GRANTED, delay, effectiveRate);
    }
}
