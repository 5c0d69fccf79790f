package io.trawl.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SlidingWindowCounterTest {

    private static final long MS = 1_000_000L;

    @Test
    void rejectsTheArrivalThatOverfillsAnySlidingSecond() {
        SlidingWindowCounter counter = new SlidingWindowCounter(2);

        assertThat(counter.arrive(0)).isTrue();
        assertThat(counter.arrive(600 * MS)).isTrue();
        assertThat(counter.arrive(999 * MS)).isFalse();
        assertThat(counter.arrive(1_000 * MS))
                .as("the first arrival left the window")
                .isFalse();
        assertThat(counter.arrive(1_601 * MS))
                .as("rejected arrivals still count as requests")
                .isFalse();
        assertThat(counter.arrive(2_000 * MS)).isTrue();

        SourceStats stats = counter.stats("s");
        assertThat(stats.violations()).isEqualTo(3);
        assertThat(stats.maxInAnySlidingSecond()).isEqualTo(3);
    }

    @Test
    void unlimitedSourceOnlyMeasures() {
        SlidingWindowCounter counter = new SlidingWindowCounter(0);
        for (int i = 0; i < 50; i++) {
            assertThat(counter.arrive(i * MS)).isTrue();
        }
        assertThat(counter.stats("s").maxInAnySlidingSecond()).isEqualTo(50);
        assertThat(counter.stats("s").violations()).isZero();
    }
}
