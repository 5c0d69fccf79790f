package io.trawl.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.minio.MinioClient;
import io.trawl.infra.storage.EmbeddedS3Server;
import io.trawl.messages.Topology;
import io.trawl.simulator.SimulatorConfig;
import io.trawl.simulator.SourceSimulator;
import io.trawl.testsupport.NamespaceCleanup;
import io.trawl.testsupport.TestInfrastructure;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A whole Trawl installation for one test class: an in-process simulator and S3 server, the orchestrator and
 * N workers as processes from their jars, all in the class's own namespace on the real broker and Redis.
 */
final class TrawlSystem implements AutoCloseable {

    private static final String ACCESS_KEY = "e2e-access";
    private static final String SECRET_KEY = "e2e-secret-key";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final String namespace;
    private final SourceSimulator simulator;
    private final EmbeddedS3Server s3;
    private final Map<String, String> env;
    private final ServiceProcess orchestrator;
    private final List<ServiceProcess> workers = new ArrayList<>();

    TrawlSystem(Class<?> testClass, SimulatorConfig simulatorConfig, int workerCount, Map<String, String> settings) {
        this.namespace = TestInfrastructure.namespace(testClass);
        this.simulator = SourceSimulator.start(simulatorConfig);
        this.s3 = EmbeddedS3Server.start("127.0.0.1", 0, null, ACCESS_KEY, SECRET_KEY);
        TestInfrastructure.Endpoints infra = TestInfrastructure.endpoints();
        env = new HashMap<>(Map.of(
                "TRAWL_NAMESPACE", namespace,
                "TRAWL_SIMULATOR_URL", simulator.baseUrl().toString(),
                "TRAWL_STORAGE_ENDPOINT", s3.endpoint().toString(),
                "TRAWL_STORAGE_ACCESSKEY", ACCESS_KEY,
                "TRAWL_STORAGE_SECRETKEY", SECRET_KEY,
                "SPRING_RABBITMQ_HOST", infra.rabbitHost(),
                "SPRING_RABBITMQ_PORT", Integer.toString(infra.rabbitPort()),
                "SPRING_DATA_REDIS_HOST", infra.redisHost(),
                "SPRING_DATA_REDIS_PORT", Integer.toString(infra.redisPort())));
        env.putAll(settings);
        orchestrator = ServiceProcess.start(
                testClass.getSimpleName() + "-orchestrator", "orchestrator-service", "ORCHESTRATOR_PORT", env);
        for (int i = 1; i <= workerCount; i++) {
            startWorker(testClass.getSimpleName() + "-worker-" + i, "worker-" + i);
        }
        orchestrator.awaitHealthy();
        workers.forEach(ServiceProcess::awaitHealthy);
    }

    /** Starts one more worker with the given id. */
    ServiceProcess startWorker(String logName, String workerId) {
        Map<String, String> workerEnv = new HashMap<>(env);
        workerEnv.put("TRAWL_WORKER_ID", workerId);
        ServiceProcess worker = ServiceProcess.start(logName, "worker-service", "WORKER_PORT", workerEnv);
        workers.add(worker);
        return worker;
    }

    List<ServiceProcess> workers() {
        return workers;
    }

    SourceSimulator simulator() {
        return simulator;
    }

    MinioClient s3Client() {
        return MinioClient.builder()
                .endpoint(s3.endpoint().toString())
                .credentials(ACCESS_KEY, SECRET_KEY)
                .region("us-east-1")
                .build();
    }

    JsonNode get(String path) throws Exception {
        HttpRequest request =
                HttpRequest.newBuilder(orchestrator.baseUrl().resolve(path)).build();
        return JSON.readTree(
                HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body());
    }

    JsonNode post(String path, Object body) throws Exception {
        return send(HttpRequest.newBuilder(orchestrator.baseUrl().resolve(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))));
    }

    JsonNode put(String path, Object body) throws Exception {
        return send(HttpRequest.newBuilder(orchestrator.baseUrl().resolve(path))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))));
    }

    private JsonNode send(HttpRequest.Builder request) throws Exception {
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isBetween(200, 299);
        return JSON.readTree(response.body());
    }

    @Override
    public void close() {
        workers.forEach(ServiceProcess::close);
        orchestrator.close();
        cleanUpNamespace();
        s3.close();
        simulator.close();
    }

    private void cleanUpNamespace() {
        TestInfrastructure.Endpoints infra = TestInfrastructure.endpoints();
        CachingConnectionFactory rabbit = new CachingConnectionFactory(infra.rabbitHost(), infra.rabbitPort());
        LettuceConnectionFactory redis = new LettuceConnectionFactory(infra.redisHost(), infra.redisPort());
        try {
            redis.afterPropertiesSet();
            redis.start();
            Topology topology = new Topology(namespace);
            NamespaceCleanup.amqp(new RabbitAdmin(rabbit), topology, List.of("binance", "bitstamp"));
            NamespaceCleanup.redis(new StringRedisTemplate(redis), topology);
        } finally {
            redis.destroy();
            rabbit.destroy();
        }
    }
}
