package io.trawl.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.trawl.infra.TrawlProperties;
import io.trawl.messages.MessageTypes;
import io.trawl.messages.TaskEvent;
import io.trawl.messages.TaskEventData;
import io.trawl.messages.TaskMessage;
import io.trawl.messages.Topology;
import io.trawl.testsupport.NamespaceCleanup;
import io.trawl.testsupport.TestInfrastructure;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
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
        properties = "trawl.storage.embedded.port=0")
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

    private static Runnable cleanup = () -> {};
    private RestClient http;

    @BeforeEach
    void setUp() {
        http = RestClient.builder()
                .baseUrl("http://127.0.0.1:" + port)
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
        publish(jobId, new TaskEventData.Completed(tasks.getFirst().data().taskId(), "w-2", "k", "ab", 100, 31, 5));
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
    }

    @Test
    void permanentFailureFailsTheJobWithTheReason() {
        JsonNode job = post("""
                {"sources":["binance"],"symbols":["BTCUSDT"],"from":"2024-01","to":"2024-02"}""", 201);
        String jobId = job.get("id").asString();
        List<TaskMessage> tasks = drainTasks(2);

        publish(jobId, new TaskEventData.Completed(tasks.get(0).data().taskId(), "w-1", "k", "ab", 1, 1, 1));
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
                {"sources":["binance"],"symbols":["BTCUSDT"],"from":"2024-13","to":"2024-01"}""", 400), "Malformed JSON");
        assertProblem(get("/collections/j-nope", 404), "no collection with id 'j-nope'");
    }

    @Test
    void sourceLimitsChangeLiveAndAreValidated() {
        JsonNode sources = get("/sources", 200);
        assertThat(sources.findValuesAsString("id")).contains("binance", "bitstamp");

        JsonNode updated = put("/sources/binance/limits", "{\"cps\":15,\"concurrency\":4}", 200);
        assertThat(updated.get("limits").get("cps").asInt()).isEqualTo(15);
        assertThat(updated.get("limits").get("burst").asInt())
                .as("burst follows cps")
                .isEqualTo(15);
        assertThat(updated.get("limits").get("concurrency").asInt()).isEqualTo(4);
        assertThat(get("/sources/binance", 200).get("limits").get("cps").asInt())
                .isEqualTo(15);

        assertProblem(put("/sources/binance/limits", "{\"safetyFactor\":1.5}", 400), "safety-factor must be in (0, 1]");
        assertProblem(put("/sources/binance/limits", "{\"cps\":-1}", 400), "cps must be >= 0");
        assertProblem(put("/sources/nasdaq/limits", "{\"cps\":1}", 404), "no source 'nasdaq'");

        var reset = http.delete().uri("/sources/binance/limits").retrieve().toEntity(String.class);
        assertThat(reset.getStatusCode().value()).isEqualTo(200);
        assertThat(get("/sources/binance", 200).get("limits"))
                .isEqualTo(get("/sources/binance", 200).get("configured"));
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
        var response = http.post()
                .uri("/collections")
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
            assertThat(message.getMessageProperties().getType()).isEqualTo(MessageTypes.COLLECT_TASK_V1);
            tasks.add(json.readValue(message.getBody(), TaskMessage.class));
        }
        return tasks;
    }

    private void publish(String jobId, TaskEventData data) {
        TaskEvent event = TaskEvent.of(UUID.randomUUID().toString(), "/test", Instant.now(), jobId, "binance", data);
        rabbit.send(
                trawl.topology().eventsExchange(),
                Topology.eventRoutingKey(data.kind(), "binance"),
                MessageBuilder.withBody(json.writeValueAsBytes(event)).build());
    }
}
