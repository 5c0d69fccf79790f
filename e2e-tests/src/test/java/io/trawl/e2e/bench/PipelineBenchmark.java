package io.trawl.e2e.bench;

import static io.trawl.e2e.bench.Jobs.fixed;

import io.trawl.e2e.TrawlSystem;
import io.trawl.simulator.SimulatorConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Benchmark 1: the pipeline's own speed. No rate or concurrency limit, a source answering at once, small
 * archives (one month of daily candles, about 2.3 KB); tasks per second with 1 and 2 workers, next to RabbitMQ
 * PerfTest and an S3 PUT baseline measured in the same session.
 */
final class PipelineBenchmark {

    /** A job of at most this many tasks is traced whole (trawl.orchestrator.dispatch.tracing.whole-job-up-to). */
    private static final int TRACED_WHOLE = 500;

    private static final Map<String, String> UNLIMITED =
            Jobs.settings(0, 8, "TRAWL_ORCHESTRATOR_DISPATCH_TRACING_WHOLEJOBUPTO", Integer.toString(TRACED_WHOLE));

    /** Tasks of each warm-up job, run before the measured job so that it measures the JVMs' steady state. */
    private static final int WARM_UP_SYMBOLS = 50;

    private static final int WARM_UP_MONTHS = 20;

    /**
     * The services count as warm once their JIT compiler threads took less than this share of their CPU during a
     * warm-up job: a fleet running a long backfill pays the compiling once per replica, not per task.
     */
    private static final double WARM = 0.05;

    /**
     * At most this many warm-up jobs ({@code -Dtrawl.bench.warm-ups}, 40 unless told): the JIT share of one worker's
     * system fell under 5 % after 25 on 2026-12-01 (it was still 23-32 % after 8).
     */
    private static final int MOST_WARM_UPS = Integer.getInteger("trawl.bench.warm-ups", 40);

    /** The checkout of the commit to compare with, built by scripts/bench.sh --baseline; null: no comparison. */
    private static final Path BASELINE = System.getProperty("trawl.baseline.root") == null
            ? null
            : Path.of(System.getProperty("trawl.baseline.root"));

    private static final String BASELINE_COMMIT = System.getProperty("trawl.baseline.commit", "baseline");
    private static final String COMMIT = System.getProperty("trawl.commit", "this build");

    private final int symbols;
    private final int months;

    PipelineBenchmark(int symbols, int months) {
        this.symbols = symbols;
        this.months = months;
    }

    /**
     * One measured job: the warm-up jobs before it, how it went, CPU per task of each process and of its JIT
     * compiler threads, Redis commands and connections per task.
     */
    private record Measured(
            int warmUps,
            Jobs.Outcome job,
            Map<String, Double> cpu,
            Map<String, Double> jit,
            double redisCommands,
            double redisConnections) {}

    Section run() throws Exception {
        double perfTest = Baselines.perfTest(Duration.ofSeconds(10));
        double s3Put = Baselines.s3Put(Duration.ofSeconds(10), 8);
        Baselines.RoundTrips roundTrips =
                Baselines.roundTrips(Duration.ofSeconds(10), Duration.ofSeconds(15), 8, Baselines.Trips.ALL);
        Baselines.RoundTrips fetchAndStore = Baselines.roundTrips(
                Duration.ofSeconds(10), Duration.ofSeconds(15), 8, Baselines.Trips.FETCH_AND_STORE);
        List<Double> rates = new ArrayList<>();
        Map<Integer, Map<String, Double>> cpuPerTask = new LinkedHashMap<>();
        Map<Integer, Map<String, Double>> jitPerTask = new LinkedHashMap<>();
        List<String> rows = new ArrayList<>();
        List<String> sideBySide = new ArrayList<>();
        List<Measured> baselineRuns = new ArrayList<>();
        List<Measured> currentRuns = new ArrayList<>();
        TracingComparison tracing = null;
        try (RedisCounter redis = new RedisCounter()) {
            // with a commit to compare with: its services and this build's, one worker each, twice in turn (the
            // suite's own JVM, which runs the simulator and the S3 server, warms up over the first rounds)
            int rounds = BASELINE == null ? 1 : 2;
            for (int round = 1; round <= rounds; round++) {
                if (BASELINE != null) {
                    try (TrawlSystem system = new TrawlSystem(
                            PipelineBenchmark.class, SimulatorConfig.defaults(), 1, UNLIMITED, null, BASELINE)) {
                        Measured measured = measure(system, 1, redis, "BASE" + round + "X");
                        baselineRuns.add(measured);
                        sideBySide.add(sideBySideRow(BASELINE_COMMIT + ", round " + round, measured));
                    }
                }
                try (TrawlSystem system =
                        new TrawlSystem(PipelineBenchmark.class, SimulatorConfig.defaults(), 1, UNLIMITED)) {
                    Measured measured = ofThisBuild(measure(system, 1, redis, "PIPE" + round + "X"));
                    currentRuns.add(measured);
                    sideBySide.add(sideBySideRow(COMMIT + ", round " + round, measured));
                    if (round == 1) {
                        rows.add(row(1, measured, perfTest, s3Put));
                        cpuPerTask.put(1, measured.cpu());
                        jitPerTask.put(1, measured.jit());
                        rates.add(measured.job().tasksPerSecond());
                        // tracing side by side in the same JVMs, in the order traced, sampled, sampled, traced so
                        // that the JVMs' warming up (still under way) favours neither: jobs of TRACED_WHOLE tasks,
                        // traced whole, and of twice that, of which 1 % of the tasks is traced
                        tracing = new TracingComparison(system, cpuMeter(system, 1), months);
                    }
                }
            }
            try (TrawlSystem system =
                    new TrawlSystem(PipelineBenchmark.class, SimulatorConfig.defaults(), 2, UNLIMITED)) {
                Measured measured = ofThisBuild(measure(system, 2, redis, "PIPE"));
                rows.add(row(2, measured, perfTest, s3Put));
                cpuPerTask.put(2, measured.cpu());
                jitPerTask.put(2, measured.jit());
                rates.add(measured.job().tasksPerSecond());
            }
        }
        List<String> table = new ArrayList<>(List.of(
                "| workers | warm-up jobs | tasks | state | wall (submit to last stored) | tasks/s | of PerfTest msg/s"
                        + " | of S3 PUT/s | Redis commands per task | Redis connections per task |",
                "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"));
        table.addAll(rows);
        table.add("");
        table.add("CPU time per task of each process during the measured job (`/proc/<pid>/stat`, user + system; the"
                + " simulator and the S3 server run in the benchmark's own JVM):");
        table.add("");
        table.add("| workers | " + String.join(" | ", cpuPerTask.get(2).keySet()) + " |");
        table.add("| --- |" + " --- |".repeat(cpuPerTask.get(2).size()));
        cpuPerTask.forEach((workers, perProcess) -> table.add("| " + workers + " | "
                + String.join(
                        " | ",
                        cpuPerTask.get(2).keySet().stream()
                                .map(name ->
                                        perProcess.containsKey(name) ? fixed(perProcess.get(name), 1) + " ms" : "–")
                                .toList())
                + " |"));
        table.add("");
        table.add(
                "Of which the services' JIT compiler threads (`C1`/`C2 CompilerThread`, `/proc/<pid>/task`), per task:"
                        + " 1 worker " + fixed(jitPerTask.get(1).get("total"), 1) + " ms (" + cpuList(jitPerTask.get(1))
                        + "); 2 workers " + fixed(jitPerTask.get(2).get("total"), 1) + " ms ("
                        + cpuList(jitPerTask.get(2))
                        + ").");
        table.add("");
        table.add("Tracing side by side, same JVMs, after the measured job, in the order traced, sampled, sampled,"
                + " traced: jobs of " + TRACED_WHOLE + " tasks traced whole (`whole-job-up-to`) and of "
                + 2 * TRACED_WHOLE + " tasks of which 1 % is traced (`task-share`), CPU per task summed over the"
                + " processes above:");
        table.add("");
        table.add("| jobs | tasks/s | CPU per task |");
        table.add("| --- | --- | --- |");
        table.add("| every task traced | " + fixed(tracing.tracedRate(), 1) + " | " + fixed(tracing.traced(), 1)
                + " ms |");
        table.add("| 1 % of the tasks traced | " + fixed(tracing.sampledRate(), 1) + " | " + fixed(tracing.sampled(), 1)
                + " ms |");
        table.add("");
        if (!baselineRuns.isEmpty()) {
            table.add("Side by side with the commit before the change, same run, same job, one worker each (its own"
                    + " warm-up first), in turn, CPU per task:");
            table.add("");
            table.add(
                    "| build | warm-up jobs | tasks/s | worker | orchestrator | simulator + S3 server | RabbitMQ | Redis"
                            + " | total | of which JIT compiling | Redis commands per task | Redis connections per task |");
            table.add("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
            table.addAll(sideBySide);
            table.add("");
        }
        table.add("Baselines in the same session: RabbitMQ PerfTest (1 producer, 1 consumer, 1 KB persistent,"
                + " confirms) **" + fixed(perfTest, 0) + " msg/s**; S3 PUT of the same 2.3 KB archive to the"
                + " embedded S3 server, 8 threads: **" + fixed(s3Put, 0) + " PUT/s**. Scaling 1 → 2 workers: "
                + fixed(rates.get(1) / rates.get(0), 2) + "×.");
        table.add("");
        table.add("A task's round trips alone, 8 threads, no Trawl code (the `.CHECKSUM` and archive GETs from the"
                + " simulator, hashed; the S3 PUT with Trawl's metadata and the orchestrator's HEAD of it; two persistent"
                + " 1 KB messages through a priority queue with confirms, consumed and acked; both ends of each HTTP"
                + " request in one JVM, as in the pipeline): **"
                + fixed(roundTrips.cpu().get("total"), 1)
                + " ms** of CPU per task (" + cpuList(roundTrips.cpu()) + "), " + fixed(roundTrips.perSecond(), 0)
                + " tasks/s. What Trawl's own code adds to them (1 worker): **"
                + fixed(cpuPerTask.get(1).get("total") - roundTrips.cpu().get("total"), 1) + " ms** per task. The"
                + " two GETs and the PUT alone, without the HEAD and the messages (the floor of any design that"
                + " still fetches and stores each archive on its own): **"
                + fixed(fetchAndStore.cpu().get("total"), 1)
                + " ms** of CPU per archive, " + fixed(fetchAndStore.perSecond(), 0) + " archives/s.");
        String summary =
                ("BENCH pipeline: %d tasks, 1 worker %s tasks/s, 2 workers %s tasks/s (%sx); PerfTest %s msg/s;"
                                        + " S3 PUT %s/s; 2 workers = %s%% of PerfTest, %s%% of S3 PUT; CPU per task (1 worker) %s ms: %s"
                                        + " (of which JIT compiling %s ms; with 2 workers %s ms);"
                                        + " tracing side by side: every task traced %s ms, 1%% of the tasks %s ms;"
                                        + " round trips alone %s ms per task (%s), %s/s; GETs and PUT alone %s ms per"
                                        + " archive, %s/s")
                                .formatted(
                                        symbols * months,
                                        fixed(rates.get(0), 1),
                                        fixed(rates.get(1), 1),
                                        fixed(rates.get(1) / rates.get(0), 2),
                                        fixed(perfTest, 0),
                                        fixed(s3Put, 0),
                                        fixed(100 * rates.get(1) / perfTest, 2),
                                        fixed(100 * rates.get(1) / s3Put, 1),
                                        fixed(cpuPerTask.get(1).get("total"), 1),
                                        cpuList(cpuPerTask.get(1)),
                                        fixed(jitPerTask.get(1).get("total"), 1),
                                        fixed(jitPerTask.get(2).get("total"), 1),
                                        fixed(tracing.traced(), 1),
                                        fixed(tracing.sampled(), 1),
                                        fixed(roundTrips.cpu().get("total"), 1),
                                        cpuList(roundTrips.cpu()),
                                        fixed(roundTrips.perSecond(), 0),
                                        fixed(fetchAndStore.cpu().get("total"), 1),
                                        fixed(fetchAndStore.perSecond(), 0))
                        + (baselineRuns.isEmpty()
                                ? ""
                                : ("; side by side, mean of 2 rounds: %s %s tasks/s, %s ms per task; %s %s tasks/s, %s ms per"
                                                + " task (%s%%); Redis commands per task %s against %s")
                                        .formatted(
                                                BASELINE_COMMIT,
                                                fixed(meanRate(baselineRuns), 1),
                                                fixed(meanCpu(baselineRuns), 1),
                                                COMMIT,
                                                fixed(meanRate(currentRuns), 1),
                                                fixed(meanCpu(currentRuns), 1),
                                                fixed(100 * meanCpu(currentRuns) / meanCpu(baselineRuns) - 100, 0),
                                                fixed(currentRuns.getFirst().redisCommands(), 1),
                                                fixed(baselineRuns.getFirst().redisCommands(), 1)));
        return new Section(
                "pipeline",
                "1. Pipeline throughput (no rate limit, small archives)",
                "%d tasks (%d symbols × %d months of daily candles, ~2.3 KB each) from a source that answers at once,"
                                .formatted(symbols * months, symbols, months)
                        + " no limits, workers × 8 consumers, after warm-up jobs of " + WARM_UP_SYMBOLS * WARM_UP_MONTHS
                        + " tasks in the same JVMs until the services' JIT compiler threads took less than "
                        + Math.round(100 * WARM) + " % of their CPU during one (at most " + MOST_WARM_UPS + "): the"
                        + " steady state a fleet pays per task over a long backfill. Every task is a task message, two HTTP requests, a sha256 and row"
                        + " check, an S3 PUT, its events (`completed`; `started` too for a task running longer than"
                        + " `trawl.worker.started-after`) and a few Redis calls, all on the same 2 cores as RabbitMQ,"
                        + " Redis, the orchestrator and the S3 server. Redis commands count those run inside scripts.",
                table,
                summary,
                "Pipeline vs baselines (per second)",
                "per s",
                List.of(
                        new Section.Bar("Trawl 1 worker", rates.get(0)),
                        new Section.Bar("Trawl 2 workers", rates.get(1)),
                        new Section.Bar("S3 PUT", s3Put),
                        new Section.Bar("PerfTest", perfTest)),
                true);
    }

    /** Warms the system up, then runs the measured job with its CPU time and Redis counts around it. */
    private Measured measure(TrawlSystem system, int workers, RedisCounter redis, String prefix) throws Exception {
        int warmUps = warmUp(system, cpuMeter(system, workers), prefix);
        CpuMeter cpu = cpuMeter(system, workers);
        Map<String, Double> before = cpu.snapshot();
        Map<String, Double> jitBefore = cpu.jitSnapshot();
        RedisCounter.Counts redisBefore = redis.snapshot();
        Jobs.Outcome run = Jobs.collect(
                        system, Jobs.symbols(prefix, symbols), YearMonth.of(2022, 1), months, Duration.ofMinutes(15))
                .completed();
        RedisCounter.Counts redisAfter = redis.snapshot();
        return new Measured(
                warmUps,
                run,
                CpuMeter.perTask(before, cpu.snapshot(), run.succeeded()),
                CpuMeter.perTask(jitBefore, cpu.jitSnapshot(), run.succeeded()),
                redisAfter.commandsPerTask(redisBefore, run.succeeded()),
                redisAfter.connectionsPerTask(redisBefore, run.succeeded()));
    }

    /**
     * Runs warm-up jobs until the services' JIT compiling took less than {@link #WARM} of their CPU during the last
     * one, or {@link #MOST_WARM_UPS} of them; answers how many ran.
     */
    private static int warmUp(TrawlSystem system, CpuMeter cpu, String prefix) throws Exception {
        for (int round = 1; ; round++) {
            Map<String, Double> before = cpu.snapshot();
            Map<String, Double> jitBefore = cpu.jitSnapshot();
            Jobs.collect(
                            system,
                            Jobs.symbols(prefix + "WARM" + round, WARM_UP_SYMBOLS),
                            YearMonth.of(2019, 1),
                            WARM_UP_MONTHS,
                            Duration.ofMinutes(10))
                    .completed();
            Map<String, Double> jit = CpuMeter.perTask(jitBefore, cpu.jitSnapshot(), 1);
            Map<String, Double> used = CpuMeter.perTask(before, cpu.snapshot(), 1);
            double services = jit.keySet().stream()
                    .filter(name -> !name.equals("total"))
                    .mapToDouble(used::get)
                    .sum();
            double share = jit.get("total") / services;
            System.out.printf(
                    "warm-up job %d of %s: JIT compiling %.0f %% of the services' CPU%n", round, prefix, 100 * share);
            if (share < WARM || round == MOST_WARM_UPS) {
                return round;
            }
        }
    }

    /**
     * This build's measured job, refused when it opened Redis connections per task (issue 18: a HELLO every second
     * task, before). A baseline commit's job is only reported: an older commit may still open them.
     */
    private static Measured ofThisBuild(Measured measured) {
        if (measured.redisConnections() > 0.01) {
            throw new IllegalStateException("Redis connections opened per task in steady state: %.3f (at most 0.01)"
                    .formatted(measured.redisConnections()));
        }
        return measured;
    }

    /** Each process's CPU per task, e.g. {@code worker 1 6.9, orchestrator 3.9}, without the total. */
    private static String cpuList(Map<String, Double> cpu) {
        return cpu.entrySet().stream()
                .filter(e -> !e.getKey().equals("total"))
                .map(e -> e.getKey() + " " + fixed(e.getValue(), 1))
                .collect(java.util.stream.Collectors.joining(", "));
    }

    private static CpuMeter cpuMeter(TrawlSystem system, int workers) {
        Map<String, Long> processes = new LinkedHashMap<>();
        for (int i = 0; i < workers; i++) {
            processes.put("worker " + (i + 1), system.workers().get(i).pid());
        }
        processes.put("orchestrator", system.orchestrator().pid());
        processes.put("simulator + S3 server", ProcessHandle.current().pid());
        return new CpuMeter(processes);
    }

    private static String row(int workers, Measured measured, double perfTest, double s3Put) {
        Jobs.Outcome run = measured.job();
        return "| %d | %d | %d | %s | %s s | %s | %s%% | %s%% | %s | %s |"
                .formatted(
                        workers,
                        measured.warmUps(),
                        run.succeeded(),
                        run.state(),
                        fixed(Jobs.seconds(run.wall()), 1),
                        fixed(run.tasksPerSecond(), 1),
                        fixed(100 * run.tasksPerSecond() / perfTest, 2),
                        fixed(100 * run.tasksPerSecond() / s3Put, 1),
                        fixed(measured.redisCommands(), 1),
                        fixed(measured.redisConnections(), 3));
    }

    /** The mean of the runs' total CPU per task. */
    private static double meanCpu(List<Measured> runs) {
        return runs.stream().mapToDouble(m -> m.cpu().get("total")).average().orElseThrow();
    }

    private static double meanRate(List<Measured> runs) {
        return runs.stream()
                .mapToDouble(m -> m.job().tasksPerSecond())
                .average()
                .orElseThrow();
    }

    private static String sideBySideRow(String build, Measured measured) {
        Map<String, Double> cpu = measured.cpu();
        return "| %s | %d | %s | %s ms | %s ms | %s ms | %s ms | %s ms | **%s ms** | %s ms | %s | %s |"
                .formatted(
                        build,
                        measured.warmUps(),
                        fixed(measured.job().tasksPerSecond(), 1),
                        fixed(cpu.get("worker 1"), 1),
                        fixed(cpu.get("orchestrator"), 1),
                        fixed(cpu.get("simulator + S3 server"), 1),
                        fixed(cpu.getOrDefault("RabbitMQ", -1.0), 1),
                        fixed(cpu.getOrDefault("Redis", -1.0), 1),
                        fixed(cpu.get("total"), 1),
                        fixed(measured.jit().get("total"), 1),
                        fixed(measured.redisCommands(), 1),
                        fixed(measured.redisConnections(), 3));
    }

    /** CPU per task of jobs traced whole against jobs of which 1 % of the tasks is traced, interleaved. */
    private record TracingComparison(double traced, double tracedRate, double sampled, double sampledRate) {

        TracingComparison(TrawlSystem system, CpuMeter cpu, int months) throws Exception {
            this(measure(
                    system, cpu, months, new int[] {TRACED_WHOLE, 2 * TRACED_WHOLE, 2 * TRACED_WHOLE, TRACED_WHOLE}));
        }

        private TracingComparison(double[] figures) {
            this(figures[0], figures[1], figures[2], figures[3]);
        }

        private static double[] measure(TrawlSystem system, CpuMeter cpu, int months, int[] sizes) throws Exception {
            double[] cpuMs = new double[2];
            double[] seconds = new double[2];
            long[] tasks = new long[2];
            for (int i = 0; i < sizes.length; i++) {
                int kind = sizes[i] == TRACED_WHOLE ? 0 : 1;
                Map<String, Double> start = cpu.snapshot();
                Jobs.Outcome job = Jobs.collect(
                                system,
                                Jobs.symbols("TRACE" + i + "X", sizes[i] / months),
                                YearMonth.of(2021, 1),
                                months,
                                Duration.ofMinutes(15))
                        .completed();
                cpuMs[kind] +=
                        CpuMeter.perTask(start, cpu.snapshot(), job.succeeded()).get("total") * job.succeeded();
                seconds[kind] += Jobs.seconds(job.wall());
                tasks[kind] += job.succeeded();
            }
            return new double[] {cpuMs[0] / tasks[0], tasks[0] / seconds[0], cpuMs[1] / tasks[1], tasks[1] / seconds[1]
            };
        }
    }
}
