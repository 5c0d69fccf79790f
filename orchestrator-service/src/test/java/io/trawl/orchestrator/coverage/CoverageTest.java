package io.trawl.orchestrator.coverage;

import static org.assertj.core.api.Assertions.assertThat;

import io.trawl.orchestrator.coverage.Coverage.Span;
import io.trawl.orchestrator.planning.StoredPartitions;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class CoverageTest {

    private static final TreeSet<YearMonth> STORED = new TreeSet<>(List.of(
            YearMonth.of(2024, 1),
            YearMonth.of(2024, 2),
            YearMonth.of(2024, 3),
            YearMonth.of(2024, 6),
            YearMonth.of(2024, 7)));

    @Test
    void collectedRunsAndTheGapsBetweenThem() {
        Coverage coverage =
                Coverage.of("binance", "BTCUSDT", "1d", new StoredPartitions(STORED, new TreeSet<>()), null, null);

        assertThat(coverage.partitions()).isEqualTo(5);
        assertThat(coverage.collected())
                .containsExactly(
                        Span.of(YearMonth.of(2024, 1), YearMonth.of(2024, 3)),
                        Span.of(YearMonth.of(2024, 6), YearMonth.of(2024, 7)));
        assertThat(coverage.gaps()).containsExactly(new Span(YearMonth.of(2024, 4), YearMonth.of(2024, 5), 2));
    }

    @Test
    void aRequestedRangeShowsGapsAtItsEdges() {
        Coverage coverage = Coverage.of(
                "binance",
                "BTCUSDT",
                "1d",
                new StoredPartitions(STORED, new TreeSet<>()),
                YearMonth.of(2023, 11),
                YearMonth.of(2024, 2));

        assertThat(coverage.partitions()).isEqualTo(2);
        assertThat(coverage.collected()).containsExactly(Span.of(YearMonth.of(2024, 1), YearMonth.of(2024, 2)));
        assertThat(coverage.gaps()).containsExactly(Span.of(YearMonth.of(2023, 11), YearMonth.of(2023, 12)));
    }

    @Test
    void nothingStoredAndNoRangeIsEmpty() {
        Coverage coverage = Coverage.of("binance", "BTCUSDT", "1d", StoredPartitions.NONE, null, null);

        assertThat(coverage.partitions()).isZero();
        assertThat(coverage.collected()).isEmpty();
        assertThat(coverage.gaps()).isEmpty();
    }

    @Test
    void aMonthStoredDayByDayIsListedAsPartial() {
        TreeSet<LocalDate> days = new TreeSet<>(List.of(LocalDate.of(2024, 8, 1), LocalDate.of(2024, 8, 2)));

        Coverage coverage = Coverage.of("binance", "BTCUSDT", "1d", new StoredPartitions(STORED, days), null, null);

        assertThat(coverage.partialMonths())
                .containsExactly(new Coverage.PartialMonth(YearMonth.of(2024, 8), 2, LocalDate.of(2024, 8, 2)));
    }
}
