package io.trawl.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.trawl.infra.TrawlProperties;
import io.trawl.infra.storage.ObjectStore;
import io.trawl.infra.storage.StoredObject;
import io.trawl.messages.CollectTask;
import io.trawl.messages.TaskEvent;
import io.trawl.messages.TaskEventData;
import io.trawl.messages.TaskMessage;
import io.trawl.messages.Topology;
import io.trawl.simulator.ArchiveGenerator;
import io.trawl.simulator.SimulatorConfig;
import io.trawl.simulator.SourceSimulator;
import io.trawl.testsupport.NamespaceCleanup;
import io.trawl.testsupport.TestInfrastructure;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;

/** A worker against the real broker, the simulator and the embedded S3 server. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {"trawl.storage.embedded.port=0", "trawl.worker.retry-backoff=10ms"})
class TaskExecutionIT {

    private static final SourceSimulator SIMULATOR = SourceSimulator.start(
            SimulatorConfig.defaults().withCorruptSymbols(Set.of("BADUSDT")).withMissingSymbols(Set.of("GONEUSDT")));
    private static final String EVENTS_QUEUE = TestInfrastructure.namespace(TaskExecutionIT.class) + ".test-events";

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfrastructure.register(registry, TaskExecutionIT.class);
        registry.add("trawl.simulator.url", () -> SIMULATOR.baseUrl().toString());
    }

    @Autowired
    RabbitTemplate rabbit;

    @Autowired
    AmqpAdmin admin;

    @Autowired
    JsonMapper json;

    @Autowired
    ObjectStore store;

    @Autowired
    TrawlProperties trawl;

    @Autowired
    StringRedisTemplate redis;

    private static Runnable cleanup = () -> {};

    @BeforeEach
    void listenToEvents() {
        Queue queue = new Queue(EVENTS_QUEUE, false, false, false);
        admin.declareQueue(queue);
        admin.declareBinding(bindAll(queue));
        admin.purgeQueue(EVENTS_QUEUE, false);
        cleanup = () -> {
            NamespaceCleanup.amqp(admin, trawl.topology(), trawl.sources().keySet(), EVENTS_QUEUE);
            NamespaceCleanup.redis(redis, trawl.topology());
        };
    }

    @AfterAll
    static void cleanUp() {
        cleanup.run();
        SIMULATOR.close();
    }

    @Test
    void storesVerifiedArchiveWithMetadataAndReportsCompleted() throws IOException {
        CollectTask task = task("BTCUSDT", YearMonth.of(2024, 1));
        byte[] expected = ArchiveGenerator.archive("binance", "BTCUSDT", "1d", YearMonth.of(2024, 1));

        send(task);
        List<TaskEvent> events = eventsUntilTerminal(task.taskId());

        assertThat(events)
                .map(TaskEvent::type)
                .containsExactly("io.trawl.task.started.v1", "io.trawl.task.completed.v1");
        TaskEventData.Completed completed =
                (TaskEventData.Completed) events.getLast().data();
        assertThat(completed.objectKey()).isEqualTo("binance/klines-1d/BTCUSDT/2024-01.zip");
        assertThat(completed.sha256()).isEqualTo(ArchiveGenerator.sha256(expected));
        assertThat(completed.rows()).isEqualTo(31);
        StoredObject stored = store.stat(completed.objectKey()).orElseThrow();
        assertThat(stored.metadata())
                .containsEntry("sha256", ArchiveGenerator.sha256(expected))
                .containsEntry("rows", "31")
                .containsEntry("source", "binance")
                .containsEntry("job-id", "job-it");
        try (InputStream in = store.open(completed.objectKey())) {
            assertThat(in.readAllBytes()).isEqualTo(expected);
        }
    }

    @Test
    void corruptArchiveFailsPermanentlyAndNothingIsStored() {
        CollectTask task = task("BADUSDT", YearMonth.of(2024, 2));

        send(task);
        List<TaskEvent> events = eventsUntilTerminal(task.taskId());

        TaskEventData.Failed failed = (TaskEventData.Failed) events.getLast().data();
        assertThat(failed.errorClass()).isEqualTo("ChecksumMismatch");
        assertThat(failed.message()).contains("BADUSDT-1d-2024-02.zip").contains("checksum sidecar says");
        assertThat(failed.retryable()).isFalse();
        assertThat(failed.attempt()).as("a checksum mismatch is not retried").isEqualTo(1);
        assertThat(store.stat("binance/klines-1d/BADUSDT/2024-02.zip")).isEmpty();
    }

    @Test
    void missingArchiveFailsAsNotFound() {
        CollectTask task = task("GONEUSDT", YearMonth.of(2024, 3));

        send(task);

        TaskEventData.Failed failed = (TaskEventData.Failed)
                eventsUntilTerminal(task.taskId()).getLast().data();
        assertThat(failed.errorClass()).isEqualTo("NotFound");
    }

    @Test
    void poisonMessageGoesToTheDeadLetterQueueWithTheReason() {
        Topology topology = trawl.topology();
        admin.purgeQueue(topology.deadLetterQueue(), false);

        rabbit.send(
                topology.tasksExchange(),
                "binance",
                MessageBuilder.withBody("{not json".getBytes())
                        .setMessageId("poison-1")
                        .build());

        Message dead = rabbit.receive(topology.deadLetterQueue(), 10_000);
        assertThat(dead).isNotNull();
        assertThat(dead.getMessageProperties().getMessageId()).isEqualTo("poison-1");
        assertThat((String) dead.getMessageProperties().getHeader("x-exception-message"))
                .isNotBlank();
        assertThat((String) dead.getMessageProperties().getHeader("x-original-queue"))
                .isEqualTo(topology.taskQueue("binance"));
    }

    private CollectTask task(String symbol, YearMonth month) {
        return new CollectTask(
                CollectTask.idFor("job-it", "binance", symbol, "1d", month) + "." + UUID.randomUUID(),
                "binance",
                "klines",
                symbol,
                "1d",
                month,
                1,
                0);
    }

    private void send(CollectTask task) {
        TaskMessage message = TaskMessage.of(UUID.randomUUID().toString(), "/test", Instant.now(), "job-it", task);
        rabbit.send(
                trawl.topology().tasksExchange(),
                task.source(),
                MessageBuilder.withBody(json.writeValueAsBytes(message)).build());
    }

    private List<TaskEvent> eventsUntilTerminal(String taskId) {
        List<TaskEvent> events = new ArrayList<>();
        while (true) {
            Message message = rabbit.receive(EVENTS_QUEUE, 15_000);
            assertThat(message).as("event for " + taskId + " after " + events).isNotNull();
            TaskEvent event = json.readValue(message.getBody(), TaskEvent.class);
            if (!event.subject().equals(taskId)) {
                continue;
            }
            events.add(event);
            if (event.data() instanceof TaskEventData.Completed || event.data() instanceof TaskEventData.Failed) {
                return events;
            }
        }
    }

    private Binding bindAll(Queue queue) {
        return BindingBuilder.bind(queue)
                .to(new TopicExchange(trawl.topology().eventsExchange()))
                .with(Topology.allTaskEvents());
    }
}
