package io.trawl.e2e.bench;

import static io.trawl.e2e.bench.Jobs.fixed;
import static org.assertj.core.api.Assertions.assertThat;

import io.trawl.e2e.TrawlSystem;
import io.trawl.simulator.SimulatorConfig;
import io.trawl.simulator.SourceStats;
import java.time.Duration;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Benchmark 8: the orchestrator that dispatches a 100,000-task job is killed with {@code kill -9} mid-job; a
 * second replica takes the job's dispatch lease over and the job completes. Measures how long the job's dispatch
 * stood still, and checks that nothing was lost: every task succeeded, one object per partition, every object
 * verified against its recorded sha256; the source requests beyond one fetch per task are the re-runs that
 * at-least-once delivery allows.
 */
final class FailoverBenchmark {

    private static final int MONTHS = 200;
    private static final YearMonth FROM = YearMonth.of(2008, 1);
    private static final int REQUESTS_PER_TASK = 2; // the archive and its CHECKSUM

    private final int symbols;

    FailoverBenchmark(int symbols) {
        this.symbols = symbols;
    }

    Section run() throws Exception {
        long tasks = (long) symbols * MONTHS;
        try (TrawlSystem system = new TrawlSystem(
                FailoverBenchmark.class,
                SimulatorConfig.defaults().withLatency(Duration.ZERO),
                1,
                Jobs.settings(0, 8))) {
            system.startOrchestratorReplica();
            long posted = System.nanoTime();
            String jobId = system.submit(Map.of(
                    "sources", List.of("binance"),
                    "symbols", Jobs.symbols("FAIL", symbols),
                    "timeframe", "1d",
                    "from", FROM.toString(),
                    "to", FROM.plusMonths(MONTHS - 1).toString()));
            system.awaitSucceeded(jobId, tasks / 5);

            long killedPid = system.orchestrator().pid();
            String holder =
                    system.redisValue(keys -> keys.jobDispatchLease(jobId)).orElse("none");
            assertThat(holder)
                    .as("the orchestrator about to be killed holds the job's dispatch lease")
                    .endsWith("-" + killedPid);
            long dispatchedAtKill =
                    system.get("/collections/" + jobId).get("dispatched").asLong();
            assertThat(dispatchedAtKill).as("the job is still being dispatched").isLessThan(tasks);
            system.failOverOrchestrator();
            long killed = System.nanoTime();
            long dispatched = dispatchedAtKill;
            while (dispatched == dispatchedAtKill && System.nanoTime() - killed < 60_000_000_000L) {
                Thread.sleep(100);
                dispatched =
                        system.get("/collections/" + jobId).get("dispatched").asLong();
            }
            double resumedAfter = (System.nanoTime() - killed) / 1e9;
            String successor =
                    system.redisValue(keys -> keys.jobDispatchLease(jobId)).orElse("none");
            assertThat(dispatched).as("another replica dispatches the rest").isGreaterThan(dispatchedAtKill);
            assertThat(successor).endsWith("-" + system.orchestrator().pid());

            JsonNode done = system.awaitEnded(jobId, Duration.ofMinutes(30));
            double seconds = (System.nanoTime() - posted) / 1e9;
            JsonNode verification = system.post("/collections/" + jobId + "/verification", Map.of());
            long objects = system.objectKeys("binance/klines-1d/").size();
            long requests = system.simulator().stats().stream()
                    .filter(s -> s.source().equals("binance"))
                    .mapToLong(SourceStats::requests)
                    .sum();
            long reruns = (requests - REQUESTS_PER_TASK * tasks) / REQUESTS_PER_TASK;

            String summary =
                    ("BENCH failover: %,d-task job, dispatching orchestrator killed (kill -9) at %,d dispatched;"
                                    + " the other replica dispatched again %s s later; %s: %,d succeeded, %,d objects, %,d"
                                    + " verified, %,d missing, %,d corrupt, %,d tasks run again, %s s")
                            .formatted(
                                    tasks,
                                    dispatchedAtKill,
                                    fixed(resumedAfter, 1),
                                    done.get("state").asString(),
                                    done.get("succeeded").asLong(),
                                    objects,
                                    verification.get("verified").asLong(),
                                    verification.get("missing").size(),
                                    verification.get("corrupt").size(),
                                    reruns,
                                    fixed(seconds, 0));
            System.out.println(summary);
            assertThat(done.get("state").asString()).as(done.toString()).isEqualTo("COMPLETED");
            assertThat(done.get("succeeded").asLong()).isEqualTo(tasks);
            assertThat(done.get("dispatched").asLong()).isEqualTo(tasks);
            assertThat(objects).as("one object per partition").isEqualTo(tasks);
            assertThat(verification.get("ok").asBoolean())
                    .as(verification.toString())
                    .isTrue();
            assertThat(verification.get("verified").asLong()).isEqualTo(tasks);
            assertThat(reruns)
                    .as("a kill re-runs at most what the dead replica had published of its pending batch (a window)")
                    .isBetween(0L, 10_000L);
            assertThat(resumedAfter)
                    .as("dispatch continues within seconds (lease 5 s)")
                    .isLessThan(10);
            return new Section(
                    "failover",
                    "8. Kill -9 of the dispatching orchestrator of a %,d-task job".formatted(tasks),
                    ("Two orchestrator replicas, one worker (8 consumers), a source with no latency and no limits."
                                    + " A job of %,d symbols × %d months; once a fifth of it succeeded, the replica"
                                    + " holding its dispatch lease (checked in Redis) is killed with `kill -9`. Then:"
                                    + " how long until the job's `dispatched` count moves again, the job's end, and"
                                    + " `POST /collections/{id}/verification` (every object re-read and hashed).")
                            .formatted(symbols, MONTHS),
                    List.of(
                            "| tasks | dispatched at the kill | dispatch again after | state | succeeded | objects | verified | tasks run again | job took |",
                            "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
                            "| %,d | %,d | %s s | %s | %,d | %,d | %,d | %,d | %s s |"
                                    .formatted(
                                            tasks,
                                            dispatchedAtKill,
                                            fixed(resumedAfter, 1),
                                            done.get("state").asString(),
                                            done.get("succeeded").asLong(),
                                            objects,
                                            verification.get("verified").asLong(),
                                            reruns,
                                            fixed(seconds, 0))),
                    summary,
                    "Failover: %,d-task job".formatted(tasks),
                    "s",
                    List.of(new Section.Bar("dispatch again after", resumedAfter)),
                    false);
        }
    }
}
