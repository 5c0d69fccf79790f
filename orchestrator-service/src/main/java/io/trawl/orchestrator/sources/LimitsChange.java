package io.trawl.orchestrator.sources;

import static io.trawl.orchestrator.planning.InputBounds.excerpt;

import io.trawl.sources.Counting;
import io.trawl.sources.RateWindow;
import io.trawl.sources.SourceLimits;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Applies a {@link LimitsRequest} to the limits in force, refusing anything that would remove a limit by
 * accident or stall the limiter, with a message naming the field.
 */
final class LimitsChange {

    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");

    private LimitsChange() {}

    static SourceLimits apply(SourceLimits current, LimitsRequest request) {
        int cps = current.cps();
        if (request.cps() != null) {
            cps = check(
                    "cps",
                    request.cps(),
                    1,
                    1_000_000,
                    "; to go back to the configured limits, DELETE /sources/{id}/limits");
        }
        int burst = request.burst() != null
                ? check("burst", request.burst(), 1, cps, " (cps)")
                : request.cps() == null ? current.burst() : 0;
        double safety = current.safetyFactor();
        if (request.safetyFactor() != null) {
            double s = request.safetyFactor();
            if (!(s >= 0.05 && s <= 1)) {
                throw new InvalidLimitsException("safetyFactor must be between 0.05 and 1 but was " + s);
            }
            safety = s;
        }
        int concurrency = request.concurrency() == null
                ? current.concurrency()
                : check("concurrency", request.concurrency(), 0, 100_000, "");
        int weight = request.weight() == null ? current.weight() : check("weight", request.weight(), 1, 100_000, "");
        List<RateWindow> windows = request.windows() == null ? current.windows() : windows(request.windows());
        Counting counting = current.counting();
        if (request.counting() != null) {
            try {
                counting = Counting.valueOf(request.counting().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new InvalidLimitsException(
                        "counting must be ARRIVAL or ANSWER but was " + excerpt(request.counting()));
            }
        }
        Duration oneWayDelay =
                request.oneWayDelay() == null ? current.oneWayDelay() : duration("oneWayDelay", request.oneWayDelay());
        try {
            return new SourceLimits(cps, burst, safety, concurrency, windows, weight, counting, oneWayDelay);
        } catch (IllegalArgumentException e) {
            throw new InvalidLimitsException(e.getMessage());
        }
    }

    private static List<RateWindow> windows(List<LimitsRequest.WindowRequest> requested) {
        if (requested.size() > 8) {
            throw new InvalidLimitsException("windows may hold at most 8 windows but held " + requested.size());
        }
        List<RateWindow> windows = new ArrayList<>();
        for (int i = 0; i < requested.size(); i++) {
            LimitsRequest.WindowRequest w = requested.get(i);
            String field = "windows[" + i + "]";
            if (w == null || w.limit() == null || w.period() == null) {
                throw new InvalidLimitsException(field + " needs a limit and a period");
            }
            if (w.limit() < 1) {
                throw new InvalidLimitsException(field + ".limit must be >= 1 but was " + w.limit());
            }
            try {
                windows.add(new RateWindow(
                        w.limit(), duration(field + ".period", w.period()), Boolean.TRUE.equals(w.fixed())));
            } catch (IllegalArgumentException e) {
                throw new InvalidLimitsException(field + ": " + e.getMessage());
            }
        }
        return windows;
    }

    /** {@code 500ms}, {@code 1s}, {@code 1m}, {@code 1h}, {@code 1d} or ISO-8601 ({@code PT1M}). */
    static Duration duration(String field, String value) {
        Matcher m = SHORT_DURATION.matcher(value.strip());
        try {
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                return switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                };
            }
            return Duration.parse(value.strip());
        } catch (DateTimeParseException | ArithmeticException e) {
            throw new InvalidLimitsException(
                    field + " must be a duration such as 1s, 1m or PT1M but was " + excerpt(value));
        }
    }

    private static int check(String field, int value, int min, int max, String hint) {
        if (value < min || value > max) {
            throw new InvalidLimitsException(field + " must be " + min + ".." + max + " but was " + value + hint);
        }
        return value;
    }
}
