package io.trawl.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.minio.StatObjectArgs;
import io.trawl.simulator.SimulatorConfig;
import io.trawl.simulator.SourceStats;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

/**
 * Cluster-wide limits with three worker processes, judged where it matters: at the source. The simulator
 * enforces 15 requests per sliding second itself and counts every request over it as a violation.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RateLimitE2EIT {

    private static final int LIMIT = 15;
    private static TrawlSystem system;

    @BeforeAll
    static void startTheSystem() {
        system = new TrawlSystem(
                RateLimitE2EIT.class,
                SimulatorConfig.defaults().withLatency(Duration.ofMillis(5)).withRateLimits(Map.of("binance", LIMIT)),
                3,
                Map.of(
                        "TRAWL_SOURCES_BINANCE_LIMITS_CPS", Integer.toString(LIMIT),
                        "TRAWL_WORKER_CONCURRENCY", "8",
                        "TRAWL_LIMITS_LEASETTL", "3s"));
    }

    @AfterAll
    static void stopTheSystem() {
        if (system != null) {
            system.close();
        }
    }

    @Test
    @Order(1)
    void sourceNeverSeesMoreThanItsLimitInAnySlidingSecond() throws Exception {
        system.simulator().reset();
        long started = System.nanoTime();

        String jobId = start(List.of("binance"), symbols("RL", 50), "2024-03");
        JsonNode job = awaitFinished(jobId, Duration.ofMinutes(2));

        double seconds = (System.nanoTime() - started) / 1e9;
        SourceStats stats = stats("binance");
        double ideal = 300.0 / LIMIT;
        System.out.printf(
                "RATE LIMIT E2E: 3 workers x 8 consumers, limit %d/s, %d requests, max in any sliding second %d,"
                        + " violations %d, wall %.1f s vs ideal %.1f s (%.2fx)%n",
                LIMIT,
                stats.requests(),
                stats.maxInAnySlidingSecond(),
                stats.violations(),
                seconds,
                ideal,
                seconds / ideal);
        assertThat(job.get("state").asString()).as(job.toString()).isEqualTo("COMPLETED");
        assertThat(stats.violations()).isZero();
        assertThat(stats.maxInAnySlidingSecond()).isLessThanOrEqualTo(LIMIT);
        assertThat(stats.requests()).isEqualTo(300);
    }

    @Test
    @Order(2)
    void throttledSourceDoesNotSlowAnotherAndLimitChangesApplyLive() throws Exception {
        system.put("/sources/binance/limits", Map.of("cps", 2));
        try {
            String jobId = start(List.of("binance", "bitstamp"), symbols("ISO", 10), "2024-01");

            await("bitstamp done while binance is still throttled")
                    .atMost(Duration.ofSeconds(20))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> source(jobId, "bitstamp").get("succeeded").asInt() == 10);
            JsonNode binance = source(jobId, "binance");
            System.out.printf(
                    "ISOLATION E2E: bitstamp 10/10 done while binance (2 req/s) had %d/10%n",
                    binance.get("succeeded").asInt());
            assertThat(binance.get("succeeded").asInt()).isLessThan(10);

            JsonNode job = awaitFinished(jobId, Duration.ofSeconds(30));
            assertThat(job.get("state").asString()).isEqualTo("COMPLETED");
            assertThat(stats("binance").violations()).isZero();
        } finally {
            system.put("/sources/binance/limits", Map.of("cps", LIMIT));
        }
    }

    @Test
    @Order(3)
    void permitsOfAKilledWorkerComeBackAndTheJobCompletes() throws Exception {
        system.put("/sources/binance/limits", Map.of("cps", LIMIT, "concurrency", 2));
        List<String> symbols = symbols("KILL", 30);
        String jobId = start(List.of("binance"), symbols, "2024-01");
        awaitSucceeded(jobId, 3);

        system.workers().getFirst().kill();
        long killed = System.nanoTime();
        JsonNode job = awaitFinished(jobId, Duration.ofMinutes(1));

        System.out.printf(
                "LEASE E2E: worker-1 killed (kill -9) mid-job; job %s %.1f s later, %d/30 stored%n",
                job.get("state").asString(),
                (System.nanoTime() - killed) / 1e9,
                job.get("succeeded").asInt());
        assertThat(job.get("state").asString()).isEqualTo("COMPLETED");
        for (String symbol : symbols) {
            system.s3Client()
                    .statObject(StatObjectArgs.builder()
                            .bucket("trawl")
                            .object("binance/klines-1d/" + symbol + "/2024-01.zip")
                            .build());
        }
        assertThat(stats("binance").violations()).isZero();
    }

    @Test
    @Order(4)
    void sequentialJobRunsOneTaskAtATimeAcrossAllWorkers() throws Exception {
        system.simulator().reset();
        JsonNode job = submit("bitstamp", symbols("SEQ", 8), "2024-01", "2024-01", Map.of("parallel", false));
        assertThat(job.get("concurrency").asInt()).isEqualTo(1);

        JsonNode done = awaitFinished(job.get("id").asString(), Duration.ofSeconds(30));

        SourceStats stats = stats("bitstamp");
        System.out.printf(
                "SEQUENTIAL E2E: --no-parallel job of 8 tasks on 3 workers: %s, %d requests, max %d in"
                        + " flight at the source%n",
                done.get("state").asString(), stats.requests(), stats.maxInFlight());
        assertThat(done.get("state").asString()).isEqualTo("COMPLETED");
        assertThat(stats.maxInFlight()).isEqualTo(1);
    }

    @Test
    @Order(5)
    void sequentialJobDoesNotHoldUpOtherJobsOfTheSameSource() throws Exception {
        JsonNode sequential = submit("bitstamp", symbols("SLOW", 20), "2024-01", "2024-03", Map.of("parallel", false));
        String sequentialId = sequential.get("id").asString();
        awaitSucceeded(sequentialId, 1);

        long submitted = System.nanoTime();
        JsonNode other = submit("bitstamp", symbols("FAST", 10), "2024-01", "2024-01", Map.of());
        JsonNode otherDone = awaitFinished(other.get("id").asString(), Duration.ofSeconds(30));
        double otherSeconds = (System.nanoTime() - submitted) / 1e9;
        JsonNode sequentialNow = system.get("/collections/" + sequentialId);

        System.out.printf(
                "HEAD-OF-LINE E2E: 10-task job beside a 60-task --no-parallel job of the same source"
                        + " COMPLETED in %.1f s while the sequential job had %d/60 done%n",
                otherSeconds, sequentialNow.get("succeeded").asInt());
        assertThat(otherDone.get("state").asString()).isEqualTo("COMPLETED");
        assertThat(sequentialNow.get("state").asString()).isEqualTo("RUNNING");
        assertThat(awaitFinished(sequentialId, Duration.ofMinutes(2))
                        .get("state")
                        .asString())
                .isEqualTo("COMPLETED");
    }

    @Test
    @Order(6)
    void highPriorityJobBehindTenThousandLowPriorityTasksStartsWithinTwoSeconds() throws Exception {
        system.put("/sources/binance/limits", Map.of("cps", LIMIT, "concurrency", 0));
        JsonNode backfill = submit("binance", symbols("LOW", 100), "2016-01", "2024-04", Map.of("priority", "LOW"));
        assertThat(backfill.get("total").asInt()).isEqualTo(10_000);
        awaitSucceeded(backfill.get("id").asString(), 1);

        long submitted = System.nanoTime();
        JsonNode urgent = submit("binance", List.of("URGENTUSDT"), "2024-01", "2024-01", Map.of("priority", "HIGH"));
        String urgentId = urgent.get("id").asString();
        await("high-priority job started")
                .atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> !"QUEUED"
                        .equals(system.get("/collections/" + urgentId)
                                .get("state")
                                .asString()));
        double startedAfter = (System.nanoTime() - submitted) / 1e9;
        JsonNode done = awaitFinished(urgentId, Duration.ofSeconds(20));
        double finishedAfter = (System.nanoTime() - submitted) / 1e9;

        System.out.printf(
                "PRIORITY E2E: HIGH job behind a 10,000-task LOW backfill (15 req/s) started after %.2f s,"
                        + " COMPLETED after %.2f s%n",
                startedAfter, finishedAfter);
        assertThat(startedAfter).isLessThan(2.0);
        assertThat(done.get("state").asString()).isEqualTo("COMPLETED");
    }

    private static List<String> symbols(String prefix, int count) {
        return IntStream.range(0, count)
                .mapToObj(i -> "%s%03dUSDT".formatted(prefix, i))
                .toList();
    }

    /** Submits a daily-candle collection of one or more sources; {@code extra} adds request fields. */
    private static JsonNode submit(
            Object sources, List<String> symbols, String from, String to, Map<String, Object> extra) throws Exception {
        Map<String, Object> body = new HashMap<>(extra);
        body.putAll(Map.of(
                "sources",
                sources instanceof String source ? List.of(source) : sources,
                "symbols",
                symbols,
                "timeframe",
                "1d",
                "from",
                from,
                "to",
                to));
        return system.post("/collections", body);
    }

    private static String start(List<String> sources, List<String> symbols, String to) throws Exception {
        return submit(sources, symbols, "2024-01", to, Map.of()).get("id").asString();
    }

    /** Waits until at least {@code count} tasks of the job are stored. */
    private static void awaitSucceeded(String jobId, int count) {
        await("job " + jobId + " has " + count + " stored")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .until(() ->
                        system.get("/collections/" + jobId).get("succeeded").asInt() >= count);
    }

    private static JsonNode awaitFinished(String jobId, Duration atMost) throws Exception {
        await("job " + jobId)
                .atMost(atMost)
                .pollInterval(Duration.ofMillis(250))
                .until(() -> List.of("COMPLETED", "FAILED")
                        .contains(
                                system.get("/collections/" + jobId).get("state").asString()));
        return system.get("/collections/" + jobId);
    }

    private static JsonNode source(String jobId, String source) throws Exception {
        for (JsonNode summary : system.get("/collections/" + jobId).get("sources")) {
            if (summary.get("source").asString().equals(source)) {
                return summary;
            }
        }
        throw new AssertionError("no summary for " + source);
    }

    private static SourceStats stats(String source) {
        return system.simulator().stats().stream()
                .filter(s -> s.source().equals(source))
                .findFirst()
                .orElseThrow();
    }
}
