package io.trawl.orchestrator.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SourceSummaryTest {

    @ParameterizedTest(name = "{7}")
    @CsvSource(
            delimiter = '|',
            value = {
                "knco     | 200 | 200 |  0 | 0 |  0 |   2300 | knco completed in 2.3s (200 files)",
                "county   |  10 |   0 | 10 | 0 | 10 | 150000 | county timed out after 30s (0 files)",
                "binance  |  10 |   7 |  3 | 0 |  1 |   4000 | binance failed 3 of 10 files in 4s (7 files), 1 timed out after 30s",
                "bitstamp |  10 |   4 |  0 | 6 |  0 |   1500 | bitstamp cancelled after 1.5s (4 of 10 files)",
                "binance  |  10 |   4 |  0 | 0 |  0 |   1500 | binance running for 1.5s (4/10 files)",
            })
    void linesSayWhichSourcesCompletedFailedOrTimedOutAndHowLongEachTook(
            String source,
            long total,
            long succeeded,
            long failed,
            long cancelled,
            long timedOut,
            long millis,
            String line) {
        SourceSummary summary = SourceSummary.of(
                source, new SourceSummary.Counts(total, succeeded, 0, failed, cancelled, timedOut), 1, millis, 30_000);

        assertThat(summary.summary()).isEqualTo(line);
    }

    @Test
    void partitionsWithoutDataAreCountedApartAndSymbolsWithNoneAreNamed() {
        SourceSummary summary = SourceSummary.of(
                "binance",
                new SourceSummary.Counts(168, 140, 28, 0, 0, 0),
                1,
                0,
                SourceSummary.Unit.FILES,
                4000,
                30_000,
                List.of("NEWCOINUSDT"));

        assertThat(summary.summary())
                .isEqualTo("binance completed in 4s (140 files, 28 with no data at the source); no data at all for"
                        + " NEWCOINUSDT (unknown to the source?)");
        assertThat(summary.noData()).isEqualTo(28);
    }

    @Test
    void feedsCountTheEventsTheyStoredAndCandlesTheirCandles() {
        SourceSummary feed = SourceSummary.of(
                "knco",
                new SourceSummary.Counts(3, 3, 0, 0, 0, 0),
                1,
                200,
                new SourceSummary.Unit("events", true),
                2300,
                30_000,
                List.of());
        SourceSummary hanging = SourceSummary.of(
                "county",
                new SourceSummary.Counts(1, 0, 0, 1, 0, 1),
                0,
                0,
                new SourceSummary.Unit("events", true),
                30_000,
                30_000,
                List.of());

        assertThat(feed.summary()).isEqualTo("knco completed in 2.3s (200 events)");
        assertThat(feed.count()).isEqualTo(200);
        assertThat(hanging.summary()).isEqualTo("county timed out after 30s (0 events)");
        assertThat(JobViews.of(
                                java.util.Map.of(
                                        "id",
                                        "j",
                                        "state",
                                        "COMPLETED",
                                        "priority",
                                        "NORMAL",
                                        "total",
                                        "4",
                                        "succeeded",
                                        "3"),
                                List.of(feed, hanging),
                                List.of())
                        .summary())
                .isEqualTo("Total: 200 events from 1/2 sources");
    }
}
