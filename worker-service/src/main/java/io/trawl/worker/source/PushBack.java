package io.trawl.worker.source;

import java.time.Duration;

/**
 * A source told Trawl to slow down or stop.
 *
 * @param kind what it means for the whole cluster
 * @param status the HTTP status
 * @param retryAfter when the source said to come back (Retry-After or a ban's end), null if it did not
 * @param reason what the source said, for operators, e.g. {@code 418 IP banned until 1732900000000}
 */
public record PushBack(Kind kind, int status, Duration retryAfter, String reason) {

    /** What a push-back means. */
    public enum Kind {
        /** Over the rate limit (429): pause, and learn the limit. */
        THROTTLED,
        /** Overloaded (503): pause only. */
        UNAVAILABLE,
        /** Banned (418, or a 403/429 that says so): stop for the ban's length; never a task failure. */
        BANNED
    }
}
