package io.trawl.worker.source;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Reads {@code Retry-After}: delay-seconds or an HTTP date (RFC 9110); null when absent or unreadable. */
final class RetryAfter {

    private static final Duration MAX = Duration.ofMinutes(10);

    private RetryAfter() {}

    static Duration parse(HttpHeaders headers) {
        return headers.firstValue("Retry-After").map(RetryAfter::parse).orElse(null);
    }

    static Duration parse(String value) {
        String v = value.strip();
        try {
            return cap(Duration.ofSeconds(Long.parseLong(v)));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME)
                        .toInstant();
                Duration until = Duration.between(Instant.now(), at);
                return cap(until.isNegative() ? Duration.ZERO : until);
            } catch (DateTimeParseException notDate) {
                return null;
            }
        }
    }

    private static Duration cap(Duration duration) {
        return duration.isNegative() ? Duration.ZERO : duration.compareTo(MAX) > 0 ? MAX : duration;
    }
}
