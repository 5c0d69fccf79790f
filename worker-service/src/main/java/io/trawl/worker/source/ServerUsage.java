package io.trawl.worker.source;

import java.time.Duration;

/**
 * What a source reported about its own counting of Trawl's requests, from response headers.
 *
 * @param kind what {@code value} is
 * @param value the weight used, still allowed, or allowed per window, by {@code kind}
 * @param span the window's period ({@link Kind#USED}, {@link Kind#QUOTA}) or the time until the reset
 *     ({@link Kind#REMAINING})
 * @param sentAgo how long before the report the request it answers was sent: a used weight is the count of the
 *     window the request arrived in, which began no earlier (an answer read just after a minute's turn still
 *     reports the minute before)
 */
public record ServerUsage(Kind kind, long value, Duration span, Duration sentAgo) {

    /** What a report says. */
    public enum Kind {
        /** The weight the source counted in its current clock-aligned window (e.g. {@code X-MBX-USED-WEIGHT-1M}). */
        USED,
        /** The weight the source still allows until its reset (IETF {@code RateLimit}, {@code X-RateLimit-*}). */
        REMAINING,
        /** The weight the source allows per window, its published policy (IETF {@code RateLimit-Policy}). */
        QUOTA
    }

    public static ServerUsage used(long weight, Duration period) {
        return new ServerUsage(Kind.USED, weight, period, Duration.ZERO);
    }

    public static ServerUsage remaining(long weight, Duration untilReset) {
        return new ServerUsage(Kind.REMAINING, weight, untilReset, Duration.ZERO);
    }

    public static ServerUsage quota(long weight, Duration window) {
        return new ServerUsage(Kind.QUOTA, weight, window, Duration.ZERO);
    }

    /** This report, about a request sent {@code ago}. */
    public ServerUsage sent(Duration ago) {
        return new ServerUsage(kind, value, span, ago);
    }
}
