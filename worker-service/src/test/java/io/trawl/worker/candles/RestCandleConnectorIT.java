package io.trawl.worker.candles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trawl.infra.TrawlProperties;
import io.trawl.infra.limits.LimiterKeys;
import io.trawl.infra.limits.SourceStates;
import io.trawl.messages.Partition;
import io.trawl.sources.CandleApi;
import io.trawl.sources.SourceDefinition;
import io.trawl.sources.SourceType;
import io.trawl.testsupport.TestInfrastructure;
import io.trawl.testsupport.TestRedis;
import io.trawl.worker.TestWorkers;
import io.trawl.worker.WorkerProperties;
import io.trawl.worker.source.Connector;
import io.trawl.worker.source.ConnectorContract;
import io.trawl.worker.source.FetchContext;
import io.trawl.worker.source.Fetched;
import io.trawl.worker.source.RequestGate;
import io.trawl.worker.source.SourceFailure;
import io.trawl.worker.source.SourceHttp;
import io.trawl.worker.source.Validator;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.mock.env.MockEnvironment;
import tools.jackson.databind.json.JsonMapper;

/**
 * The REST candle connector passes the contract every connector passes, against a Binance-shaped endpoint, and
 * pages, caps, maps answers and protects credentials as its configuration says, against Binance- and Kite-shaped
 * endpoints.
 */
class RestCandleConnectorIT extends ConnectorContract {

    private static final String NAMESPACE = TestInfrastructure.namespace(RestCandleConnectorIT.class);
    private static final Map<String, String> ARRAY_FIELDS =
            Map.of("time", "0", "open", "1", "high", "2", "low", "3", "close", "4", "volume", "5");

    @RegisterExtension
    static final TestRedis REDIS = TestRedis.connect(NAMESPACE);

    private final SourceStates states = new SourceStates(
            REDIS.template(), new LimiterKeys(new TrawlProperties(NAMESPACE, Map.of())), Clock.systemUTC());

    @Override
    protected Connector connector(WorkerProperties properties) {
        MockEnvironment environment = new MockEnvironment()
                .withProperty("KITE_API_KEY", "trawl")
                .withProperty("KITE_ACCESS_TOKEN", "sim-access-token");
        return new RestCandleConnector(
                new SourceHttp(properties, RequestGate.OPEN, 1),
                properties,
                states,
                environment,
                JsonMapper.builder().build());
    }

    /** As the contract's, with the production request timeout: a day-capped answer of 86,400 candles takes time. */
    @Override
    protected WorkerProperties properties() {
        return TestWorkers.spoolingTo(spool, java.time.Duration.ofSeconds(30));
    }

    @Override
    protected SourceDefinition source(String baseUrl) {
        return binance(baseUrl);
    }

    static SourceDefinition binance(String baseUrl) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("symbol", "{SYMBOL}");
        query.put("interval", "{interval}");
        query.put("startTime", "{from:ms}");
        query.put("endTime", "{last:ms}");
        query.put("limit", "1000");
        return new SourceDefinition(
                SourceType.REST_CANDLES,
                "klines",
                List.of("1h", "1d"),
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                new CandleApi(
                        baseUrl + "/binance-api/api/v3/klines",
                        query,
                        null,
                        null,
                        ARRAY_FIELDS,
                        null,
                        1000,
                        null,
                        null,
                        null,
                        "msg",
                        null),
                null,
                null);
    }

    private static SourceDefinition kite(String baseUrl, String tokenVariable) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("from", "{from:yyyy-MM-dd HH:mm:ss@Asia/Kolkata}");
        query.put("to", "{last:yyyy-MM-dd HH:mm:ss@Asia/Kolkata}");
        return new SourceDefinition(
                SourceType.REST_CANDLES,
                "candles",
                List.of("1m", "1h", "1d"),
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                new CandleApi(
                        baseUrl + "/kite/instruments/historical/{SYMBOL}/{interval}",
                        query,
                        Map.of("Authorization", "token {secret:KITE_API_KEY}:{secret:" + tokenVariable + "}"),
                        "data.candles",
                        ARRAY_FIELDS,
                        "iso",
                        null,
                        Map.of("1m", 60, "1h", 400, "1d", 2000),
                        Map.of("1m", "minute", "1h", "60minute", "1d", "day"),
                        null,
                        "message",
                        new CandleApi.Answers(null, null, List.of("401", "403 TokenException"), null, null)),
                null,
                null);
    }

    @Override
    protected Validator validator() {
        return new CandleValidator();
    }

    @Override
    protected Partition partition() {
        return new Partition.Window(Instant.parse("2024-01-01T00:00:00Z"), Instant.parse("2024-02-01T00:00:00Z"));
    }

    @Override
    protected long expectedRows() {
        return 31 * 24;
    }

    private Fetched fetch(SourceDefinition source, String symbol, String interval, Partition.Window window) {
        return connector(properties())
                .fetch(
                        new io.trawl.messages.CollectTask("t", "src", source.dataset(), symbol, interval, window, 1, 0),
                        source,
                        new FetchContext((bytes, total) -> {}, (k, v) -> {}));
    }

    private static List<Long> openTimes(Fetched fetched) throws IOException {
        List<Long> times = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(fetched.file())), StandardCharsets.US_ASCII))) {
            assertThat(in.readLine()).isEqualTo("open_time,open,high,low,close,volume");
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                times.add(Long.parseLong(line.substring(0, line.indexOf(','))));
            }
        }
        return times;
    }

    private long requests(String judge) {
        return SIMULATOR.stats().stream()
                .filter(s -> s.source().equals(judge))
                .mapToLong(s -> s.requests())
                .sum();
    }

    @Test
    void aWindowLongerThanOneAnswerIsPagedWithEveryCandleExactlyOnce() throws IOException {
        long before = requests("binance-api");
        Partition.Window quarter =
                new Partition.Window(Instant.parse("2024-01-01T00:00:00Z"), Instant.parse("2024-04-01T00:00:00Z"));

        List<Long> times = openTimes(fetch(binance(SIMULATOR.baseUrl().toString()), "BTCUSDT", "1h", quarter));

        assertThat(times).hasSize((31 + 29 + 31) * 24).doesNotHaveDuplicates().isSorted();
        assertThat(times.getFirst()).isEqualTo(quarter.from().toEpochMilli());
        assertThat(times.getLast()).isEqualTo(quarter.until().toEpochMilli() - 3_600_000);
        assertThat(requests("binance-api") - before)
                .as("2,184 candles at 1,000 a request")
                .isEqualTo(3);
    }

    @Test
    void kiteDayCapsSplitTheWindowAndIstTimesLandInUtc() throws IOException {
        long before = requests("kite");
        Partition.Window ninetyDays =
                new Partition.Window(Instant.parse("2024-01-01T00:00:00Z"), Instant.parse("2024-03-31T00:00:00Z"));

        List<Long> times =
                openTimes(fetch(kite(SIMULATOR.baseUrl().toString(), "KITE_ACCESS_TOKEN"), "INFY", "1m", ninetyDays));

        assertThat(times).hasSize(90 * 24 * 60).doesNotHaveDuplicates().isSorted();
        assertThat(times.getFirst()).isEqualTo(ninetyDays.from().toEpochMilli());
        assertThat(requests("kite") - before).as("90 days at most 60 a request").isEqualTo(2);
    }

    @Test
    void rejectedCredentialsFailForGoodAndPauseTheSourceClusterWide() {
        SourceDefinition wrongToken = kite(SIMULATOR.baseUrl().toString(), "KITE_API_KEY");
        states.resume("src");

        assertThatThrownBy(() -> fetch(wrongToken, "INFY", "1h", (Partition.Window) partition()))
                .isInstanceOfSatisfying(SourceFailure.class, f -> {
                    assertThat(f.errorClass()).isEqualTo("CredentialsRejected");
                    assertThat(f.retryable()).isFalse();
                    assertThat(f.getMessage())
                            .contains("403: Incorrect `api_key` or `access_token`.")
                            .doesNotContain("sim-access-token");
                });
        assertThat(states.read("src").pausedByOperator()).isTrue();
        states.resume("src");
    }

    @Test
    void anAnswerDeclaredAThrottleOrABanPausesTheSourceInsteadOfFailingTheTask() throws Exception {
        com.sun.net.httpserver.HttpServer server =
                com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/throttle", exchange -> {
            byte[] body = "{\"msg\":\"rate limit exceeded, slow down\"}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Retry-After", "2");
            exchange.sendResponseHeaders(400, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        List<io.trawl.worker.source.PushBack> heard = new ArrayList<>();
        RequestGate recording = new RequestGate() {
            @Override
            public Permit acquire(String source) {
                return Permit.NONE;
            }

            @Override
            public void pushedBack(String source, io.trawl.worker.source.PushBack pushBack, Permit answered) {
                heard.add(pushBack);
            }

            @Override
            public void reported(String source, List<io.trawl.worker.source.ServerUsage> usage) {}
        };
        SourceDefinition declared = new SourceDefinition(
                SourceType.REST_CANDLES,
                "klines",
                List.of("1h"),
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                new CandleApi(
                        "http://127.0.0.1:" + server.getAddress().getPort() + "/throttle",
                        null,
                        null,
                        null,
                        ARRAY_FIELDS,
                        null,
                        1000,
                        null,
                        null,
                        null,
                        "msg",
                        new CandleApi.Answers(null, null, null, List.of("400 rate limit"), null)),
                null,
                null);
        try {
            RestCandleConnector connector = new RestCandleConnector(
                    new SourceHttp(properties(), recording, 1),
                    properties(),
                    states,
                    new MockEnvironment(),
                    JsonMapper.builder().build());

            assertThatThrownBy(() -> connector.fetch(
                            new io.trawl.messages.CollectTask("t", "src", "klines", "BTCUSDT", "1h", partition(), 1, 0),
                            declared,
                            new FetchContext((bytes, total) -> {}, (k, v) -> {})))
                    .isInstanceOfSatisfying(SourceFailure.class, f -> {
                        assertThat(f.throttled()).isTrue();
                        assertThat(f.retryable()).isTrue();
                    });
            assertThat(heard).singleElement().satisfies(p -> {
                assertThat(p.kind()).isEqualTo(io.trawl.worker.source.PushBack.Kind.THROTTLED);
                assertThat(p.retryAfter()).isEqualTo(java.time.Duration.ofSeconds(2));
            });
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aBadRequestIsPermanentWithTheApisOwnMessage() {
        assertThatThrownBy(() ->
                        fetch(binance(SIMULATOR.baseUrl().toString()), "BTCUSDT", "1w", (Partition.Window) partition()))
                .isInstanceOfSatisfying(SourceFailure.class, f -> {
                    assertThat(f.errorClass()).isEqualTo("BadRequest");
                    assertThat(f.retryable()).isFalse();
                    assertThat(f.getMessage()).endsWith("answered 400: Invalid interval.");
                });
    }
}
