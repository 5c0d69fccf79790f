package io.trawl.e2e.bench;

import static io.trawl.e2e.bench.Jobs.fixed;

import io.minio.StatObjectArgs;
import io.trawl.e2e.ServiceProcess;
import io.trawl.e2e.TrawlSystem;
import io.trawl.simulator.SimulatorConfig;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.YearMonth;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Benchmark 3: one large archive (2 GiB by default) through one worker with a 256 MB heap: download while
 * hashing to a spool file, check every row, store in S3 (on disk). MB/s of the whole task and of its two steps (the
 * worker's {@code trawl.source.fetch} and {@code trawl.storage.put} timers), and the worker's peak heap and RSS:
 * memory must not grow with the file.
 */
final class StreamingBenchmark {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final long mebibytes;

    StreamingBenchmark(long mebibytes) {
        this.mebibytes = mebibytes;
    }

    Section run() throws Exception {
        Map<String, String> settings =
                Jobs.settings(0, 4, "TRAWL_SOURCES_BINANCE_TIMEOUT", "30m", "TRAWL_WORKER_REQUESTTIMEOUT", "30m");
        Path s3 = Files.createTempDirectory("trawl-bench-s3");
        try (TrawlSystem system =
                new TrawlSystem(StreamingBenchmark.class, SimulatorConfig.defaults(), 1, settings, s3)) {
            long warmUpMebibytes = Math.max(1, mebibytes / 4);
            system.simulator()
                    .serveLargeArchive("WARMUSDT", "1d", YearMonth.of(2024, 1), warmUpMebibytes * 1024 * 1024);
            system.simulator().serveLargeArchive("HUGEUSDT", "1d", YearMonth.of(2024, 1), mebibytes * 1024 * 1024);
            ServiceProcess worker = system.workers().getFirst();
            // a worker that has run before: the same path once, a quarter of the size, so the JIT has compiled it
            Jobs.Outcome warmUp = Jobs.collect(
                            system, List.of("WARMUSDT"), YearMonth.of(2024, 1), 1, Duration.ofMinutes(30))
                    .completed();
            double warmUpSeconds = Jobs.seconds(warmUp.running());
            double fetchBefore = ServiceMetrics.value(HTTP, worker, "trawl.source.fetch", "TOTAL_TIME");
            double storeBefore = ServiceMetrics.value(HTTP, worker, "trawl.storage.put", "TOTAL_TIME");
            Jobs.Outcome run;
            double peakHeap;
            double peakRss;
            try (MemoryWatch memory = new MemoryWatch(worker)) {
                run = Jobs.collect(system, List.of("HUGEUSDT"), YearMonth.of(2024, 1), 1, Duration.ofMinutes(30))
                        .completed();
                peakHeap = memory.peakHeapMib();
                peakRss = memory.peakRssMib();
            }
            // the worker's own timers of the task's two steps: where the time went
            double fetchSeconds = ServiceMetrics.value(HTTP, worker, "trawl.source.fetch", "TOTAL_TIME") - fetchBefore;
            double storeSeconds = ServiceMetrics.value(HTTP, worker, "trawl.storage.put", "TOTAL_TIME") - storeBefore;
            long stored = system.s3Client()
                    .statObject(StatObjectArgs.builder()
                            .bucket("trawl")
                            .object("binance/klines-1d/HUGEUSDT/2024-01.zip")
                            .build())
                    .size();
            double mib = stored / 1024.0 / 1024.0;
            double seconds = Jobs.seconds(run.running());
            Object[] figures = {
                fixed(mib, 0),
                run.state(),
                fixed(seconds, 1),
                fixed(mib / seconds, 1),
                fixed(fetchSeconds, 1),
                fixed(mib / fetchSeconds, 1),
                fixed(storeSeconds, 1),
                fixed(mib / storeSeconds, 1),
                fixed(peakHeap, 0),
                fixed(peakRss, 0),
                fixed(warmUpMebibytes, 0),
                fixed(warmUpMebibytes / warmUpSeconds, 1)
            };
            List<String> table = List.of(
                    "| archive | state | time (first request to stored) | throughput | fetch: download, sha256, rows"
                            + " | store: PUT to S3 | worker heap | peak heap used | peak RSS |",
                    "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
                    "| %s MiB | %s | %s s | %s MiB/s | %s s (%s MiB/s) | %s s (%s MiB/s) | 256 MiB | %s MiB | %s MiB |"
                            .formatted(figures));
            String summary = ("BENCH streaming: one %s MiB archive through 1 worker (-Xmx256m): %s in %s s, %s MiB/s;"
                            + " fetch (download, sha256, every row) %s s, %s MiB/s; store %s s, %s MiB/s;"
                            + " peak heap %s MiB, peak RSS %s MiB; the %s MiB warm-up archive before it (cold worker)"
                            + " %s MiB/s")
                    .formatted(figures);
            return new Section(
                    "streaming",
                    "3. Streaming one large archive (256 MB heap)",
                    ("One synthetic %,d MiB archive (about %,d million valid candle rows, stored uncompressed) from"
                                    .formatted(mebibytes, mebibytes * 1024 * 1024 / 42 / 1_000_000)
                            + " the simulator (written to a file first, as a server publishes one), through one worker JVM with `-Xmx256m`"
                            + " that has run before (a warm-up archive of a quarter of the size first, through the"
                            + " same path, so the JIT has compiled it; the summary line gives the cold worker's"
                            + " figure on the warm-up): the `.CHECKSUM` sidecar, the"
                            + " download hashed into a spool file, every row checked (constant memory), the PUT to"
                            + " an on-disk S3 server on the same machine (the embedded s3proxy: it writes each part"
                            + " with its MD5, then on completion reads every part and writes the whole object again"
                            + " with its MD5, on one thread; MinIO does neither). Fetch and store are the worker's"
                            + " timers of the task's two steps. Heap sampled every 250 ms, RSS from /proc."),
                    table,
                    summary,
                    "Streaming a large archive, 1 worker, 256 MB heap",
                    "",
                    List.of(
                            new Section.Bar("MiB/s", mib / seconds),
                            new Section.Bar("peak heap MiB", peakHeap),
                            new Section.Bar("peak RSS MiB", peakRss)),
                    false);
        } finally {
            try (Stream<Path> files = Files.walk(s3)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }
}
