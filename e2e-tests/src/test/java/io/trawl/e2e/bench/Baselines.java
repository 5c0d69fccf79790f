package io.trawl.e2e.bench;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DeliverCallback;
import com.rabbitmq.client.MessageProperties;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.StatObjectArgs;
import io.trawl.infra.storage.EmbeddedS3Server;
import io.trawl.simulator.ArchiveGenerator;
import io.trawl.simulator.SimulatorConfig;
import io.trawl.simulator.SourceSimulator;
import io.trawl.testsupport.TestInfrastructure;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
            MinioClient client = benchBucket(s3);
            List<Step> loops = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String prefix = "t" + t + "/";
                AtomicLong i = new AtomicLong();
                loops.add(() -> client.putObject(
                        PutObjectArgs.builder().bucket("bench").object(prefix + i.getAndIncrement() + ".zip").stream(
                                        new ByteArrayInputStream(archive), (long) archive.length, null)
                                .build()));
            }
            long start = System.nanoTime();
            long puts = repeat(loops, duration);
            return puts / ((System.nanoTime() - start) / 1e9);
        }
    }

    /** A client of {@code s3} whose bucket {@code bench} exists. */
    private static MinioClient benchBucket(EmbeddedS3Server s3) throws Exception {
        MinioClient client = MinioClient.builder()
                .endpoint(s3.endpoint().toString())
                .credentials("bench", "bench-secret-key")
                .region("us-east-1")
                .build();
        client.makeBucket(MakeBucketArgs.builder().bucket("bench").build());
        return client;
    }

    /** One round of a baseline's loop, run again and again from a thread of its own. */
    @FunctionalInterface
    private interface Step {
        void run() throws Exception;
    }

    /**
     * Runs each step from its own thread until {@code duration} has passed; answers how many rounds they made in
     * all. A round that fails ends the baseline with its failure: no figure is written from a broken loop.
     */
    private static long repeat(List<Step> steps, Duration duration) throws Exception {
        AtomicLong done = new AtomicLong();
        long deadline = System.nanoTime() + duration.toNanos();
        List<Future<?>> running = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(steps.size())) {
            for (Step step : steps) {
                running.add(pool.submit(() -> {
                    while (System.nanoTime() < deadline) {
                        step.run();
                        done.incrementAndGet();
                    }
                    return null;
                }));
            }
            for (Future<?> loop : running) {
                try {
                    loop.get(duration.toSeconds() + 60, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    pool.shutdownNow();
                    throw new IllegalStateException("a baseline's loop failed", e.getCause());
                } catch (TimeoutException e) {
                    pool.shutdownNow(); // or closing the pool would wait for the stuck loop for ever
                    throw new IllegalStateException(
                            "a baseline's loop did not end within 60 s after its " + duration + " were up", e);
                }
            }
        }
        return done.get();
    }

    /**
     * What a task's round trips cost with no Trawl code around them: CPU milliseconds per task of the process
     * that runs both ends of the HTTP ones (this JVM) and of RabbitMQ and Redis, and the rate reached.
     */
    record RoundTrips(double perSecond, Map<String, Double> cpu) {}

    /** Which of a task's round trips a baseline loop makes. */
    enum Trips {
        /** Every one: the two GETs, the PUT, the HEAD and the two confirmed messages. */
        ALL,
        /** Only the work a task cannot be without: the two GETs and the PUT. */
        FETCH_AND_STORE
    }

    /**
     * The round trips every small-archive task makes, alone, from {@code threads} threads: its two GETs from the
     * simulator (the {@code .CHECKSUM} sidecar and the archive, hashed), an S3 PUT of the archive with Trawl's ten
     * metadata entries and a HEAD of it (the orchestrator's check), and two persistent 1 KB messages through a
     * priority queue with publisher confirms, each consumed and acked (the task message and its event). Client
     * and server of each HTTP round trip run in this JVM, as the pipeline's simulator and S3 server do, so the
     * sum is what a task would cost if Trawl's own code cost nothing. Runs {@code warmUp} first, unmeasured.
     * With {@link Trips#FETCH_AND_STORE}, only the GETs and the PUT: the floor of any design that still fetches,
     * checks and stores each archive on its own.
     */
    static RoundTrips roundTrips(Duration warmUp, Duration measured, int threads, Trips trips) throws Exception {
        byte[] archive = ArchiveGenerator.archive("binance", "BASEUSDT", "1d", YearMonth.of(2024, 1));
        TestInfrastructure.Endpoints infra = TestInfrastructure.endpoints();
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(infra.rabbitHost());
        factory.setPort(infra.rabbitPort());
        try (SourceSimulator simulator = SourceSimulator.start(SimulatorConfig.defaults());
                EmbeddedS3Server s3 = EmbeddedS3Server.start("127.0.0.1", 0, null, "bench", "bench-secret-key");
                Connection rabbit = factory.newConnection("trawl-bench-round-trips")) {
            MinioClient client = benchBucket(s3);
            HttpClient http = HttpClient.newHttpClient();
            List<RoundTripLoop> loops = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                loops.add(new RoundTripLoop(
                        t, simulator.baseUrl(), http, client, rabbit.createChannel(), archive.length, trips));
            }
            try {
                List<Step> steps = loops.stream().<Step>map(loop -> loop::task).toList();
                repeat(steps, warmUp);
                CpuMeter cpu = new CpuMeter(Map.of(
                        "HTTP clients and servers", ProcessHandle.current().pid()));
                Map<String, Double> before = cpu.snapshot();
                long start = System.nanoTime();
                long tasks = repeat(steps, measured);
                double seconds = (System.nanoTime() - start) / 1e9;
                return new RoundTrips(tasks / seconds, CpuMeter.perTask(before, cpu.snapshot(), tasks));
            } finally {
                for (RoundTripLoop loop : loops) {
                    loop.close();
                }
            }
        }
    }

    /** One thread's round trips, on its own channel and queue. */
    private static final class RoundTripLoop {
        private static final byte[] MESSAGE = new byte[1000];

        private final int thread;
        private final URI archive;
        private final URI checksum;
        private final HttpClient http;
        private final MinioClient s3;
        private final Channel channel;
        private final String queue;
        private final long size;
        private final Trips trips;
        private final BlockingQueue<Long> delivered = new ArrayBlockingQueue<>(4);
        private long i;

        RoundTripLoop(
                int thread, URI simulator, HttpClient http, MinioClient s3, Channel channel, long size, Trips trips)
                throws IOException {
            this.thread = thread;
            this.archive = simulator.resolve("/binance/data/spot/monthly/klines/BASEUSDT/1d/BASEUSDT-1d-2024-01.zip");
            this.checksum = URI.create(archive + ".CHECKSUM");
            this.http = http;
            this.s3 = s3;
            this.channel = channel;
            this.size = size;
            this.trips = trips;
            this.queue = "trawl-bench-round-trips-" + thread;
            channel.queueDeclare(queue, true, false, true, Map.of("x-max-priority", 10));
            channel.confirmSelect();
            DeliverCallback deliver =
                    (tag, delivery) -> delivered.add(delivery.getEnvelope().getDeliveryTag());
            channel.basicConsume(queue, false, deliver, tag -> {});
        }

        void task() throws Exception {
            if (trips == Trips.ALL) {
                message();
            }
            String expected = http.send(HttpRequest.newBuilder(checksum).build(), HttpResponse.BodyHandlers.ofString())
                    .body();
            byte[] body = http.send(HttpRequest.newBuilder(archive).build(), HttpResponse.BodyHandlers.ofByteArray())
                    .body();
            String sha256 = java.util.HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(body));
            if (body.length != size || !expected.startsWith(sha256)) {
                throw new IllegalStateException("the simulator's archive does not match its checksum");
            }
            String key = "t" + thread + "/" + (i++) + ".zip";
            s3.putObject(PutObjectArgs.builder().bucket("bench").object(key).stream(
                            new ByteArrayInputStream(body), (long) body.length, null)
                    .contentType("application/zip")
                    .userMetadata(Map.of(
                            "sha256", sha256,
                            "size", Long.toString(size),
                            "rows", "31",
                            "source", "binance",
                            "symbol", "BASEUSDT",
                            "partition", "2024-01",
                            "job-id", "bench",
                            "task-id", key,
                            "worker-id", "bench",
                            "fetched-at", java.time.Instant.now().toString()))
                    .build());
            if (trips == Trips.ALL) {
                s3.statObject(
                        StatObjectArgs.builder().bucket("bench").object(key).build());
                message();
            }
        }

        /** One persistent message published with a confirm, then consumed and acked. */
        private void message() throws Exception {
            channel.basicPublish("", queue, MessageProperties.PERSISTENT_BASIC, MESSAGE);
            channel.waitForConfirmsOrDie(10_000);
            Long tag = delivered.poll(10, TimeUnit.SECONDS);
            if (tag == null) {
                throw new IllegalStateException("a message published to " + queue + " never came back");
            }
            channel.basicAck(tag, false);
        }

        void close() throws IOException {
            try {
                channel.queueDelete(queue);
                channel.close();
            } catch (java.util.concurrent.TimeoutException e) {
                throw new IOException(e);
            }
        }
    }
}
