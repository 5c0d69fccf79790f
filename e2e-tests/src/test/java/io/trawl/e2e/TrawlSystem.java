package io.trawl.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.StatObjectArgs;
import io.trawl.infra.storage.EmbeddedS3Server;
import io.trawl.messages.RedisKeys;
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
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A whole Trawl installation for one test class: an in-process simulator and S3 server, the orchestrator and
 * N workers as processes from their jars, all in the class's own namespace on the real broker and Redis.
 */
public final class TrawlSystem implements AutoCloseable {

    private static final String ACCESS_KEY = "e2e-access";
    private static final String SECRET_KEY = "e2e-secret-key";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final String namespace;
    private final SourceSimulator simulator;
    private EmbeddedS3Server s3;
    private final Path s3Directory;
    private final Map<String, String> env;
    private final Path services;
    private final TestInfrastructure.BrokerAccounts accounts;
    private final String orchestratorName;
    private ServiceProcess orchestrator;
    private ServiceProcess replica;
    private final List<ServiceProcess> workers = new ArrayList<>();
    private MinioClient s3Client;

    public TrawlSystem(
            Class<?> testClass, SimulatorConfig simulatorConfig, int workerCount, Map<String, String> settings) {
        this(testClass, simulatorConfig, workerCount, settings, null);
    }

    /** As above, with the S3 server keeping objects under {@code s3Directory} (null: in memory). */
    public TrawlSystem(
            Class<?> testClass,
            SimulatorConfig simulatorConfig,
            int workerCount,
            Map<String, String> settings,
            Path s3Directory) {
        this(testClass, simulatorConfig, workerCount, settings, s3Directory, ServiceProcess.checkout());
    }

    /** As above, with the services built in the checkout at {@code services} (e.g. a commit to compare with). */
    public TrawlSystem(
            Class<?> testClass,
            SimulatorConfig simulatorConfig,
            int workerCount,
            Map<String, String> settings,
            Path s3Directory,
            Path services) {
        this.services = services;
        this.namespace = TestInfrastructure.namespace(testClass);
        this.simulator = SourceSimulator.start(simulatorConfig);
        this.s3Directory = s3Directory;
        this.s3 = EmbeddedS3Server.start("127.0.0.1", 0, s3Directory, ACCESS_KEY, SECRET_KEY);
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
        env.put("TRAWL_SECURITY_OPERATORKEYS", TestInfrastructure.OPERATOR_KEY);
        // each service on its own least-privilege broker account, as deployed (deploy/rabbitmq/permissions.tsv)
        accounts = TestInfrastructure.brokerAccounts(namespace);
        env.put("SPRING_RABBITMQ_USERNAME", accounts.orchestrator());
        env.put("SPRING_RABBITMQ_PASSWORD", accounts.password());
        env.put("TRAWL_SECURITY_VIEWERKEYS", TestInfrastructure.VIEWER_KEY);
        env.putAll(settings);
        orchestratorName = testClass.getSimpleName() + "-orchestrator";
        ServiceProcess.prepare(services, List.of("orchestrator-service", "worker-service"), env);
        orchestrator =
                ServiceProcess.start(services, orchestratorName, "orchestrator-service", "ORCHESTRATOR_PORT", env);
        for (int i = 1; i <= workerCount; i++) {
            startWorker(testClass.getSimpleName() + "-worker-" + i, "worker-" + i);
        }
        try {
            orchestrator.awaitHealthy();
            workers.forEach(ServiceProcess::awaitHealthy);
        } catch (RuntimeException | Error e) {
            close(); // a system that did not start leaves no process behind to slow the next tests
            throw e;
        }
    }

    /**
     * Takes the S3 server away for {@code down} (its port refuses connections), then brings it back on the same
     * port with the same objects (give the system an {@code s3Directory} for that).
     */
    public void s3Outage(Duration down) throws InterruptedException {
        int port = s3.endpoint().getPort();
        s3.close();
        Thread.sleep(down.toMillis());
        s3 = EmbeddedS3Server.start("127.0.0.1", port, s3Directory, ACCESS_KEY, SECRET_KEY);
    }

    /** Starts one more worker with the given id. */
    public ServiceProcess startWorker(String logName, String workerId) {
        Map<String, String> workerEnv = new HashMap<>(env);
        workerEnv.put("TRAWL_WORKER_ID", workerId);
        workerEnv.put("SPRING_RABBITMQ_USERNAME", accounts.worker());
        ServiceProcess worker = ServiceProcess.start(services, logName, "worker-service", "WORKER_PORT", workerEnv);
        workers.add(worker);
        return worker;
    }

    /**
     * Starts a second orchestrator replica on the same namespace (its own port); {@link #failOverOrchestrator}
     * kills the first and sends the API and CLI to this one.
     */
    public void startOrchestratorReplica() {
        replica = ServiceProcess.start(
                services, orchestratorName + "-replica", "orchestrator-service", "ORCHESTRATOR_PORT", env);
        replica.awaitHealthy();
    }

    /** Kills the orchestrator the API and CLI talk to ({@code kill -9}); its replica takes over both. */
    public void failOverOrchestrator() throws InterruptedException {
        if (replica == null) {
            throw new IllegalStateException("no replica to fail over to: startOrchestratorReplica() first");
        }
        orchestrator.kill();
        orchestrator = replica;
        replica = null;
    }

    /** Kills the orchestrator ({@code kill -9}) and starts a new one; answers once it is healthy. */
    void restartOrchestrator() throws InterruptedException {
        orchestrator.kill();
        orchestrator = ServiceProcess.start(
                services, orchestratorName + "-restarted", "orchestrator-service", "ORCHESTRATOR_PORT", env);
        orchestrator.awaitHealthy();
    }

    /** What a CLI run printed and how it exited. */
    record CliRun(int exitCode, String output) {}

    /** Runs the {@code trawl} CLI jar with the operator key against this system's orchestrator. */
    CliRun cli(String... args) throws Exception {
        return cliWithKey(TestInfrastructure.OPERATOR_KEY, args);
    }

    /** Runs the {@code trawl} CLI jar with the given API key (null: none); stdout and stderr together. */
    CliRun cliWithKey(String apiKey, String... args) throws Exception {
        Path jar = Path.of(System.getProperty("trawl.root", ".."), "trawl-cli", "target", "trawl-cli.jar");
        List<String> command = new ArrayList<>(
                List.of(ProcessHandle.current().info().command().orElse("java"), "-jar", jar.toString()));
        command.addAll(List.of(args));
        command.addAll(List.of("--url", orchestrator.baseUrl().toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().remove("TRAWL_API_KEY");
        if (apiKey != null) {
            builder.environment().put("TRAWL_API_KEY", apiKey);
        }
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(3, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("trawl " + String.join(" ", args) + " did not end: " + output);
        }
        return new CliRun(process.exitValue(), output);
    }

    /** Submits a collection and answers its job id. */
    public String submit(Map<String, Object> request) throws Exception {
        return post("/collections", request).get("id").asString();
    }

    /** Waits until the job ended (COMPLETED, FAILED or CANCELLED) and answers its view. */
    public JsonNode awaitEnded(String jobId, Duration atMost) throws Exception {
        await("job " + jobId + " ended")
                .atMost(atMost)
                .pollInterval(Duration.ofMillis(250))
                .ignoreExceptions()
                .until(() -> List.of("COMPLETED", "FAILED", "CANCELLED")
                        .contains(get("/collections/" + jobId).get("state").asString()));
        return get("/collections/" + jobId);
    }

    /** Waits (up to 10 minutes) until the job has at least {@code succeeded} tasks stored. */
    public void awaitSucceeded(String jobId, long succeeded) {
        await("job " + jobId + " at " + succeeded + " stored")
                .atMost(Duration.ofMinutes(10))
                .pollInterval(Duration.ofMillis(100))
                .ignoreExceptions()
                .until(() -> get("/collections/" + jobId).get("succeeded").asLong() >= succeeded);
    }

    /** Every object key under the prefix. */
    public List<String> objectKeys(String prefix) throws Exception {
        List<String> keys = new ArrayList<>();
        for (var result : s3Client()
                .listObjects(ListObjectsArgs.builder()
                        .bucket("trawl")
                        .prefix(prefix)
                        .recursive(true)
                        .build())) {
            keys.add(result.get().objectName());
        }
        return keys;
    }

    /**
     * Checks every partition's object: content sha256 equal to the simulator's archive and to the stored
     * sha256 metadata. Answers the number of objects that fail either check.
     */
    int corruptObjects(String source, List<String> symbols, List<YearMonth> months) throws Exception {
        MinioClient client = s3Client();
        int corrupt = 0;
        for (String symbol : symbols) {
            for (YearMonth month : months) {
                String key = source + "/klines-1d/" + symbol + "/" + month + ".zip";
                String expected = ArchiveGenerator.sha256(ArchiveGenerator.archive(source, symbol, "1d", month));
                String metadata = client.statObject(StatObjectArgs.builder()
                                .bucket("trawl")
                                .object(key)
                                .build())
                        .userMetadata()
                        .getFirst("sha256");
                try (InputStream in = client.getObject(
                        GetObjectArgs.builder().bucket("trawl").object(key).build())) {
                    if (!expected.equals(metadata) || !expected.equals(ArchiveGenerator.sha256(in.readAllBytes()))) {
                        corrupt++;
                    }
                }
            }
        }
        return corrupt;
    }

    /** How many of the symbols' objects for one month each worker stored (from the objects' metadata). */
    Map<String, Integer> objectsPerWorker(List<String> symbols, YearMonth month) throws Exception {
        Map<String, Integer> perWorker = new TreeMap<>();
        for (String symbol : symbols) {
            String key = "binance/klines-1d/" + symbol + "/" + month + ".zip";
            String worker = s3Client()
                    .statObject(
                            StatObjectArgs.builder().bucket("trawl").object(key).build())
                    .userMetadata()
                    .getFirst("worker-id");
            perWorker.merge(worker, 1, Integer::sum);
        }
        return perWorker;
    }

    /** The orchestrator the API and CLI talk to. */
    public ServiceProcess orchestrator() {
        return orchestrator;
    }

    /** What Redis says {@code key} of this system's namespace takes ({@code MEMORY USAGE}), in bytes. */
    public long redisMemoryUsage(Function<RedisKeys, String> key) {
        Long usage = withRedis(redis -> redis.execute(
                RedisScript.of("return redis.call('MEMORY', 'USAGE', KEYS[1])", Long.class),
                List.of(key.apply(new Topology(namespace).redis()))));
        return usage == null ? 0 : usage;
    }

    /** The string value of {@code key} of this system's namespace, if it has one. */
    public Optional<String> redisValue(Function<RedisKeys, String> key) {
        return Optional.ofNullable(
                withRedis(redis -> redis.opsForValue().get(key.apply(new Topology(namespace).redis()))));
    }

    /** Redis's {@code used_memory} (all of the server, not only this namespace), in bytes. */
    public long redisUsedMemory() {
        return withRedis(redis -> Long.parseLong(redis.execute((RedisCallback<Properties>)
                        connection -> connection.serverCommands().info("memory"))
                .getProperty("used_memory")));
    }

    /** Runs {@code call} on a connection of its own to the tests' Redis. */
    private static <T> T withRedis(Function<StringRedisTemplate, T> call) {
        TestInfrastructure.Endpoints infra = TestInfrastructure.endpoints();
        LettuceConnectionFactory redis = new LettuceConnectionFactory(infra.redisHost(), infra.redisPort());
        try {
            redis.afterPropertiesSet();
            redis.start();
            return call.apply(new StringRedisTemplate(redis));
        } finally {
            redis.destroy();
        }
    }

    public List<ServiceProcess> workers() {
        return workers;
    }

    public SourceSimulator simulator() {
        return simulator;
    }

    /** One client for the class: building a MinIO client loads the trust stores (about 0.3 s). */
    public MinioClient s3Client() {
        if (s3Client == null) {
            s3Client = MinioClient.builder()
                    .endpoint(s3.endpoint().toString())
                    .credentials(ACCESS_KEY, SECRET_KEY)
                    .region("us-east-1")
                    .build();
        }
        return s3Client;
    }

    public JsonNode get(String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(orchestrator.baseUrl().resolve(path))
                .header("X-API-Key", TestInfrastructure.VIEWER_KEY)
                .build();
        return JSON.readTree(
                HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body());
    }

    /** POSTs JSON with optional extra headers (name, value, ...). */
    public JsonNode post(String path, Object body, String... headers) throws Exception {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(orchestrator.baseUrl().resolve(path));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request.header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))));
    }

    public JsonNode put(String path, Object body) throws Exception {
        return send(HttpRequest.newBuilder(orchestrator.baseUrl().resolve(path))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))));
    }

    private JsonNode send(HttpRequest.Builder request) throws Exception {
        HttpResponse<String> response = HTTP.send(
                request.header("X-API-Key", TestInfrastructure.OPERATOR_KEY).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isBetween(200, 299);
        return JSON.readTree(response.body());
    }

    @Override
    public void close() {
        List<String> sources = configuredSources();
        workers.forEach(ServiceProcess::close);
        if (replica != null) {
            replica.close();
        }
        orchestrator.close();
        cleanUpNamespace(sources);
        s3.close();
        simulator.close();
    }

    /** Every source the system was configured with (each has its task queue), the defaults when it cannot say. */
    private List<String> configuredSources() {
        List<String> sources = new ArrayList<>(List.of("binance", "bitstamp"));
        try {
            get("/sources").forEach(source -> sources.add(source.get("id").asString()));
        } catch (Exception | AssertionError e) {
            // an orchestrator that is gone cannot list them: the defaults are still cleaned up
        }
        return sources.stream().distinct().toList();
    }

    private void cleanUpNamespace(List<String> sources) {
        TestInfrastructure.Endpoints infra = TestInfrastructure.endpoints();
        CachingConnectionFactory rabbit = new CachingConnectionFactory(infra.rabbitHost(), infra.rabbitPort());
        try {
            Topology topology = new Topology(namespace);
            NamespaceCleanup.amqp(new RabbitAdmin(rabbit), topology, sources);
            withRedis(redis -> {
                NamespaceCleanup.redis(redis, topology);
                return null;
            });
        } finally {
            rabbit.destroy();
            TestInfrastructure.dropBrokerAccounts(namespace);
        }
    }
}
