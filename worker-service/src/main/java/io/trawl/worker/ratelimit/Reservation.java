package io.trawl.worker.ratelimit;

import java.time.Duration;

/**
 * What the limiter answered a request for a slot.
 *
 * @param kind granted, saturated (ask again shortly), paused by an operator, or paused for longer than a request
 *     waits in the gate
 * @param delay how long to wait before confirming and sending (granted), or how long the pause lasts (paused)
 * @param effectiveRate requests per second the source is held to right now
 */
public record Reservation(Kind kind, Duration delay, double effectiveRate) {

    /** The limiter's answer. */
    public enum Kind {
        GRANTED,
        SATURATED,
        OPERATOR_PAUSED,
        PAUSED
    }

    static Reservation granted(Duration delay, double effectiveRate) {
        return new Reservation(Kind.GRANTED, delay, effectiveRate);
    }
}
