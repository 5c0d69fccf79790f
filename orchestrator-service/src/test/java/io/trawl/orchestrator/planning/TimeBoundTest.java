package io.trawl.orchestrator.planning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TimeBoundTest {

    @ParameterizedTest(name = "{0} as {1}")
    @CsvSource({
        "2024-03,                   false, 2024-03-01T00:00:00Z",
        "2024-03,                   true,  2024-04-01T00:00:00Z",
        "2024-03-05,                false, 2024-03-05T00:00:00Z",
        "2024-03-05,                true,  2024-03-06T00:00:00Z",
        "2024-03-05T10:00,          true,  2024-03-05T10:00:00Z",
        "2024-03-05T10:00:30Z,      false, 2024-03-05T10:00:30Z",
        "2024-03-05T15:30:00+05:30, false, 2024-03-05T10:00:00Z",
        "2024-03-05T15:30:00+0530,  false, 2024-03-05T10:00:00Z",
    })
    void monthsAndDatesAreInclusiveAndDateTimesExact(String text, boolean end, String expected) {
        assertThat(TimeBound.parse("from", text, end)).isEqualTo(Instant.parse(expected));
    }

    @ParameterizedTest
    @CsvSource({
        "2024-13,            from must be a month (YYYY-MM)",
        "yesterday,          from must be a month (YYYY-MM)",
        "-357911918-09,      from must be between 1970-01 and 2100-12",
        "2024-03-05T10:00:00.5Z, from must be whole seconds",
    })
    void badBoundsAreNamed(String text, String message) {
        assertThatThrownBy(() -> TimeBound.parse("from", text, false)).hasMessageContaining(message);
    }
}
