package io.trawl.orchestrator.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SourceSummaryTest {

    @Test
    void linesSayWhichSourcesCompletedFailedOrTimedOutAndHowLongEachTook() {
        assertThat(SourceSummary.of("knco", new SourceSummary.Counts(200, 200, 0, 0, 0), 1, 2_300, 30_000)
                        .summary())
                .isEqualTo("knco completed in 2.3s (200 files)");
        assertThat(SourceSummary.of("county", new SourceSummary.Counts(10, 0, 10, 0, 10), 0, 150_000, 30_000)
                        .summary())
                .isEqualTo("county timed out after 30s (0 files)");
        assertThat(SourceSummary.of("binance", new SourceSummary.Counts(10, 7, 3, 0, 1), 1, 4_000, 30_000)
                        .summary())
                .isEqualTo("binance failed 3 of 10 files in 4s (7 files), 1 timed out after 30s");
        assertThat(SourceSummary.of("bitstamp", new SourceSummary.Counts(10, 4, 0, 6, 0), 1, 1_500, 30_000)
                        .summary())
                .isEqualTo("bitstamp cancelled after 1.5s (4 of 10 files)");
        assertThat(SourceSummary.of("binance", new SourceSummary.Counts(10, 4, 0, 0, 0), 1, 1_500, 30_000)
                        .summary())
                .isEqualTo("binance running for 1.5s (4/10 files)");
    }
}
