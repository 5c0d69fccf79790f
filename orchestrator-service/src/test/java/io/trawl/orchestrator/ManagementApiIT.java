package io.trawl.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import io.trawl.infra.TrawlProperties;
import io.trawl.testsupport.NamespaceCleanup;
import io.trawl.testsupport.TestInfrastructure;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every management endpoint: who may call it (no key 401, unknown key 401, viewer key reads but gets 403 on
 * changes, operator key does both), what an unknown id gives (404) and how bad input is answered (400 naming
 * the field); always as problem+json. The successes are in {@link CollectionApiIT}.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "trawl.storage.embedded.port=0")
class ManagementApiIT {

    private static final String UNKNOWN_KEY = "not-a-configured-key-42";
    private static final String BODY = "{}";

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfrastructure.register(registry, ManagementApiIT.class);
    }

    @LocalServerPort
    int port;

    @Autowired
    AmqpAdmin admin;

    @Autowired
    StringRedisTemplate redis;

    @Autowired
    TrawlProperties trawl;

    @Autowired
    JsonMapper json;

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
    }

    @AfterAll
    static void cleanUp() {
        cleanup.run();
    }

    static Stream<Arguments> reads() {
        return Stream.of(
                        "/collections",
                        "/collections/j-x",
                        "/collections/j-x/events",
                        "/tasks/active",
                        "/tasks/j-x.binance.BTCUSDT.1d.2024-01",
                        "/tasks/j-x.binance.BTCUSDT.1d.2024-01/logs",
                        "/workers",
                        "/workers/w-x/status",
                        "/queues",
                        "/autoscaling/recommendation",
                        "/coverage?source=binance&symbol=BTCUSDT",
                        "/coverage/matrix?source=binance&from=2024-01&to=2024-06",
                        "/me",
                        "/dead-letters",
                        "/sources",
                        "/sources/binance",
                        "/actuator/metrics")
                .map(Arguments::of);
    }

    static Stream<Arguments> changes() {
        return Stream.of(
                Arguments.of(HttpMethod.POST, "/collections"),
                Arguments.of(HttpMethod.PUT, "/collections/j-x/pause"),
                Arguments.of(HttpMethod.PUT, "/collections/j-x/resume"),
                Arguments.of(HttpMethod.PUT, "/collections/j-x/cancel"),
                Arguments.of(HttpMethod.POST, "/collections/j-x/verification"),
                Arguments.of(HttpMethod.PUT, "/tasks/j-x.binance.BTCUSDT.1d.2024-01/cancel"),
                Arguments.of(HttpMethod.PUT, "/workers/w-x/pause"),
                Arguments.of(HttpMethod.PUT, "/workers/w-x/resume"),
                Arguments.of(HttpMethod.POST, "/dead-letters/replay"),
                Arguments.of(HttpMethod.PUT, "/sources/binance/limits"),
                Arguments.of(HttpMethod.DELETE, "/sources/binance/limits"),
                Arguments.of(HttpMethod.PUT, "/sources/binance/pause"),
                Arguments.of(HttpMethod.PUT, "/sources/binance/resume"),
                Arguments.of(HttpMethod.DELETE, "/sources/binance/learned"));
    }

    @ParameterizedTest
    @MethodSource("reads")
    void readingNeedsAKeyAndAViewerKeyIsEnough(String path) {
        assertProblem(call(HttpMethod.GET, path, null), 401, "An API key is required");
        assertProblem(call(HttpMethod.GET, path, UNKNOWN_KEY), 401, "API key not recognised");
        assertThat(call(HttpMethod.GET, path, TestInfrastructure.VIEWER_KEY)
                        .getStatusCode()
                        .value())
                .as("a viewer may read %s", path)
                .isNotIn(401, 403);
    }

    @ParameterizedTest
    @MethodSource("changes")
    void changingNeedsTheOperatorRole(HttpMethod method, String path) {
        assertProblem(call(method, path, null), 401, "An API key is required");
        assertProblem(call(method, path, UNKNOWN_KEY), 401, "API key not recognised");
        assertProblem(call(method, path, TestInfrastructure.VIEWER_KEY), 403, "needs the operator role");
        assertThat(call(method, path, TestInfrastructure.OPERATOR_KEY)
                        .getStatusCode()
                        .value())
                .as("an operator may call %s %s", method, path)
                .isNotIn(401, 403);
    }

    @Test
    void aBearerTokenIsAcceptedAsTheKey() {
        var response = http.get()
                .uri("/workers")
                .header("Authorization", "Bearer " + TestInfrastructure.VIEWER_KEY)
                .retrieve()
                .toEntity(String.class);
        assertThat(response.getStatusCode().value()).isEqualTo(200);
    }

    @Test
    void probesMetricsScrapingAndTheApiDocumentAreOpen() {
        for (String path : new String[] {
            "/actuator/health/readiness", "/actuator/health/liveness", "/actuator/prometheus", "/v3/api-docs"
        }) {
            assertThat(call(HttpMethod.GET, path, null).getStatusCode().value())
                    .as(path)
                    .isEqualTo(200);
        }
        JsonNode api = json.readTree(call(HttpMethod.GET, "/v3/api-docs", null).getBody());
        assertThat(api.at("/components/securitySchemes/apiKey/name").asString()).isEqualTo("X-API-Key");
    }

    @Test
    void theConsoleIsServedWithoutAKeyUnderAStrictContentSecurityPolicyAndTellsAKeysRole() {
        var page = call(HttpMethod.GET, "/console/", null);
        assertThat(page.getStatusCode().value()).isEqualTo(200);
        assertThat(page.getBody()).contains("<title>Trawl console</title>");
        assertThat(page.getHeaders().getFirst("Content-Security-Policy"))
                .contains("default-src 'none'", "script-src 'self'", "frame-ancestors 'none'");
        var script = call(HttpMethod.GET, "/console/console.js", null);
        assertThat(script.getStatusCode().value()).isEqualTo(200);
        assertThat(script.getHeaders().getFirst("Content-Security-Policy")).isNotNull();
        var bare = call(HttpMethod.GET, "/console", null);
        if (bare.getStatusCode().value() == 302) {
            assertThat(bare.getHeaders().getLocation()).hasToString("/console/");
        } else { // the client followed the redirect
            assertThat(bare.getBody()).contains("<title>Trawl console</title>");
        }
        assertThat(call(HttpMethod.GET, "/me", TestInfrastructure.VIEWER_KEY).getBody())
                .isEqualTo("{\"role\":\"viewer\"}");
        assertThat(call(HttpMethod.GET, "/me", TestInfrastructure.OPERATOR_KEY).getBody())
                .isEqualTo("{\"role\":\"operator\"}");
    }

    static Stream<Arguments> unknownIds() {
        return Stream.of(
                Arguments.of(HttpMethod.GET, "/collections/j-x", "no collection with id 'j-x'"),
                Arguments.of(HttpMethod.GET, "/collections/j-x/events", "no collection with id 'j-x'"),
                Arguments.of(HttpMethod.PUT, "/collections/j-x/pause", "no collection with id 'j-x'"),
                Arguments.of(HttpMethod.PUT, "/collections/j-x/resume", "no collection with id 'j-x'"),
                Arguments.of(HttpMethod.PUT, "/collections/j-x/cancel", "no collection with id 'j-x'"),
                Arguments.of(HttpMethod.POST, "/collections/j-x/verification", "no collection with id 'j-x'"),
                Arguments.of(HttpMethod.GET, "/tasks/j-x.binance.A.1d.2024-01", "no task with id"),
                Arguments.of(HttpMethod.GET, "/tasks/j-x.binance.A.1d.2024-01/logs", "no task with id"),
                Arguments.of(HttpMethod.PUT, "/tasks/j-x.binance.A.1d.2024-01/cancel", "no task with id"),
                Arguments.of(HttpMethod.GET, "/tasks/nodots", "no task with id 'nodots'"),
                Arguments.of(HttpMethod.GET, "/workers/w-x/status", "no live worker with id 'w-x'"),
                Arguments.of(HttpMethod.PUT, "/workers/w-x/pause", "no live worker with id 'w-x'"),
                Arguments.of(HttpMethod.PUT, "/workers/w-x/resume", "no live worker with id 'w-x'"),
                Arguments.of(HttpMethod.GET, "/sources/nasdaq", "no source 'nasdaq'"),
                Arguments.of(HttpMethod.PUT, "/sources/nasdaq/limits", "no source 'nasdaq'"),
                Arguments.of(HttpMethod.DELETE, "/sources/nasdaq/limits", "no source 'nasdaq'"));
    }

    @ParameterizedTest
    @MethodSource("unknownIds")
    void unknownIdsAreNotFoundNamingTheId(HttpMethod method, String path, String detail) {
        assertProblem(call(method, path, TestInfrastructure.OPERATOR_KEY), 404, detail);
    }

    static Stream<Arguments> badInput() {
        return Stream.of(
                Arguments.of(HttpMethod.POST, "/collections", "{\"sources\":[\"binance\"", "Malformed JSON"),
                Arguments.of(
                        HttpMethod.POST,
                        "/collections",
                        "{\"sources\":[\"binance\"],\"symbols\":[\"BTCUSDT\"],\"from\":\"2024-01\"}",
                        "to is required: a month (YYYY-MM), a date (YYYY-MM-DD) or a date-time"),
                Arguments.of(
                        HttpMethod.POST,
                        "/collections",
                        "{\"sources\":[\"binance\"],\"symbols\":[\"BTCUSDT\"],\"from\":\"2024-01\",\"to\":\"2024-01\","
                                + "\"priority\":\"asap\"}",
                        "field 'priority' must be one of LOW, NORMAL, HIGH, URGENT"),
                Arguments.of(HttpMethod.POST, "/dead-letters/replay", "{\"limit\":0}", "limit must be >= 1"),
                Arguments.of(HttpMethod.POST, "/dead-letters/replay", BODY, "name at least one of jobId"),
                Arguments.of(HttpMethod.PUT, "/sources/binance/limits", "{\"cps\":-1}", "cps must be 1..1000000"),
                Arguments.of(HttpMethod.PUT, "/sources/binance/limits", "not json", "Malformed JSON"),
                Arguments.of(HttpMethod.GET, "/coverage?symbol=BTCUSDT", null, "'source'"),
                Arguments.of(HttpMethod.GET, "/coverage?source=binance&symbol=BTCUSDT&from=2024-13", null, "'from'"),
                Arguments.of(
                        HttpMethod.GET,
                        "/coverage/matrix?source=binance&from=2000-01&to=2024-12",
                        null,
                        "a matrix spans at most 240 months"),
                Arguments.of(
                        HttpMethod.GET,
                        "/coverage/matrix?source=binance&from=2024-01&to=2024-02&symbols=btc%20usdt",
                        null,
                        "must match"),
                Arguments.of(HttpMethod.GET, "/collections?limit=1001", null, "limit must be between 1 and 1000"));
    }

    @ParameterizedTest
    @MethodSource("badInput")
    void badInputIsABadRequestNamingTheField(HttpMethod method, String path, String body, String detail) {
        var response = body == null
                ? call(method, path, TestInfrastructure.OPERATOR_KEY)
                : http.method(method)
                        .uri(path)
                        .header("X-API-Key", TestInfrastructure.OPERATOR_KEY)
                        .contentType(MediaType.APPLICATION_JSON)
                        .body(body)
                        .retrieve()
                        .toEntity(String.class);
        assertProblem(response, 400, detail);
    }

    @Test
    void errorsOutsideTheControllersAreProblemDetailsToo() throws IOException {
        var unknownPath = http.get()
                .uri("/no-such-endpoint")
                .header("X-API-Key", TestInfrastructure.OPERATOR_KEY)
                .retrieve()
                .toEntity(String.class);
        assertProblem(unknownPath, 404, "");
        var wrongMethod = http.method(HttpMethod.PATCH)
                .uri("/collections")
                .header("X-API-Key", TestInfrastructure.OPERATOR_KEY)
                .retrieve()
                .toEntity(String.class);
        assertProblem(wrongMethod, 405, "");
        var wrongType = http.post()
                .uri("/collections")
                .header("X-API-Key", TestInfrastructure.OPERATOR_KEY)
                .contentType(MediaType.TEXT_PLAIN)
                .body("sources=binance")
                .retrieve()
                .toEntity(String.class);
        assertProblem(wrongType, 415, "");

        // a request line Tomcat refuses itself, before any servlet
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream()
                    .write("GET /collections/%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 400");
            assertThat(answer).containsIgnoringCase("content-type: application/problem+json");
            assertThat(answer).doesNotContain("<html").contains("\"status\":400");
        }
    }

    private ResponseEntity<String> call(HttpMethod method, String path, String key) {
        var request = http.method(method).uri(path);
        if (key != null) {
            request.header("X-API-Key", key);
        }
        if (method != HttpMethod.GET && method != HttpMethod.DELETE) {
            request.contentType(MediaType.APPLICATION_JSON).body(BODY);
        }
        return request.retrieve().toEntity(String.class);
    }

    private void assertProblem(ResponseEntity<String> response, int status, String detail) {
        assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(status);
        assertThat(response.getHeaders().getContentType()).hasToString("application/problem+json");
        JsonNode problem = json.readTree(response.getBody());
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("detail").asString()).contains(detail);
    }
}
