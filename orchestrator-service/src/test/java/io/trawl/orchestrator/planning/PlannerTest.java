package io.trawl.orchestrator.planning;

import static org.assertj.core.api.Assertions.assertThat;

import io.trawl.messages.Partition;
import io.trawl.messages.Priority;
import io.trawl.sources.CandleApi;
import io.trawl.sources.MonthRange;
import io.trawl.sources.SourceDefinition;
import io.trawl.sources.SourceType;
import java.time.Duration;
import java.time.Instant;
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
            null,
            null,
            null,
            null);

    private static final Instant NOW = Instant.parse("2026-11-23T10:17:42Z");

    private final Planner planner = new Planner(Map.of("binance", ARCHIVE, "bitstamp", ARCHIVE));

    @Test
    void plansOneTaskPerSourceSymbolAndMonth() {
        CollectionSpec spec = new CollectionSpec(
                List.of("binance", "bitstamp"),
                List.of("BTCUSDT", "ETHUSDT"),
                "1d",
                new MonthRange(YearMonth.of(2023, 12), YearMonth.of(2024, 2)),
                new Partition.Month(YearMonth.of(2023, 12)).start(),
                new Partition.Month(YearMonth.of(2024, 2)).end(),
                Priority.HIGH,
                2,
                null,
                Map.of("binance", Duration.ofSeconds(30), "bitstamp", Duration.ofSeconds(30)),
                0,
                0.0,
                false);

        List<PlannedTask> tasks = planner.plan("j-1", spec, Planner.Collected.NONE, NOW);

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
                new Partition.Month(YearMonth.of(2024, 1)).start(),
                new Partition.Month(YearMonth.of(2024, 6)).end(),
                Priority.NORMAL,
                0,
                null,
                Map.of("binance", Duration.ofSeconds(30), "bitstamp", Duration.ofSeconds(30)),
                0,
                0.0,
                false);

        assertThat(planner.plan("j-7", spec, Planner.Collected.NONE, NOW))
                .isEqualTo(planner.plan("j-7", spec, Planner.Collected.NONE, NOW));
    }

    @Test
    void incrementalLeavesOutStoredMonthsButNotTheGrowingCurrentOne() {
        CollectionSpec spec = new CollectionSpec(
                List.of("binance"),
                List.of("BTCUSDT"),
                "1d",
                new MonthRange(YearMonth.of(2026, 8), YearMonth.of(2026, 11)),
                new Partition.Month(YearMonth.of(2026, 8)).start(),
                new Partition.Month(YearMonth.of(2026, 11)).end(),
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

        List<PlannedTask> tasks = planner.plan("j-2", spec, stored, NOW);

        assertThat(tasks).map(t -> t.task().partition().token()).containsExactly("2026-09", "2026-11");
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
                "http://x/{SYMBOL}-{YYYY}-{MM}-{DD}.zip",
                null,
                null,
                null);
        Planner dailyPlanner = new Planner(Map.of("binance", daily));
        CollectionSpec spec = new CollectionSpec(
                List.of("binance"),
                List.of("BTCUSDT"),
                "1d",
                new MonthRange(YearMonth.of(2026, 10), YearMonth.of(2026, 11)),
                new Partition.Month(YearMonth.of(2026, 10)).start(),
                new Partition.Month(YearMonth.of(2026, 11)).end(),
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

        List<PlannedTask> tasks = dailyPlanner.plan("j-3", spec, stored, NOW);

        assertThat(tasks)
                .map(PlannedTask::objectKey)
                .containsExactly(
                        "binance/klines-1d/BTCUSDT/2026-11-21.zip", "binance/klines-1d/BTCUSDT/2026-11-22.zip");
        assertThat(tasks.getFirst().task().taskId()).isEqualTo("j-3.binance.BTCUSDT.1d.2026-11-21");
        assertThat(tasks.getFirst().task().partition()).isEqualTo(new Partition.Day(LocalDate.of(2026, 11, 21)));
        assertThat(dailyPlanner.plan("j-4", spec, Planner.Collected.NONE, NOW))
                .as("full: October whole, November's 22 complete days")
                .hasSize(1 + 22);
    }

    private static final SourceDefinition CANDLES = new SourceDefinition(
            SourceType.REST_CANDLES,
            "klines",
            List.of("1h", "1d"),
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            new CandleApi(
                    "http://x/api/v3/klines",
                    Map.of("symbol", "{SYMBOL}", "startTime", "{from:ms}", "endTime", "{last:ms}"),
                    null,
                    null,
                    Map.of("time", "0", "open", "1", "high", "2", "low", "3", "close", "4", "volume", "5"),
                    null,
                    1000,
                    null,
                    null,
                    null,
                    "msg",
                    null),
            null,
            null);

    private final Planner candlePlanner = new Planner(Map.of("rest", CANDLES));

    private static CollectionSpec candleSpec(Instant from, Instant until, boolean incremental) {
        return new CollectionSpec(
                List.of("rest"),
                List.of("BTCUSDT"),
                "1h",
                new MonthRange(
                        YearMonth.from(from.atOffset(java.time.ZoneOffset.UTC)),
                        YearMonth.from(until.minusSeconds(1).atOffset(java.time.ZoneOffset.UTC))),
                from,
                until,
                Priority.NORMAL,
                0,
                null,
                Map.of("rest", Duration.ofSeconds(30)),
                0,
                0.0,
                incremental);
    }

    private static Partition.Window window(String from, String until) {
        return new Partition.Window(Instant.parse(from), Instant.parse(until));
    }

    @Test
    void aWindowedSourceIsPlannedOneWindowPerCalendarMonthCutAtTheLastClosedCandle() {
        CollectionSpec spec =
                candleSpec(Instant.parse("2026-09-15T06:00:00Z"), Instant.parse("2026-12-01T00:00:00Z"), false);

        List<PlannedTask> tasks = candlePlanner.plan("j-5", spec, Planner.Collected.NONE, NOW);

        assertThat(tasks)
                .map(t -> t.task().partition())
                .containsExactly(
                        window("2026-09-15T06:00:00Z", "2026-10-01T00:00:00Z"),
                        window("2026-10-01T00:00:00Z", "2026-11-01T00:00:00Z"),
                        window("2026-11-01T00:00:00Z", "2026-11-23T10:00:00Z"));
        assertThat(tasks.getLast().objectKey())
                .isEqualTo("rest/klines-1h/BTCUSDT/20261101T000000Z_20261123T100000Z.csv.gz");
        assertThat(tasks.getLast().task().taskId()).isEqualTo("j-5.rest.BTCUSDT.1h.20261101T000000Z_20261123T100000Z");
    }

    @Test
    void incrementalAsksAWindowedSourceOnlyFromTheLastStoredCandleToNow() {
        CollectionSpec spec =
                candleSpec(Instant.parse("2026-10-01T00:00:00Z"), Instant.parse("2026-12-01T00:00:00Z"), true);
        Planner.Collected upToYesterday = (source, interval, symbol) -> new StoredPartitions(
                new TreeSet<>(),
                new TreeSet<>(),
                new TreeSet<>(),
                List.of(
                        window("2026-10-01T00:00:00Z", "2026-11-01T00:00:00Z"),
                        window("2026-11-01T00:00:00Z", "2026-11-23T00:00:00Z")));

        List<PlannedTask> tasks = candlePlanner.plan("j-6", spec, upToYesterday, NOW);

        assertThat(tasks)
                .map(t -> t.task().partition())
                .containsExactly(window("2026-11-23T00:00:00Z", "2026-11-23T10:00:00Z"));
    }

    @Test
    void aTaskOfAWindowedSourceCostsTheRequestsItsCapsCutAMonthInto() {
        assertThat(CANDLES.requestsPerTask("1h"))
                .as("744 hourly candles, 1000 a request")
                .isEqualTo(1);
        assertThat(CANDLES.requestsPerTask("1d")).isEqualTo(1);
        assertThat(ARCHIVE.requestsPerTask("1d"))
                .as("archive and checksum sidecar")
                .isEqualTo(2);
    }

    @Test
    void aMonthOfMinuteCandlesIsCutIntoTasksOfAtMostTenRequests() {
        CollectionSpec spec = new CollectionSpec(
                List.of("rest"),
                List.of("BTCUSDT"),
                "1m",
                new MonthRange(YearMonth.of(2024, 1), YearMonth.of(2024, 1)),
                Instant.parse("2024-01-01T00:00:00Z"),
                Instant.parse("2024-02-01T00:00:00Z"),
                Priority.NORMAL,
                0,
                null,
                Map.of("rest", Duration.ofSeconds(30)),
                0,
                0.0,
                false);
        SourceDefinition minutes = new SourceDefinition(
                SourceType.REST_CANDLES,
                "klines",
                List.of("1m"),
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                CANDLES.candles(),
                null,
                null);

        List<PlannedTask> tasks = new Planner(Map.of("rest", minutes)).plan("j-8", spec, Planner.Collected.NONE, NOW);

        assertThat(tasks).hasSize(5);
        assertThat(tasks.getFirst().task().partition())
                .as("10 requests of 1,000 minutes")
                .isEqualTo(window("2024-01-01T00:00:00Z", "2024-01-07T22:40:00Z"));
        assertThat(tasks.getLast().task().partition().end()).isEqualTo(Instant.parse("2024-02-01T00:00:00Z"));
        assertThat(minutes.requestsPerTask("1m")).isEqualTo(10);
    }

    @Test
    void anApiThatAnswersAYearAtOnceIsAskedOnceAYear() {
        SourceDefinition kite = new SourceDefinition(
                SourceType.REST_CANDLES,
                "candles",
                List.of("1h"),
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                new CandleApi(
                        "http://x/{SYMBOL}/{interval}",
                        null,
                        null,
                        "data.candles",
                        CANDLES.candles().fields(),
                        "iso",
                        null,
                        Map.of("1h", 400),
                        null,
                        null,
                        null,
                        null),
                null,
                null);

        List<PlannedTask> tasks = new Planner(Map.of("rest", kite))
                .plan(
                        "j-9",
                        candleSpec(Instant.parse("2023-07-01T00:00:00Z"), Instant.parse("2025-01-01T00:00:00Z"), false),
                        Planner.Collected.NONE,
                        NOW);

        assertThat(kite.monthsPerTask("1h")).isEqualTo(12);
        assertThat(tasks)
                .map(t -> t.task().partition())
                .containsExactly(
                        window("2023-07-01T00:00:00Z", "2024-01-01T00:00:00Z"),
                        window("2024-01-01T00:00:00Z", "2025-01-01T00:00:00Z"));
        assertThat(kite.requestsPerTask("1h")).isEqualTo(1);
    }

    @Test
    void aFeedIsTakenAsOneSnapshotPerSymbolNow() {
        SourceDefinition feed = new SourceDefinition(
                SourceType.FEED,
                "news",
                null,
                "http://x/{SYMBOL}.xml",
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null);

        List<PlannedTask> tasks = new Planner(Map.of("rest", feed))
                .plan(
                        "j-10",
                        candleSpec(Instant.parse("2026-10-01T00:00:00Z"), Instant.parse("2026-12-01T00:00:00Z"), true),
                        Planner.Collected.NONE,
                        NOW);

        assertThat(tasks).singleElement().satisfies(t -> {
            assertThat(t.task().partition()).isEqualTo(new Partition.Snapshot(Instant.parse("2026-11-23T10:17:42Z")));
            assertThat(t.objectKey()).isEqualTo("rest/news-1h/BTCUSDT/20261123T101742Z.jsonl.gz");
        });
    }

    @Test
    void incrementalFillsGapsBetweenStoredWindows() {
        StoredPartitions stored = new StoredPartitions(
                new TreeSet<>(),
                new TreeSet<>(),
                new TreeSet<>(),
                List.of(
                        window("2026-10-05T00:00:00Z", "2026-10-10T00:00:00Z"),
                        window("2026-10-20T00:00:00Z", "2026-11-01T00:00:00Z")));

        assertThat(stored.uncovered(Instant.parse("2026-10-01T00:00:00Z"), Instant.parse("2026-11-01T00:00:00Z")))
                .containsExactly(
                        window("2026-10-01T00:00:00Z", "2026-10-05T00:00:00Z"),
                        window("2026-10-10T00:00:00Z", "2026-10-20T00:00:00Z"));
        assertThat(stored.uncovered(Instant.parse("2026-10-21T00:00:00Z"), Instant.parse("2026-10-30T00:00:00Z")))
                .isEmpty();
    }
}
