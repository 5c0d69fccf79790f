package io.trawl.orchestrator.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.trawl.infra.TrawlProperties;
import io.trawl.messages.RedisKeys;
import io.trawl.messages.TaskMessage;
import io.trawl.orchestrator.collection.CollectionRequest;
import io.trawl.orchestrator.collection.RequestResolver;
import io.trawl.orchestrator.planning.CollectionSpec;
import io.trawl.orchestrator.planning.Planner;
import io.trawl.orchestrator.tracking.JobRecorder;
import io.trawl.testsupport.NamespaceCleanup;
import io.trawl.testsupport.TestInfrastructure;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;

/**
 * A new job is recorded together with what any replica needs to dispatch it, in one Redis transaction, against
 * the real Redis and broker: a record that fails halfway leaves nothing, and a job whose replica died right after
 * recording it (before publishing any task) is dispatched by the next holder of its lease.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"trawl.storage.embedded.port=0", "trawl.orchestrator.dispatch.tick=100ms"})
class JobEnlistmentIT {

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfrastructure.register(registry, JobEnlistmentIT.class);
    }

    @Autowired
    DispatchStore store;

    @Autowired
    JobRecorder records;

    @Autowired
    RequestResolver resolver;

    @Autowired
    Planner planner;

    @Autowired
    StringRedisTemplate redis;

    @Autowired
    RabbitTemplate rabbit;

    @Autowired
    AmqpAdmin admin;

    @Autowired
    JsonMapper json;

    @Autowired
    TrawlProperties trawl;

    private static Runnable cleanup = () -> {};
    private RedisKeys keys;

    @BeforeEach
    void setUp() {
        keys = trawl.topology().redis();
        cleanup = () -> {
            NamespaceCleanup.amqp(admin, trawl.topology(), trawl.sources().keySet());
            NamespaceCleanup.redis(redis, trawl.topology());
        };
    }

    @AfterAll
    static void cleanUp() {
        cleanup.run();
    }

    @Test
    void aRecordThatFailsHalfwayLeavesNothing() {
        String jobId = "j-enlist-failed";
        JobPlan plan = plan("HALFUSDT");

        assertThatThrownBy(() -> store.enlist(jobId, plan, "replica-a", Duration.ofSeconds(5), () -> {
                    record(jobId, plan);
                    throw new IllegalStateException("the connection broke while recording");
                }))
                .hasMessage("the connection broke while recording");

        assertThat(redis.hasKey(keys.job(jobId))).as("job hash").isFalse();
        assertThat(redis.hasKey(keys.jobPlan(jobId))).as("plan").isFalse();
        assertThat(redis.hasKey(keys.jobDispatchLease(jobId))).as("lease").isFalse();
        assertThat(redis.opsForZSet().score(keys.jobIndex(), jobId))
                .as("listed")
                .isNull();
        assertThat(redis.opsForSet().isMember(keys.dispatchingJobs(), jobId))
                .as("dispatching")
                .isFalse();
    }

    @Test
    void aJobWhoseReplicaDiedRightAfterRecordingItIsDispatchedByTheNext() {
        String jobId = "j-enlist-orphan";
        JobPlan plan = plan("ORPHANUSDT");

        // what a replica leaves that is killed after the transaction, before its first batch is published
        store.enlist(jobId, plan, "dead-replica", Duration.ofMillis(300), () -> record(jobId, plan));

        assertThat(redis.opsForHash().get(keys.job(jobId), "state")).isEqualTo("QUEUED");
        List<String> published = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Message message = rabbit.receive(trawl.topology().taskQueue("binance"), 10_000);
            assertThat(message)
                    .as("task " + (i + 1) + " of 3, published by the lease's next holder")
                    .isNotNull();
            published.add(
                    json.readValue(message.getBody(), TaskMessage.class).data().taskId());
        }
        assertThat(published)
                .containsExactlyInAnyOrder(
                        jobId + ".binance.ORPHANUSDT.1d.2024-01",
                        jobId + ".binance.ORPHANUSDT.1d.2024-02",
                        jobId + ".binance.ORPHANUSDT.1d.2024-03");
        await().atMost(Duration.ofSeconds(5))
                .until(() -> !Boolean.TRUE.equals(redis.opsForSet().isMember(keys.dispatchingJobs(), jobId)));
        assertThat(redis.opsForHash().get(keys.job(jobId), "dispatched")).isEqualTo("3");
    }

    private JobPlan plan(String symbol) {
        CollectionSpec spec = resolver.resolve(new CollectionRequest(
                List.of("binance"),
                List.of(symbol),
                null,
                null,
                "1d",
                "2024-01",
                "2024-03",
                null,
                null,
                null,
                null,
                null,
                null));
        return new JobPlan(spec, Instant.now(), null, null);
    }

    private void record(String jobId, JobPlan plan) {
        Map<String, Long> totals = new LinkedHashMap<>();
        planner.tasksPerSymbol(plan.spec(), plan.at())
                .forEach((source, perSymbol) ->
                        totals.put(source, perSymbol * plan.spec().symbols().size()));
        records.create(jobId, plan.spec(), totals, plan.at(), null);
    }
}
