package io.trawl.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.trawl.simulator.SimulatorConfig;
import io.trawl.simulator.SourceStats;
import java.time.Duration;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Graceful shutdown: a worker sent SIGTERM with tasks in flight finishes them (or returns them to the queue)
 * and exits within its configured deadline; nothing is lost.
 */
class ShutdownE2EIT {

    private static final Duration DEADLINE = Duration.ofSeconds(15);

    private static TrawlSystem system;

    @BeforeAll
    static void startTheSystem() {
        system = new TrawlSystem(
                ShutdownE2EIT.class,
                SimulatorConfig.defaults().withLatency(Duration.ofMillis(1_500)),
                1,
                Map.of(
                        "TRAWL_WORKER_CONCURRENCY", "4",
                        "TRAWL_WORKER_SHUTDOWNTIMEOUT", "10s",
                        "SPRING_LIFECYCLE_TIMEOUTPERSHUTDOWNPHASE", "12s"));
    }

    @AfterAll
    static void stopTheSystem() {
        if (system != null) {
            system.close();
        }
    }

    @Test
    void sigtermLetsInFlightTasksFinishWithinTheDeadline() throws Exception {
        List<String> symbols =
                IntStream.range(0, 8).mapToObj(i -> "TERM%02dUSDT".formatted(i)).toList();
        String jobId = system.submit(
                Map.of("sources", List.of("binance"), "symbols", symbols, "from", "2024-01", "to", "2024-01"));
        await("four tasks in flight").atMost(Duration.ofSeconds(30)).until(() -> requests() >= 4);

        Duration exit = system.workers().getFirst().terminate(DEADLINE);
        long storedAtExit = system.get("/collections/" + jobId).get("succeeded").asLong();
        system.startWorker("ShutdownE2EIT-worker-2", "worker-2").awaitHealthy();
        JsonNode done = system.awaitEnded(jobId, Duration.ofMinutes(2));

        Map<String, Integer> perWorker = system.objectsPerWorker(symbols, YearMonth.of(2024, 1));
        System.out.printf(
                "SIGTERM: worker-1 exited %.1f s after SIGTERM (deadline %d s) with %d tasks stored; job %s %d/8,"
                        + " objects per worker %s%n",
                exit.toMillis() / 1000.0,
                DEADLINE.toSeconds(),
                storedAtExit,
                done.get("state").asString(),
                done.get("succeeded").asLong(),
                perWorker);
        assertThat(storedAtExit)
                .as("the four in-flight tasks finished before exit")
                .isGreaterThanOrEqualTo(4);
        assertThat(perWorker.getOrDefault("worker-1", 0)).isEqualTo((int) storedAtExit);
        assertThat(done.get("state").asString()).isEqualTo("COMPLETED");
        assertThat(done.get("succeeded").asLong()).isEqualTo(8);
    }

    private static long requests() {
        return system.simulator().stats().stream()
                .mapToLong(SourceStats::requests)
                .sum();
    }
}
