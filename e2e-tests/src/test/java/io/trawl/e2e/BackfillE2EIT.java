package io.trawl.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.minio.GetObjectArgs;
import io.minio.MinioClient;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.trawl.infra.storage.EmbeddedS3Server;
import io.trawl.messages.Topology;
import io.trawl.simulator.ArchiveGenerator;
import io.trawl.simulator.SimulatorConfig;
import io.trawl.simulator.SourceSimulator;
import io.trawl.testsupport.NamespaceCleanup;
import io.trawl.testsupport.TestInfrastructure;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Seed scenario, with real processes: a user requests a collection for 100 symbols; two worker JVMs compete
 * for the tasks; every symbol's data ends up in S3 with the right sha256 and the job is COMPLETED.
 */
class BackfillE2EIT {

    private static final String NAMESPACE = TestInfrastructure.namespace(BackfillE2EIT.class);
    private static final String ACCESS_KEY = "e2e-access";
    private static final String SECRET_KEY = "e2e-secret-key";
    private static final List<YearMonth> MONTHS =
            List.of(YearMonth.of(2024, 1), YearMonth.of(2024, 2), YearMonth.of(2024, 3));
    private static final List<String> SYMBOLS =
            IntStream.range(0, 100).mapToObj(i -> "E2E%03dUSDT".formatted(i)).toList();

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final List<ServiceProcess> PROCESSES = new ArrayList<>();
    private static SourceSimulator simulator;
    private static EmbeddedS3Server s3;
    private static ServiceProcess orchestrator;

    @BeforeAll
    static void startTheSystem() {
        simulator = SourceSimulator.start(SimulatorConfig.defaults().withLatency(Duration.ofMillis(5)));
        s3 = EmbeddedS3Server.start("127.0.0.1", 0, null, ACCESS_KEY, SECRET_KEY);
        TestInfrastructure.Endpoints infra = TestInfrastructure.endpoints();
        Map<String, String> env = new HashMap<>(Map.of(
                "TRAWL_NAMESPACE", NAMESPACE,
                "TRAWL_SIMULATOR_URL", simulator.baseUrl().toString(),
                "TRAWL_STORAGE_ENDPOINT", s3.endpoint().toString(),
                "TRAWL_STORAGE_ACCESSKEY", ACCESS_KEY,
                "TRAWL_STORAGE_SECRETKEY", SECRET_KEY,
                "SPRING_RABBITMQ_HOST", infra.rabbitHost(),
                "SPRING_RABBITMQ_PORT", Integer.toString(infra.rabbitPort()),
                "SPRING_DATA_REDIS_HOST", infra.redisHost(),
                "SPRING_DATA_REDIS_PORT", Integer.toString(infra.redisPort())));
        orchestrator = ServiceProcess.start("orchestrator", "orchestrator-service", "ORCHESTRATOR_PORT", env);
        PROCESSES.add(orchestrator);
        for (int i = 1; i <= 2; i++) {
            Map<String, String> workerEnv = new HashMap<>(env);
            workerEnv.put("TRAWL_WORKER_ID", "e2e-worker-" + i);
            PROCESSES.add(ServiceProcess.start("worker-" + i, "worker-service", "WORKER_PORT", workerEnv));
        }
        PROCESSES.forEach(ServiceProcess::awaitHealthy);
    }

    @AfterAll
    static void stopTheSystem() {
        PROCESSES.forEach(ServiceProcess::close);
        cleanUpNamespace();
        if (s3 != null) {
            s3.close();
        }
        if (simulator != null) {
            simulator.close();
        }
    }

    @Test
    void hundredSymbolsAreCollectedByTwoCompetingWorkers() throws Exception {
        long started = System.nanoTime();
        JsonNode job = post(
                "/collections",
                Map.of(
                        "sources",
                        List.of("binance"),
                        "symbols",
                        SYMBOLS,
                        "timeframe",
                        "1d",
                        "from",
                        "2024-01",
                        "to",
                        "2024-03"));
        String jobId = job.get("id").asString();
        assertThat(job.get("total").asLong()).isEqualTo(300);

        await("job " + jobId + " finished")
                .atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> List.of("COMPLETED", "FAILED")
                        .contains(get("/collections/" + jobId).get("state").asString()));
        double seconds = (System.nanoTime() - started) / 1e9;
        JsonNode done = get("/collections/" + jobId);
        assertThat(done.get("state").asString()).as(done.toString()).isEqualTo("COMPLETED");
        assertThat(done.get("succeeded").asLong()).isEqualTo(300);

        MinioClient client = MinioClient.builder()
                .endpoint(s3.endpoint().toString())
                .credentials(ACCESS_KEY, SECRET_KEY)
                .region("us-east-1")
                .build();
        Map<String, Integer> perWorker = new TreeMap<>();
        for (String symbol : SYMBOLS) {
            for (YearMonth month : MONTHS) {
                String key = "binance/klines-1d/" + symbol + "/" + month + ".zip";
                String expected = ArchiveGenerator.sha256(ArchiveGenerator.archive("binance", symbol, "1d", month));
                StatObjectResponse stat = client.statObject(
                        StatObjectArgs.builder().bucket("trawl").object(key).build());
                assertThat(stat.userMetadata().getFirst("sha256")).as(key).isEqualTo(expected);
                try (InputStream in = client.getObject(
                        GetObjectArgs.builder().bucket("trawl").object(key).build())) {
                    assertThat(ArchiveGenerator.sha256(in.readAllBytes()))
                            .as(key)
                            .isEqualTo(expected);
                }
                perWorker.merge(stat.userMetadata().getFirst("worker-id"), 1, Integer::sum);
            }
        }
        JsonNode verification = post("/collections/" + jobId + "/verification", Map.of());
        System.out.printf(
                "E2E: 300 tasks (100 symbols x 3 months), COMPLETED in %.1f s, objects per worker %s,"
                        + " verified %d/%d%n",
                seconds,
                perWorker,
                verification.get("verified").asInt(),
                verification.get("checked").asInt());

        assertThat(perWorker).as("both workers took tasks").containsOnlyKeys("e2e-worker-1", "e2e-worker-2");
        assertThat(verification.get("ok").asBoolean()).isTrue();
    }

    private static JsonNode get(String path) throws Exception {
        HttpRequest request =
                HttpRequest.newBuilder(orchestrator.baseUrl().resolve(path)).build();
        return JSON.readTree(
                HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body());
    }

    private static JsonNode post(String path, Object body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(orchestrator.baseUrl().resolve(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)))
                .build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isBetween(200, 299);
        return JSON.readTree(response.body());
    }

    private static void cleanUpNamespace() {
        TestInfrastructure.Endpoints infra = TestInfrastructure.endpoints();
        CachingConnectionFactory rabbit = new CachingConnectionFactory(infra.rabbitHost(), infra.rabbitPort());
        LettuceConnectionFactory redis = new LettuceConnectionFactory(infra.redisHost(), infra.redisPort());
        try {
            redis.afterPropertiesSet();
            redis.start();
            Topology topology = new Topology(NAMESPACE);
            NamespaceCleanup.amqp(new RabbitAdmin(rabbit), topology, List.of("binance", "bitstamp"));
            NamespaceCleanup.redis(new StringRedisTemplate(redis), topology);
        } finally {
            redis.destroy();
            rabbit.destroy();
        }
    }
}
