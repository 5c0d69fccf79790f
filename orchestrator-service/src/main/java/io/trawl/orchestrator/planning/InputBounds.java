package io.trawl.orchestrator.planning;

import static io.trawl.orchestrator.planning.PlanningException.invalid;

import java.time.YearMonth;

/**
 * Bounds every caller-given value is checked against before any work is done with it, and how much of a bad
 * value an error quotes back.
 */
public final class InputBounds {

    /** The earliest month any request or query may name. */
    public static final YearMonth EARLIEST = YearMonth.of(1970, 1);

    /** The latest month any request or query may name. */
    public static final YearMonth LATEST = YearMonth.of(2100, 12);

    /** The most characters of a caller's value an error quotes. */
    public static final int EXCERPT = 64;

    private InputBounds() {}

    /** Checks that {@code month} (when given) lies within {@link #EARLIEST} .. {@link #LATEST}. */
    public static void month(String field, YearMonth month) {
        if (month != null && (month.isBefore(EARLIEST) || month.isAfter(LATEST))) {
            throw invalid(field, field + " must be between " + EARLIEST + " and " + LATEST + " but was " + month);
        }
    }

    /** At most {@link #EXCERPT} characters of a caller's value, quoted, marked when cut. */
    public static String excerpt(Object value) {
        if (value == null) {
            return "null";
        }
        String text = value.toString();
        return text.length() <= EXCERPT
                ? "'" + text + "'"
                : "'" + text.substring(0, EXCERPT) + "…' (" + text.length() + " characters)";
    }
}
