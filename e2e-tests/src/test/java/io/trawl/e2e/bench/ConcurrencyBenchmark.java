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
 * Benchmark 4: 1,000 tasks in flight on one worker (1,000 consumers on virtual threads, 256 MB heap) against a
 * source that takes 1 s per request; completion time, the most requests the source saw at once, and the
 * worker's heap.
 */
final class ConcurrencyBenchmark {

    private final int tasks;

    ConcurrencyBenchmark(int tasks) {
        this.tasks = tasks;
    }

    Section run() throws Exception {
        Map<String, String> settings = Jobs.settings(0, tasks, "TRAWL_WORKER_PREFETCH", "1");
        Duration latency = Duration.ofSeconds(1);
        try (TrawlSystem system = new TrawlSystem(
                ConcurrencyBenchmark.class, SimulatorConfig.defaults().withLatency(latency), 1, settings)) {
            Jobs.Outcome run;
            double peakHeap;
            double peakRss;
            try (MemoryWatch memory = new MemoryWatch(system.workers().getFirst())) {
                run = Jobs.collect(
                                system,
                                Jobs.symbols("CONC", tasks / 10),
                                YearMonth.of(2022, 1),
                                10,
                                Duration.ofMinutes(10))
                        .completed();
                peakHeap = memory.peakHeapMib();
                peakRss = memory.peakRssMib();
            }
            SourceStats source = Jobs.binance(system);
            double seconds = Jobs.seconds(run.wall());
            List<String> table = List.of(
                    "| tasks | state | completion | ideal (2 requests × 1 s) | most requests in flight at the source | peak heap used | peak RSS |",
                    "| --- | --- | --- | --- | --- | --- | --- |",
                    "| %d | %s | %s s | 2.0 s | %d | %s MiB of 256 | %s MiB |"
                            .formatted(
                                    run.succeeded(),
                                    run.state(),
                                    fixed(seconds, 1),
                                    source.maxInFlight(),
                                    fixed(peakHeap, 0),
                                    fixed(peakRss, 0)));
            String summary = ("BENCH concurrency: %d tasks on 1 worker x %d consumers, 1 s per request: %s in %s s,"
                            + " max %d requests in flight at the source, peak heap %s MiB (limit 256), peak RSS %s MiB")
                    .formatted(
                            tasks,
                            tasks,
                            run.state(),
                            fixed(seconds, 1),
                            source.maxInFlight(),
                            fixed(peakHeap, 0),
                            fixed(peakRss, 0));
            return new Section(
                    "concurrency",
                    "4. Concurrency (%,d tasks in flight on one worker)".formatted(tasks),
                    "%d tasks, one worker JVM (`-Xmx256m`) with %d consumers on virtual threads and prefetch 1,"
                                    .formatted(tasks, tasks)
                            + " a source taking 1 s per request, no limits. Each task is 2 requests, so the floor"
                            + " is 2 s; heap sampled every 250 ms from the worker's actuator, RSS from /proc.",
                    table,
                    summary,
                    "Concurrency: %,d tasks in flight, 1 worker".formatted(tasks),
                    "",
                    List.of(
                            new Section.Bar("completion s", seconds),
                            new Section.Bar("ideal s", 2),
                            new Section.Bar("peak heap MiB", peakHeap),
                            new Section.Bar("peak RSS MiB", peakRss)),
                    true);
        }
    }
}
