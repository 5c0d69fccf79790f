package io.trawl.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.trawl.simulator.SimulatorConfig;
import io.trawl.testsupport.TestInfrastructure;
import java.time.Duration;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Operators' controls across real processes: cancel stops tasks running on the workers within a second;
 * a paused job stays paused through an orchestrator restart and completes once resumed.
 */
class JobControlE2EIT {

    private static final Set<String> HANGING = Set.of("HANG1USDT", "HANG2USDT", "HANG3USDT", "HANG4USDT");

    private static TrawlSystem system;

    @BeforeAll
    static void startTheSystem() {
        system = new TrawlSystem(
                JobControlE2EIT.class,
                SimulatorConfig.defaults().withLatency(Duration.ofMillis(150)).withHangingSymbols(HANGING),
                2,
                Map.of());
    }

    @AfterAll
    static void stopTheSystem() {
        if (system != null) {
            system.close();
        }
    }

    @Test
    void cancelStopsTheRunningTasksOnEveryWorkerWithinASecond() throws Exception {
        String jobId = system.submit(Map.of(
                "sources",
                List.of("binance"),
                "symbols",
                List.copyOf(HANGING),
                "from",
                "2024-01",
                "to",
                "2024-01",
                "timeout",
                "2m"));
        List<String> taskIds = HANGING.stream()
                .map(symbol -> jobId + ".binance." + symbol + ".1d.2024-01")
                .toList();
        await("every task running")
                .atMost(Duration.ofSeconds(30))
                .ignoreExceptions()
                .until(() -> taskIds.stream()
                        .allMatch(id -> "RUNNING".equals(task(id).get("state").asString())));

        long cancelledAt = System.currentTimeMillis();
        JsonNode job = system.put("/collections/" + jobId + "/cancel", Map.of());

        assertThat(job.get("state").asString()).isEqualTo("CANCELLED");
        assertThat(job.get("cancelled").asLong()).isEqualTo(4);
        await("every worker reported its task stopped")
                .atMost(Duration.ofSeconds(5))
                .ignoreExceptions()
                .until(() -> taskIds.stream().allMatch(id -> task(id).has("endedAtMs")));
        List<Long> stopMillis = new ArrayList<>();
        for (String id : taskIds) {
            JsonNode task = task(id);
            assertThat(task.get("errorClass").asString()).isEqualTo("Cancelled");
            stopMillis.add(Long.parseLong(task.get("endedAtMs").asString()) - cancelledAt);
        }
        System.out.printf("CANCEL: 4 running tasks on 2 workers stopped %s ms after PUT cancel%n", stopMillis);
        assertThat(stopMillis).allSatisfy(ms -> assertThat(ms).isLessThan(1_000));
    }

    @Test
    void aPausedJobStaysPausedThroughAnOrchestratorRestartAndCompletesWhenResumed() throws Exception {
        List<String> symbols = IntStream.range(0, 60)
                .mapToObj(i -> "PAUSE%02dUSDT".formatted(i))
                .toList();
        String jobId = system.submit(
                Map.of("sources", List.of("binance"), "symbols", symbols, "from", "2024-01", "to", "2024-01"));
        system.awaitSucceeded(jobId, 8);

        assertThat(system.put("/collections/" + jobId + "/pause", Map.of())
                        .get("state")
                        .asString())
                .isEqualTo("PAUSED");
        // in-flight tasks finish: no worker reports one of the job's tasks across more than a heartbeat
        await("the paused job's in-flight tasks finished")
                .during(Duration.ofMillis(1_500))
                .atMost(Duration.ofSeconds(15))
                .until(() -> system.get("/tasks/active").findValuesAsString("taskId").stream()
                        .noneMatch(id -> id.startsWith(jobId + ".")));
        long stored = system.get("/collections/" + jobId).get("succeeded").asLong();
        system.restartOrchestrator();
        await("still paused, nothing stored, after the restart")
                .during(Duration.ofSeconds(2))
                .atMost(Duration.ofSeconds(5))
                .until(() -> {
                    JsonNode job = system.get("/collections/" + jobId);
                    return "PAUSED".equals(job.get("state").asString())
                            && job.get("succeeded").asLong() == stored;
                });
        JsonNode afterRestart = system.get("/collections/" + jobId);

        assertThat(afterRestart.get("state").asString()).isEqualTo("PAUSED");
        assertThat(afterRestart.get("succeeded").asLong())
                .as("nothing ran while paused")
                .isEqualTo(stored);
        assertThat(stored).isLessThan(60);

        system.put("/collections/" + jobId + "/resume", Map.of());
        JsonNode done = system.awaitEnded(jobId, Duration.ofMinutes(2));
        System.out.printf(
                "PAUSE: paused at %d/60 stored, still PAUSED with %d after an orchestrator restart, resumed: %s %d/60%n",
                stored,
                afterRestart.get("succeeded").asLong(),
                done.get("state").asString(),
                done.get("succeeded").asLong());
        assertThat(done.get("state").asString()).isEqualTo("COMPLETED");
        assertThat(done.get("succeeded").asLong()).isEqualTo(60);
        assertThat(system.objectKeys("binance/klines-1d/PAUSE")).hasSize(60);
    }

    @Test
    void aPausedWorkerTakesNoTasksUntilResumedWhileTheOtherWorkerCarriesOn() throws Exception {
        JsonNode workers = system.get("/workers");
        assertThat(workers.findValuesAsString("id")).contains("worker-1", "worker-2");
        assertThat(system.get("/workers/worker-1/status").get("sources").toString())
                .contains("binance");

        JsonNode paused = system.put("/workers/worker-1/pause", Map.of());
        assertThat(paused.get("paused").asBoolean()).as(paused.toString()).isTrue();
        List<String> symbols = IntStream.range(0, 20)
                .mapToObj(i -> "WRKR%02dUSDT".formatted(i))
                .toList();
        String jobId = system.submit(
                Map.of("sources", List.of("binance"), "symbols", symbols, "from", "2024-01", "to", "2024-01"));
        await("a task reported active")
                .atMost(Duration.ofSeconds(20))
                .ignoreExceptions()
                .until(() -> !system.get("/tasks/active").isEmpty());
        JsonNode active = system.get("/tasks/active");
        JsonNode done = system.awaitEnded(jobId, Duration.ofMinutes(2));
        JsonNode resumed = system.put("/workers/worker-1/resume", Map.of());

        Map<String, Integer> perWorker = system.objectsPerWorker(symbols, YearMonth.of(2024, 1));
        System.out.printf(
                "WORKER PAUSE: worker-1 paused, job %s %d/20, objects per worker %s, active while running %s%n",
                done.get("state").asString(),
                done.get("succeeded").asLong(),
                perWorker,
                active.findValuesAsString("runningOn"));
        assertThat(done.get("state").asString()).isEqualTo("COMPLETED");
        assertThat(perWorker).containsOnlyKeys("worker-2");
        assertThat(active.findValuesAsString("runningOn")).containsOnly("worker-2");
        assertThat(resumed.get("paused").asBoolean()).isFalse();
    }

    @Test
    void theCliDrivesTheStackAndShowsServerErrorsAsOneLine() throws Exception {
        TrawlSystem.CliRun collect = system.cli(
                "collect",
                "--sources",
                "binance",
                "--symbols",
                "CLIAUSDT,CLIBUSDT",
                "--from",
                "2024-01",
                "--to",
                "2024-02",
                "--timeout",
                "45s");
        TrawlSystem.CliRun again = system.cli(
                "collect",
                "--sources",
                "binance",
                "--symbols",
                "CLIAUSDT,CLIBUSDT",
                "--from",
                "2024-01",
                "--to",
                "2024-02",
                "--incremental");
        TrawlSystem.CliRun workers = system.cli("workers");
        String jobId = collect.output()
                .lines()
                .filter(l -> l.startsWith("Job j-"))
                .findFirst()
                .orElseThrow()
                .split("[ :]")[1];
        TrawlSystem.CliRun pauseEnded = system.cli("pause", jobId);
        TrawlSystem.CliRun logs = system.cli("tasks", jobId + ".binance.CLIAUSDT.1d.2024-01", "--logs");
        TrawlSystem.CliRun noKey = system.cliWithKey(null, "jobs");
        TrawlSystem.CliRun viewer = system.cliWithKey(TestInfrastructure.VIEWER_KEY, "cancel", jobId);
        System.out.printf(
                "CLI collect:%n%s%nCLI collect --incremental (exit %d): %s%nCLI workers:%n%s%nCLI tasks --logs:%n%s%n"
                        + "CLI without a key (exit %d): %sCLI cancel with a viewer key (exit %d): %s%n",
                collect.output(),
                again.exitCode(),
                again.output(),
                workers.output(),
                logs.output(),
                noKey.exitCode(),
                noKey.output(),
                viewer.exitCode(),
                viewer.output());
        assertThat(logs.output())
                .as("the line of the worker that stored it")
                .containsPattern(
                        "worker-\\d +Task\\(id=\\S+, source=binance\\) stored binance/klines-1d/CLIAUSDT/2024-01\\.zip");
        assertThat(noKey.exitCode()).isEqualTo(2);
        assertThat(noKey.output().strip())
                .isEqualTo("trawl: 401 Unauthorized: An API key is required: send it in the X-API-Key header (set"
                        + " TRAWL_API_KEY or pass --api-key)");
        assertThat(viewer.exitCode()).isEqualTo(2);
        assertThat(viewer.output()).contains("403 Forbidden").contains("needs the operator role");

        assertThat(collect.exitCode()).as(collect.output()).isZero();
        assertThat(collect.output()).contains("binance completed in").contains("Total: 4 files from 1/1 sources");
        assertThat(again.exitCode()).isEqualTo(2);
        assertThat(again.output().strip())
                .isEqualTo("trawl: 422 Nothing to collect: All data already collected: the 4 partitions requested are"
                        + " in the object store (use mode FULL to fetch them again)");
        assertThat(workers.output()).contains("worker-1").contains("worker-2");
        assertThat(pauseEnded.exitCode()).isEqualTo(2);
        assertThat(pauseEnded.output()).contains("409").contains("it is COMPLETED");
    }

    private static JsonNode task(String id) {
        try {
            return system.get("/tasks/" + id);
        } catch (Exception e) {
            throw new IllegalStateException("GET /tasks/" + id + " failed", e);
        }
    }
}
