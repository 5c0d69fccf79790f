package io.trawl.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.trawl.simulator.SimulatorConfig;
import io.trawl.simulator.SourceStats;
import io.trawl.testsupport.TestInfrastructure;
import java.time.Duration;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

/**
 * Crash safety with real processes: a worker killed with {@code kill -9} mid-job, the orchestrator that dispatches
 * a job killed and restarted mid-job, RabbitMQ restarted mid-job (every job dispatched lazily, 5 symbols a batch,
 * 40 tasks queued or running at most). Each job must complete with every partition stored once, intact. The
 * killed worker's job collects from bitstamp, which has no rate limit here, so its tasks travel in bundles (a batch
 * of 20 in at least 4 messages: bundles of 5): the bundles the killed worker held go to the other, whole. The
 * figures are printed for docs/reliability.md.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CrashSafetyE2EIT {

    private static final List<YearMonth> MONTHS =
            List.of(YearMonth.of(2024, 1), YearMonth.of(2024, 2), YearMonth.of(2024, 3), YearMonth.of(2024, 4));

    private static TrawlSystem system;

    @BeforeAll
    static void startTheSystem() {
        // small dispatch batches and window: every job here is dispatched lazily while the faults happen
        system = new TrawlSystem(
                CrashSafetyE2EIT.class,
                SimulatorConfig.defaults().withLatency(Duration.ofMillis(20)),
                2,
                Map.of(
                        "TRAWL_ORCHESTRATOR_DISPATCH_BATCHSYMBOLS", "5",
                        "TRAWL_ORCHESTRATOR_DISPATCH_WINDOW", "40",
                        "TRAWL_ORCHESTRATOR_DISPATCH_BUNDLESPREAD", "4",
                        // jobs here are traced in part (1 % of their tasks): the untraced go in bundles
                        "TRAWL_ORCHESTRATOR_DISPATCH_TRACING_WHOLEJOBUPTO", "100",
                        "TRAWL_SOURCES_BITSTAMP_LIMITS_CPS", "0"));
    }

    @AfterAll
    static void stopTheSystem() {
        if (system != null) {
            system.close();
        }
    }

    @Test
    @Order(1)
    void aWorkerKilledMidJobLosesNothing() throws Exception {
        List<String> symbols = symbols("KILL", 150);
        long started = System.nanoTime();
        String jobId = system.submit(job(symbols, "bitstamp"));

        system.awaitSucceeded(jobId, 200);
        system.workers().getFirst().kill();
        long killed = System.nanoTime();
        long storedAtKill = system.get("/collections/" + jobId).get("succeeded").asLong();
        await("the killed worker gone from GET /workers")
                .atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> !system.get("/workers").findValuesAsString("id").contains("worker-1"));
        System.out.printf(
                "CRASH worker-1 gone from GET /workers %.1f s after kill -9 (heartbeat 1 s)%n",
                (System.nanoTime() - killed) / 1e9);
        JsonNode done = system.awaitEnded(jobId, Duration.ofMinutes(4));

        report(
                "kill -9 of worker-1 at " + storedAtKill + "/" + symbols.size() * MONTHS.size() + " stored",
                "bitstamp",
                jobId,
                symbols,
                done,
                started);
        assertThat(system.get("/actuator/metrics/trawl.dispatch.messages?tag=kind:bundle")
                        .at("/measurements/0/value")
                        .asDouble())
                .as("the job's tasks went in bundles")
                .isGreaterThanOrEqualTo(100);
        system.startWorker("CrashSafetyE2EIT-worker-3", "worker-3").awaitHealthy();
    }

    @Test
    @Order(2)
    void anOrchestratorRestartedMidJobStillCompletesIt() throws Exception {
        List<String> symbols = symbols("ORCH", 60);
        long started = System.nanoTime();
        String jobId = system.submit(job(symbols, "binance"));

        system.awaitSucceeded(jobId, 60);
        long dispatchedAtKill =
                system.get("/collections/" + jobId).get("dispatched").asLong();
        system.restartOrchestrator();
        JsonNode done = system.awaitEnded(jobId, Duration.ofMinutes(4));

        assertThat(dispatchedAtKill)
                .as("the orchestrator was killed while it was dispatching the job (window 40)")
                .isLessThan(240);
        assertThat(done.get("dispatched").asLong()).isEqualTo(240);
        report(
                "orchestrator kill -9 and restart while dispatching (" + dispatchedAtKill + "/240 dispatched)",
                "binance",
                jobId,
                symbols,
                done,
                started);
    }

    @Test
    @Order(3)
    void aBrokerRestartedMidJobIsReconnectedToAndTheJobCompletes() throws Exception {
        List<String> symbols = symbols("BRKR", 60);
        long started = System.nanoTime();
        String jobId = system.submit(job(symbols, "binance"));

        system.awaitSucceeded(jobId, 60);
        String cannot = TestInfrastructure.restartBroker();
        Assumptions.assumeTrue(cannot == null, "cannot restart RabbitMQ here: " + cannot);
        JsonNode done = system.awaitEnded(jobId, Duration.ofMinutes(4));

        report("RabbitMQ stop_app/start_app", "binance", jobId, symbols, done, started);
    }

    private static void report(
            String fault, String source, String jobId, List<String> symbols, JsonNode done, long started)
            throws Exception {
        double seconds = (System.nanoTime() - started) / 1e9;
        int tasks = symbols.size() * MONTHS.size();
        long objects = 0;
        for (String symbol : symbols) {
            objects += system.objectKeys(source + "/klines-1d/" + symbol + "/").size();
        }
        int corrupt = system.corruptObjects(source, symbols, MONTHS);
        long requests = system.simulator().stats().stream()
                .mapToLong(SourceStats::requests)
                .sum();
        system.simulator().reset();
        System.out.printf(
                "CRASH %s: job %s %s, tasks %d, stored %d, lost %d, duplicate objects %d, corrupt %d,"
                        + " source requests %d (%d re-run), %.1f s%n",
                fault,
                jobId,
                done.get("state").asString(),
                tasks,
                done.get("succeeded").asLong(),
                tasks - objects,
                Math.max(0, objects - tasks),
                corrupt,
                requests,
                (requests - 2L * tasks) / 2,
                seconds);
        assertThat(done.get("state").asString()).as(done.toString()).isEqualTo("COMPLETED");
        assertThat(done.get("succeeded").asLong()).isEqualTo(tasks);
        assertThat(objects).as("one object per partition").isEqualTo(tasks);
        assertThat(corrupt).isZero();
    }

    private static List<String> symbols(String prefix, int count) {
        return IntStream.range(0, count)
                .mapToObj(i -> "%s%03dUSDT".formatted(prefix, i))
                .toList();
    }

    private static Map<String, Object> job(List<String> symbols, String source) {
        return Map.of("sources", List.of(source), "symbols", symbols, "from", "2024-01", "to", "2024-04");
    }
}
