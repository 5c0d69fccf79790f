package io.trawl.orchestrator.schedules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class CadenceTest {

    private static final Instant CREATED = Instant.parse("2026-11-23T12:00:07Z");

    @Test
    void aFixedIntervalCountsFromTheScheduleCreationWhateverTheTick() {
        Cadence every = Cadence.of(null, "5m", null, CREATED);

        assertThat(every.next(CREATED)).isEqualTo(Instant.parse("2026-11-23T12:05:07Z"));
        assertThat(every.next(Instant.parse("2026-11-23T12:05:06.999Z"))).isEqualTo("2026-11-23T12:05:07Z");
        assertThat(every.next(Instant.parse("2026-11-23T12:05:07Z"))).isEqualTo("2026-11-23T12:10:07Z");
        assertThat(every.next(Instant.parse("2026-11-23T11:00:00Z"))).isEqualTo(CREATED);
    }

    @Test
    void aCronIsReadInItsZoneWithFiveOrSixFields() {
        Cadence weekdays = Cadence.of("30 9 * * MON-FRI", null, "Asia/Kolkata", CREATED);
        Cadence seconds = Cadence.of("*/10 * * * * *", null, "UTC", CREATED);

        // Monday 23 November 2026, 12:00 UTC is 17:30 in Kolkata: the next 09:30 there is Tuesday 04:00 UTC
        assertThat(weekdays.next(CREATED)).isEqualTo(Instant.parse("2026-11-24T04:00:00Z"));
        assertThat(weekdays.next(Instant.parse("2026-11-27T05:00:00Z")))
                .as("Friday after 09:30 there: Monday")
                .isEqualTo(Instant.parse("2026-11-30T04:00:00Z"));
        assertThat(seconds.next(CREATED)).isEqualTo(Instant.parse("2026-11-23T12:00:10Z"));
    }

    @Test
    void everyProblemIsNamed() {
        assertThatThrownBy(() -> Cadence.of(null, null, null, CREATED)).hasMessageContaining("set exactly one of cron");
        assertThatThrownBy(() -> Cadence.of("* * * * *", "5m", null, CREATED))
                .hasMessageContaining("set exactly one of cron");
        assertThatThrownBy(() -> Cadence.of("61 * * * *", null, null, CREATED))
                .hasMessageContaining("cron '61 * * * *' is not a cron expression");
        assertThatThrownBy(() -> Cadence.of(null, "5m", "Mars/Olympus", CREATED))
                .hasMessageContaining("zone must be a time zone");
        assertThatThrownBy(() -> Cadence.of(null, "0s", null, CREATED)).hasMessageContaining("between 1s and 366d");
        assertThatThrownBy(() -> Cadence.of(null, "soon", null, CREATED))
                .hasMessageContaining("every must be a duration");
    }
}
