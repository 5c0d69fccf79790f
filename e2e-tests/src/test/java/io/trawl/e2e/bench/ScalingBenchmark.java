package io.trawl.e2e.bench;

import static io.trawl.e2e.bench.Jobs.fixed;

import io.trawl.e2e.TrawlSystem;
import io.trawl.simulator.SimulatorConfig;
import java.time.Duration;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Benchmark 5: 1, 2 and 4 workers against a latency-bound source (every request takes {@code latency}), no
 * limits; the throughput ratio to one worker.
 */
final class ScalingBenchmark {

    private static final List<Integer> WORKERS = List.of(1, 2, 4);

    private final int tasks;
    private final Duration latency;

    ScalingBenchmark(int tasks, Duration latency) {
        this.tasks = tasks;
        this.latency = latency;
    }

    Section run() throws Exception {
        Map<String, String> settings = Jobs.settings(0, 4);
        List<Double> rates = new ArrayList<>();
        List<String> table = new ArrayList<>(List.of(
                "| workers | tasks | wall | tasks/s | × one worker | ideal |",
                "| --- | --- | --- | --- | --- | --- |"));
        for (int workers : WORKERS) {
            try (TrawlSystem system = new TrawlSystem(
                    ScalingBenchmark.class, SimulatorConfig.defaults().withLatency(latency), workers, settings)) {
                Jobs.Outcome run = Jobs.collect(
                                system,
                                Jobs.symbols("SCALE", tasks / 10),
                                YearMonth.of(2022, 1),
                                10,
                                Duration.ofMinutes(10))
                        .completed();
                rates.add(run.tasksPerSecond());
                table.add("| %d | %d | %s s | %s | %s× | %d× |"
                        .formatted(
                                workers,
                                run.succeeded(),
                                fixed(Jobs.seconds(run.wall()), 1),
                                fixed(run.tasksPerSecond(), 1),
                                fixed(run.tasksPerSecond() / rates.getFirst(), 2),
                                workers));
            }
        }
        String summary = "BENCH scaling: %d tasks at %d ms per request, 4 consumers per worker: %s tasks/s with 1, 2, 4"
                        .formatted(
                                tasks,
                                latency.toMillis(),
                                rates.stream().map(r -> fixed(r, 1)).toList())
                + " workers; ratios %s and %s"
                        .formatted(fixed(rates.get(1) / rates.get(0), 2), fixed(rates.get(2) / rates.get(0), 2));
        return new Section(
                "scaling",
                "5. Scaling with workers (latency-bound source)",
                "%d tasks from a source taking %d ms per request (2 requests per task), no limits, 4 consumers per"
                                .formatted(tasks, latency.toMillis())
                        + " worker: one worker keeps at most 4 tasks in flight, so throughput should grow with the"
                        + " workers until the machine's 2 cores are the limit.",
                table,
                summary,
                "Scaling: tasks/s with 1, 2, 4 workers",
                "tasks/s",
                List.of(
                        new Section.Bar("1 worker", rates.get(0)),
                        new Section.Bar("2 workers", rates.get(1)),
                        new Section.Bar("4 workers", rates.get(2))),
                false);
    }
}
