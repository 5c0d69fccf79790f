package io.trawl.worker.source;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Reads {@code Retry-After}: delay-seconds or an HTTP date (RFC 9110); null when absent or unreadable. */
final class RetryAfter {

    /** The longest pause a rate-limit answer is believed for. */
    static final Duration MAX = Duration.ofMinutes(10);

    private RetryAfter() {}

    static Duration parse(HttpHeaders headers, Duration max) {
        return headers.firstValue("Retry-After").map(v -> parse(v, max)).orElse(null);
    }

    static Duration parse(String value) {
        return parse(value, MAX);
    }

    static Duration parse(String value, Duration max) {
        String v = value.strip();
        Duration wait;
        try {
            wait = Duration.ofSeconds(Long.parseLong(v));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME)
                        .toInstant();
                wait = Duration.between(Instant.now(), at);
            } catch (DateTimeParseException notDate) {
                return null;
            }
        }
        return wait.isNegative() ? Duration.ZERO : wait.compareTo(max) > 0 ? max : wait;
    }
}
