package io.trawl.worker.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.trawl.infra.TrawlProperties;
import io.trawl.infra.limits.SourceLimitsStore;
import io.trawl.sources.SourceDefinition;
import io.trawl.sources.SourceLimits;
import io.trawl.sources.SourceType;
import io.trawl.testsupport.TestInfrastructure;
import io.trawl.testsupport.TestRedis;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.data.redis.core.StringRedisTemplate;

/** Concurrency leases against the real Redis. */
class ConcurrencyLeasesIT {

    private static final String NAMESPACE = TestInfrastructure.namespace(ConcurrencyLeasesIT.class);
    private static final SourceDefinition ONE_AT_A_TIME = new SourceDefinition(
            SourceType.HTTP_ARCHIVE,
            "klines",
            List.of("1d"),
            "http://x/{SYMBOL}",
            null,
            null,
            SourceLimits.of(0, 0, 1.0, 1),
            null,
            null,
            null,
            null,
            null,
            null);
    private static final SourceDefinition UNLIMITED = new SourceDefinition(
            SourceType.HTTP_ARCHIVE,
            "klines",
            List.of("1d"),
            "http://x/{SYMBOL}",
            null,
            null,
            SourceLimits.NONE,
            null,
            null,
            null,
            null,
            null,
            null);
    private static final TrawlProperties TRAWL =
            new TrawlProperties(NAMESPACE, Map.of("solo", ONE_AT_A_TIME, "free", UNLIMITED));

    @RegisterExtension
    static final TestRedis REDIS = TestRedis.connect(NAMESPACE);

    private static final StringRedisTemplate redis = REDIS.template();

    private static ConcurrencyLeases leases(Duration ttl, int global) {
        LimitProperties properties = TestLimits.properties(Duration.ofSeconds(4), ttl, Duration.ofMillis(200), global);
        return new ConcurrencyLeases(
                redis,
                new LiveLimits(new SourceLimitsStore(redis, TRAWL)),
                properties,
                TRAWL,
                new SimpleMeterRegistry());
    }

    @Test
    void secondHolderWaitsUntilTheFirstReleases() throws Exception {
        try (ConcurrencyLeases workerA = leases(Duration.ofSeconds(10), 0);
                ConcurrencyLeases workerB = leases(Duration.ofSeconds(10), 0)) {
            Lease first = workerA.acquire("solo", SourceType.HTTP_ARCHIVE, "job-1", 0, 4);
            CompletableFuture<Lease> second = CompletableFuture.supplyAsync(() -> acquire(workerB));

            stillWaiting(second, Duration.ofMillis(300), "the only permit is held");
            first.close();

            second.get(2, TimeUnit.SECONDS).close();
        }
    }

    @Test
    void permitsOfAWorkerThatStoppedRenewingComeBack() throws Exception {
        ConcurrencyLeases dead = leases(Duration.ofMillis(600), 0);
        dead.acquire("solo", SourceType.HTTP_ARCHIVE, "job-1", 0, 4);
        dead.close();
        long started = System.nanoTime();

        try (ConcurrencyLeases survivor = leases(Duration.ofSeconds(10), 0)) {
            survivor.acquire("solo", SourceType.HTTP_ARCHIVE, "job-1", 0, 4).close();
        }

        assertThat(Duration.ofNanos(System.nanoTime() - started))
                .isBetween(Duration.ofMillis(300), Duration.ofSeconds(2));
    }

    @Test
    void heldLeasesAreRenewedPastTheirTtl() throws Exception {
        try (ConcurrencyLeases holder = leases(Duration.ofMillis(450), 0);
                ConcurrencyLeases other = leases(Duration.ofMillis(450), 0)) {
            Lease lease = holder.acquire("solo", SourceType.HTTP_ARCHIVE, "job-1", 0, 4);
            CompletableFuture<Lease> waiting = CompletableFuture.supplyAsync(() -> acquire(other));

            stillWaiting(waiting, Duration.ofMillis(1_200), "the renewed lease still holds the only permit");
            lease.close();
            waiting.get(2, TimeUnit.SECONDS).close();
        }
    }

    @Test
    void sequentialJobRunsOneTaskAtATimeEvenOnAnUnlimitedSource() throws Exception {
        try (ConcurrencyLeases workerA = leases(Duration.ofSeconds(10), 0);
                ConcurrencyLeases workerB = leases(Duration.ofSeconds(10), 0)) {
            Lease first = workerA.acquire("free", SourceType.HTTP_ARCHIVE, "job-seq", 1, 4);
            Lease otherJob = workerB.acquire("free", SourceType.HTTP_ARCHIVE, "job-other", 1, 4);
            CompletableFuture<Lease> second = CompletableFuture.supplyAsync(() -> {
                try {
                    return workerB.acquire("free", SourceType.HTTP_ARCHIVE, "job-seq", 1, 4);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });

            stillWaiting(second, Duration.ofMillis(300), "the job's one permit is taken");
            first.close();
            second.get(2, TimeUnit.SECONDS).close();
            otherJob.close();
        }
    }

    @Test
    void underContentionAFreedPermitGoesToTheHigherPriorityWaiter() throws Exception {
        try (ConcurrencyLeases holder = leases(Duration.ofSeconds(10), 1);
                ConcurrencyLeases low = leases(Duration.ofSeconds(10), 1);
                ConcurrencyLeases high = leases(Duration.ofSeconds(10), 1)) {
            Lease held = holder.acquire("free", SourceType.HTTP_ARCHIVE, "job-a", 0, 4);
            java.util.List<String> order = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
            CompletableFuture<Void> lowWaiter = CompletableFuture.runAsync(() -> take(low, 1, "low", order));
            Thread.sleep(200);
            CompletableFuture<Void> highWaiter = CompletableFuture.runAsync(() -> take(high, 7, "high", order));
            Thread.sleep(200);

            held.close();
            CompletableFuture.allOf(lowWaiter, highWaiter).get(5, TimeUnit.SECONDS);

            assertThat(order)
                    .as("the high-priority waiter came later but went first")
                    .containsExactly("high", "low");
        }
    }

    private static void take(ConcurrencyLeases leases, int priority, String name, java.util.List<String> order) {
        try (Lease lease = leases.acquire("free", SourceType.HTTP_ARCHIVE, "job-" + name, 0, priority)) {
            order.add(name);
            Thread.sleep(150);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Checks throughout {@code window}, not once at its end, that {@code waiter} has not got its permit. */
    private static void stillWaiting(CompletableFuture<Lease> waiter, Duration window, String why) {
        await(why).during(window).atMost(window.plusSeconds(1)).until(() -> !waiter.isDone());
    }

    private static Lease acquire(ConcurrencyLeases leases) {
        try {
            return leases.acquire("solo", SourceType.HTTP_ARCHIVE, "job-1", 0, 4);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
