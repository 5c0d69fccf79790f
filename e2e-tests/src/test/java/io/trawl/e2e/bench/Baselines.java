package io.trawl.e2e.bench;

import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.trawl.infra.storage.EmbeddedS3Server;
import io.trawl.simulator.ArchiveGenerator;
import io.trawl.testsupport.TestInfrastructure;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the pipeline's two heaviest steps can do alone on this machine, measured in the same session. */
final class Baselines {

    private static final Pattern SENDING = Pattern.compile("sending rate avg: (\\d+) msg/s");

    private Baselines() {}

    /**
     * RabbitMQ PerfTest: one producer and one consumer, 1 KB persistent messages, publisher confirms (at most
     * 100 unconfirmed), for {@code duration}; answers the average sending rate in messages per second.
     */
    static double perfTest(Duration duration) throws IOException, InterruptedException {
        TestInfrastructure.Endpoints infra = TestInfrastructure.endpoints();
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = List.of(
                java,
                // the test classpath has two SLF4J providers; PerfTest configures Logback itself
                "-Dslf4j.provider=ch.qos.logback.classic.spi.LogbackServiceProvider",
                "-cp",
                System.getProperty("java.class.path"),
                "com.rabbitmq.perf.PerfTest",
                "--uri",
                "amqp://guest:guest@" + infra.rabbitHost() + ":" + infra.rabbitPort(),
                "--producers",
                "1",
                "--consumers",
                "1",
                "--size",
                "1000",
                "--flag",
                "persistent",
                "--confirm",
                "100",
                "--time",
                Long.toString(duration.toSeconds()),
                "--queue",
                "trawl-bench-perftest",
                "--auto-delete",
                "true");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor(duration.toSeconds() + 60, TimeUnit.SECONDS);
        Matcher rate = SENDING.matcher(output);
        if (!rate.find()) {
            throw new IllegalStateException("PerfTest printed no sending rate:\n" + output);
        }
        return Double.parseDouble(rate.group(1));
    }

    /**
     * PUTs of one small archive (the pipeline's object size) to the embedded S3 server the pipeline uses, from
     * {@code threads} threads for {@code duration}; answers PUTs per second.
     */
    static double s3Put(Duration duration, int threads) throws Exception {
        byte[] archive = ArchiveGenerator.archive("binance", "BASEUSDT", "1d", YearMonth.of(2024, 1));
        try (EmbeddedS3Server s3 = EmbeddedS3Server.start("127.0.0.1", 0, null, "bench", "bench-secret-key")) {
            MinioClient client = MinioClient.builder()
                    .endpoint(s3.endpoint().toString())
                    .credentials("bench", "bench-secret-key")
                    .region("us-east-1")
                    .build();
            client.makeBucket(MakeBucketArgs.builder().bucket("bench").build());
            AtomicLong puts = new AtomicLong();
            long deadline = System.nanoTime() + duration.toNanos();
            List<Runnable> loops = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                loops.add(() -> {
                    long i = 0;
                    while (System.nanoTime() < deadline) {
                        try {
                            client.putObject(
                                    PutObjectArgs.builder()
                                            .bucket("bench")
                                            .object("t" + thread + "/" + (i++) + ".zip")
                                            .stream(new ByteArrayInputStream(archive), (long) archive.length, null)
                                            .build());
                            puts.incrementAndGet();
                        } catch (Exception e) {
                            throw new IllegalStateException("S3 PUT failed", e);
                        }
                    }
                });
            }
            long start = System.nanoTime();
            try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
                loops.forEach(pool::submit);
            }
            return puts.get() / ((System.nanoTime() - start) / 1e9);
        }
    }
}
