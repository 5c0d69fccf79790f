package io.trawl.e2e.bench;

import static io.trawl.e2e.bench.Jobs.fixed;

import io.trawl.e2e.TrawlSystem;
import io.trawl.simulator.SimulatorConfig;
import io.trawl.simulator.SourceStats;
import java.time.Duration;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;

/**
 * Benchmark 2: the seed scenario at a rate limit. {@code partitions} symbols × 1 month from one source that
 * allows {@code limit} requests in any sliding second and counts every request itself, 3 workers × 16
 * consumers; the most requests in any sliding second, violations, and the job's wall time against the ideal
 * (requests / limit).
 */
final class RateLimitBenchmark {

    private final int partitions;
    private final int limit;

    RateLimitBenchmark(int partitions, int limit) {
        this.partitions = partitions;
        this.limit = limit;
    }

    Section run() throws Exception {
        Map<String, String> settings = Jobs.settings(limit, 16);
        SimulatorConfig simulator =
                SimulatorConfig.defaults().withLatency(Duration.ofMillis(20)).withRateLimits(Map.of("binance", limit));
        try (TrawlSystem system = new TrawlSystem(RateLimitBenchmark.class, simulator, 3, settings)) {
            Jobs.Outcome run = Jobs.collect(
                            system, Jobs.symbols("RATE", partitions), YearMonth.of(2024, 1), 1, Duration.ofMinutes(30))
                    .completed();
            SourceStats source = Jobs.binance(system);
            double ideal = (double) source.requests() / limit;
            double wall = Jobs.seconds(run.running());
            List<String> table = List.of(
                    "| partitions | requests | limit | max in any sliding second | violations | wall (first start to last stored) | ideal | wall / ideal |",
                    "| --- | --- | --- | --- | --- | --- | --- | --- |",
                    "| %d | %d | %d/s | %d | %d | %s s | %s s | %s× |"
                            .formatted(
                                    run.succeeded(),
                                    source.requests(),
                                    limit,
                                    source.maxInAnySlidingSecond(),
                                    source.violations(),
                                    fixed(wall, 1),
                                    fixed(ideal, 1),
                                    fixed(wall / ideal, 3)));
            String summary =
                    ("BENCH rate-limit: %d partitions, %d requests at %d/s, 3 workers x 16 consumers: %s, max %d in"
                                    + " any sliding second, %d violations, wall %s s vs ideal %s s (%sx)")
                            .formatted(
                                    partitions,
                                    source.requests(),
                                    limit,
                                    run.state(),
                                    source.maxInAnySlidingSecond(),
                                    source.violations(),
                                    fixed(wall, 1),
                                    fixed(ideal, 1),
                                    fixed(wall / ideal, 3));
            return new Section(
                    "ratelimit",
                    "2. Rate-limited backfill (%,d partitions at %d req/s, 3 workers)".formatted(partitions, limit),
                    "%,d symbols × 1 month from one source allowing %d requests in any sliding second and counting"
                                    .formatted(partitions, limit)
                            + " them itself (20 ms per request), 3 worker JVMs × 16 consumers. Each partition is"
                            + " 2 requests (archive and `.CHECKSUM`), so the ideal wall time is requests / limit.",
                    table,
                    summary,
                    "Rate-limited backfill: seconds and requests per second",
                    "",
                    List.of(
                            new Section.Bar("wall s", wall),
                            new Section.Bar("ideal s", ideal),
                            new Section.Bar("limit /s", limit),
                            new Section.Bar("max /s seen", source.maxInAnySlidingSecond())),
                    true);
        }
    }
}
