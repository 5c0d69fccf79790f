package io.trawl.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.trawl.infra.TrawlProperties;
import io.trawl.infra.amqp.MessageSigner;
import io.trawl.infra.storage.EmbeddedS3Server;
import io.trawl.infra.storage.ObjectStore;
import io.trawl.infra.storage.StorageProperties;
import io.trawl.infra.storage.StoredObject;
import io.trawl.infra.tasklogs.TaskLogLine;
import io.trawl.infra.tasklogs.TaskLogs;
import io.trawl.messages.CollectTask;
import io.trawl.messages.ControlMessage;
import io.trawl.messages.DeadLetterHeaders;
import io.trawl.messages.EventBatch;
import io.trawl.messages.MessageTypes;
import io.trawl.messages.Partition;
import io.trawl.messages.TaskBundle;
import io.trawl.messages.TaskEvent;
import io.trawl.messages.TaskEventData;
import io.trawl.messages.TaskMessage;
import io.trawl.messages.Topology;
import io.trawl.simulator.ArchiveGenerator;
import io.trawl.simulator.SimulatorConfig;
import io.trawl.simulator.SourceSimulator;
import io.trawl.simulator.SourceStats;
import io.trawl.testsupport.NamespaceCleanup;
import io.trawl.testsupport.TestInfrastructure;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
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
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;

/** A worker against the real broker, the simulator and the embedded S3 server. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {
            "trawl.storage.embedded.port=0",
            "trawl.worker.retry-backoff=10ms",
            "trawl.worker.started-after=" + TaskExecutionIT.STARTED_AFTER_MILLIS + "ms",
            "management.opentelemetry.tracing.export.schedule-delay=50ms"
        })
@Import(TaskExecutionIT.Spans.class)
class TaskExecutionIT {

    /** Keeps the finished spans in memory instead of sending them to a collector. */
    @TestConfiguration
    static class Spans {
        @Bean
        InMemorySpanExporter spans() {
            return InMemorySpanExporter.create();
        }
    }

    private static final SourceSimulator SIMULATOR = SourceSimulator.start(SimulatorConfig.defaults()
            .withCorruptSymbols(Set.of("BADUSDT"))
            .withMissingSymbols(Set.of("GONEUSDT"))
            .withInvalidSymbols(Set.of("ODDUSDT"))
            .withHangingSymbols(Set.of("HANGUSDT"))
            .withFailFirst(Map.of("FLAKYUSDT", 3, "DOWNUSDT", 1_000, "JAMUSDT", 1_000_000)));
    /** Tasks here take far less, except the hanging ones. */
    static final int STARTED_AFTER_MILLIS = 2_000;

    private static final String PAUSED_JOB = "job-paused";
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

    @Autowired
    MeterRegistry meters;

    @Autowired
    Tracer tracer;

    @Autowired
    InMemorySpanExporter spans;

    @Autowired
    TaskLogs taskLogs;

    @Autowired
    EmbeddedS3Server s3;

    @Autowired
    MessageSigner signer;

    @Autowired
    StorageProperties storage;

    private static Runnable cleanup = () -> {};
    private static EmbeddedS3Server restartedS3;

    @BeforeEach
    void listenToEvents() {
        Queue queue = new Queue(EVENTS_QUEUE, false, false, false);
        admin.declareQueue(queue);
        admin.declareBinding(bindAll(queue));
        admin.purgeQueue(EVENTS_QUEUE, false);
        cleanup = () -> {
            NamespaceCleanup.amqp(
                    admin,
                    trawl.topology(),
                    trawl.sources().keySet(),
                    EVENTS_QUEUE,
                    trawl.topology().parkedQueue(PAUSED_JOB));
            NamespaceCleanup.redis(redis, trawl.topology());
        };
    }

    @AfterAll
    static void cleanUp() {
        cleanup.run();
        SIMULATOR.close();
        if (restartedS3 != null) {
            restartedS3.close();
        }
    }

    @Test
    void storesVerifiedArchiveWithMetadataAndReportsCompleted() throws IOException {
        CollectTask task = task("BTCUSDT", YearMonth.of(2024, 1));
        byte[] expected = ArchiveGenerator.archive("binance", "BTCUSDT", "1d", YearMonth.of(2024, 1));

        send(task);
        List<TaskEvent> events = eventsUntilTerminal(task.taskId());

        assertThat(events)
                .map(TaskEvent::type)
                .as("a task done before trawl.worker.started-after reports only its end")
                .containsExactly("io.trawl.task.completed.v1");
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
    void theTaskContinuesTheTraceOfItsMessageAndItsLogLinesAreKeptUnderItsId() {
        CollectTask task = task("ADAUSDT", YearMonth.of(2024, 4));
        Span request = tracer.nextSpan().name("test request").start();
        try (Tracer.SpanInScope scope = tracer.withSpan(request)) {
            send(task);
        } finally {
            request.end();
        }
        String traceId = request.context().traceId();
        assertThat(eventsUntilTerminal(task.taskId()).getLast().data()).isInstanceOf(TaskEventData.Completed.class);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(spans.getFinishedSpanItems())
                .filteredOn(span -> span.getTraceId().equals(traceId))
                .extracting(SpanData::getName)
                .as("consumer span, then the fetch and the put inside it")
                .contains("trawl.source.fetch", "trawl.storage.put")
                .anyMatch(name -> name.contains(trawl.topology().taskQueue("binance"))));
        assertThat(spans.getFinishedSpanItems())
                .filteredOn(span -> span.getTraceId().equals(traceId))
                .as("the Redis commands of a sampled task are spans of its trace")
                .anyMatch(TaskExecutionIT::redisCommand);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(taskLogs.read(task.taskId()))
                .extracting(TaskLogLine::message)
                .anyMatch(message -> message.contains("stored binance/klines-1d/ADAUSDT/2024-04.zip")));
        assertThat(taskLogs.read(task.taskId()))
                .allSatisfy(line -> assertThat(line.traceId()).isEqualTo(traceId))
                .allSatisfy(line -> assertThat(line.worker()).isNotBlank());
    }

    @Test
    void anUnsampledTaskRecordsNoSpanAndItsEventsNameItsTraceUnsampled() {
        CollectTask task = task("ADAUSDT", YearMonth.of(2024, 5));
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        TaskMessage message = TaskMessage.of(UUID.randomUUID().toString(), "/test", Instant.now(), "job-it", task);
        RabbitTemplate untraced = new RabbitTemplate(rabbit.getConnectionFactory());
        untraced.send(
                trawl.topology().tasksExchange(),
                task.source(),
                signer.sign(MessageBuilder.withBody(json.writeValueAsBytes(message))
                        .setHeader("traceparent", "00-" + traceId + "-00f067aa0ba902b7-00")
                        .build()));

        Message completed;
        do {
            completed = rabbit.receive(EVENTS_QUEUE, 15_000);
            assertThat(completed).as("completed event of " + task.taskId()).isNotNull();
        } while (!(json.readValue(completed.getBody(), TaskEvent.class).data() instanceof TaskEventData.Completed done
                && done.objectKey().contains("ADAUSDT/2024-05")));

        assertThat((String) completed.getMessageProperties().getHeader("traceparent"))
                .as("the event carries the task's trace, still unsampled")
                .matches("00-" + traceId + "-[0-9a-f]{16}-00");
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).untilAsserted(() -> assertThat(
                        spans.getFinishedSpanItems())
                .as("no span of an unsampled task, not even its events' publishing")
                .noneMatch(span -> span.getTraceId().equals(traceId)));
        assertThat(spans.getFinishedSpanItems())
                .as("no Redis command outside a sampled trace (the heartbeat's, each second) is a trace of its own")
                .filteredOn(TaskExecutionIT::redisCommand)
                .allMatch(span -> span.getParentSpanContext().isValid());
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(taskLogs.read(task.taskId()))
                .extracting(TaskLogLine::message)
                .anyMatch(line -> line.contains("stored binance/klines-1d/ADAUSDT/2024-05.zip")));
        assertThat(taskLogs.read(task.taskId()))
                .allSatisfy(line -> assertThat(line.traceId()).isEqualTo(traceId));
    }

    @Test
    void aDayOfTheGrowingMonthIsFetchedFromTheDailyArchiveAndStoredUnderItsDay() {
        LocalDate yesterday = LocalDate.now(ZoneOffset.UTC).minusDays(1);
        CollectTask task = task("BTCUSDT", new Partition.Day(yesterday));

        send(task);
        List<TaskEvent> events = eventsUntilTerminal(task.taskId());

        TaskEventData.Completed completed =
                (TaskEventData.Completed) events.getLast().data();
        assertThat(completed.objectKey()).isEqualTo("binance/klines-1d/BTCUSDT/" + yesterday + ".zip");
        assertThat(completed.rows()).isEqualTo(1);
        assertThat(completed.sha256())
                .isEqualTo(
                        ArchiveGenerator.sha256(ArchiveGenerator.dailyArchive("binance", "BTCUSDT", "1d", yesterday)));
        assertThat(store.stat(completed.objectKey()).orElseThrow().metadata())
                .containsEntry("partition", yesterday.toString());
    }

    @Test
    void aVersion1TaskQueuedBeforeTheUpgradeStillRunsWithItsKnownChecksum() {
        YearMonth month = YearMonth.of(2024, 3);
        String sha = ArchiveGenerator.sha256(ArchiveGenerator.archive("binance", "ETHUSDT", "1d", month));
        String taskId = "job-it.binance.ETHUSDT.1d.2024-03.v1-" + UUID.randomUUID();
        String v1 = """
                {"specversion":"1.0","id":"%s","source":"/trawl/orchestrator","type":"io.trawl.task.collect.v1",
                 "time":"2026-11-23T10:15:30Z","jobid":"job-it",
                 "data":{"taskId":"%s","source":"binance","dataset":"klines","symbol":"ETHUSDT","interval":"1d",
                         "partition":"2024-03","attempt":2,"checksum":"%s","checksumAttempt":1}}""".formatted(UUID.randomUUID(), taskId, sha);
        rabbit.send(
                trawl.topology().tasksExchange(),
                "binance",
                signer.sign(MessageBuilder.withBody(v1.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                        .setType(MessageTypes.COLLECT_TASK_V1)
                        .build()));

        List<TaskEvent> events = eventsUntilTerminal(taskId);

        TaskEventData.Completed completed =
                (TaskEventData.Completed) events.getLast().data();
        assertThat(completed.objectKey()).isEqualTo("binance/klines-1d/ETHUSDT/2024-03.zip");
        assertThat(completed.sha256()).isEqualTo(sha);
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
        assertDeadLettered(task, "ChecksumMismatch", 1);
    }

    @Test
    void rowsThatBreakOhlcvSenseFailValidationAndNothingIsStored() {
        CollectTask task = task("ODDUSDT", YearMonth.of(2024, 2));

        send(task);

        TaskEventData.Failed failed = (TaskEventData.Failed)
                eventsUntilTerminal(task.taskId()).getLast().data();
        assertThat(failed.errorClass()).isEqualTo("ValidationFailed");
        assertThat(failed.message()).contains("line 2: high").contains("is below max(open");
        assertThat(store.stat("binance/klines-1d/ODDUSDT/2024-02.zip")).isEmpty();
    }

    @Test
    void transientFailuresAreRetriedThroughDelayQueuesUntilTheTaskSucceeds() {
        CollectTask task = task("FLAKYUSDT", YearMonth.of(2024, 4));

        send(task);
        List<TaskEvent> events = eventsUntilTerminal(task.taskId());

        assertThat(events)
                .map(e -> e.data().kind().wireName()
                        + (e.data() instanceof TaskEventData.Failed f
                                ? ":" + f.attempt() + ":" + f.errorClass() + ":" + f.retryable()
                                : ""))
                .containsExactly(
                        "failed:1:HttpStatus500:true",
                        "failed:2:HttpStatus500:true",
                        "failed:3:HttpStatus500:true",
                        "completed");
        assertThat(store.stat("binance/klines-1d/FLAKYUSDT/2024-04.zip")).isPresent();
        assertThat(meters.get("trawl.task.retries")
                        .tag("source", "binance")
                        .tag("error", "HttpStatus500")
                        .counter()
                        .count())
                .isGreaterThanOrEqualTo(3);
    }

    @Test
    void exhaustedRetriesEndInTheDeadLetterQueueWithTheReason() {
        CollectTask task = task("DOWNUSDT", YearMonth.of(2024, 5));

        send(task);
        List<TaskEvent> events = eventsUntilTerminal(task.taskId());

        TaskEventData.Failed last = (TaskEventData.Failed) events.getLast().data();
        assertThat(last.retryable()).isFalse();
        assertThat(last.attempt()).as("max-attempts of the source").isEqualTo(5);
        assertThat(events)
                .filteredOn(e -> e.data() instanceof TaskEventData.Failed)
                .extracting(e -> ((TaskEventData.Failed) e.data()).attempt())
                .containsExactly(1, 2, 3, 4, 5);
        assertDeadLettered(task, "HttpStatus500", 5);
    }

    @Test
    void aHungSourceTimesOutAndIsRetriedAsTransient() {
        CollectTask task = task("HANGUSDT", YearMonth.of(2024, 6)).withTimeoutMillis(300);

        long start = System.nanoTime();
        send(task);
        List<TaskEvent> events = eventsUntilTerminal(task.taskId());
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertThat(events)
                .filteredOn(e -> e.data() instanceof TaskEventData.Failed)
                .map(e -> ((TaskEventData.Failed) e.data()).errorClass())
                .containsOnly("Timeout")
                .hasSize(5);
        assertThat(millis).as("5 attempts of 300 ms plus back-offs").isBetween(1_500L, 20_000L);
        assertDeadLettered(task, "Timeout", 5);
    }

    @Test
    void aCancelOrderStopsTheRunningTaskWithinASecond() {
        CollectTask task = task("HANGUSDT", YearMonth.of(2024, 7));
        Span request = tracer.nextSpan().name("test request").start();
        long sentTask = System.nanoTime();
        try (Tracer.SpanInScope scope = tracer.withSpan(request)) {
            send(task);
        } finally {
            request.end();
        }
        Message started = awaitStarted(task.taskId());

        assertThat((System.nanoTime() - sentTask) / 1_000_000)
                .as("a task still running reports its start after trawl.worker.started-after")
                .isGreaterThanOrEqualTo(STARTED_AFTER_MILLIS);
        assertThat((String) started.getMessageProperties().getHeader("traceparent"))
                .as("sent from a timer, in the task's trace")
                .contains(request.context().traceId());
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(taskLogs.read(task.taskId()))
                .filteredOn(line -> line.message().contains("started on"))
                .singleElement()
                .satisfies(line ->
                        assertThat(line.traceId()).isEqualTo(request.context().traceId())));

        long sent = System.nanoTime();
        rabbit.send(
                trawl.topology().controlExchange(),
                "",
                signer.sign(MessageBuilder.withBody(
                                json.writeValueAsBytes(ControlMessage.cancelTask("job-it", task.taskId())))
                        .build()));
        List<TaskEvent> events = eventsUntilTerminal(task.taskId());
        long millis = (System.nanoTime() - sent) / 1_000_000;

        TaskEventData.Failed failed = (TaskEventData.Failed) events.getLast().data();
        assertThat(failed.errorClass()).isEqualTo("Cancelled");
        assertThat(millis).as("cancel to stopped").isLessThan(1_000);
    }

    @Test
    void tasksOfAPausedJobAreParkedAndTasksOfACancelledJobDropped() {
        redis.opsForValue().set(trawl.topology().redis().jobControl(PAUSED_JOB), "PAUSED");
        redis.opsForValue().set(trawl.topology().redis().jobControl("job-cancelled"), "CANCELLED");
        CollectTask paused = task("BTCUSDT", YearMonth.of(2024, 8));
        CollectTask cancelled = task("BTCUSDT", YearMonth.of(2024, 9));

        send(PAUSED_JOB, paused);
        send("job-cancelled", cancelled);
        send(task("ETHUSDT", YearMonth.of(2024, 8)));

        await().atMost(Duration.ofSeconds(10))
                .until(() -> admin.getQueueInfo(trawl.topology().parkedQueue(PAUSED_JOB)) != null);
        Message parked = rabbit.receive(trawl.topology().parkedQueue(PAUSED_JOB), 10_000);
        assertThat(parked).isNotNull();
        assertThat(json.readValue(parked.getBody(), TaskMessage.class).data().taskId())
                .isEqualTo(paused.taskId());
        assertThat((String) parked.getMessageProperties().getHeader(DeadLetterHeaders.SOURCE))
                .isEqualTo("binance");
        assertThat(redis.opsForSet().isMember(trawl.topology().redis().parkedJobs(), PAUSED_JOB))
                .isTrue();
        // the job-it task sent last completes; neither earlier task produced an event
        List<String> subjects = new ArrayList<>();
        Message event;
        while ((event = rabbit.receive(EVENTS_QUEUE, 10_000)) != null) {
            TaskEvent decoded = json.readValue(event.getBody(), TaskEvent.class);
            subjects.add(decoded.subject());
            if (decoded.data() instanceof TaskEventData.Completed) {
                break;
            }
        }
        assertThat(subjects).isNotEmpty().doesNotContain(paused.taskId(), cancelled.taskId());
        assertThat(store.stat("binance/klines-1d/BTCUSDT/2024-09.zip")).isEmpty();
    }

    @Test
    void aFileOfSeveralPartsIsStoredByteExactWithItsPartsChecksummed() throws IOException {
        byte[] content = new byte[12 * 1024 * 1024 + 17]; // three parts of 5 MiB at most
        new java.util.Random(3).nextBytes(content);
        java.nio.file.Path file = java.nio.file.Files.createTempFile("parts", ".bin");
        try {
            java.nio.file.Files.write(file, content);
            store.put("parts/big.bin", file, "application/octet-stream", Map.of("sha256", "x"));
            try (InputStream in = store.open("parts/big.bin")) {
                assertThat(in.readAllBytes()).isEqualTo(content);
            }
            assertThat(store.stat("parts/big.bin").orElseThrow().metadata()).containsEntry("sha256", "x");
        } finally {
            java.nio.file.Files.deleteIfExists(file);
            store.delete("parts/big.bin");
        }
    }

    @Test
    void runningTheSameTaskTwiceLeavesOneObjectWithTheSameContent() throws IOException {
        CollectTask task = task("SOLUSDT", YearMonth.of(2024, 10));
        String key = "binance/klines-1d/SOLUSDT/2024-10.zip";

        send(task);
        eventsUntilTerminal(task.taskId());
        String first = store.stat(key).orElseThrow().metadata().get("sha256");
        send(task);
        eventsUntilTerminal(task.taskId());

        assertThat(store.list("binance/klines-1d/SOLUSDT/")).containsExactly(key);
        try (InputStream in = store.open(key)) {
            assertThat(ArchiveGenerator.sha256(in.readAllBytes())).isEqualTo(first);
        }
    }

    @Test
    void aMissingArchiveIsNoDataAtTheSourceRecordedAsCheckedAbsentNotAFailure() {
        CollectTask task = task("GONEUSDT", YearMonth.of(2024, 3));

        send(task);

        TaskEventData.NoData noData = (TaskEventData.NoData)
                eventsUntilTerminal(task.taskId()).getLast().data();
        assertThat(noData.symbol()).isEqualTo("GONEUSDT");
        assertThat(noData.partition()).isEqualTo("2024-03");
        assertThat(noData.reason()).contains("404");
        assertThat(store.list("binance/klines-1d/GONEUSDT/"))
                .as("a marker, never an archive (the bundle test leaves a marker of another month)")
                .contains("binance/klines-1d/GONEUSDT/2024-03.nodata")
                .noneMatch(key -> key.endsWith(".zip"));
    }

    @Test
    void aBundleRunsEachTaskAsIfAloneAndSendsTheirResultsInOneMessage() {
        CollectTask first = task("BTCUSDT", YearMonth.of(2023, 5));
        CollectTask corrupt = task("BADUSDT", YearMonth.of(2023, 6));
        CollectTask missing = task("GONEUSDT", YearMonth.of(2023, 7));
        CollectTask last = task("ETHUSDT", YearMonth.of(2023, 8));
        Set<String> ids = Set.of(first.taskId(), corrupt.taskId(), missing.taskId(), last.taskId());

        sendBundle(first, corrupt, missing, last);

        List<EventBatch> batches = new ArrayList<>();
        List<TaskEvent> alone = new ArrayList<>();
        while (batches.stream().mapToInt(b -> b.events().size()).sum() + alone.size() < 4) {
            Message message = rabbit.receive(EVENTS_QUEUE, 15_000);
            assertThat(message)
                    .as("events of the bundle, so far " + batches + " and " + alone)
                    .isNotNull();
            if (MessageTypes.BATCH.equals(message.getMessageProperties().getContentType())) {
                assertThat(message.getMessageProperties().getType()).isEqualTo(MessageTypes.TASK_EVENT_BATCH_V1);
                batches.add(json.readValue(message.getBody(), EventBatch.class));
            } else {
                TaskEvent event = json.readValue(message.getBody(), TaskEvent.class);
                if (ids.contains(event.subject())) {
                    alone.add(event);
                }
            }
        }
        assertThat(batches)
                .as("the results of the three tasks that ended well, in one message")
                .hasSize(1);
        List<TaskEvent> results = batches.getFirst().events();
        assertThat(results)
                .extracting(TaskEvent::subject)
                .containsExactly(first.taskId(), missing.taskId(), last.taskId());
        assertThat(results)
                .extracting(TaskEvent::type)
                .containsExactly(
                        MessageTypes.TASK_COMPLETED_V1, MessageTypes.TASK_NO_DATA_V1, MessageTypes.TASK_COMPLETED_V1);
        TaskEventData.Completed completed =
                (TaskEventData.Completed) results.getFirst().data();
        assertThat(store.sized("binance/klines-1d/BTCUSDT/", "", completed.objectKey()))
                .as("the event names the entity tag a listing shows for the object")
                .contains(new ObjectStore.Sized(completed.objectKey(), completed.bytes(), completed.etag()));
        assertThat(store.stat("binance/klines-1d/ETHUSDT/2023-08.zip")).isPresent();
        assertThat(alone)
                .as("a failure is reported alone, at once")
                .singleElement()
                .satisfies(event -> {
                    assertThat(event.subject()).isEqualTo(corrupt.taskId());
                    assertThat(((TaskEventData.Failed) event.data()).errorClass())
                            .isEqualTo("ChecksumMismatch");
                });
        assertDeadLettered(corrupt, "ChecksumMismatch", 1);
    }

    @Test
    void aTaskThatCannotBeFinishedComesBackAloneOnceASecondAndItsBundleDoesNotRunAgain() {
        CollectTask first = task("BTCUSDT", YearMonth.of(2023, 9));
        CollectTask second = task("BNBUSDT", YearMonth.of(2023, 9));
        CollectTask jammed = task("JAMUSDT", YearMonth.of(2023, 10));
        CollectTask last = task("ETHUSDT", YearMonth.of(2023, 11));
        Map<String, List<Boolean>> results = new java.util.HashMap<>(); // task id -> completed, came in a batch
        // a task first, so that the worker's connections are open: the admin declares the whole topology again on
        // each new connection, which would bring the exchange deleted below back
        CollectTask before = task("XRPUSDT", YearMonth.of(2023, 9));
        send(before);
        assertThat(eventsUntilTerminal(before.taskId()).getLast().data()).isInstanceOf(TaskEventData.Completed.class);
        // the retry of the jammed task's 500 cannot be published: the retry exchange is gone
        admin.deleteExchange(trawl.topology().retryExchange());
        try {
            sendBundle(first, second, jammed, last);
            while (!results.keySet().containsAll(Set.of(first.taskId(), second.taskId(), last.taskId()))) {
                Message message = rabbit.receive(EVENTS_QUEUE, 15_000);
                assertThat(message)
                        .as("the results of the tasks around the one that cannot be finished, while it cannot be, so"
                                + " far " + results)
                        .isNotNull();
                completedIn(message, results);
            }
            // the jammed task, alone now, cannot be finished either: it keeps coming back, once a second
            long quietFrom = System.nanoTime();
            java.util.function.LongSupplier requests = () -> Arrays.stream(SIMULATOR.arrivals("binance"))
                    .filter(at -> at - quietFrom >= 0)
                    .count();
            await().atMost(Duration.ofSeconds(5)).until(() -> requests.getAsLong() >= 1); // it does come back
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(4)).until(() -> requests.getAsLong() <= 12);
            long seen = requests.getAsLong();
            System.out.printf(
                    "SET ASIDE: a task that cannot be finished, %d requests to its source in %.1f s%n",
                    seen, (System.nanoTime() - quietFrom) / 1e9);
            assertThat(seen)
                    .as("a task that cannot be finished comes back once a second, not as fast as the source answers")
                    .isBetween(1L, 12L);
        } finally {
            ((RabbitAdmin) admin).initialize(); // the topology again: the jammed task is retried, then given up
        }
        List<TaskEvent> jammedEvents = eventsUntilTerminal(jammed.taskId(), message -> completedIn(message, results));

        assertThat(List.of(results.get(first.taskId()), results.get(second.taskId())))
                .as("the tasks before it ran once; their results went out in a batch before the bundle was acked")
                .containsExactly(List.of(true), List.of(true));
        assertThat(results.get(last.taskId()))
                .as("the task after it went back alone and ran once, alone")
                .containsExactly(false);
        assertThat(jammedEvents)
                .filteredOn(e -> e.data() instanceof TaskEventData.Failed)
                .extracting(e -> ((TaskEventData.Failed) e.data()).attempt())
                .as("the jammed task went back alone and was retried once the retries could be published")
                .containsExactly(1, 2, 3, 4, 5);
        assertDeadLettered(jammed, "HttpStatus500", 5);
    }

    /** Notes, per task, each {@code completed} event the message carries and whether it came in a batch. */
    private void completedIn(Message message, Map<String, List<Boolean>> results) {
        boolean batch = MessageTypes.BATCH.equals(message.getMessageProperties().getContentType());
        List<TaskEvent> events = batch
                ? json.readValue(message.getBody(), EventBatch.class).events()
                : List.of(json.readValue(message.getBody(), TaskEvent.class));
        for (TaskEvent event : events) {
            if (event.data() instanceof TaskEventData.Completed) {
                results.computeIfAbsent(event.subject(), id -> new ArrayList<>())
                        .add(batch);
            }
        }
    }

    @Test
    void poisonMessageGoesToTheDeadLetterQueueWithTheReason() {
        Topology topology = trawl.topology();
        admin.purgeQueue(topology.deadLetterQueue(), false);

        rabbit.send(
                topology.tasksExchange(),
                "binance",
                signer.sign(MessageBuilder.withBody("{not json".getBytes())
                        .setMessageId("poison-1")
                        .build()));

        Message dead = rabbit.receive(topology.deadLetterQueue(), 10_000);
        assertThat(dead).isNotNull();
        assertThat(dead.getMessageProperties().getMessageId()).isEqualTo("poison-1");
        assertThat((String) dead.getMessageProperties().getHeader(DeadLetterHeaders.ERROR_CLASS))
                .isEqualTo(DeadLetterHeaders.POISON);
        assertThat((String) dead.getMessageProperties().getHeader(DeadLetterHeaders.ERROR_MESSAGE))
                .isNotBlank();
        assertThat((String) dead.getMessageProperties().getHeader("x-original-queue"))
                .isEqualTo(topology.taskQueue("binance"));

        // a bundle of two jobs' tasks: none of them runs, the bundle is dead-lettered whole, naming why
        CollectTask one = task("BTCUSDT", YearMonth.of(2022, 1));
        CollectTask other = task("BTCUSDT", YearMonth.of(2022, 2));
        rabbit.send(
                topology.tasksExchange(),
                "binance",
                signer.sign(MessageBuilder.withBody(json.writeValueAsBytes(List.of(
                                TaskMessage.of(one.taskId(), "/test", Instant.now(), "job-it", one),
                                TaskMessage.of(other.taskId(), "/test", Instant.now(), "job-other", other))))
                        .setContentType(MessageTypes.BATCH)
                        .setType(MessageTypes.COLLECT_TASK_V2)
                        .setMessageId("mixed-bundle")
                        .build()));
        Message mixed = rabbit.receive(topology.deadLetterQueue(), 10_000);
        assertThat(mixed).isNotNull();
        assertThat(mixed.getMessageProperties().getMessageId()).isEqualTo("mixed-bundle");
        assertThat((String) mixed.getMessageProperties().getHeader(DeadLetterHeaders.ERROR_MESSAGE))
                .contains("one job's tasks");
        assertThat(store.list("binance/klines-1d/BTCUSDT/2022-")).isEmpty();
    }

    @Test
    void poisonWithHugeFieldsIsDeadLetteredBoundedAndNoConsumerIsWedged() {
        Topology topology = trawl.topology();
        admin.purgeQueue(topology.deadLetterQueue(), false);
        String huge = "A".repeat(120_000);
        byte[] good = json.writeValueAsBytes(TaskMessage.of(
                "huge-header", "/test", Instant.now(), "job-it", task("BTCUSDT", YearMonth.of(2024, 2))));
        byte[] hugeSymbol = new String(good, java.nio.charset.StandardCharsets.UTF_8)
                .replace("BTCUSDT", "X".repeat(200_000))
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        // more poison than the worker has consumers (4): each one must be dealt with, none may stay
        for (int i = 0; i < 6; i++) {
            Message poison = i % 2 == 0
                    ? MessageBuilder.withBody(good)
                            .setMessageId("huge-header-" + i)
                            .setHeader("x-filler", huge)
                            .build()
                    : MessageBuilder.withBody(hugeSymbol)
                            .setMessageId("huge-symbol-" + i)
                            .build();
            rabbit.send(topology.tasksExchange(), "binance", signer.sign(poison));
        }

        for (int i = 0; i < 6; i++) {
            Message dead = rabbit.receive(topology.deadLetterQueue(), 10_000);
            assertThat(dead).as("dead letter " + i).isNotNull();
            Map<String, Object> headers = dead.getMessageProperties().getHeaders();
            assertThat(headers).containsEntry(DeadLetterHeaders.ERROR_CLASS, DeadLetterHeaders.POISON);
            assertThat(headers.values())
                    .allSatisfy(value -> assertThat(String.valueOf(value)).hasSizeLessThanOrEqualTo(1_100));
            if (dead.getMessageProperties().getMessageId().startsWith("huge-header")) {
                assertThat((String) headers.get("x-filler")).contains("120000 characters dropped");
                assertThat((String) headers.get(DeadLetterHeaders.ERROR_MESSAGE))
                        .contains("longer than 1024");
            }
        }
        CollectTask after = task("ETHUSDT", YearMonth.of(2024, 1));
        send(after);
        assertThat(eventsUntilTerminal(after.taskId()).getLast().data()).isInstanceOf(TaskEventData.Completed.class);
        assertThat(meters.counter("trawl.tasks.poison", "outcome", "dead-lettered")
                        .count())
                .isGreaterThanOrEqualTo(6);
    }

    @Test
    void tasksAndOrdersNotSignedByATrawlKeyAreNeverRun() {
        Topology topology = trawl.topology();
        admin.purgeQueue(topology.deadLetterQueue(), false);
        CollectTask unsigned = task("DOTUSDT", YearMonth.of(2024, 1));
        CollectTask otherKey = task("DOTUSDT", YearMonth.of(2024, 2));
        rabbit.send(
                topology.tasksExchange(),
                "binance",
                MessageBuilder.withBody(json.writeValueAsBytes(
                                TaskMessage.of("forged-1", "/test", Instant.now(), "job-it", unsigned)))
                        .setMessageId("forged-1")
                        .build());
        rabbit.send(
                topology.tasksExchange(),
                "binance",
                new MessageSigner("attacker:a-key-trawl-never-issued")
                        .sign(MessageBuilder.withBody(json.writeValueAsBytes(
                                        TaskMessage.of("forged-2", "/test", Instant.now(), "job-it", otherKey)))
                                .setMessageId("forged-2")
                                .build()));

        for (int i = 0; i < 2; i++) {
            Message dead = rabbit.receive(topology.deadLetterQueue(), 10_000);
            assertThat(dead).as("dead letter " + i).isNotNull();
            assertThat(dead.getMessageProperties().getHeaders())
                    .containsEntry(DeadLetterHeaders.ERROR_CLASS, DeadLetterHeaders.FORGED);
            assertThat((String) dead.getMessageProperties().getHeader(DeadLetterHeaders.ERROR_MESSAGE))
                    .containsAnyOf("unsigned", "unknown-key");
        }
        rabbit.send(
                topology.controlExchange(),
                "",
                MessageBuilder.withBody(json.writeValueAsBytes(ControlMessage.cancelJob("job-it")))
                        .setMessageId("forged-order")
                        .build());
        Message order = rabbit.receive(topology.deadLetterQueue(), 10_000);
        assertThat(order).as("the forged cancel order, quarantined").isNotNull();
        assertThat(order.getMessageProperties().getHeaders())
                .containsEntry(DeadLetterHeaders.ERROR_CLASS, DeadLetterHeaders.FORGED);
        assertThat((String) order.getMessageProperties().getHeader(DeadLetterHeaders.ERROR_MESSAGE))
                .contains("control order not signed");
        assertThat(meters.counter("trawl.messages.rejected", "kind", "task", "reason", "unsigned")
                        .count())
                .isGreaterThanOrEqualTo(1);
        assertThat(meters.counter("trawl.messages.rejected", "kind", "task", "reason", "unknown-key")
                        .count())
                .isGreaterThanOrEqualTo(1);
        assertThat(store.list("binance/klines-1d/DOTUSDT/")).isEmpty();
    }

    @Test
    void anObjectStoreOutageRetriesThePutWithBackOffWithoutFetchingAgain() throws Exception {
        double retriesBefore =
                meters.counter("trawl.task.store.retries", "source", "binance").count();
        int port = s3.endpoint().getPort();
        s3.close();
        long before = SIMULATOR.stats().stream()
                .filter(stats -> stats.source().equals("binance"))
                .mapToLong(SourceStats::requests)
                .sum();
        CollectTask task = task("ADAUSDT", YearMonth.of(2024, 3));
        send(task);
        awaitStarted(task.taskId());
        await().atMost(Duration.ofSeconds(20))
                .until(() -> meters.counter("trawl.task.store.retries", "source", "binance")
                                .count()
                        >= retriesBefore + 2);
        // back once the PUT failed twice: the spooled archive is stored, the source is not asked again
        restartedS3 = EmbeddedS3Server.start("127.0.0.1", port, null, storage.accessKey(), storage.secretKey());
        store.ensureBucket();

        assertThat(eventsUntilTerminal(task.taskId()).getLast().data()).isInstanceOf(TaskEventData.Completed.class);
        long after = SIMULATOR.stats().stream()
                .filter(stats -> stats.source().equals("binance"))
                .mapToLong(SourceStats::requests)
                .sum();
        assertThat(after - before)
                .as("source requests: the archive and its checksum, once")
                .isEqualTo(2);
        assertThat(meters.counter("trawl.task.store.retries", "source", "binance")
                        .count())
                .isGreaterThanOrEqualTo(retriesBefore + 2);
        assertThat(store.stat("binance/klines-1d/ADAUSDT/2024-03.zip")).isPresent();
    }

    private CollectTask task(String symbol, YearMonth month) {
        return task(symbol, new Partition.Month(month));
    }

    private CollectTask task(String symbol, Partition month) {
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
        send("job-it", task);
    }

    private void send(String jobId, CollectTask task) {
        TaskMessage message = TaskMessage.of(UUID.randomUUID().toString(), "/test", Instant.now(), jobId, task);
        rabbit.send(
                trawl.topology().tasksExchange(),
                task.source(),
                signer.sign(
                        MessageBuilder.withBody(json.writeValueAsBytes(message)).build()));
    }

    private void sendBundle(CollectTask... tasks) {
        List<TaskMessage> messages = new ArrayList<>();
        for (CollectTask task : tasks) {
            messages.add(TaskMessage.of(task.taskId(), "/test", Instant.now(), "job-it", task));
        }
        rabbit.send(
                trawl.topology().tasksExchange(),
                tasks[0].source(),
                signer.sign(MessageBuilder.withBody(json.writeValueAsBytes(new TaskBundle(messages)))
                        .setContentType(MessageTypes.BATCH)
                        .setType(MessageTypes.COLLECT_TASK_V2)
                        .build()));
    }

    private Message awaitStarted(String taskId) {
        while (true) {
            Message message = rabbit.receive(EVENTS_QUEUE, 15_000);
            assertThat(message).as("started event of " + taskId).isNotNull();
            TaskEvent event = json.readValue(message.getBody(), TaskEvent.class);
            if (event.subject().equals(taskId) && event.data() instanceof TaskEventData.Started) {
                return message;
            }
        }
    }

    private void assertDeadLettered(CollectTask task, String errorClass, int attempts) {
        Message dead;
        do {
            dead = rabbit.receive(trawl.topology().deadLetterQueue(), 10_000);
            assertThat(dead).as("dead letter of " + task.taskId()).isNotNull();
        } while (!json.readValue(dead.getBody(), TaskMessage.class)
                .data()
                .taskId()
                .equals(task.taskId()));
        assertThat(dead.getMessageProperties().getHeaders())
                .containsEntry(DeadLetterHeaders.ERROR_CLASS, errorClass)
                .containsEntry(DeadLetterHeaders.ATTEMPTS, attempts)
                .containsEntry(DeadLetterHeaders.JOB_ID, "job-it")
                .containsEntry(DeadLetterHeaders.SOURCE, "binance")
                .containsKey(DeadLetterHeaders.ERROR_MESSAGE);
    }

    private List<TaskEvent> eventsUntilTerminal(String taskId) {
        return eventsUntilTerminal(taskId, message -> {});
    }

    /** The events of a task until its last one; every message read on the way is also handed to {@code seen}. */
    private List<TaskEvent> eventsUntilTerminal(String taskId, java.util.function.Consumer<Message> seen) {
        List<TaskEvent> events = new ArrayList<>();
        while (true) {
            Message message = rabbit.receive(EVENTS_QUEUE, 15_000);
            assertThat(message).as("event for " + taskId + " after " + events).isNotNull();
            seen.accept(message);
            if (MessageTypes.BATCH.equals(message.getMessageProperties().getContentType())) {
                continue; // results of bundles: never the task's failures
            }
            TaskEvent event = json.readValue(message.getBody(), TaskEvent.class);
            if (!event.subject().equals(taskId)) {
                continue;
            }
            events.add(event);
            if (event.data() instanceof TaskEventData.Completed
                    || event.data() instanceof TaskEventData.NoData
                    || event.data() instanceof TaskEventData.Failed f && !f.retryable()) {
                return events;
            }
        }
    }

    private Binding bindAll(Queue queue) {
        return BindingBuilder.bind(queue)
                .to(new TopicExchange(trawl.topology().eventsExchange()))
                .with(Topology.allTaskEvents());
    }

    private static boolean redisCommand(SpanData span) {
        return "redis".equals(span.getAttributes().get(AttributeKey.stringKey("db.system")));
    }
}
