package io.trawl.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.trawl.simulator.SimulatorConfig;
import io.trawl.simulator.SourceStats;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The object store goes away for 25 s in the middle of a job: fetched archives wait in the workers' spools and
 * their PUTs are retried with back-off, the orchestrator waits to check the results, and when the store is
 * back the job completes with every object, the source asked again for at most one request per task.
 */
class StorageOutageE2EIT {

    private static final int TASKS = 120;
    private static TrawlSystem system;
    private static Path objects;

    @BeforeAll
    static void startTheSystem() throws Exception {
        objects = Files.createTempDirectory("trawl-e2e-s3");
        system = new TrawlSystem(
                StorageOutageE2EIT.class,
                SimulatorConfig.defaults().withLatency(Duration.ofMillis(20)),
                2,
                Map.of("TRAWL_SOURCES_BINANCE_LIMITS_CPS", "20", "TRAWL_WORKER_RETRYBACKOFF", "250ms"),
                objects);
    }

    @AfterAll
    static void stopTheSystem() {
        if (system != null) {
            system.close();
        }
    }

    @Test
    void aTwentyFiveSecondOutageOfTheObjectStoreLosesNothingAndRefetchesAlmostNothing() throws Exception {
        List<String> symbols = IntStream.range(0, TASKS / 4)
                .mapToObj(i -> "DOWN%03dUSDT".formatted(i))
                .toList();
        String jobId = system.submit(
                Map.of("sources", List.of("binance"), "symbols", symbols, "from", "2024-01", "to", "2024-04"));
        system.awaitSucceeded(jobId, 10);

        system.s3Outage(Duration.ofSeconds(25));
        JsonNode done = system.awaitEnded(jobId, Duration.ofMinutes(3));

        long requests = system.simulator().stats().stream()
                .mapToLong(SourceStats::requests)
                .sum();
        System.out.printf(
                "S3 OUTAGE: 25 s down mid-job: job %s, %d/%d stored, %d source requests for %d tasks (2 each)%n",
                done.get("state").asString(), done.get("succeeded").asLong(), TASKS, requests, TASKS);
        assertThat(done.get("state").asString()).as(done.toString()).isEqualTo("COMPLETED");
        assertThat(done.get("succeeded").asLong()).isEqualTo(TASKS);
        assertThat(system.objectKeys("binance/klines-1d/DOWN")).hasSize(TASKS);
        assertThat(requests).as("at most one extra source request per task").isLessThanOrEqualTo(3L * TASKS);
    }
}
