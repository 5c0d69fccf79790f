package io.trawl.worker.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.trawl.infra.TrawlProperties;
import io.trawl.infra.limits.LimiterKeys;
import io.trawl.infra.limits.SourceLimitsStore;
import io.trawl.messages.CollectTask;
import io.trawl.messages.Partition;
import io.trawl.simulator.ServerRules;
import io.trawl.simulator.SimulatorConfig;
import io.trawl.simulator.SourceSimulator;
import io.trawl.simulator.SourceStats;
import io.trawl.sources.SourceDefinition;
import io.trawl.sources.SourceLimits;
import io.trawl.sources.SourceType;
import io.trawl.testsupport.TestInfrastructure;
import io.trawl.testsupport.TestRedis;
import io.trawl.worker.WorkerProperties;
import io.trawl.worker.source.FetchContext;
import io.trawl.worker.source.HttpArchiveConnector;
import io.trawl.worker.source.RequestGate;
import io.trawl.worker.source.SourceHttp;
import java.nio.file.Path;
import java.time.Duration;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three workers' gates and connectors (one Redis, one limit) against a simulator that counts at arrival and bans
 * a client that sends during Retry-After: the limiter as the source judges it, without the rest of the system.
 */
class GateAgainstSimulatorIT {

    private static final String NAMESPACE = TestInfrastructure.namespace(GateAgainstSimulatorIT.class);

    @RegisterExtension
    static final TestRedis REDIS = TestRedis.connect(NAMESPACE);

    @TempDir
    Path spool;

    @Test
    void threeWorkersNeverDrawA429FromASourceAtTheirLimit() throws Exception {
        SourceStats stats = fetchSixtyArchives(
                "binance", ServerRules.DEFAULT.withJitter(Duration.ofMillis(30)), 15, TestLimits.properties());
        assertThat(stats.tooMany())
                .as("counting until the answer holds whatever the machine's load")
                .isZero();
        assertThat(stats.maxInAnySlidingSecond()).isLessThanOrEqualTo(15);
    }

    @Test
    void aSourcePublishingALowerLimitThanConfiguredIsFollowedWithoutA429() throws Exception {
        // Trawl configured at 20/s, the source allows 15 and says so in RateLimit-Policy; a new source's
        // slow start (half the configured limits) lasts until the first answer says what the source allows
        SourceStats stats = fetchSixtyArchives(
                "binance-policed",
                ServerRules.DEFAULT.withJitter(Duration.ofMillis(30)).withPublishedPolicy("binance"),
                20,
                TestLimits.slowStart(new LimitProperties.SlowStart(0.5, 0.1, Duration.ofSeconds(1))));
        assertThat(stats.tooMany())
                .as("the published policy is learned before the configured limit is ever reached")
                .isZero();
        assertThat(stats.maxInAnySlidingSecond())
                .as("and followed up to the source's limit, not held at the slow start's half")
                .isBetween(14, 15);
    }

    /**
     * Three workers (8 threads each) fetch 60 archives (120 requests) from a source allowing 15 in any sliding
     * second, through Trawl's source {@code sourceId} (its own limiter state) configured at {@code configured} per
     * second; fails on a ban, a request during Retry-After or a request sent twice.
     */
    private SourceStats fetchSixtyArchives(String sourceId, ServerRules rules, int configured, LimitProperties limits)
            throws Exception {
        try (SourceSimulator simulator = SourceSimulator.start(SimulatorConfig.defaults()
                .withLatency(Duration.ofMillis(20))
                .withRateLimits(Map.of("binance", 15))
                .withRules(rules))) {
            SourceDefinition source = new SourceDefinition(
                    SourceType.HTTP_ARCHIVE,
                    "klines",
                    List.of("1d"),
                    simulator.baseUrl() + "/binance/{SYMBOL}/{interval}/{SYMBOL}-{interval}-{YYYY}-{MM}.zip",
                    null,
                    null,
                    SourceLimits.of(configured, 0, 1.0, 0),
                    null,
                    null,
                    null,
                    null,
                    null,
                    null);
            TrawlProperties trawl = new TrawlProperties(NAMESPACE, Map.of(sourceId, source));
            List<HttpArchiveConnector> workers = new ArrayList<>();
            for (int w = 0; w < 3; w++) {
                RedisRateLimiter limiter = new RedisRateLimiter(REDIS.template(), limits, new LimiterKeys(trawl));
                PermitGate gate = new PermitGate(
                        limiter,
                        new LiveLimits(new SourceLimitsStore(REDIS.template(), trawl)),
                        limits,
                        new SourceBreakers(limiter, limits, new SimpleMeterRegistry()),
                        new SimpleMeterRegistry());
                workers.add(archiveConnector(
                        new WorkerProperties(
                                "w" + w,
                                8,
                                1,
                                100,
                                Duration.ofMillis(1),
                                Duration.ofSeconds(2),
                                Duration.ofSeconds(5),
                                Duration.ZERO,
                                Duration.ZERO,
                                Duration.ofSeconds(1),
                                spool,
                                Duration.ofMinutes(2),
                                WorkerProperties.DEFAULT_USER_AGENT),
                        gate));
            }
            long started = System.nanoTime();
            try (ExecutorService pool = Executors.newFixedThreadPool(24)) {
                List<Future<?>> fetches = new ArrayList<>();
                for (int i = 0; i < 60; i++) {
                    HttpArchiveConnector worker = workers.get(i % 3);
                    CollectTask task = new CollectTask(
                            "t" + i,
                            sourceId,
                            "klines",
                            "S%03dUSDT".formatted(i),
                            "1d",
                            new Partition.Month(YearMonth.of(2024, 1)),
                            1,
                            0);
                    fetches.add(pool.submit(
                            () -> worker.fetch(task, source, new FetchContext((b, t) -> {}, (k, v) -> {}))));
                }
                for (Future<?> f : fetches) {
                    f.get();
                }
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            SourceStats stats = simulator.stats().getFirst();
            System.out.printf("GATE IT: %s in %.1f s%n", stats, seconds);
            assertThat(stats.bans()).isZero();
            assertThat(stats.ignoredRetryAfter()).isZero();
            assertThat(stats.requests() - stats.tooMany())
                    .as("each request sent once")
                    .isEqualTo(120);
            return stats;
        }
    }

    private static HttpArchiveConnector archiveConnector(WorkerProperties properties, RequestGate gate) {
        return new HttpArchiveConnector(properties, new SourceHttp(properties, gate, 1));
    }
}
