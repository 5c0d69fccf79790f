package io.trawl.orchestrator.planning;

import static io.trawl.orchestrator.planning.InputBounds.excerpt;
import static io.trawl.orchestrator.planning.PlanningException.invalid;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * One end of a requested range, written as a month ({@code 2024-03}), a date ({@code 2024-03-05}) or a date-time
 * ({@code 2024-03-05T10:00}, UTC unless it carries an offset). A month or date as {@code from} starts at its
 * first instant; as {@code to} it is inclusive, so the range ends after it. Archive sources use the months the
 * range touches; windowed sources the exact instants.
 */
public final class TimeBound {

    private static final Pattern MONTH = Pattern.compile("[+-]?[0-9]{4,10}-[0-9]{2}");
    private static final Pattern DATE = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");
    private static final Pattern OFFSET = Pattern.compile(".*(Z|[+-][0-9]{2}:?[0-9]{2})$");

    private TimeBound() {}

    /** The instant {@code text} names as the start ({@code end = false}) or the exclusive end of a range. */
    public static Instant parse(String field, String text, boolean end) {
        if (text == null || text.isBlank()) {
            throw invalid(field, field + " is required: a month (YYYY-MM), a date (YYYY-MM-DD) or a date-time");
        }
        String value = text.strip();
        try {
            if (MONTH.matcher(value).matches()) {
                YearMonth month = YearMonth.parse(value);
                InputBounds.month(field, month);
                return (end ? month.plusMonths(1).atDay(1) : month.atDay(1))
                        .atStartOfDay()
                        .toInstant(ZoneOffset.UTC);
            }
            if (DATE.matcher(value).matches()) {
                LocalDate day = LocalDate.parse(value);
                InputBounds.month(field, YearMonth.from(day));
                return (end ? day.plusDays(1) : day).atStartOfDay().toInstant(ZoneOffset.UTC);
            }
            Instant instant = OFFSET.matcher(value).matches()
                    ? OffsetDateTime.parse(value.replaceFirst("([+-][0-9]{2})([0-9]{2})$", "$1:$2"))
                            .toInstant()
                    : LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
            InputBounds.month(field, YearMonth.from(instant.atOffset(ZoneOffset.UTC)));
            if (instant.getNano() != 0) {
                throw invalid(field, field + " must be whole seconds but was " + excerpt(text));
            }
            return instant;
        } catch (DateTimeParseException e) {
            throw invalid(
                    field,
                    field + " must be a month (YYYY-MM), a date (YYYY-MM-DD) or a date-time (YYYY-MM-DDTHH:MM[:SS],"
                            + " UTC unless an offset is given) but was " + excerpt(text));
        }
    }
}
