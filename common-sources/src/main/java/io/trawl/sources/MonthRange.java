package io.trawl.sources;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An inclusive range of months: the partitions of a monthly archive.
 *
 * @param from first month
 * @param to last month, not before {@code from}
 */
public record MonthRange(YearMonth from, YearMonth to) {

    public MonthRange {
        Objects.requireNonNull(from, "from must be set");
        Objects.requireNonNull(to, "to must be set");
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("to (" + to + ") must not be before from (" + from + ")");
        }
    }

    /** Number of months in the range; an {@link ArithmeticException} beyond {@code Integer.MAX_VALUE}. */
    public int size() {
        return Math.toIntExact(from.until(to, java.time.temporal.ChronoUnit.MONTHS) + 1);
    }

    /** The months in order. */
    public List<YearMonth> months() {
        List<YearMonth> months = new ArrayList<>(size());
        for (YearMonth month = from; !month.isAfter(to); month = month.plusMonths(1)) {
            months.add(month);
        }
        return months;
    }
}
