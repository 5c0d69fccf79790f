package io.trawl.orchestrator.schedules;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.scheduling.support.CronExpression;

/**
 * When a schedule's runs are due: a cron expression in a time zone (Spring's six fields with seconds, or the
 * classic five, which run at second 0), or a fixed interval counted from the schedule's creation.
 */
sealed interface Cadence {

    /** The shortest interval between runs: a run is a job, not a heartbeat. */
    Duration SHORTEST = Duration.ofSeconds(1);

    /** The longest fixed interval. */
    Duration LONGEST = Duration.ofDays(366);

    /** The first run strictly after {@code after}, or null when there is none (a cron for a date gone by). */
    Instant next(Instant after);

    /** Reads {@code cron} or {@code every} (exactly one set) with {@code zone}; problems name the field. */
    static Cadence of(String cron, String every, String zone, Instant anchor) {
        if ((cron == null || cron.isBlank()) == (every == null || every.isBlank())) {
            throw new InvalidScheduleException(
                    "set exactly one of cron (e.g. '0 */5 * * * *' or '*/5 * * * *') and" + " every (e.g. 5m)");
        }
        ZoneId zoneId;
        try {
            zoneId = ZoneId.of(zone == null || zone.isBlank() ? "UTC" : zone.strip());
        } catch (DateTimeException e) {
            throw new InvalidScheduleException(
                    "zone must be a time zone such as UTC or Asia/Kolkata but was '" + excerpt(zone) + "'");
        }
        return cron != null && !cron.isBlank() ? Cron.of(cron, zoneId) : Every.of(every, anchor);
    }

    private static String excerpt(String text) {
        return text.length() > 60 ? text.substring(0, 60) + "…" : text;
    }

    /** Runs when a cron expression matches, in a zone (so {@code 0 9 * * MON-FRI} is 9:00 there, DST included). */
    record Cron(CronExpression expression, ZoneId zone) implements Cadence {

        static Cron of(String text, ZoneId zone) {
            String[] fields = text.strip().split("\\s+");
            String six = fields.length == 5 ? "0 " + text.strip() : text.strip();
            CronExpression expression;
            try {
                expression = CronExpression.parse(six);
            } catch (IllegalArgumentException e) {
                throw new InvalidScheduleException(
                        "cron '" + excerpt(text) + "' is not a cron expression of 5 or 6 fields: " + e.getMessage());
            }
            Cron cron = new Cron(expression, zone);
            Instant first = cron.next(Instant.now());
            if (first == null) {
                throw new InvalidScheduleException("cron '" + excerpt(text) + "' never runs again");
            }
            if (Duration.between(first, cron.next(first)).compareTo(SHORTEST) < 0) {
                throw new InvalidScheduleException("cron '" + excerpt(text) + "' runs more often than every second");
            }
            return cron;
        }

        @Override
        public Instant next(Instant after) {
            ZonedDateTime next = expression.next(after.atZone(zone));
            return next == null ? null : next.toInstant();
        }
    }

    /** Runs every {@code interval}, counted from {@code anchor} (so restarts never shift the runs). */
    record Every(Duration interval, Instant anchor) implements Cadence {

        static Every of(String text, Instant anchor) {
            Duration interval;
            try {
                interval = DurationStyle.detectAndParse(text.strip());
            } catch (IllegalArgumentException e) {
                throw new InvalidScheduleException(
                        "every must be a duration such as 30s, 5m or PT1H but was '" + excerpt(text) + "'");
            }
            if (interval.compareTo(SHORTEST) < 0 || interval.compareTo(LONGEST) > 0) {
                throw new InvalidScheduleException("every must be between 1s and 366d but was '" + excerpt(text) + "'");
            }
            return new Every(interval, anchor);
        }

        @Override
        public Instant next(Instant after) {
            if (after.isBefore(anchor)) {
                return anchor;
            }
            long periods = Duration.between(anchor, after).toMillis() / interval.toMillis() + 1;
            return anchor.plusMillis(periods * interval.toMillis());
        }
    }
}
