package io.trawl.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.trawl.simulator.SimulatorConfig;
import io.trawl.simulator.SourceStats;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A source that answers 30% of all requests with a 500: with max-attempts 6, retries through the delay queues
 * still collect more than 99% of the partitions, and the job ends COMPLETED.
 */
class TransientFailuresE2EIT {

    /**
     * An attempt (two requests, the first one kept on a retry) fails about a third of the time, so a task fails
     * all six with about 0.13%: about 1.3 of 1,000 tasks, and more than 10 (1%) practically never.
     */
    private static final int TASKS = 1_000;

    private static TrawlSystem system;

    @BeforeAll
    static void startTheSystem() {
        system = new TrawlSystem(
                TransientFailuresE2EIT.class,
                SimulatorConfig.defaults()
                        .withLatency(Duration.ofMillis(5))
                        .withErrorRate(0.3)
                        .withErrorStatus(500),
                2,
                Map.of(
                        "TRAWL_SOURCES_BINANCE_MAXATTEMPTS", "6",
                        "TRAWL_WORKER_RETRYBACKOFF", "250ms",
                        "TRAWL_SOURCES_BINANCE_LIMITS_CPS", "500"));
    }

    @AfterAll
    static void stopTheSystem() {
        if (system != null) {
            system.close();
        }
    }

    @Test
    void thirtyPercentTransientFailuresStillCollectMoreThanNinetyNinePercent() throws Exception {
        List<String> symbols = IntStream.range(0, TASKS / 4)
                .mapToObj(i -> "FLAKY%03dUSDT".formatted(i))
                .toList();
        long started = System.nanoTime();
        String jobId = system.submit(
                Map.of("sources", List.of("binance"), "symbols", symbols, "from", "2024-01", "to", "2024-04"));

        JsonNode done = system.awaitEnded(jobId, Duration.ofMinutes(5));
        double seconds = (System.nanoTime() - started) / 1e9;
        long succeeded = done.get("succeeded").asLong();
        long requests = system.simulator().stats().stream()
                .mapToLong(SourceStats::requests)
                .sum();
        System.out.printf(
                "FLAKY: 30%% of requests answered 500, max-attempts 6: job %s, %d/%d collected (%.2f%%), %d failed,"
                        + " %d requests at the source, %.1f s%n",
                done.get("state").asString(),
                succeeded,
                TASKS,
                succeeded * 100.0 / TASKS,
                done.get("failed").asLong(),
                requests,
                seconds);
        assertThat(done.get("state").asString()).as(done.toString()).isEqualTo("COMPLETED");
        assertThat(succeeded * 100.0 / TASKS).isGreaterThan(99.0);
        assertThat(system.objectKeys("binance/klines-1d/FLAKY")).hasSize((int) succeeded);
    }
}
