package io.trawl.e2e.bench;

import static io.trawl.e2e.bench.Jobs.fixed;

import io.trawl.e2e.TrawlSystem;
import io.trawl.simulator.ServerRules;
import io.trawl.simulator.SimulatorConfig;
import io.trawl.simulator.SourceStats;
import java.time.Duration;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Benchmark 6: how much of a source's limit Trawl uses, judged at the source, at 20 ms, 400 ms and 1 s answer
 * latency (3 workers, limit 15/s, counted at arrival, bans after 5 requests during Retry-After), and a weighted
 * run against a clock-aligned minute budget (6,000 per minute, weight 2, reported in X-MBX-USED-WEIGHT-1M).
 * Each latency runs with both ways of counting (ANSWER, the default, and ARRIVAL). Utilisation is the rate from
 * 5 s after the first request to the last, over the limit. A failed job writes no figures.
 */
final class UtilisationBenchmark {

    private static final int LIMIT = 15;
    private static final int MINUTE_WEIGHT = 6_000;
    private static final int WEIGHT = 2;

    private final int partitions;
    private final int weightedPartitions;

    UtilisationBenchmark(int partitions, int weightedPartitions) {
        this.partitions = partitions;
        this.weightedPartitions = weightedPartitions;
    }

    Section run() throws Exception {
        List<String> table = new ArrayList<>(List.of(
                "| answer latency | counting | requests | limit | max in any sliding second | 429s | bans | used after 5 s | wall |",
                "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"));
        List<Section.Bar> bars = new ArrayList<>();
        StringBuilder summary = new StringBuilder("BENCH utilisation:");
        for (int latency : new int[] {20, 400, 1_000}) {
            for (String counting : new String[] {"ARRIVAL", "ANSWER"}) {
                Run run = latencyRun(Duration.ofMillis(latency), counting);
                table.add("| %d ms | %s | %d | %d/s | %d | %d | %d | %s %% | %s s |"
                        .formatted(
                                latency,
                                counting,
                                run.stats().requests(),
                                LIMIT,
                                run.stats().maxInAnySlidingSecond(),
                                run.stats().tooMany(),
                                run.stats().bans(),
                                fixed(run.used() * 100, 1),
                                fixed(run.wall(), 1)));
                bars.add(new Section.Bar(
                        latency + " ms " + counting.toLowerCase(java.util.Locale.ROOT), run.used() * 100));
                summary.append(" %d ms %s %s%% (%d x 429, %d bans);"
                        .formatted(
                                latency,
                                counting,
                                fixed(run.used() * 100, 1),
                                run.stats().tooMany(),
                                run.stats().bans()));
            }
        }
        SourceStats weighted = weightedRun();
        double minuteUsed = (double) weighted.maxWeightInMinute() / MINUTE_WEIGHT;
        table.add("");
        table.add(
                "| weighted run | requests | budget | most weight in one clock minute | 429s | bans | minute budget used |");
        table.add("| --- | --- | --- | --- | --- | --- | --- |");
        table.add("| weight %d, 20 ms | %d | %,d per minute (fixed) | %,d | %d | %d | %s %% |"
                .formatted(
                        WEIGHT,
                        weighted.requests(),
                        MINUTE_WEIGHT,
                        weighted.maxWeightInMinute(),
                        weighted.tooMany(),
                        weighted.bans(),
                        fixed(minuteUsed * 100, 1)));
        bars.add(new Section.Bar("minute %", minuteUsed * 100));
        summary.append(
                " weighted minute budget %s%% (%d x 429)".formatted(fixed(minuteUsed * 100, 1), weighted.tooMany()));
        return new Section(
                "utilisation",
                "6. Limit used at any latency, judged at the source",
                ("%,d symbols × 1 month (2 requests each) from a source allowing %d requests in any sliding second,"
                                + " counting each at arrival, banning after 5 requests during Retry-After; 3 workers ×"
                                + " 16 consumers, Trawl configured at the same limit, counting until the answer"
                                + " (default) or by arrival (opt-in), after a warm-up job of a third of that size"
                                + " (its counts forgotten by the source). Then %,d symbols against a"
                                + " clock-aligned budget of %,d weight per minute at weight %d.")
                        .formatted(partitions, LIMIT, weightedPartitions, MINUTE_WEIGHT, WEIGHT),
                table,
                summary.toString(),
                "Share of the limit used (%)",
                "",
                bars,
                false);
    }

    private record Run(SourceStats stats, double used, double wall) {}

    private Run latencyRun(Duration latency, String counting) throws Exception {
        SimulatorConfig simulator = SimulatorConfig.defaults()
                .withLatency(latency)
                .withRateLimits(Map.of("binance", LIMIT))
                .withRules(ServerRules.DEFAULT);
        Map<String, String> settings = Jobs.settings(LIMIT, 16, "TRAWL_SOURCES_BINANCE_LIMITS_COUNTING", counting);
        try (TrawlSystem system = new TrawlSystem(UtilisationBenchmark.class, simulator, 3, settings)) {
            warmUp(system);
            Jobs.Outcome outcome = Jobs.collect(
                    system, Jobs.symbols("UTIL", partitions), YearMonth.of(2024, 1), 1, Duration.ofMinutes(20));
            SourceStats stats = Jobs.binance(system);
            check(outcome, stats);
            long[] arrivals = system.simulator().arrivals("binance");
            return new Run(stats, rateAfter(arrivals, Duration.ofSeconds(5)) / LIMIT, Jobs.seconds(outcome.running()));
        }
    }

    private SourceStats weightedRun() throws Exception {
        SimulatorConfig simulator = SimulatorConfig.defaults()
                .withLatency(Duration.ofMillis(20))
                .withRules(ServerRules.DEFAULT.withMinuteWeight("binance", MINUTE_WEIGHT, WEIGHT));
        Map<String, String> settings = Jobs.settings(
                0,
                16,
                "TRAWL_SOURCES_BINANCE_LIMITS_WEIGHT",
                Integer.toString(WEIGHT),
                "TRAWL_SOURCES_BINANCE_LIMITS_WINDOWS_0_LIMIT",
                Integer.toString(MINUTE_WEIGHT),
                "TRAWL_SOURCES_BINANCE_LIMITS_WINDOWS_0_PERIOD",
                "1m",
                "TRAWL_SOURCES_BINANCE_LIMITS_WINDOWS_0_FIXED",
                "true");
        try (TrawlSystem system = new TrawlSystem(UtilisationBenchmark.class, simulator, 3, settings)) {
            Jobs.Outcome outcome = Jobs.collect(
                    system,
                    Jobs.symbols("WEIGHT", weightedPartitions),
                    YearMonth.of(2024, 1),
                    1,
                    Duration.ofMinutes(20));
            SourceStats stats = Jobs.binance(system);
            check(outcome, stats);
            // each partition asks for its archive and its checksum once, again only after a 429
            if (stats.requests() > 2L * weightedPartitions + stats.tooMany()) {
                throw new IllegalStateException("weighted run: %d requests for %d partitions and %d answers 429"
                        .formatted(stats.requests(), weightedPartitions, stats.tooMany()));
            }
            return stats;
        }
    }

    /**
     * A job of {@code partitions / 3} partitions through the same source and settings, whose counts the source then
     * forgets: the measured job meets workers as they run in production, past their start-up (JIT compilation on
     * two shared cores delays requests by tens of milliseconds for the first minute or so).
     */
    private void warmUp(TrawlSystem system) throws Exception {
        Jobs.collect(system, Jobs.symbols("WARM", partitions / 3), YearMonth.of(2023, 1), 1, Duration.ofMinutes(10))
                .completed();
        system.simulator().reset();
    }

    /** A run whose job did not complete writes no figures; 429s and bans are findings, shown in the table. */
    private static void check(Jobs.Outcome outcome, SourceStats stats) {
        if (!"COMPLETED".equals(outcome.state())) {
            throw new IllegalStateException("utilisation run failed: " + outcome + ", " + stats);
        }
    }

    /** Requests per second from {@code skip} after the first arrival to the last. */
    private static double rateAfter(long[] arrivals, Duration skip) {
        long start = arrivals[0] + skip.toNanos();
        int first = 0;
        while (first < arrivals.length && arrivals[first] < start) {
            first++;
        }
        if (arrivals.length - first < 20) {
            throw new IllegalStateException("too few requests after the first " + skip + " to measure a rate");
        }
        return (arrivals.length - first - 1) / ((arrivals[arrivals.length - 1] - arrivals[first]) / 1e9);
    }
}
