package io.trawl.orchestrator.schedules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.trawl.infra.TrawlProperties;
import io.trawl.testsupport.NamespaceCleanup;
import io.trawl.testsupport.TestInfrastructure;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Schedules through the REST API against the real Redis and broker, with a clock the test moves and the ticks
 * run by the test (the background tick is slowed to an hour): two replicas' ticks at once start a due run once,
 * a run whose previous job has not ended is skipped, missed runs are collapsed into one or skipped.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "trawl.storage.embedded.port=0",
            "trawl.orchestrator.schedule-tick=1h",
            // every read-only request that begins a trace is dropped, so that the test below cannot be lucky
            "trawl.tracing.read-share=0"
        })
@Import({ScheduleApiIT.MovingClock.class, ScheduleApiIT.Spans.class})
class ScheduleApiIT {

    private static final Instant START = Instant.parse("2026-11-23T12:00:00Z");

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfrastructure.register(registry, ScheduleApiIT.class);
    }

    @LocalServerPort
    int port;

    @Autowired
    ScheduleRunner runner;

    @Autowired
    MovingClock clock;

    @Autowired
    JsonMapper json;

    @Autowired
    StringRedisTemplate redis;

    @Autowired
    AmqpAdmin admin;

    @Autowired
    TrawlProperties trawl;

    @Autowired
    InMemorySpanExporter spans;

    private static Runnable cleanup = () -> {};
    private RestClient http;

    /** Keeps the finished spans in memory instead of sending them to a collector. */
    @TestConfiguration
    static class Spans {
        @Bean
        InMemorySpanExporter spans() {
            return InMemorySpanExporter.create();
        }
    }

    @TestConfiguration
    static class MovingClock extends Clock {
        private final AtomicReference<Instant> now = new AtomicReference<>(START);

        @Bean
        @Primary
        MovingClock movingClock() {
            return this;
        }

        void advance(Duration by) {
            now.updateAndGet(t -> t.plus(by));
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    }

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
    }

    @AfterAll
    static void cleanUp() {
        cleanup.run();
    }

    private static String schedule(String symbol, String more) {
        return """
                {"name":"nightly %s","collection":{"sources":["binance"],"symbols":["%s"],"from":"2024-01",
                 "to":"2024-01","mode":"FULL"},"every":"1m"%s}""".formatted(symbol, symbol, more);
    }

    @Test
    void pollsAreNoTracesWhileWhatChangesSomethingIs() {
        spans.reset();
        String id = send("POST", "/schedules", schedule("POLLUSDT", ""), 201)
                .get("id")
                .asString();
        for (int i = 0; i < 5; i++) {
            send("GET", "/schedules/" + id, null, 200);
        }
        send("DELETE", "/schedules/" + id, null, 204);

        await().atMost(Duration.ofSeconds(15))
                .untilAsserted(() -> assertThat(serverSpans()).anyMatch(name -> name.startsWith("http delete")));
        assertThat(serverSpans())
                .as("the POST and the DELETE are traces; the five GETs polling the schedule are not")
                .anyMatch(name -> name.startsWith("http post"))
                .noneMatch(name -> name.startsWith("http get"));
    }

    private List<String> serverSpans() {
        return spans.getFinishedSpanItems().stream()
                .filter(span -> span.getKind() == SpanKind.SERVER)
                .map(SpanData::getName)
                .toList();
    }

    @Test
    void aScheduleIsCreatedListedPausedResumedAndDeletedAndEveryProblemIsNamed() {
        Instant t0 = clock.instant();
        JsonNode schedule = send("POST", "/schedules", schedule("APIUSDT", ""), 201);
        String id = schedule.get("id").asString();

        assertThat(schedule.get("state").asString()).isEqualTo("ACTIVE");
        assertThat(schedule.get("nextRunAt").asString())
                .isEqualTo(t0.plusSeconds(60).toString());
        assertThat(schedule.get("missedRuns").asString()).isEqualTo("run-once");
        assertThat(schedule.get("collection").get("mode").asString()).isEqualTo("FULL");
        assertThat(send("POST", "/schedules", """
                        {"collection":{"sources":["binance"],"symbols":["X"]},"cron":"0 9 * * *","zone":"Asia/Kolkata"}""", 201)
                        .get("collection")
                        .get("mode")
                        .asString())
                .as("incremental by default")
                .isEqualTo("INCREMENTAL");
        assertThat(send("GET", "/schedules", null, 200).findValuesAsString("id"))
                .contains(id);
        assertThat(send("PUT", "/schedules/" + id + "/pause", null, 200)
                        .get("state")
                        .asString())
                .isEqualTo("PAUSED");
        assertThat(send("PUT", "/schedules/" + id + "/resume", null, 200)
                        .get("nextRunAt")
                        .asString())
                .isEqualTo(t0.plusSeconds(60).toString());
        send("DELETE", "/schedules/" + id, null, 204);
        assertThat(send("GET", "/schedules/" + id, null, 404).get("detail").asString())
                .contains("no schedule " + id);

        assertThat(problem(schedule("X", ",\"cron\":\"* * * * *\""))).contains("set exactly one of cron");
        assertThat(problem(
                        "{\"collection\":{\"sources\":[\"binance\"],\"symbols\":[\"X\"]},\"cron\":\"0 0 25 * * *\"}"))
                .contains("cron '0 0 25 * * *' is not a cron expression");
        assertThat(problem(schedule("X", ",\"zone\":\"Mars/Olympus\""))).contains("zone must be a time zone");
        assertThat(problem(schedule("X", ",\"missedRuns\":\"always\"")))
                .contains("missedRuns must be run-once or skip");
        assertThat(problem("{\"every\":\"1m\"}")).contains("collection must be set");
        assertThat(problem("{\"collection\":{\"sources\":[\"nowhere\"],\"symbols\":[\"X\"]},\"every\":\"1m\"}"))
                .contains("nowhere");
        var viewer = RestClient.builder()
                .baseUrl("http://127.0.0.1:" + port)
                .defaultHeader("X-API-Key", TestInfrastructure.VIEWER_KEY)
                .defaultStatusHandler(HttpStatusCode::isError, (request, response) -> {})
                .build();
        assertThat(viewer.get()
                        .uri("/schedules")
                        .retrieve()
                        .toEntity(String.class)
                        .getStatusCode()
                        .value())
                .isEqualTo(200);
        assertThat(viewer.post()
                        .uri("/schedules")
                        .contentType(MediaType.APPLICATION_JSON)
                        .body(schedule("X", ""))
                        .retrieve()
                        .toEntity(String.class)
                        .getStatusCode()
                        .value())
                .isEqualTo(403);
    }

    @Test
    void twoReplicasTickingAtOnceStartADueRunOnceAndARunWhoseJobIsStillQueuedIsSkipped() throws Exception {
        Instant t0 = clock.instant();
        String id = send("POST", "/schedules", schedule("RUNUSDT", ""), 201)
                .get("id")
                .asString();
        String overlapping = send("POST", "/schedules", schedule("OVERUSDT", ",\"overlap\":true"), 201)
                .get("id")
                .asString();

        clock.advance(Duration.ofMinutes(1));
        ticksAtOnce(4);
        JsonNode first = send("GET", "/schedules/" + id, null, 200);
        clock.advance(Duration.ofMinutes(1));
        ticksAtOnce(2);
        JsonNode second = send("GET", "/schedules/" + id, null, 200);
        JsonNode both = send("GET", "/schedules/" + overlapping, null, 200);

        assertThat(first.get("runs").asLong()).isEqualTo(1);
        JsonNode run = first.get("recentRuns").get(0);
        assertThat(run.get("dueAt").asString()).isEqualTo(t0.plusSeconds(60).toString());
        assertThat(run.get("outcome").asString()).isEqualTo("started");
        String jobId = run.get("jobId").asString();
        JsonNode job = send("GET", "/collections/" + jobId, null, 200);
        assertThat(job.get("total").asLong()).isEqualTo(1);
        String traceId = job.get("traceId").asString();
        assertThat(traceId)
                .as("the run is a trace of its own, which its job keeps")
                .matches("[0-9a-f]{32}");
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(spans.getFinishedSpanItems())
                .filteredOn(span -> span.getTraceId().equals(traceId))
                .extracting(SpanData::getName)
                .contains(ScheduleRunner.SCHEDULE_RUN));
        assertThat(spans.getFinishedSpanItems())
                .as("the background ticks (dispatch every 250 ms, gauges, sweeps) ran all along and are no traces")
                .extracting(SpanData::getName)
                .noneMatch(name -> name.contains("tick") || name.contains("refresh") || name.contains("sweep"));
        assertThat(second.get("runs").asLong()).isEqualTo(1);
        assertThat(second.get("skipped").asLong()).isEqualTo(1);
        assertThat(second.get("recentRuns").get(0).get("outcome").asString())
                .isEqualTo("skipped: the previous run's job " + jobId + " is QUEUED");
        assertThat(second.get("nextRunAt").asString())
                .isEqualTo(t0.plusSeconds(180).toString());
        assertThat(both.get("runs").asLong())
                .as("overlap allowed: both runs start")
                .isEqualTo(2);
        send("DELETE", "/schedules/" + id, null, 204);
        send("DELETE", "/schedules/" + overlapping, null, 204);
    }

    @Test
    void runsMissedWhileNoOrchestratorRanAreCollapsedIntoOneOrSkipped() throws Exception {
        String once = send("POST", "/schedules", schedule("ONCEUSDT", ""), 201)
                .get("id")
                .asString();
        String skip = send("POST", "/schedules", schedule("SKIPUSDT", ",\"missedRuns\":\"skip\""), 201)
                .get("id")
                .asString();

        clock.advance(Duration.ofMinutes(5).plusSeconds(30));
        ticksAtOnce(2);
        JsonNode collapsed = send("GET", "/schedules/" + once, null, 200);
        JsonNode skipped = send("GET", "/schedules/" + skip, null, 200);

        assertThat(collapsed.get("runs").asLong()).isEqualTo(1);
        assertThat(collapsed.get("recentRuns").get(0).get("outcome").asString())
                .isEqualTo("started (once for 5 runs missed while no orchestrator ran)");
        assertThat(skipped.get("runs").asLong()).isZero();
        assertThat(skipped.get("recentRuns").get(0).get("outcome").asString())
                .isEqualTo("skipped: 5 runs missed while no orchestrator ran (missedRuns: skip)");
        Instant next = Instant.parse(collapsed.get("nextRunAt").asString());
        assertThat(next).isAfter(clock.instant()).isBefore(clock.instant().plus(Duration.ofMinutes(1)));
        assertThat(skipped.get("nextRunAt").asString()).isEqualTo(next.toString());
        send("DELETE", "/schedules/" + once, null, 204);
        send("DELETE", "/schedules/" + skip, null, 204);
    }

    /** Runs {@code replicas} ticks at the same moment, as that many orchestrator replicas would. */
    private void ticksAtOnce(int replicas) throws InterruptedException {
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < replicas; i++) {
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                runner.tick();
            }));
        }
        go.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
    }

    private String problem(String body) {
        JsonNode problem = send("POST", "/schedules", body, 400);
        return problem.get("detail").asString();
    }

    private JsonNode send(String method, String path, String body, int expectedStatus) {
        var request =
                http.method(org.springframework.http.HttpMethod.valueOf(method)).uri(path);
        if (body != null) {
            request = request.contentType(MediaType.APPLICATION_JSON).body(body);
        }
        var response = request.retrieve().toEntity(String.class);
        assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(expectedStatus);
        return response.getBody() == null ? null : json.readTree(response.getBody());
    }
}
