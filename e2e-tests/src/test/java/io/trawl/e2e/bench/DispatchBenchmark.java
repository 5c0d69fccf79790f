package io.trawl.e2e.bench;

import static io.trawl.e2e.bench.Jobs.fixed;
import static org.assertj.core.api.Assertions.assertThat;

import io.trawl.e2e.TrawlSystem;
import io.trawl.simulator.SimulatorConfig;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Benchmark 7: a job of a million tasks, planned and dispatched lazily, next to a job of 10,000 in the same
 * system: how long {@code POST /collections} takes, how soon the first task starts, the orchestrator's heap, the
 * deepest the broker's queue got, Redis bytes per dispatched task, the tasks per second of both jobs, and how long
 * a cancel of the big one takes to answer and to leave the broker empty.
 */
final class DispatchBenchmark {

    private static final int MONTHS = 200;
    private static final YearMonth FROM = YearMonth.of(2008, 1);
    private static final int WINDOW = 10_000;
    private static final int BATCH_SYMBOLS = 100;

    private final int bigSymbols;
    private final int smallSymbols;
    private final Duration measured;

    DispatchBenchmark(int bigSymbols, int smallSymbols, Duration measured) {
        this.bigSymbols = bigSymbols;
        this.smallSymbols = smallSymbols;
        this.measured = measured;
    }

    Section run() throws Exception {
        Map<String, String> settings = Jobs.settings(0, 8);
        try (TrawlSystem system = new TrawlSystem(
                DispatchBenchmark.class, SimulatorConfig.defaults().withLatency(Duration.ZERO), 1, settings)) {
            Jobs.collect(
                    system, Jobs.symbols("WARM", Math.max(1, smallSymbols / 10)), FROM, MONTHS, Duration.ofMinutes(5));
            Jobs.Outcome small =
                    Jobs.collect(system, Jobs.symbols("SMALL", smallSymbols), FROM, MONTHS, Duration.ofMinutes(15));
            assertThat(small.state()).isEqualTo("COMPLETED");

            Big big;
            double peakHeap;
            try (MemoryWatch heap = new MemoryWatch(system.orchestrator())) {
                big = runBig(system);
                peakHeap = heap.peakHeapMib();
            }
            double smallRate = small.succeeded() / Jobs.seconds(small.running());
            double ratio = big.tasksPerSecond() / smallRate;
            long bigTasks = (long) bigSymbols * MONTHS;
            List<String> table = List.of(
                    "| job | tasks | POST answered | first task started | tasks/s | orchestrator heap peak | deepest queue | Redis: task states | Redis per succeeded task: result | Redis per succeeded task: log lines (kept 1 h) | cancel answered | broker empty after cancel |",
                    "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
                    "| small | %,d | – | – | %s | – | – | – | – | – | – | – |"
                            .formatted(small.total(), fixed(smallRate, 1)),
                    "| big | %,d | %d ms | %d ms | %s (%s of the small job's) | %s MiB of 256 | %,d | %,d KiB for %,d live tasks | %d B | %d B | %d ms | %s s |"
                            .formatted(
                                    bigTasks,
                                    big.postMillis(),
                                    big.firstTaskMillis(),
                                    fixed(big.tasksPerSecond(), 1),
                                    fixed(ratio * 100, 0) + " %",
                                    fixed(peakHeap, 0),
                                    big.deepestQueue(),
                                    big.statesBytes() / 1024,
                                    big.liveTasks(),
                                    big.resultBytesPerTask(),
                                    big.logBytesPerTask(),
                                    big.cancelMillis(),
                                    fixed(big.emptyAfterSeconds(), 1)));
            String summary = ("BENCH dispatch: %,d-task job: POST %d ms, first task %d ms, %s tasks/s (%s%% of a"
                            + " %,d-task job's %s), orchestrator heap peak %s MiB, deepest queue %,d (window %,d),"
                            + " Redis: task states %,d KiB for %,d live tasks after %,d ended, %d B per succeeded task"
                            + " (result) and %d B (log lines, kept 1 h), cancel %d ms,"
                            + " broker empty %s s after")
                    .formatted(
                            bigTasks,
                            big.postMillis(),
                            big.firstTaskMillis(),
                            fixed(big.tasksPerSecond(), 1),
                            fixed(ratio * 100, 0),
                            small.total(),
                            fixed(smallRate, 1),
                            fixed(peakHeap, 0),
                            big.deepestQueue(),
                            WINDOW,
                            big.statesBytes() / 1024,
                            big.liveTasks(),
                            big.ended(),
                            big.resultBytesPerTask(),
                            big.logBytesPerTask(),
                            big.cancelMillis(),
                            fixed(big.emptyAfterSeconds(), 1));
            System.out.println(summary);
            assertThat(big.postMillis()).as("POST answers within 1 s").isLessThan(1_000);
            assertThat(big.deepestQueue())
                    .as("the broker holds a window, not the job")
                    .isLessThanOrEqualTo(WINDOW + BATCH_SYMBOLS * MONTHS);
            assertThat(big.cancelMillis()).as("cancel answers within 1 s").isLessThan(1_000);
            assertThat(big.resultBytesPerTask())
                    .as("a succeeded task keeps its result (object key, sha256), nothing more")
                    .isBetween(1L, 300L);
            assertThat(big.statesBytes())
                    .as("task states hold the live tasks (a window), not the job's ended ones")
                    .isLessThan(200L * (WINDOW + BATCH_SYMBOLS * MONTHS));
            assertThat(big.firstTaskMillis())
                    .as("the first task starts within 1 s")
                    .isBetween(0L, 999L);
            assertThat(ratio)
                    .as("a job of any size goes as fast as a small one (within 10%)")
                    .isGreaterThanOrEqualTo(0.9);
            assertThat(peakHeap)
                    .as("the orchestrator's heap holds a batch, not the job")
                    .isLessThan(200);
            return new Section(
                    "dispatch",
                    "7. A job of %,d tasks, dispatched lazily".formatted(bigTasks),
                    ("One worker (8 consumers) and a source with no latency and no limits. After a warm-up job, a job"
                                    + " of %,d symbols × %d months runs to the end; then a job of %,d symbols × %d months (%,d tasks) runs"
                                    + " for %d s and is cancelled. Dispatch batches of %d symbols, window %,d tasks;"
                                    + " the orchestrator's heap sampled every 250 ms, the queue from `GET /queues`,"
                                    + " Redis from `MEMORY USAGE` of the job's task-state and results hashes"
                                    + " and the rest of `used_memory`'s growth per ended task (its log lines). Tasks per second of"
                                    + " the big job are counted after its first 10 s.")
                            .formatted(
                                    smallSymbols,
                                    MONTHS,
                                    bigSymbols,
                                    MONTHS,
                                    bigTasks,
                                    measured.toSeconds(),
                                    BATCH_SYMBOLS,
                                    WINDOW),
                    table,
                    summary,
                    "Dispatch: %,d-task job".formatted(bigTasks),
                    "",
                    List.of(
                            new Section.Bar("POST ms", big.postMillis()),
                            new Section.Bar("heap MiB", peakHeap),
                            new Section.Bar("tasks/s big", big.tasksPerSecond()),
                            new Section.Bar("tasks/s small", smallRate),
                            new Section.Bar("cancel ms", big.cancelMillis())),
                    true);
        }
    }

    /** What the big job showed. */
    private record Big(
            long postMillis,
            long firstTaskMillis,
            double tasksPerSecond,
            long deepestQueue,
            long statesBytes,
            long liveTasks,
            long ended,
            long resultBytesPerTask,
            long logBytesPerTask,
            long cancelMillis,
            double emptyAfterSeconds) {}

    private Big runBig(TrawlSystem system) throws Exception {
        long redisBefore = system.redisUsedMemory();
        long posted = System.nanoTime();
        String jobId = system.submit(Map.of(
                "sources", List.of("binance"),
                "symbols", Jobs.symbols("BIG", bigSymbols),
                "timeframe", "1d",
                "from", FROM.toString(),
                "to", FROM.plusMonths(MONTHS - 1).toString()));
        long postMillis = (System.nanoTime() - posted) / 1_000_000;
        long deepest = 0;
        long firstTaskMillis = -1;
        long warmSucceeded = -1;
        long warmAt = 0;
        long end = posted + measured.toNanos();
        JsonNode job = system.get("/collections/" + jobId);
        while (System.nanoTime() < end) {
            deepest = Math.max(deepest, queued(system));
            job = system.get("/collections/" + jobId);
            if (firstTaskMillis < 0 && !job.get("startedAt").isNull()) {
                firstTaskMillis = Duration.between(
                                Instant.parse(job.get("createdAt").asString()),
                                Instant.parse(job.get("startedAt").asString()))
                        .toMillis();
            }
            if (warmSucceeded < 0 && System.nanoTime() - posted > 10_000_000_000L) {
                warmSucceeded = job.get("succeeded").asLong();
                warmAt = System.nanoTime();
            }
            Thread.sleep(250);
        }
        double rate = (job.get("succeeded").asLong() - warmSucceeded) / ((System.nanoTime() - warmAt) / 1e9);
        long dispatched = job.get("dispatched").asLong();
        long statesBytes = system.redisMemoryUsage(keys -> keys.jobTasks(jobId));
        long resultsBytes = system.redisMemoryUsage(keys -> keys.jobResults(jobId));
        long redisGrowth = system.redisUsedMemory() - redisBefore;
        long succeeded = job.get("succeeded").asLong();
        long ended = succeeded + job.get("failed").asLong();

        long cancelling = System.nanoTime();
        system.put("/collections/" + jobId + "/cancel", Map.of());
        long cancelMillis = (System.nanoTime() - cancelling) / 1_000_000;
        long emptying = System.nanoTime();
        while (queued(system) > 0 && System.nanoTime() - emptying < 120_000_000_000L) {
            Thread.sleep(100);
        }
        double emptyAfter = (System.nanoTime() - emptying) / 1e9;
        assertThat(queued(system)).as("the broker is empty after the cancel").isZero();
        return new Big(
                postMillis,
                firstTaskMillis,
                rate,
                deepest,
                statesBytes,
                dispatched - ended,
                ended,
                resultsBytes / Math.max(1, succeeded),
                Math.max(0, redisGrowth - statesBytes - resultsBytes) / Math.max(1, ended),
                cancelMillis,
                emptyAfter);
    }

    /** Tasks of binance in the broker: ready and delivered but not acknowledged. */
    private static long queued(TrawlSystem system) throws Exception {
        JsonNode binance = system.get("/queues").get("sources").get(0);
        return binance.get("ready").asLong() + binance.get("unacked").asLong();
    }
}
