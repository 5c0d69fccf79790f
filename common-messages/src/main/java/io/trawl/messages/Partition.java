package io.trawl.messages;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * What one task covers of a symbol's dataset, tagged by {@code kind}: a calendar month, a day, a time window
 * {@code [from, until)} or a snapshot taken at an instant. Its {@link #token()} names it in task ids and object
 * keys ({@code 2024-03}, {@code 2024-03-05}, {@code 20240301T000000Z_20240401T000000Z}, {@code
 * 20261130T041500Z}) and reads back with {@link #parse(String)}, so a listing of stored objects answers which
 * partitions exist. All instants are UTC and whole seconds.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "kind")
@JsonSubTypes({
    @JsonSubTypes.Type(value = Partition.Month.class, name = "month"),
    @JsonSubTypes.Type(value = Partition.Day.class, name = "day"),
    @JsonSubTypes.Type(value = Partition.Window.class, name = "window"),
    @JsonSubTypes.Type(value = Partition.Snapshot.class, name = "snapshot")
})
public sealed interface Partition {

    /** Compact UTC form of an instant used in tokens. */
    DateTimeFormatter INSTANT_TOKEN =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    /** The partition's name in task ids and object keys. */
    String token();

    /** First instant covered (inclusive). */
    @JsonIgnore
    Instant start();

    /** First instant after the partition (exclusive); a snapshot's is its own instant. */
    @JsonIgnore
    Instant end();

    /** The calendar month the partition starts in, for coverage by month. */
    default YearMonth month() {
        return YearMonth.from(start().atOffset(ZoneOffset.UTC));
    }

    /**
     * The partition a token names; empty when the token names none (so a listing skips foreign objects).
     */
    static Optional<Partition> parse(String token) {
        try {
            if (token.length() == 7) {
                return Optional.of(new Month(YearMonth.parse(token)));
            }
            if (token.length() == 10) {
                return Optional.of(new Day(LocalDate.parse(token)));
            }
            if (token.length() == 16) {
                return Optional.of(new Snapshot(instant(token)));
            }
            if (token.length() == 33 && token.charAt(16) == '_') {
                return Optional.of(new Window(instant(token.substring(0, 16)), instant(token.substring(17))));
            }
        } catch (DateTimeParseException | IllegalArgumentException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    private static Instant instant(String token) {
        return INSTANT_TOKEN.parse(token, Instant::from);
    }

    private static Instant wholeSeconds(String field, Instant instant) {
        Require.present(field, instant);
        if (instant.getNano() != 0) {
            throw new IllegalArgumentException(field + " must be whole seconds but was " + instant);
        }
        if (instant.isBefore(Instant.parse("1970-01-01T00:00:00Z"))
                || !instant.isBefore(Instant.parse("2101-01-01T00:00:00Z"))) {
            throw new IllegalArgumentException(field + " must be in 1970..2100 but was " + instant);
        }
        return instant;
    }

    /** A calendar month (UTC), e.g. a monthly archive. */
    record Month(YearMonth month) implements Partition {
        public Month {
            Require.present("month", month);
            if (month.getYear() < 1970 || month.getYear() > 2100) {
                throw new IllegalArgumentException("month must be in 1970..2100 but was " + month);
            }
        }

        @Override
        public String token() {
            return month.toString();
        }

        @Override
        public Instant start() {
            return month.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        }

        @Override
        public Instant end() {
            return month.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        }
    }

    /** A day (UTC), e.g. a daily archive of a month still growing. */
    record Day(LocalDate day) implements Partition {
        public Day {
            Require.present("day", day);
            if (day.getYear() < 1970 || day.getYear() > 2100) {
                throw new IllegalArgumentException("day must be in 1970..2100 but was " + day);
            }
        }

        @Override
        public String token() {
            return day.toString();
        }

        @Override
        public Instant start() {
            return day.atStartOfDay().toInstant(ZoneOffset.UTC);
        }

        @Override
        public Instant end() {
            return day.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        }
    }

    /** A time window {@code [from, until)}, e.g. the candles a REST API is asked for. */
    record Window(Instant from, Instant until) implements Partition {
        public Window {
            wholeSeconds("from", from);
            wholeSeconds("until", until);
            if (!until.isAfter(from)) {
                throw new IllegalArgumentException("until (" + until + ") must be after from (" + from + ")");
            }
        }

        @Override
        public String token() {
            return INSTANT_TOKEN.format(from) + "_" + INSTANT_TOKEN.format(until);
        }

        @Override
        public Instant start() {
            return from;
        }

        @Override
        public Instant end() {
            return until;
        }

        /** Length of the window in seconds. */
        public long seconds() {
            return ChronoUnit.SECONDS.between(from, until);
        }
    }

    /** The state of a source at an instant, e.g. a feed or page fetched by a schedule. */
    record Snapshot(Instant at) implements Partition {
        public Snapshot {
            wholeSeconds("at", at);
        }

        @Override
        public String token() {
            return INSTANT_TOKEN.format(at);
        }

        @Override
        public Instant start() {
            return at;
        }

        @Override
        public Instant end() {
            return at;
        }
    }
}
