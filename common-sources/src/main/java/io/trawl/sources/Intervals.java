package io.trawl.sources;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Fixed-length candle intervals ({@code 1s}, {@code 15m}, {@code 1h}, {@code 1d}, {@code 1w}). */
public final class Intervals {

    private static final Pattern INTERVAL = Pattern.compile("([1-9][0-9]{0,2})([smhdw])");

    private Intervals() {}

    /** The length of {@code interval}; throws naming it when it has no fixed length (e.g. {@code 1M}). */
    public static Duration duration(String interval) {
        Matcher m = interval == null ? null : INTERVAL.matcher(interval);
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException("interval must be a number and one of s, m, h, d, w (fixed length)"
                    + " but was '" + interval + "'");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default -> Duration.ofDays(7 * n);
        };
    }
}
