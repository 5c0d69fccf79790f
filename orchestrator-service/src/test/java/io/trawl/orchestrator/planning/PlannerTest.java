package io.trawl.orchestrator.planning;

import static org.assertj.core.api.Assertions.assertThat;

import io.trawl.messages.Priority;
import io.trawl.sources.MonthRange;
import io.trawl.sources.SourceDefinition;
import io.trawl.sources.SourceType;
import java.time.Duration;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class PlannerTest {

    private static final SourceDefinition ARCHIVE = new SourceDefinition(
            SourceType.HTTP_ARCHIVE,
            "klines",
            List.of("1d"),
            "http://x/{SYMBOL}-{interval}-{YYYY}-{MM}.zip",
            null,
            null,
            null,
            null,
            null,
            null);

    private static final LocalDate TODAY = LocalDate.of(2026, 11, 23);

    private final Planner planner = new Planner(Map.of("binance", ARCHIVE, "bitstamp", ARCHIVE));

    @Test
    void plansOneTaskPerSourceSymbolAndMonth() {
        CollectionSpec spec = new CollectionSpec(
                List.of("binance", "bitstamp"),
                List.of("BTCUSDT", "ETHUSDT"),
                "1d",
                new MonthRange(YearMonth.of(2023, 12), YearMonth.of(2024, 2)),
                Priority.HIGH,
                2,
                null,
                Map.of("binance", Duration.ofSeconds(30), "bitstamp", Duration.ofSeconds(30)),
                0,
                0.0,
                false);

        List<PlannedTask> tasks = planner.plan("j-1", spec, Planner.Collected.NONE, TODAY);

        assertThat(tasks).hasSize(12).hasSize((int) spec.taskCount());
        assertThat(tasks.getFirst().task().taskId()).isEqualTo("j-1.binance.BTCUSDT.1d.2023-12");
        assertThat(tasks.getFirst().objectKey()).isEqualTo("binance/klines-1d/BTCUSDT/2023-12.zip");
        assertThat(tasks.getLast().task().taskId()).isEqualTo("j-1.bitstamp.ETHUSDT.1d.2024-02");
        assertThat(tasks).map(t -> t.task().taskId()).doesNotHaveDuplicates();
        assertThat(tasks).allSatisfy(t -> assertThat(t.task().attempt()).isEqualTo(1));
        assertThat(tasks).allSatisfy(t -> assertThat(t.task().jobConcurrency()).isEqualTo(2));
    }

    @Test
    void sameJobPlansTheSameIdsAndKeys() {
        CollectionSpec spec = new CollectionSpec(
                List.of("binance"),
                List.of("BTCUSDT"),
                "1d",
                new MonthRange(YearMonth.of(2024, 1), YearMonth.of(2024, 6)),
                Priority.NORMAL,
                0,
                null,
                Map.of("binance", Duration.ofSeconds(30), "bitstamp", Duration.ofSeconds(30)),
                0,
                0.0,
                false);

        assertThat(planner.plan("j-7", spec, Planner.Collected.NONE, TODAY))
                .isEqualTo(planner.plan("j-7", spec, Planner.Collected.NONE, TODAY));
    }

    @Test
    void incrementalLeavesOutStoredMonthsButNotTheGrowingCurrentOne() {
        CollectionSpec spec = new CollectionSpec(
                List.of("binance"),
                List.of("BTCUSDT"),
                "1d",
                new MonthRange(YearMonth.of(2026, 8), YearMonth.of(2026, 11)),
                Priority.NORMAL,
                0,
                Duration.ofSeconds(45),
                Map.of("binance", Duration.ofSeconds(45)),
                0,
                0.0,
                true);
        Planner.Collected stored = (source, interval, symbol) -> new StoredPartitions(
                new TreeSet<>(Set.of(YearMonth.of(2026, 8), YearMonth.of(2026, 10), YearMonth.of(2026, 11))),
                new TreeSet<>());

        List<PlannedTask> tasks = planner.plan("j-2", spec, stored, TODAY);

        assertThat(tasks).map(t -> t.task().partition().toString()).containsExactly("2026-09", "2026-11");
        assertThat(tasks).allSatisfy(t -> assertThat(t.task().timeoutMillis()).isEqualTo(45_000));
    }

    @Test
    void aGrowingMonthOfASourceWithDailyArchivesIsPlannedDayByDayAndOnlyForNewDays() {
        SourceDefinition daily = new SourceDefinition(
                SourceType.HTTP_ARCHIVE,
                "klines",
                List.of("1d"),
                "http://x/{SYMBOL}-{YYYY}-{MM}.zip",
                null,
                null,
                null,
                null,
                null,
                "http://x/{SYMBOL}-{YYYY}-{MM}-{DD}.zip");
        Planner dailyPlanner = new Planner(Map.of("binance", daily));
        CollectionSpec spec = new CollectionSpec(
                List.of("binance"),
                List.of("BTCUSDT"),
                "1d",
                new MonthRange(YearMonth.of(2026, 10), YearMonth.of(2026, 11)),
                Priority.NORMAL,
                0,
                null,
                Map.of("binance", Duration.ofSeconds(30)),
                0,
                0.0,
                true);
        TreeSet<LocalDate> days = new TreeSet<>();
        for (int day = 1; day <= 20; day++) {
            days.add(LocalDate.of(2026, 11, day));
        }
        Planner.Collected stored =
                (source, interval, symbol) -> new StoredPartitions(new TreeSet<>(Set.of(YearMonth.of(2026, 10))), days);

        List<PlannedTask> tasks = dailyPlanner.plan("j-3", spec, stored, TODAY);

        assertThat(tasks)
                .map(PlannedTask::objectKey)
                .containsExactly(
                        "binance/klines-1d/BTCUSDT/2026-11-21.zip", "binance/klines-1d/BTCUSDT/2026-11-22.zip");
        assertThat(tasks.getFirst().task().taskId()).isEqualTo("j-3.binance.BTCUSDT.1d.2026-11-21");
        assertThat(tasks.getFirst().task().day()).isEqualTo(21);
        assertThat(dailyPlanner.plan("j-4", spec, Planner.Collected.NONE, TODAY))
                .as("full: October whole, November's 22 complete days")
                .hasSize(1 + 22);
    }
}
