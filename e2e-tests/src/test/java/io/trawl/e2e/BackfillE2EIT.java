package io.trawl.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.minio.GetObjectArgs;
import io.minio.MinioClient;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.trawl.simulator.ArchiveGenerator;
import io.trawl.simulator.SimulatorConfig;
import java.io.InputStream;
import java.time.Duration;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Seed scenario, with real processes: a user requests a collection for 100 symbols; two worker JVMs compete
 * for the tasks; every symbol's data ends up in S3 with the right sha256 and the job is COMPLETED.
 */
class BackfillE2EIT {

    private static final List<YearMonth> MONTHS =
            List.of(YearMonth.of(2024, 1), YearMonth.of(2024, 2), YearMonth.of(2024, 3));
    private static final List<String> SYMBOLS =
            IntStream.range(0, 100).mapToObj(i -> "E2E%03dUSDT".formatted(i)).toList();

    private static TrawlSystem system;

    @BeforeAll
    static void startTheSystem() {
        system = new TrawlSystem(
                BackfillE2EIT.class, SimulatorConfig.defaults().withLatency(Duration.ofMillis(5)), 2, Map.of());
    }

    @AfterAll
    static void stopTheSystem() {
        if (system != null) {
            system.close();
        }
    }

    @Test
    void hundredSymbolsAreCollectedByTwoCompetingWorkers() throws Exception {
        long started = System.nanoTime();
        String traceId = "0af7651916cd43dd8448eb211c80319c";
        JsonNode job = system.post(
                "/collections",
                Map.of(
                        "sources",
                        List.of("binance"),
                        "symbols",
                        SYMBOLS,
                        "timeframe",
                        "1d",
                        "from",
                        "2024-01",
                        "to",
                        "2024-03"),
                "traceparent",
                "00-" + traceId + "-b7ad6b7169203331-01");
        String jobId = job.get("id").asString();
        assertThat(job.get("total").asLong()).isEqualTo(300);

        await("job " + jobId + " finished")
                .atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> List.of("COMPLETED", "FAILED")
                        .contains(
                                system.get("/collections/" + jobId).get("state").asString()));
        double seconds = (System.nanoTime() - started) / 1e9;
        JsonNode done = system.get("/collections/" + jobId);
        assertThat(done.get("state").asString()).as(done.toString()).isEqualTo("COMPLETED");
        assertThat(done.get("succeeded").asLong()).isEqualTo(300);

        MinioClient client = system.s3Client();
        Map<String, Integer> perWorker = new TreeMap<>();
        for (String symbol : SYMBOLS) {
            for (YearMonth month : MONTHS) {
                String key = "binance/klines-1d/" + symbol + "/" + month + ".zip";
                String expected = ArchiveGenerator.sha256(ArchiveGenerator.archive("binance", symbol, "1d", month));
                StatObjectResponse stat = client.statObject(
                        StatObjectArgs.builder().bucket("trawl").object(key).build());
                assertThat(stat.userMetadata().getFirst("sha256")).as(key).isEqualTo(expected);
                try (InputStream in = client.getObject(
                        GetObjectArgs.builder().bucket("trawl").object(key).build())) {
                    assertThat(ArchiveGenerator.sha256(in.readAllBytes()))
                            .as(key)
                            .isEqualTo(expected);
                }
                perWorker.merge(stat.userMetadata().getFirst("worker-id"), 1, Integer::sum);
            }
        }
        JsonNode verification = system.post("/collections/" + jobId + "/verification", Map.of());
        System.out.printf(
                "E2E: 300 tasks (100 symbols x 3 months), COMPLETED in %.1f s, objects per worker %s,"
                        + " verified %d/%d%n",
                seconds,
                perWorker,
                verification.get("verified").asInt(),
                verification.get("checked").asInt());

        assertThat(perWorker).as("both workers took tasks").containsOnlyKeys("worker-1", "worker-2");
        assertThat(verification.get("ok").asBoolean()).isTrue();
        assertTheRequestsTraceReachedTheWorkers(jobId, traceId);
    }

    /** The trace id of the REST call is on the job, on each task's log lines and in both workers' JSON logs. */
    private static void assertTheRequestsTraceReachedTheWorkers(String jobId, String traceId) throws Exception {
        assertThat(system.get("/collections/" + jobId).get("traceId").asString())
                .isEqualTo(traceId);
        JsonNode logs = system.get("/tasks/" + jobId + ".binance.E2E000USDT.1d.2024-01/logs");
        assertThat(logs.get("lines").valueStream().map(line -> line.get("message")
                        .asString()))
                .anyMatch(message -> message.contains("stored binance/klines-1d/E2E000USDT/2024-01.zip"));
        assertThat(logs.get("lines").valueStream())
                .allSatisfy(line -> assertThat(line.get("traceId").asString()).isEqualTo(traceId))
                .allSatisfy(line -> assertThat(line.get("worker").asString()).isIn("worker-1", "worker-2"));
        for (ServiceProcess worker : system.workers()) {
            assertThat(worker.log())
                    .as("JSON log lines of the workers carry the request's trace id")
                    .contains("\"traceId\":\"" + traceId + "\"");
        }
        System.out.printf(
                "TRACE: trace %s of POST /collections found on the job, the task logs and both workers' logs%n",
                traceId);
    }
}
