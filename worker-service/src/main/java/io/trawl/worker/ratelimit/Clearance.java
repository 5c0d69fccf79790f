package io.trawl.worker.ratelimit;

import java.time.Duration;

/**
 * The last check before a request is sent.
 *
 * @param kind send now, or why not
 * @param pause how long the source stays paused (paused only)
 */
public record Clearance(Kind kind, Duration pause) {

    /** Send, or why not. */
    public enum Kind {
        SEND,
        /** Send: the source's breaker is half-open and this request is its probe; report how it went. */
        PROBE,
        /** A push-back, ban or open breaker pauses the source for {@link #pause()}. */
        PAUSED,
        /** An operator paused the source until they resume it. */
        OPERATOR_PAUSED,
        /** The reservation lapsed before it was used: reserve again. */
        EXPIRED
    }

    static final Clearance SEND = new Clearance(Kind.SEND, Duration.ZERO);

    static Clearance of(long micros) {
        if (micros == 0) {
            return SEND;
        }
        if (micros == -2) {
            return new Clearance(Kind.OPERATOR_PAUSED, Duration.ZERO);
        }
        if (micros == -4) {
            return new Clearance(Kind.PROBE, Duration.ZERO);
        }
        if (micros == -3) {
            return new Clearance(Kind.EXPIRED, Duration.ZERO);
        }
        return new Clearance(Kind.PAUSED, Duration.ofNanos(micros * 1000));
    }
}
