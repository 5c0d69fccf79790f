package io.trawl.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.trawl.infra.TrawlProperties;
import io.trawl.infra.amqp.MessageSigner;
import io.trawl.infra.storage.ObjectStore;
import io.trawl.infra.tasklogs.TaskLogLine;
import io.trawl.infra.tasklogs.TaskLogSettings;
import io.trawl.infra.tasklogs.TaskLogs;
import io.trawl.infra.workers.WorkerDirectory;
import io.trawl.infra.workers.WorkerStatus;
import io.trawl.messages.DeadLetterHeaders;
import io.trawl.messages.EventBatch;
import io.trawl.messages.EventKind;
import io.trawl.messages.MessageTypes;
import io.trawl.messages.TaskBundle;
import io.trawl.messages.TaskEvent;
import io.trawl.messages.TaskEventData;
import io.trawl.messages.TaskMessage;
import io.trawl.messages.Topology;
import io.trawl.orchestrator.dispatch.TaskTracing;
import io.trawl.testsupport.NamespaceCleanup;
import io.trawl.testsupport.TestInfrastructure;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The orchestrator's REST API, dispatch and event tracking against the real broker and Redis. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "trawl.storage.embedded.port=0",
            // small batches and window: jobs of the lazy-dispatch tests outgrow them, the others fit in one go
            "trawl.orchestrator.dispatch.batch-symbols=2",
            "trawl.orchestrator.dispatch.window=12",
            "trawl.orchestrator.dispatch.tick=100ms",
            // jobs of more than 6 tasks are traced in part: half their tasks, by task id
            "trawl.orchestrator.dispatch.tracing.whole-job-up-to=6",
            "trawl.orchestrator.dispatch.tracing.task-share=0.5",
            // bitstamp has no rate limit here: its untraced tasks go in bundles
            "trawl.sources.bitstamp.limits.cps=0"
        })
@Import(CollectionApiIT.FixedClock.class)
class CollectionApiIT {

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfrastructure.register(registry, CollectionApiIT.class);
    }

    @LocalServerPort
    int port;

    @Autowired
    RabbitTemplate rabbit;

    @Autowired
    AmqpAdmin admin;

    @Autowired
    StringRedisTemplate redis;

    @Autowired
    JsonMapper json;

    @Autowired
    TrawlProperties trawl;

    @Autowired
    ObjectStore store;

    @Autowired
    MessageSigner signer;

    @Autowired
    MeterRegistry meters;

    @Autowired
    WorkerDirectory workers;

    @Autowired
    TaskLogs logs;

    private static Runnable cleanup = () -> {};
    private RestClient http;

    @BeforeEach
    void setUp() {
        http = RestClient.builder()
                .baseUrl("http://127.0.0.1:" + port)
                .defaultHeader("X-API-Key", TestInfrastructure.OPERATOR_KEY)
                .defaultStatusHandler(HttpStatusCode::isError, (request, response) -> {})
                .build();
        cleanup = () -> {
            NamespaceCleanup.amqp(admin, trawl.topology(), trawl.sources().keySet());
            NamespaceCleanup.redis(redis, trawl.topology());
        };
        admin.purgeQueue(trawl.topology().taskQueue("binance"), false);
    }

    @AfterAll
    static void cleanUp() {
        cleanup.run();
    }

    @Test
    void queuesEveryTaskWithItsPriorityAndCompletesFromEvents() {
        JsonNode job = post("""
                {"sources":["binance"],"symbols":["BTCUSDT","ETHUSDT"],"timeframe":"1d",
                 "from":"2024-01","to":"2024-03","priority":"HIGH"}""", 201);
        String jobId = job.get("id").asString();
        assertThat(job.get("state").asString()).isEqualTo("QUEUED");
        assertThat(job.get("total").asLong()).isEqualTo(6);

        List<TaskMessage> tasks = drainTasks(6);
        assertThat(tasks)
                .map(t -> t.data().taskId())
                .doesNotHaveDuplicates()
                .contains(jobId + ".binance.BTCUSDT.1d.2024-01");

        for (TaskMessage task : tasks) {
            String id = task.data().taskId();
            publish(jobId, new TaskEventData.Started(id, "w-1", 1));
            publish(jobId, new TaskEventData.Completed(id, "w-1", "k/" + id, "ab", 100, 31, 5));
        }
        publish(jobId, new TaskEventData.Completed(tasks.getFirst().data().taskId(), "w-2", "k/any", "ab", 100, 31, 5));
        publish(jobId, new TaskEventData.Started(tasks.getFirst().data().taskId(), "w-2", 2));

        JsonNode done = awaitState(jobId, "COMPLETED");
        assertThat(done.get("succeeded").asLong())
                .as("the duplicate completed counts once")
                .isEqualTo(6);
        assertThat(done.get("bytes").asLong()).isEqualTo(600);
        assertThat(done.get("progressPercent").asDouble()).isEqualTo(100.0);
        assertThat(done.get("sources").get(0).get("summary").asString()).startsWith("binance completed in ");
        assertThat(done.get("summary").asString()).isEqualTo("Total: 6 files from 1/1 sources");
        assertThat(get("/collections", 200).toString()).contains(jobId);
        String last = tasks.getLast().data().taskId();
        JsonNode task = get("/tasks/" + last, 200);
        assertThat(task.get("state").asString()).isEqualTo("SUCCEEDED");
        assertThat(task.get("objectKey").asString()).isEqualTo("k/" + last);
        assertThat(task.get("sha256").asString()).isEqualTo("ab");
        assertThat(redis.hasKey(trawl.topology().redis().jobTask(jobId, last)))
                .as("a succeeded task keeps its result, not its details")
                .isFalse();
        assertThat(redis.opsForHash().size(trawl.topology().redis().jobTasks(jobId)))
                .as("succeeded tasks leave the task states: the results hash says they succeeded")
                .isZero();
    }

    @Test
    void progressIsStreamedAsServerSentEventsUntilTheJobEnds() throws Exception {
        String jobId =
                post(job("XRPUSDT", "2024-01", "2024-02", ""), 201).get("id").asString();
        List<TaskMessage> tasks = drainTasks(2);
        HttpResponse<Stream<String>> stream = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(
                                        URI.create("http://127.0.0.1:" + port + "/collections/" + jobId + "/events"))
                                .header("X-API-Key", TestInfrastructure.VIEWER_KEY)
                                .build(),
                        HttpResponse.BodyHandlers.ofLines());
        assertThat(stream.statusCode()).isEqualTo(200);
        assertThat(stream.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/event-stream"));
        var lines = stream.body().iterator();
        assertThat(nextEvent(lines))
                .containsEntry("event", "progress")
                .hasEntrySatisfying("data", data -> assertThat(data).contains("\"state\":\"QUEUED\""));

        for (TaskMessage task : tasks) {
            publish(jobId, new TaskEventData.Started(task.data().taskId(), "w-1", 1));
            publish(jobId, new TaskEventData.Completed(task.data().taskId(), "w-1", "k/any", "ab", 10, 1, 5));
        }
        List<Map<String, String>> events = new ArrayList<>();
        do {
            events.add(nextEvent(lines));
        } while (!"end".equals(events.getLast().get("event")));

        assertThat(events.getLast()).containsEntry("data", "COMPLETED");
        JsonNode last = json.readTree(events.get(events.size() - 2).get("data"));
        assertThat(last.get("state").asString()).isEqualTo("COMPLETED");
        assertThat(last.get("succeeded").asLong()).isEqualTo(2);
        assertThat(lines.hasNext()).as("the stream closes after the end event").isFalse();
    }

    @Test
    void ofALargerJobEveryTaskCarriesTheRequestsTraceAndOnlyTheChosenOnesAreSampled() {
        String traceId = "5af92f3577b34da6a3ce929d0e0e4737";
        var response = postTraced(
                traceId,
                "{\"sources\":[\"binance\"],\"symbols\":[\"BTCUSDT\",\"ETHUSDT\",\"SOLUSDT\",\"XRPUSDT\"],"
                        + "\"from\":\"2024-01\",\"to\":\"2024-03\"}");
        String jobId = json.readTree(response.getBody()).get("id").asString();
        TaskTracing tracing = TaskTracing.of(new OrchestratorProperties.Tracing(6, 0.5), jobId, 12, traceId);

        for (int i = 0; i < 12; i++) { // two batches: one published for the request, one by a later tick
            Message message = rabbit.receive(trawl.topology().taskQueue("binance"), 5_000);
            assertThat(message).as("task " + (i + 1)).isNotNull();
            String taskId =
                    json.readValue(message.getBody(), TaskMessage.class).data().taskId();
            String parent = message.getMessageProperties().getHeader("traceparent");
            assertThat(parent)
                    .as("task " + taskId + " carries the request's trace")
                    .startsWith("00-" + traceId + "-");
            boolean traced = tracing.traced(taskId);
            assertThat(parent).as("sampled flag of " + taskId).endsWith(traced ? "-01" : "-00");
        }
    }

    /** Posts a collection request as a client inside the trace {@code traceId} does. */
    private org.springframework.http.ResponseEntity<String> postTraced(String traceId, String body) {
        return http.post()
                .uri("/collections")
                .contentType(MediaType.APPLICATION_JSON)
                .header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
                .body(body)
                .retrieve()
                .toEntity(String.class);
    }

    @Test
    void theJobKeepsTheTraceOfTheRequestAndTaskLogsAreServed() {
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        var response = postTraced(traceId, job("DOGEUSDT", "2024-01", "2024-01", ""));
        assertThat(response.getStatusCode().value()).isEqualTo(201);
        JsonNode job = json.readTree(response.getBody());
        assertThat(job.get("traceId").asString()).isEqualTo(traceId);
        TaskMessage task = drainTasks(1).getFirst();
        String taskId = task.data().taskId();

        assertThat(get("/tasks/" + taskId + "/logs", 200).get("lines")).isEmpty();
        logs.append(
                Map.of(
                        taskId,
                        List.of(new TaskLogLine(
                                Instant.now(), "INFO", "w-1", "TaskRunner", "started on w-1", traceId))),
                Set.of());
        JsonNode lines = get("/tasks/" + taskId + "/logs", 200);
        assertThat(lines.get("taskId").asString()).isEqualTo(taskId);
        assertThat(lines.get("lines").get(0).get("message").asString()).isEqualTo("started on w-1");
        assertThat(lines.get("lines").get(0).get("traceId").asString()).isEqualTo(traceId);
        String logKey = trawl.topology().redis().taskLog(taskId);
        assertThat(redis.getExpire(logKey)).as("a task's lines are kept 7 days").isGreaterThan(86_400);
        logs.append(Map.of(), Set.of(taskId));
        assertThat(redis.getExpire(logKey))
                .as("once the task succeeded, an hour (trawl.task-logs.keep-succeeded)")
                .isBetween(3_500L, 3_600L);
        assertThat(get("/tasks/" + taskId + "/logs", 200).get("lines")).hasSize(1);
        assertProblem(get("/tasks/" + job.get("id").asString() + ".binance.NOPE.1d.2024-01/logs", 404), "no task");

        // a quick task's lines and its success reach Redis in one batch
        TaskLogLine stored = new TaskLogLine(Instant.now(), "INFO", "w-1", "TaskRunner", "stored", traceId);
        String quick = taskId + "-quick";
        logs.append(Map.of(quick, List.of(stored)), Set.of(quick));
        assertThat(redis.getExpire(trawl.topology().redis().taskLog(quick)))
                .as("kept an hour from the start, never the 7 days of a task still running")
                .isBetween(3_500L, 3_600L);
        TaskLogs droppingSucceeded =
                new TaskLogs(redis, trawl, new TaskLogSettings(Duration.ofDays(7), Duration.ZERO, 200), json);
        String dropped = taskId + "-dropped";
        droppingSucceeded.append(Map.of(dropped, List.of(stored)), Set.of(dropped));
        droppingSucceeded.append(Map.of(), Set.of(taskId));
        assertThat(redis.hasKey(trawl.topology().redis().taskLog(dropped)))
                .as("keep-succeeded 0s: the lines of a task that succeeded are never written")
                .isFalse();
        assertThat(redis.hasKey(logKey)).as("nor kept once it succeeded").isFalse();
    }

    @Test
    void theRecommendedWorkersFollowTheBacklogUpToWhatTheLimitsCanFeed() {
        post(job("ATOMUSDT", "2023-01", "2023-10", ""), 201);
        put("/sources/binance/limits", "{\"cps\":100000,\"concurrency\":0}", 200);
        JsonNode binance =
                get("/autoscaling/recommendation", 200).get("sources").get(0);
        assertThat(binance.get("backlog").asLong()).isEqualTo(10);
        assertThat(binance.get("limitedBy").asString()).isEqualTo("backlog");
        assertThat(binance.get("workers").asInt()).as("10 tasks, 4 per worker").isEqualTo(3);

        put("/sources/binance/limits", "{\"cps\":100000,\"concurrency\":4}", 200);
        binance = get("/autoscaling/recommendation", 200).get("sources").get(0);
        assertThat(binance.get("limitedBy").asString()).isEqualTo("concurrency");
        assertThat(binance.get("usefulInFlight").asLong()).isEqualTo(4);
        assertThat(binance.get("workers").asInt()).isEqualTo(1);

        put("/sources/binance/limits", "{\"cps\":1,\"concurrency\":16}", 200);
        binance = get("/autoscaling/recommendation", 200).get("sources").get(0);
        assertThat(binance.get("limitedBy").asString())
                .as("1 req/s, 2 requests per task: one task in flight is all it can feed")
                .isEqualTo("rate");
        assertThat(binance.get("usefulInFlight").asLong()).isEqualTo(1);
        http.delete().uri("/sources/binance/limits").retrieve().toBodilessEntity();
        drainTasks(10);
    }

    @Test
    void aLargeJobIsDispatchedABatchAtATimeAsItsWindowDrains() {
        JsonNode job = post(lazyJob("LAZY"), 201);
        String jobId = job.get("id").asString();
        assertThat(job.get("total").asLong()).isEqualTo(24);
        assertThat(job.get("dispatched").asLong())
                .as("batches of 2 symbols x 3 months until 12 are queued")
                .isEqualTo(12);
        List<TaskMessage> seen = new ArrayList<>(drainTasks(12));
        assertNoMoreTasks();

        complete(jobId, seen.subList(0, 6));
        awaitDispatched(jobId, 18);
        List<TaskMessage> second = drainTasks(6);
        seen.addAll(second);
        complete(jobId, seen.subList(6, 18));
        awaitDispatched(jobId, 24);
        List<TaskMessage> last = drainTasks(6);
        seen.addAll(last);
        assertNoMoreTasks();
        complete(jobId, last);

        JsonNode done = awaitState(jobId, "COMPLETED");
        assertThat(done.get("succeeded").asLong()).isEqualTo(24);
        assertThat(seen).map(t -> t.data().taskId()).doesNotHaveDuplicates().hasSize(24);
        assertThat(redis.opsForSet().isMember(trawl.topology().redis().dispatchingJobs(), jobId))
                .isFalse();
    }

    @Test
    void aPausedJobDispatchesNothingMoreUntilResumed() throws Exception {
        String jobId = post(lazyJob("HOLD"), 201).get("id").asString();
        List<TaskMessage> first = drainTasks(12);
        put("/collections/" + jobId + "/pause", "", 200);

        complete(jobId, first);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> get("/collections/" + jobId, 200).get("succeeded").asLong() == 12);
        await("nothing dispatched for five ticks with the window empty")
                .during(Duration.ofMillis(500))
                .atMost(Duration.ofSeconds(2))
                .until(() -> get("/collections/" + jobId, 200).get("dispatched").asLong() == 12);
        assertNoMoreTasks();

        put("/collections/" + jobId + "/resume", "", 200);
        awaitDispatched(jobId, 24);
        complete(jobId, drainTasks(12));
        assertThat(awaitState(jobId, "COMPLETED").get("succeeded").asLong()).isEqualTo(24);
    }

    @Test
    void cancellingCountsWhatWasNeverDispatchedAsCancelled() throws Exception {
        String jobId = post(lazyJob("DROP"), 201).get("id").asString();
        drainTasks(12);

        JsonNode cancelled = put("/collections/" + jobId + "/cancel", "", 200);

        assertThat(cancelled.get("state").asString()).isEqualTo("CANCELLED");
        JsonNode job = get("/collections/" + jobId, 200);
        assertThat(job.get("cancelled").asLong())
                .as("12 queued and 12 never dispatched")
                .isEqualTo(24);
        assertThat(job.get("sources").get(0).get("cancelled").asLong()).isEqualTo(24);
        await("the dispatchers drop the cancelled job")
                .atMost(Duration.ofSeconds(5))
                .until(() ->
                        !redis.opsForSet().isMember(trawl.topology().redis().dispatchingJobs(), jobId));
        await("nothing dispatched after the cancel")
                .during(Duration.ofMillis(300))
                .atMost(Duration.ofSeconds(2))
                .until(() -> get("/collections/" + jobId, 200).get("dispatched").asLong() == 12);
        assertNoMoreTasks();
    }

    /**
     * A replica that recorded a batch and died before publishing it (its lease lapses): another publishes the
     * batch's tasks that are still queued and moves the job on.
     */
    @Test
    void aBatchLeftByADeadDispatcherIsPublishedByTheNext() {
        String jobId = post(lazyJob("DEAD"), 201).get("id").asString();
        drainTasks(12);
        var keys = trawl.topology().redis();
        redis.opsForValue().set(keys.jobDispatchLease(jobId), "dead-replica", Duration.ofMillis(400));
        List<String> recorded = Stream.of("DEAD4USDT", "DEAD5USDT")
                .flatMap(symbol -> Stream.of("2024-01", "2024-02", "2024-03")
                        .map(month -> jobId + ".binance." + symbol + ".1d." + month))
                .toList();
        recorded.forEach(id -> redis.opsForHash().put(keys.jobTasks(jobId), id, "QUEUED"));
        redis.opsForHash().increment(keys.job(jobId), "dispatched", 6);
        redis.opsForHash().put(keys.job(jobId), "pending", "6");

        List<TaskMessage> again = drainTasks(6);

        assertThat(again).map(t -> t.data().taskId()).containsExactlyInAnyOrderElementsOf(recorded);
        await().atMost(Duration.ofSeconds(5))
                .until(() -> "6".equals(redis.opsForHash().get(keys.job(jobId), "cursor")));
        put("/collections/" + jobId + "/cancel", "", 200);
    }

    private static String lazyJob(String prefix) {
        List<String> symbols = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            symbols.add("\"" + prefix + i + "USDT\"");
        }
        return "{\"sources\":[\"binance\"],\"symbols\":[" + String.join(",", symbols)
                + "],\"from\":\"2024-01\",\"to\":\"2024-03\"}";
    }

    private void complete(String jobId, List<TaskMessage> tasks) {
        for (TaskMessage task : tasks) {
            String id = task.data().taskId();
            publish(jobId, new TaskEventData.Started(id, "w-1", 1));
            publish(jobId, new TaskEventData.Completed(id, "w-1", "k/" + id, "ab", 10, 31, 5));
        }
    }

    private void awaitDispatched(String jobId, long dispatched) {
        await().atMost(Duration.ofSeconds(10))
                .until(() -> get("/collections/" + jobId, 200).get("dispatched").asLong() == dispatched);
    }

    private void assertNoMoreTasks() {
        assertThat(rabbit.receive(trawl.topology().taskQueue("binance"), 300))
                .as("no task beyond the window")
                .isNull();
    }

    @Test
    void permanentFailureFailsTheJobWithTheReason() {
        JsonNode job = post("""
                {"sources":["binance"],"symbols":["BTCUSDT"],"from":"2024-01","to":"2024-02"}""", 201);
        String jobId = job.get("id").asString();
        List<TaskMessage> tasks = drainTasks(2);

        publish(jobId, new TaskEventData.Completed(tasks.get(0).data().taskId(), "w-1", "k/any", "ab", 1, 1, 1));
        publish(
                jobId,
                new TaskEventData.Failed(
                        tasks.get(1).data().taskId(), "w-1", "ChecksumMismatch", "sha256 differs", false, 1));

        JsonNode failed = awaitState(jobId, "FAILED");
        assertThat(failed.get("failed").asLong()).isEqualTo(1);
        assertThat(failed.get("failures").get(0).asString()).contains("ChecksumMismatch: sha256 differs");
    }

    @Test
    void criteriaSelectFromTheCatalog() {
        JsonNode job = post("""
                {"sources":["binance"],"market":"crypto","sector":"meme","from":"2024-01","to":"2024-01"}""", 201);

        assertThat(job.get("symbols").asInt()).isEqualTo(5);
        assertThat(drainTasks(5)).hasSize(5);
    }

    @Test
    void badRequestsAreProblemDetailsNamingTheProblem() {
        assertProblem(post("""
                {"sources":["nasdaq"],"symbols":["AAPL"],"from":"2024-01","to":"2024-01"}""", 400), "unknown source 'nasdaq'");
        assertProblem(post("""
                {"sources":["binance"],"symbols":["BTCUSDT"],"from":"2024-06","to":"2024-01"}""", 400), "invalid range");
        assertProblem(post("""
                {"sources":["binance"],"market":"crypto","sector":"nonexistent","from":"2024-01","to":"2024-01"}""", 422), "No symbols found matching criteria");
        assertProblem(post("{\"sources\":[\"binance\"", 400), "Malformed JSON");
        assertProblem(post("""
                {"sources":["binance"],"symbols":["BTCUSDT"],"from":"2024-13","to":"2024-01"}""", 400), "from must be a month (YYYY-MM), a date (YYYY-MM-DD) or a date-time");
        assertProblem(get("/collections/j-nope", 404), "no collection with id 'j-nope'");
    }

    @Test
    void concurrentDeadLetterReadsAreExact() throws Exception {
        admin.purgeQueue(trawl.topology().deadLetterQueue(), false);
        for (int i = 0; i < 60; i++) {
            rabbit.send(
                    trawl.topology().deadLetterExchange(),
                    "binance",
                    signer.sign(MessageBuilder.withBody(("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8))
                            .setHeader(DeadLetterHeaders.ERROR_CLASS, "Timeout")
                            .setHeader(DeadLetterHeaders.SOURCE, "binance")
                            .setHeader(DeadLetterHeaders.JOB_ID, "j-concurrent")
                            .build()));
        }
        await().atMost(Duration.ofSeconds(5))
                .until(() ->
                        admin.getQueueInfo(trawl.topology().deadLetterQueue()).getMessageCount() == 60);

        List<Long> totals;
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(6)) {
            List<java.util.concurrent.Future<Long>> reads = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                reads.add(
                        pool.submit(() -> get("/dead-letters", 200).get("total").asLong()));
            }
            totals = new ArrayList<>();
            for (var read : reads) {
                totals.add(read.get());
            }
        }

        assertThat(totals).containsOnly(60L);
        assertThat(admin.getQueueInfo(trawl.topology().deadLetterQueue()).getMessageCount())
                .isEqualTo(60);
        admin.purgeQueue(trawl.topology().deadLetterQueue(), false);
    }

    @Test
    void forgedEventsAndUnbackedResultsAreNotApplied() {
        admin.purgeQueue(trawl.topology().deadLetterQueue(), false);
        JsonNode job = post(job("LINKUSDT", "2024-01", "2024-01", ""), 201);
        String jobId = job.get("id").asString();
        String taskId = drainTasks(1).getFirst().data().taskId();
        TaskEvent forged = TaskEvent.of(
                "forged",
                "/test",
                Instant.now(),
                jobId,
                "binance",
                new TaskEventData.Completed(taskId, "w-x", "k/forged", "ab", 100, 31, 5));
        // unsigned, as anyone holding the broker account could publish it
        rabbit.send(
                trawl.topology().eventsExchange(),
                Topology.eventRoutingKey(EventKind.COMPLETED, "binance"),
                MessageBuilder.withBody(json.writeValueAsBytes(forged)).build());
        // signed (a leaked key), but naming an object that is not in the store
        rabbit.send(
                trawl.topology().eventsExchange(),
                Topology.eventRoutingKey(EventKind.COMPLETED, "binance"),
                signer.sign(
                        MessageBuilder.withBody(json.writeValueAsBytes(forged)).build()));
        // signed, but no event at all: rejected to the dead-letter exchange, the rest of its batch applied
        rabbit.send(
                trawl.topology().eventsExchange(),
                Topology.eventRoutingKey(EventKind.COMPLETED, "binance"),
                signer.sign(MessageBuilder.withBody("{not json".getBytes(StandardCharsets.UTF_8))
                        .build()));

        await().atMost(Duration.ofSeconds(10))
                .until(() -> meters.find("trawl.messages.rejected")
                                .tag("reason", "unverified-result")
                                .counter()
                        != null);
        assertThat(meters.counter("trawl.messages.rejected", "kind", "event", "reason", "unsigned")
                        .count())
                .isGreaterThanOrEqualTo(1);
        List<String> quarantined = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Message dead = rabbit.receive(trawl.topology().deadLetterQueue(), 5_000);
            assertThat(dead).as("quarantined event " + i).isNotNull();
            quarantined.add(
                    dead.getMessageProperties().getHeader(DeadLetterHeaders.ERROR_CLASS) instanceof String errorClass
                            ? errorClass
                            : "rejected: " + new String(dead.getBody(), StandardCharsets.UTF_8));
        }
        assertThat(quarantined)
                .containsExactlyInAnyOrder(DeadLetterHeaders.FORGED, "UnverifiedResult", "rejected: {not json");
        JsonNode untouched = get("/collections/" + jobId, 200);
        assertThat(untouched.get("state").asString()).isNotEqualTo("COMPLETED");
        assertThat(untouched.get("succeeded").asInt()).isZero();

        publish(jobId, new TaskEventData.Completed(taskId, "w-1", "k/" + taskId, "ab", 100, 31, 5));
        awaitState(jobId, "COMPLETED");
    }

    @Test
    void untracedTasksGoInBundlesAndABatchOfEventsIsBelievedEventByEvent() {
        admin.purgeQueue(trawl.topology().deadLetterQueue(), false);
        admin.purgeQueue(trawl.topology().taskQueue("bitstamp"), false);
        JsonNode job = post(
                "{\"sources\":[\"bitstamp\"],\"symbols\":[\"DOTUSDT\"],\"from\":\"2018-01\",\"to\":\"2024-08\"}", 201);
        String jobId = job.get("id").asString();
        assertThat(job.get("total").asLong()).isEqualTo(80);
        TaskTracing tracing = TaskTracing.of(new OrchestratorProperties.Tracing(6, 0.5), jobId, 80, null);
        JsonNode need = get("/autoscaling/recommendation", 200).get("sources").get(1);
        assertThat(need.get("source").asString()).isEqualTo("bitstamp");
        assertThat(need.get("backlog").asLong())
                .as("the backlog counts tasks, not messages: a bundle is one message")
                .isEqualTo(80);

        List<TaskMessage> tasks = new ArrayList<>();
        int bundles = 0;
        while (tasks.size() < 80) {
            Message message = rabbit.receive(trawl.topology().taskQueue("bitstamp"), 5_000);
            assertThat(message).as("task " + (tasks.size() + 1) + " of 80").isNotNull();
            if (MessageTypes.BATCH.equals(message.getMessageProperties().getContentType())) {
                bundles++;
                TaskBundle bundle = json.readValue(message.getBody(), TaskBundle.class);
                assertThat(bundle.tasks())
                        .as("a batch of 80 goes out in at least 32 messages: bundles of up to 3")
                        .hasSizeBetween(2, 3)
                        .noneMatch(t -> tracing.traced(t.data().taskId()));
                assertThat((String) message.getMessageProperties().getHeader("traceparent"))
                        .endsWith("-00");
                tasks.addAll(bundle.tasks());
            } else {
                tasks.add(json.readValue(message.getBody(), TaskMessage.class));
            }
        }
        assertThat(rabbit.receive(trawl.topology().taskQueue("bitstamp"), 300)).isNull();
        assertThat(tasks).map(t -> t.data().taskId()).doesNotHaveDuplicates();
        assertThat(bundles).as("the untraced half, about 40 tasks, in bundles").isGreaterThanOrEqualTo(10);
        assertThat(meters.counter("trawl.dispatch.messages", "kind", "bundle").count())
                .isGreaterThanOrEqualTo(bundles);

        String prefix = "bundled/" + jobId + "/";
        List<TaskEventData.Completed> results = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String id = tasks.get(i).data().taskId();
            results.add(new TaskEventData.Completed(
                    id, "w-1", prefix + id, "ab" + i, 10 + i, 31, 5, 0L, "etag-not-known-yet"));
        }
        List<TaskEventData.Completed> events = List.of(
                vouched(results.get(0)),
                vouched(results.get(1)),
                // stored as described, but the tag differs: the listing does not vouch, one HEAD does
                withEtag(results.get(2), vouched(results.get(2)).etag() + "0"),
                // nothing stored: neither vouches, dead-lettered alone
                results.get(3));
        publishBatch(jobId, events);

        await().atMost(Duration.ofSeconds(10))
                .until(() -> get("/collections/" + jobId, 200).get("succeeded").asLong() == 3);
        Message dead = rabbit.receive(trawl.topology().deadLetterQueue(), 5_000);
        assertThat(dead).as("the unbacked result, dead-lettered").isNotNull();
        assertThat(dead.getMessageProperties().getHeaders())
                .containsEntry(DeadLetterHeaders.ERROR_CLASS, "UnverifiedResult");
        assertThat(json.readValue(dead.getBody(), TaskEvent.class).subject())
                .as("the dead letter holds that event alone")
                .isEqualTo(results.get(3).taskId());
        assertThat(rabbit.receive(trawl.topology().deadLetterQueue(), 300)).isNull();
        put("/collections/" + jobId + "/cancel", "", 200);
    }

    /** {@code completed} with its object stored and the entity tag the store gave it. */
    private TaskEventData.Completed vouched(TaskEventData.Completed completed) {
        return withEtag(completed, storeResult(completed));
    }

    private static TaskEventData.Completed withEtag(TaskEventData.Completed c, String etag) {
        return new TaskEventData.Completed(
                c.taskId(), c.workerId(), c.objectKey(), c.sha256(), c.bytes(), c.rows(), c.durationMillis(), 0L, etag);
    }

    /** Publishes events of one job in one message, as a worker does for a bundle. */
    private void publishBatch(String jobId, List<TaskEventData.Completed> events) {
        EventBatch batch = new EventBatch(events.stream()
                .map(data ->
                        TaskEvent.of(UUID.randomUUID().toString(), "/test", Instant.now(), jobId, "bitstamp", data))
                .toList());
        rabbit.send(
                trawl.topology().eventsExchange(),
                Topology.eventBatchRoutingKey("bitstamp"),
                signer.sign(MessageBuilder.withBody(json.writeValueAsBytes(batch))
                        .setContentType(MessageTypes.BATCH)
                        .setType(MessageTypes.TASK_EVENT_BATCH_V1)
                        .build()));
    }

    @Test
    void aRedisWithoutTheScriptIsGivenItAndAnEventItRefusesIsDeadLettered() {
        admin.purgeQueue(trawl.topology().deadLetterQueue(), false);
        JsonNode job = post(job("DOTUSDT", "2024-01", "2024-02", ""), 201);
        String jobId = job.get("id").asString();
        List<TaskMessage> tasks = drainTasks(2);
        // Redis as after a restart: it holds no script
        redis.execute((RedisCallback<String>) connection -> {
            connection.scriptingCommands().scriptFlush();
            return null;
        });
        // a task whose job lost its hash (damaged by hand): its script fails, and would fail again
        String damaged = "j-damaged-" + UUID.randomUUID();
        redis.opsForHash().put(trawl.topology().redis().jobTasks(damaged), "t-damaged", "QUEUED");
        publish(damaged, new TaskEventData.Failed("t-damaged", "w-1", "Timeout", "timed out", false, 1));
        for (TaskMessage task : tasks) {
            String taskId = task.data().taskId();
            publish(jobId, new TaskEventData.Completed(taskId, "w-1", "k/" + taskId, "ab", 100, 31, 5));
        }

        awaitState(jobId, "COMPLETED");
        Message dead = rabbit.receive(trawl.topology().deadLetterQueue(), 10_000);
        assertThat(dead).isNotNull();
        assertThat((String) dead.getMessageProperties().getHeader(DeadLetterHeaders.ERROR_CLASS))
                .isEqualTo(DeadLetterHeaders.POISON);
        assertThat((String) dead.getMessageProperties().getHeader(DeadLetterHeaders.ERROR_MESSAGE))
                .startsWith("event refused by Redis: ")
                .contains("nil");
        assertThat(meters.counter("trawl.messages.rejected", "kind", "event", "reason", "refused")
                        .count())
                .isEqualTo(1);
    }

    @Test
    void everyInputIsBoundedBeforeAnyWorkAndErrorsQuoteOnlyAnExcerpt() {
        long started = System.nanoTime();
        JsonNode overflow = post("""
                {"sources":["binance"],"symbols":["BTCUSDT"],"from":"-357911918-09","to":"2024-01"}""", 400);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(500));
        assertProblem(overflow, "from must be between 1970-01 and 2100-12");
        assertThat(overflow.get("field").asString()).isEqualTo("from");
        assertProblem(post("""
                {"sources":["binance"],"symbols":["BTCUSDT"],"from":"-999999999-01","to":"2024-01"}""", 400), "from must be between");
        assertProblem(post("""
                {"sources":["binance"],"symbols":["BTCUSDT"],"from":"0000-01","to":"2024-01"}""", 400), "from must be between");

        JsonNode typo = post("""
                {"sources":["binance"],"symbols":["BTCUSDT"],"from":"2024-01","to":"2024-01","priorty":"URGENT"}""", 400);
        assertProblem(typo, "unknown field 'priorty'");
        assertThat(typo.get("detail").asString()).contains("priority");
        assertThat(typo.get("field").asString()).isEqualTo("priorty");
        assertProblem(post("""
                {"sources":["binance"],"symbols":["BTCUSDT"],"from":"2024-01","to":"2024-01","timeout":30}""", 400), "field 'timeout' must be text");
        assertProblem(post("""
                {"sources":["binance"],"symbols":["BTCUSDT"],"from":"2024-01","to":"2024-01","timeout":"30"}""", 400), "with its unit");
        assertProblem(post("""
                {"sources":["binance"],"symbols":["BTCUSDT"],"from":"2024-01","to":"2024-01","concurrency":1.7}""", 400), "field 'concurrency' must be a whole number");

        String huge = "X".repeat(100_000);
        JsonNode echoed = post(
                "{\"sources\":[\"" + huge + "\"],\"symbols\":[\"BTCUSDT\"],\"from\":\"2024-01\",\"to\":\"2024-01\"}",
                400);
        assertThat(echoed.get("detail").asString()).hasSizeLessThan(400).contains("(100000 characters)");

        JsonNode tooLarge = post("{\"symbols\":[\"" + "Y".repeat(1_100_000) + "\"]}", 413);
        assertThat(tooLarge.get("detail").asString()).contains("larger than 1048576 bytes");

        started = System.nanoTime();
        JsonNode coverage = get("/coverage?source=binance&symbol=BTCUSDT&from=-999999999-01&to=2024-01", 400);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(500));
        assertProblem(coverage, "from must be between 1970-01 and 2100-12");
    }

    @Test
    void sourceLimitsChangeLiveAndAreValidated() {
        JsonNode sources = get("/sources", 200);
        assertThat(sources.findValuesAsString("id")).contains("binance", "bitstamp");

        JsonNode updated = put("/sources/binance/limits", "{\"cps\":15,\"concurrency\":4}", 200);
        assertThat(updated.get("limits").get("cps").asInt()).isEqualTo(15);
        assertThat(updated.get("limits").get("burst").asInt())
                .as("requests spread evenly unless a burst is set")
                .isEqualTo(1);
        assertThat(updated.get("limits").get("concurrency").asInt()).isEqualTo(4);
        assertThat(get("/sources/binance", 200).get("limits").get("cps").asInt())
                .isEqualTo(15);

        assertProblem(
                put("/sources/binance/limits", "{\"safetyFactor\":1.5}", 400),
                "safetyFactor must be between 0.05 and 1 but was 1.5");
        assertProblem(put("/sources/binance/limits", "{\"safetyFactor\":0}", 400), "safetyFactor must be between");
        assertProblem(put("/sources/binance/limits", "{\"safetyFactor\":1e-300}", 400), "safetyFactor must be between");
        assertProblem(put("/sources/binance/limits", "{\"cps\":-1}", 400), "cps must be 1..1000000 but was -1");
        assertProblem(put("/sources/binance/limits", "{\"cps\":0}", 400), "DELETE /sources/{id}/limits");
        assertProblem(
                put("/sources/binance/limits", "{\"windows\":[{\"limit\":6000,\"period\":\"soon\"}]}", 400),
                "windows[0].period must be a duration");
        assertProblem(
                put("/sources/binance/limits", "{\"weight\":5000,\"windows\":[{\"limit\":10,\"period\":\"1m\"}]}", 400),
                "cannot fit one request of weight 5000");
        JsonNode weighted = put(
                "/sources/binance/limits",
                "{\"weight\":2,\"windows\":[{\"limit\":6000,\"period\":\"1m\",\"fixed\":true}]}",
                200);
        assertThat(weighted.get("limits").get("windows").get(0).get("limit").asLong())
                .isEqualTo(6000);
        assertThat(weighted.get("rates").get("configured").asDouble())
                .as("the tighter of 15/s and 6000 per minute at weight 2")
                .isEqualTo(15.0);

        JsonNode paused = put("/sources/binance/pause", "", 200);
        assertThat(paused.get("state").get("status").asString()).isEqualTo("paused");
        assertThat(put("/sources/binance/resume", "", 200)
                        .get("state")
                        .get("status")
                        .asString())
                .isEqualTo("active");
        assertProblem(put("/sources/nasdaq/limits", "{\"cps\":1}", 404), "no source 'nasdaq'");

        var reset = http.delete().uri("/sources/binance/limits").retrieve().toEntity(String.class);
        assertThat(reset.getStatusCode().value()).isEqualTo(200);
        assertThat(get("/sources/binance", 200).get("limits"))
                .isEqualTo(get("/sources/binance", 200).get("configured"));
    }

    @Test
    void cancelEndsTheJobMarksWhatHadNotEndedAndFlipsTheWorkersSwitch() {
        String jobId =
                post(job("BTCUSDT", "2024-01", "2024-03", ""), 201).get("id").asString();
        List<TaskMessage> tasks = drainTasks(3);
        publish(jobId, new TaskEventData.Completed(tasks.get(0).data().taskId(), "w-1", "k/any", "ab", 1, 1, 1));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> get("/collections/" + jobId, 200).get("succeeded").asLong() == 1);

        JsonNode cancelled = put("/collections/" + jobId + "/cancel", "", 200);

        assertThat(cancelled.get("state").asString()).isEqualTo("CANCELLED");
        assertThat(cancelled.get("cancelled").asLong()).isEqualTo(2);
        assertThat(cancelled.get("succeeded").asLong()).isEqualTo(1);
        assertThat(cancelled.get("sources").get(0).get("summary").asString())
                .startsWith("binance cancelled after")
                .endsWith("(1 of 3 files)");
        assertThat(redis.opsForValue().get(trawl.topology().redis().jobControl(jobId)))
                .isEqualTo("CANCELLED");
        assertProblem(put("/collections/" + jobId + "/cancel", "", 409), "it is CANCELLED");
        assertProblem(put("/collections/" + jobId + "/resume", "", 409), "cannot resume collection");
        assertProblem(put("/collections/nope/cancel", "", 404), "no collection with id 'nope'");
    }

    @Test
    void pauseParksAndResumeReleasesTheParkedTasks() {
        String jobId =
                post(job("BTCUSDT", "2024-01", "2024-02", ""), 201).get("id").asString();
        List<TaskMessage> tasks = drainTasks(2);

        assertThat(put("/collections/" + jobId + "/pause", "", 200).get("state").asString())
                .isEqualTo("PAUSED");
        assertThat(redis.opsForValue().get(trawl.topology().redis().jobControl(jobId)))
                .isEqualTo("PAUSED");
        assertProblem(put("/collections/" + jobId + "/pause", "", 409), "it is PAUSED");
        // what a worker does with a task of a paused job
        String parked = trawl.topology().parkedQueue(jobId);
        admin.declareQueue(QueueBuilder.durable(parked).build());
        redis.opsForSet().add(trawl.topology().redis().parkedJobs(), jobId);
        rabbit.send(
                "",
                parked,
                signer.sign(MessageBuilder.withBody(json.writeValueAsBytes(tasks.get(1)))
                        .setType(MessageTypes.COLLECT_TASK_V2)
                        .setHeader(DeadLetterHeaders.SOURCE, "binance")
                        .build()));

        JsonNode resumed = put("/collections/" + jobId + "/resume", "", 200);

        assertThat(resumed.get("state").asString()).isEqualTo("QUEUED");
        assertThat(resumed.get("pauseReason").isNull()).isTrue();
        assertThat(drainTasks(1).getFirst().data().taskId())
                .isEqualTo(tasks.get(1).data().taskId());
        assertThat(admin.getQueueInfo(parked))
                .as("the emptied parked queue is deleted")
                .isNull();
        assertThat(redis.opsForValue().get(trawl.topology().redis().jobControl(jobId)))
                .isNull();
    }

    @Test
    void tooManyFailuresPauseTheJob() {
        String jobId = post(job("BTCUSDT", "2024-01", "2024-04", ",\"pauseAfterFailures\":2"), 201)
                .get("id")
                .asString();
        List<TaskMessage> tasks = drainTasks(4);

        for (int i = 0; i < 2; i++) {
            publish(jobId, new TaskEventData.Failed(tasks.get(i).data().taskId(), "w-1", "NotFound", "404", false, 1));
        }

        JsonNode paused = awaitState(jobId, "PAUSED");
        assertThat(paused.get("pauseReason").asString())
                .isEqualTo("too many failures: 2 tasks failed (pause-after-failures 2)");
        assertThat(redis.opsForValue().get(trawl.topology().redis().jobControl(jobId)))
                .isEqualTo("PAUSED");
    }

    @Test
    void cancellingOneTaskLetsTheRestOfTheJobComplete() {
        String jobId =
                post(job("BTCUSDT", "2024-01", "2024-02", ""), 201).get("id").asString();
        List<TaskMessage> tasks = drainTasks(2);
        String cancelledId = tasks.get(0).data().taskId();

        JsonNode task = put("/tasks/" + cancelledId + "/cancel", "", 200);

        assertThat(task.get("state").asString()).isEqualTo("CANCELLED");
        assertThat(redis.opsForValue().get(trawl.topology().redis().taskControl(jobId, cancelledId)))
                .isEqualTo("CANCELLED");
        assertProblem(put("/tasks/" + cancelledId + "/cancel", "", 409), "it is CANCELLED");
        assertProblem(put("/tasks/" + jobId + ".binance.NOPE.1d.2024-01/cancel", "", 404), "no task with id");
        publish(jobId, new TaskEventData.Completed(tasks.get(1).data().taskId(), "w-1", "k/any", "ab", 1, 1, 1));
        JsonNode done = awaitState(jobId, "COMPLETED");
        assertThat(done.get("cancelled").asLong()).isEqualTo(1);
        assertThat(done.get("succeeded").asLong()).isEqualTo(1);
    }

    @Test
    void replayPutsAFailedTaskBackAsAFirstAttemptAndTheJobRunsAgain() {
        String jobId =
                post(job("BTCUSDT", "2024-01", "2024-02", ""), 201).get("id").asString();
        List<TaskMessage> tasks = drainTasks(2);
        TaskMessage failing = tasks.get(1);
        publish(jobId, new TaskEventData.Completed(tasks.get(0).data().taskId(), "w-1", "k/any", "ab", 1, 1, 1));
        publish(
                jobId,
                new TaskEventData.Failed(failing.data().taskId(), "w-1", "Timeout", "no result within 30s", false, 3));
        awaitState(jobId, "FAILED");
        // what a worker dead-letters after the last attempt
        TaskMessage lastAttempt = new TaskMessage(
                failing.specversion(),
                failing.id(),
                failing.source(),
                failing.type(),
                failing.time(),
                jobId,
                failing.data().nextAttempt(Map.of()).nextAttempt(Map.of()));
        rabbit.send(
                trawl.topology().deadLetterExchange(),
                "binance",
                signer.sign(MessageBuilder.withBody(json.writeValueAsBytes(lastAttempt))
                        .setType(MessageTypes.COLLECT_TASK_V2)
                        .setHeader(DeadLetterHeaders.ERROR_CLASS, "Timeout")
                        .setHeader(DeadLetterHeaders.JOB_ID, jobId)
                        .setHeader(DeadLetterHeaders.SOURCE, "binance")
                        .setHeader(DeadLetterHeaders.ATTEMPTS, 3)
                        .build()));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> get("/dead-letters", 200).get("byJob").path(jobId).asLong() == 1);

        assertProblem(post("/dead-letters/replay", "{}", 400), "name at least one of jobId, source or errorClass");
        JsonNode report = post("/dead-letters/replay", "{\"jobId\":\"" + jobId + "\",\"errorClass\":\"Timeout\"}", 200);

        assertThat(report.get("replayed").asLong()).isEqualTo(1);
        TaskMessage replayed = drainTasks(1).getFirst();
        assertThat(replayed.data().taskId()).isEqualTo(failing.data().taskId());
        assertThat(replayed.data().attempt()).isEqualTo(1);
        JsonNode running = get("/collections/" + jobId, 200);
        assertThat(running.get("state").asString()).isEqualTo("RUNNING");
        assertThat(running.get("failed").asLong()).isZero();
        publish(jobId, new TaskEventData.Completed(failing.data().taskId(), "w-2", "k/other", "ab", 1, 1, 1));
        assertThat(awaitState(jobId, "COMPLETED").get("succeeded").asLong()).isEqualTo(2);
    }

    @Test
    void coverageAndIncrementalModeReadWhatTheObjectStoreHolds() throws IOException {
        String symbol = "C" + UUID.randomUUID().toString().substring(0, 8).toUpperCase(Locale.ROOT);
        Path file = Files.writeString(Files.createTempFile("partition", ".zip"), "stored");
        for (String month : List.of("2024-01", "2024-02", "2024-03", "2024-06")) {
            store.put("binance/klines-1d/" + symbol + "/" + month + ".zip", file, "application/zip", Map.of());
        }

        JsonNode coverage = get("/coverage?source=binance&symbol=" + symbol + "&from=2023-12&to=2024-06", 200);

        assertThat(coverage.get("partitions").asInt()).isEqualTo(4);
        assertThat(coverage.get("collected").toString())
                .isEqualTo("[{\"from\":\"2024-01\",\"to\":\"2024-03\",\"months\":3},"
                        + "{\"from\":\"2024-06\",\"to\":\"2024-06\",\"months\":1}]");
        assertThat(coverage.get("gaps").toString())
                .isEqualTo("[{\"from\":\"2023-12\",\"to\":\"2023-12\",\"months\":1},"
                        + "{\"from\":\"2024-04\",\"to\":\"2024-05\",\"months\":2}]");
        assertProblem(get("/coverage?source=nope&symbol=" + symbol, 400), "unknown source 'nope'");

        String incremental = ",\"mode\":\"INCREMENTAL\"";
        assertProblem(
                post(job(symbol, "2024-01", "2024-03", incremental), 422),
                "All data already collected: the 3 partitions requested are in the object store");
        JsonNode gaps = post(job(symbol, "2024-01", "2024-06", incremental), 201);
        assertThat(gaps.get("total").asLong()).isEqualTo(2);
        assertThat(gaps.get("mode").asString()).isEqualTo("INCREMENTAL");
        // confirmed publishing may use more than one channel: the broker's order of a batch is not the plan's
        assertThat(drainTasks(2))
                .map(t -> t.data().partition().token())
                .containsExactlyInAnyOrder("2024-04", "2024-05");
    }

    @Test
    void incrementalFetchesOnlyTheNewDaysOfTheGrowingMonth() throws IOException {
        String symbol = "D" + UUID.randomUUID().toString().substring(0, 8).toUpperCase(Locale.ROOT);
        Path file = Files.writeString(Files.createTempFile("day", ".zip"), "stored");
        for (int day = 1; day <= 20; day++) {
            store.put(
                    "binance/klines-1d/" + symbol + "/2026-11-%02d.zip".formatted(day),
                    file,
                    "application/zip",
                    Map.of());
        }

        JsonNode job = post(job(symbol, "2026-10", "2026-11", ",\"mode\":\"INCREMENTAL\""), 201);

        assertThat(job.get("total").asLong())
                .as("October whole, November 21 and 22 (the clock says the 23rd)")
                .isEqualTo(3);
        assertThat(drainTasks(3))
                .map(t -> t.data().partition().token())
                .containsExactlyInAnyOrder("2026-10", "2026-11-21", "2026-11-22");
        JsonNode coverage = get("/coverage?source=binance&symbol=" + symbol, 200);
        assertThat(coverage.get("partialMonths").toString())
                .isEqualTo("[{\"month\":\"2026-11\",\"days\":20,\"through\":\"2026-11-20\"}]");
    }

    /** The orchestrator's clock for this class: 2026-11-23, so "the current month" does not depend on the run. */
    @TestConfiguration
    static class FixedClock {
        @Bean
        @Primary
        Clock fixedClock() {
            return Clock.fixed(Instant.parse("2026-11-23T12:00:00Z"), ZoneOffset.UTC);
        }
    }

    @Test
    void workersAreListedFromTheirHeartbeatsAndADeadOneDisappears() {
        WorkerStatus alive = new WorkerStatus(
                "w-api", "host-1", Instant.now(), List.of("binance"), List.of(), 7, 1, false, Instant.now());
        workers.heartbeat(alive);

        assertThat(get("/workers", 200).toString()).contains("\"id\":\"w-api\"");
        JsonNode status = get("/workers/w-api/status", 200);
        assertThat(status.get("host").asString()).isEqualTo("host-1");
        assertThat(status.get("completed").asLong()).isEqualTo(7);
        assertThat(status.get("sources").get(0).asString()).isEqualTo("binance");
        assertProblem(get("/workers/nope/status", 404), "no live worker with id 'nope'");
        assertProblem(put("/workers/nope/pause", "", 404), "no live worker with id 'nope'");

        long stopped = System.nanoTime();
        await().atMost(Duration.ofSeconds(5))
                .until(() -> !get("/workers", 200).toString().contains("\"id\":\"w-api\""));
        assertThat((System.nanoTime() - stopped) / 1_000_000)
                .as("gone within three heartbeats of the last one")
                .isLessThanOrEqualTo(WorkerDirectory.STALE_AFTER.toMillis() + 500);
    }

    @Test
    void queuesOpenApiPrometheusAndHealthProbesAreServed() {
        JsonNode readiness = get("/actuator/health/readiness", 200);
        assertThat(readiness.get("status").asString()).isEqualTo("UP");
        assertThat(readiness.get("components").propertyNames()).contains("objectStore", "rabbit", "redis");
        assertThat(get("/actuator/health/liveness", 200).get("status").asString())
                .isEqualTo("UP");

        JsonNode queues = get("/queues", 200);
        assertThat(queues.get("sources").findValuesAsString("source")).containsExactly("binance", "bitstamp");
        assertThat(queues.get("sources").get(0).propertyNames())
                .contains("ready", "unacked", "consumers", "pendingByPriority");
        assertThat(queues.has("retrying")).isTrue();
        assertThat(queues.has("deadLetters")).isTrue();

        JsonNode recommendation = get("/autoscaling/recommendation", 200);
        assertThat(recommendation.has("workers")).isTrue();
        assertThat(recommendation.get("sources").findValuesAsString("source")).containsExactly("binance", "bitstamp");
        assertThat(recommendation.get("sources").get(0).get("limitedBy").asString())
                .isIn("backlog", "concurrency", "rate");

        JsonNode api = get("/v3/api-docs", 200);
        assertThat(api.get("paths").propertyNames())
                .contains(
                        "/collections",
                        "/collections/{id}/cancel",
                        "/tasks/active",
                        "/workers/{id}/pause",
                        "/dead-letters/replay",
                        "/coverage",
                        "/queues");
        var prometheus = http.get().uri("/actuator/prometheus").retrieve().toEntity(String.class);
        assertThat(prometheus.getStatusCode().value()).isEqualTo(200);
        assertThat(prometheus.getBody()).contains("trawl_queue_ready{source=\"binance\"}");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                        http.get().uri("/actuator/prometheus").retrieve().body(String.class))
                .contains("trawl_jobs{state=\"COMPLETED\"}", "trawl_job_tasks{state=\"open\"}"));
    }

    private static String job(String symbol, String from, String to, String more) {
        return "{\"sources\":[\"binance\"],\"symbols\":[\"" + symbol + "\"],\"from\":\"" + from + "\",\"to\":\"" + to
                + "\"" + more + "}";
    }

    private JsonNode put(String path, String body, int expectedStatus) {
        var response = http.put()
                .uri(path)
                .contentType(MediaType.APPLICATION_JSON)
                .body(body)
                .retrieve()
                .toEntity(String.class);
        assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(expectedStatus);
        return json.readTree(response.getBody());
    }

    private void assertProblem(JsonNode problem, String detail) {
        assertThat(problem.get("detail").asString()).contains(detail);
        assertThat(problem.get("status").asInt()).isBetween(400, 499);
    }

    private JsonNode post(String body, int expectedStatus) {
        return post("/collections", body, expectedStatus);
    }

    private JsonNode post(String path, String body, int expectedStatus) {
        var response = http.post()
                .uri(path)
                .contentType(MediaType.APPLICATION_JSON)
                .body(body)
                .retrieve()
                .toEntity(String.class);
        assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(expectedStatus);
        if (expectedStatus >= 400) {
            assertThat(response.getHeaders().getContentType()).hasToString("application/problem+json");
        }
        return json.readTree(response.getBody());
    }

    private JsonNode get(String path, int expectedStatus) {
        var response = http.get().uri(path).retrieve().toEntity(String.class);
        assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(expectedStatus);
        return json.readTree(response.getBody());
    }

    /** Reads one Server-Sent Event: its fields ({@code id}, {@code event}, {@code data}) up to the blank line. */
    private static Map<String, String> nextEvent(Iterator<String> lines) {
        Map<String, String> event = new HashMap<>();
        while (lines.hasNext()) {
            String line = lines.next();
            if (line.isEmpty()) {
                if (!event.isEmpty()) {
                    return event;
                }
            } else if (!line.startsWith(":")) {
                int colon = line.indexOf(':');
                event.merge(line.substring(0, colon), line.substring(colon + 1), (a, b) -> a + "\n" + b);
            }
        }
        throw new AssertionError("the stream ended inside an event: " + event);
    }

    private JsonNode awaitState(String jobId, String state) {
        await().atMost(Duration.ofSeconds(20))
                .until(() -> state.equals(
                        get("/collections/" + jobId, 200).get("state").asString()));
        return get("/collections/" + jobId, 200);
    }

    private List<TaskMessage> drainTasks(int expected) {
        List<TaskMessage> tasks = new ArrayList<>();
        for (int i = 0; i < expected; i++) {
            Message message = rabbit.receive(trawl.topology().taskQueue("binance"), 5_000);
            assertThat(message).as("task " + (i + 1) + " of " + expected).isNotNull();
            assertThat(message.getMessageProperties().getType()).isEqualTo(MessageTypes.COLLECT_TASK_V2);
            tasks.add(json.readValue(message.getBody(), TaskMessage.class));
        }
        return tasks;
    }

    /** Publishes an event as a worker does: signed, and a completed one after its object is stored. */
    private void publish(String jobId, TaskEventData data) {
        if (data instanceof TaskEventData.Completed completed) {
            storeResult(completed);
        }
        TaskEvent event = TaskEvent.of(UUID.randomUUID().toString(), "/test", Instant.now(), jobId, "binance", data);
        rabbit.send(
                trawl.topology().eventsExchange(),
                Topology.eventRoutingKey(data.kind(), "binance"),
                signer.sign(
                        MessageBuilder.withBody(json.writeValueAsBytes(event)).build()));
    }

    /** Stores the object {@code completed} describes; answers its entity tag. */
    private String storeResult(TaskEventData.Completed completed) {
        try {
            Path file = Files.createTempFile("result", ".zip");
            try {
                Files.write(file, new byte[(int) completed.bytes()]);
                return store.put(completed.objectKey(), file, "application/zip", Map.of("sha256", completed.sha256()));
            } finally {
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
