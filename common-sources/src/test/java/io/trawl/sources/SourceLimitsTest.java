package io.trawl.sources;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SourceLimitsTest {

    @Test
    void requestsAreSpacedByAPacingWindowWhenBurstIsBelowTheRate() {
        SourceLimits limits = SourceLimits.of(40, 1, 1.0, 0);
        assertThat(limits.chargedWindows())
                .containsExactly(
                        new RateWindow(40, Duration.ofSeconds(1), false),
                        new RateWindow(1, Duration.ofMillis(25), false));
        assertThat(limits.countedWindows()).isEqualTo(2);
    }

    @Test
    void aRateAboveAThousandPerSecondSpacesGroupsOfAMillisecondNotSlotsShorterThanAWindowMayBe() {
        SourceLimits limits = SourceLimits.of(100_000, 1, 1.0, 0);
        assertThat(limits.chargedWindows())
                .containsExactly(
                        new RateWindow(100_000, Duration.ofSeconds(1), false),
                        new RateWindow(100, Duration.ofMillis(1), false));
    }

    @Test
    void noPacingWindowWhenAllMayGoAtOnceAndConfiguredWindowsComeAfter() {
        RateWindow minute = new RateWindow(6_000, Duration.ofMinutes(1), true);
        SourceLimits limits =
                new SourceLimits(20, 20, 1.0, 0, List.of(minute), 2, Counting.ANSWER, Duration.ofMillis(20));
        assertThat(limits.chargedWindows()).containsExactly(RateWindow.perSecond(20), minute);
        assertThat(limits.countedWindows()).isEqualTo(1);
    }
}
