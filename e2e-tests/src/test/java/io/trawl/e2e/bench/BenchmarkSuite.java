package io.trawl.e2e.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * The benchmark suite: runs the benchmarks against real processes on the local RabbitMQ and Redis, prints a
 * {@code BENCH} line per benchmark, and writes its section of docs/benchmarks.md and docs/benchmarks.png.
 *
 * <pre>
 * scripts/bench.sh [--only pipeline,ratelimit,streaming,concurrency,scaling,utilisation,dispatch,failover] [--quick]
 *     [--profile DIR] [--baseline REF]
 * </pre>
 *
 * {@code --quick} runs each benchmark at a tenth of its size (to check the suite, not to quote).
 */
public final class BenchmarkSuite {

    private BenchmarkSuite() {}

    public static void main(String[] args) throws Exception {
        Set<String> only = Set.of();
        boolean quick = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--only" -> only = Set.of(args[++i].split(","));
                case "--quick" -> quick = true;
                case "--profile" -> System.setProperty("trawl.profile", args[++i]);
                case "--baseline" -> i++; // built by scripts/bench.sh, which says where (trawl.baseline.root)
                default -> throw new IllegalArgumentException("unknown option " + args[i] + "; see scripts/bench.sh");
            }
        }
        int scale = quick ? 10 : 1;
        Map<String, Callable<Section>> benchmarks = new LinkedHashMap<>();
        benchmarks.put("pipeline", () -> new PipelineBenchmark(200 / scale, 10).run());
        benchmarks.put("ratelimit", () -> new RateLimitBenchmark(2_500 / scale, 15).run());
        benchmarks.put("streaming", () -> new StreamingBenchmark(2_048 / scale).run());
        benchmarks.put("concurrency", () -> new ConcurrencyBenchmark(1_000 / scale).run());
        benchmarks.put("scaling", () -> new ScalingBenchmark(400 / scale, Duration.ofMillis(250)).run());
        benchmarks.put("utilisation", () -> new UtilisationBenchmark(300 / scale, 3_000 / scale).run());
        benchmarks.put(
                "dispatch", () -> new DispatchBenchmark(5_000 / scale, 50 / scale, Duration.ofSeconds(60)).run());
        benchmarks.put("failover", () -> new FailoverBenchmark(500 / scale).run());
        if (!benchmarks.keySet().containsAll(only)) {
            throw new IllegalArgumentException("--only takes " + benchmarks.keySet() + ", not " + only);
        }
        List<Section> sections = new ArrayList<>();
        for (var benchmark : benchmarks.entrySet()) {
            if (only.isEmpty() || only.contains(benchmark.getKey())) {
                System.out.println("==> " + benchmark.getKey());
                Section section = benchmark.getValue().call();
                System.out.println(section.summary());
                sections.add(section);
            }
        }
        Path docs = Path.of(System.getProperty("trawl.root", ".")).resolve("docs");
        Files.createDirectories(docs);
        String command = "scripts/bench.sh" + (args.length == 0 ? "" : " " + String.join(" ", args));
        Report.write(docs.resolve("benchmarks.md"), List.copyOf(benchmarks.keySet()), sections, machine(), command);
        System.out.println("Wrote " + docs.resolve("benchmarks.md"));
        if (sections.size() == benchmarks.size()) {
            Chart.write(docs.resolve("benchmarks.png"), sections);
            System.out.println("Wrote " + docs.resolve("benchmarks.png"));
        }
    }

    private static String machine() {
        return "%d cores, %d GiB, JDK %s, %s; RabbitMQ and Redis local"
                .formatted(
                        Runtime.getRuntime().availableProcessors(),
                        Math.round(((com.sun.management.OperatingSystemMXBean)
                                                java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                                        .getTotalMemorySize()
                                / (1024.0 * 1024 * 1024)),
                        Runtime.version().feature(),
                        System.getProperty("os.name"));
    }
}
