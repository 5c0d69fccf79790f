package io.trawl.worker.source;

import java.time.Duration;

/**
 * What a source reported about its own counting of Trawl's requests, from response headers.
 *
 * @param used weight the source counted in its current clock-aligned window of {@code span} (e.g.
 *     {@code X-MBX-USED-WEIGHT-1M: 1200}), or -1
 * @param remaining weight the source still allows until {@code span} from now has passed (IETF
 *     {@code RateLimit}, {@code X-RateLimit-Remaining}/{@code -Reset}), or -1
 * @param span the window's period (used) or the time until the reset (remaining)
 * @param sentAgo how long before the report the request it answers was sent: a used weight is the count of the
 *     window the request arrived in, which began no earlier (an answer read just after a minute's turn still
 *     reports the minute before)
 */
public record ServerUsage(long used, long remaining, Duration span, Duration sentAgo) {

    public ServerUsage(long used, long remaining, Duration span) {
        this(used, remaining, span, Duration.ZERO);
    }

    static ServerUsage used(long weight, Duration period) {
        return new ServerUsage(weight, -1, period);
    }

    static ServerUsage remaining(long weight, Duration untilReset) {
        return new ServerUsage(-1, weight, untilReset);
    }

    /** This report, about a request sent {@code ago}. */
    ServerUsage sent(Duration ago) {
        return new ServerUsage(used, remaining, span, ago);
    }
}
