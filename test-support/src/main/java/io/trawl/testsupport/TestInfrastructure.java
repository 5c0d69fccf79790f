package io.trawl.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.rabbitmq.RabbitMQContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The real RabbitMQ and Redis the integration tests talk to: containers from Testcontainers where a Docker
 * engine is present, otherwise the services running on this machine (127.0.0.1:5672 guest/guest and
 * 127.0.0.1:6379). Never skips: if neither is reachable, tests fail saying what is missing.
 */
public final class TestInfrastructure {

    private static final Logger log = LoggerFactory.getLogger(TestInfrastructure.class);
    private static final String RUN_ID = UUID.randomUUID().toString().substring(0, 8);
    private static RabbitMQContainer rabbitContainer;
    private static final Endpoints ENDPOINTS = start();

    /** Host and port of each service. */
    public record Endpoints(String rabbitHost, int rabbitPort, String redisHost, int redisPort) {}

    private TestInfrastructure() {}

    /** Where the services are. */
    /** Operator API key the tests configure and send (a test value, not a secret). */
    public static final String OPERATOR_KEY = "test-operator-key-0123456789";

    /** Viewer API key the tests configure and send. */
    public static final String VIEWER_KEY = "test-viewer-key-0123456789";

    public static Endpoints endpoints() {
        return ENDPOINTS;
    }

    /** A namespace unique to this run and test class, so runs and classes never share queues or keys. */
    public static String namespace(Class<?> testClass) {
        String name = testClass.getSimpleName().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
        return "t" + RUN_ID + "-" + name.substring(0, Math.min(name.length(), 40));
    }

    /** Points Spring's RabbitMQ and Redis connections at the services and sets {@code trawl.namespace}. */
    public static void register(DynamicPropertyRegistry registry, Class<?> testClass) {
        registry.add("spring.rabbitmq.host", ENDPOINTS::rabbitHost);
        registry.add("spring.rabbitmq.port", ENDPOINTS::rabbitPort);
        registry.add("spring.rabbitmq.username", () -> "guest");
        registry.add("spring.rabbitmq.password", () -> "guest");
        registry.add("spring.data.redis.host", ENDPOINTS::redisHost);
        registry.add("spring.data.redis.port", ENDPOINTS::redisPort);
        registry.add("trawl.namespace", () -> namespace(testClass));
        registry.add("trawl.security.operator-keys", () -> OPERATOR_KEY);
        registry.add("trawl.security.viewer-keys", () -> VIEWER_KEY);
    }

    private static Endpoints start() {
        if (DockerClientFactory.instance().isDockerAvailable()) {
            log.info("Docker is available: starting RabbitMQ and Redis containers");
            RabbitMQContainer rabbit = new RabbitMQContainer(DockerImageName.parse("rabbitmq:3.13-management"));
            GenericContainer<?> redis =
                    new GenericContainer<>(DockerImageName.parse("redis:7.0")).withExposedPorts(6379);
            rabbit.start();
            redis.start();
            rabbitContainer = rabbit;
            return new Endpoints(rabbit.getHost(), rabbit.getAmqpPort(), redis.getHost(), redis.getMappedPort(6379));
        }
        log.info("No Docker engine: using the local RabbitMQ and Redis services");
        require("RabbitMQ", 5672, "start it with 'rabbitmq-server -detached' (Debian package rabbitmq-server)");
        require("Redis", 6379, "start it with 'redis-server --daemonize yes' (Debian package redis-server)");
        return new Endpoints("127.0.0.1", 5672, "127.0.0.1", 6379);
    }

    /**
     * Restarts the broker application (its durable queues and persistent messages survive; every connection
     * drops): {@code rabbitmqctl stop_app} then {@code start_app}, inside the container or on this machine.
     * Answers why it cannot, or null when it did.
     */
    public static String restartBroker() {
        for (String action : List.of("stop_app", "start_app")) {
            String failure = rabbitmqctl(action);
            if (failure != null) {
                return failure;
            }
        }
        return null;
    }

    /**
     * The broker accounts of one namespace, as deployments have them: {@code <namespace>-orchestrator} and
     * {@code <namespace>-worker}, with the permissions of {@code deploy/rabbitmq/permissions.tsv} (created with
     * rabbitmqctl, in the container or on this machine; deleted by {@link #dropBrokerAccounts(String)}).
     */
    public static BrokerAccounts brokerAccounts(String namespace) {
        Map<String, List<String>> permissions = permissions(namespace);
        for (Map.Entry<String, List<String>> role : permissions.entrySet()) {
            String user = namespace + "-" + role.getKey();
            rabbitmqctl("delete_user", user);
            require(rabbitmqctl("add_user", user, BROKER_PASSWORD), "add_user " + user);
            List<String> args = new ArrayList<>(List.of("set_permissions", "-p", "/", user));
            args.addAll(role.getValue());
            require(rabbitmqctl(args.toArray(String[]::new)), "set_permissions " + user);
        }
        return new BrokerAccounts(namespace + "-orchestrator", namespace + "-worker", BROKER_PASSWORD);
    }

    /** Deletes the broker accounts {@link #brokerAccounts(String)} made. */
    public static void dropBrokerAccounts(String namespace) {
        rabbitmqctl("delete_user", namespace + "-orchestrator");
        rabbitmqctl("delete_user", namespace + "-worker");
    }

    /** Broker users of one namespace and their (test) password. */
    public record BrokerAccounts(String orchestrator, String worker, String password) {}

    private static final String BROKER_PASSWORD = "test-broker-password-0123";

    private static Map<String, List<String>> permissions(String namespace) {
        Path table = repositoryFile("deploy/rabbitmq/permissions.tsv");
        String ns = namespace.replace(".", "\\.");
        Map<String, List<String>> roles = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(table)) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] columns = line.split("\t");
                roles.put(
                        columns[0],
                        List.of(
                                columns[1].replace("NS", ns),
                                columns[2].replace("NS", ns),
                                columns[3].replace("NS", ns)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + table, e);
        }
        return roles;
    }

    private static Path repositoryFile(String relative) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve(relative))) {
                return dir.resolve(relative);
            }
        }
        throw new IllegalStateException(
                "no " + relative + " above " + Path.of("").toAbsolutePath());
    }

    private static void require(String failure, String what) {
        if (failure != null) {
            throw new IllegalStateException("cannot set up the broker accounts (" + what + "): " + failure);
        }
    }

    private static String rabbitmqctl(String... command) {
        String action = String.join(" ", command);
        List<String> argv = new ArrayList<>(List.of("rabbitmqctl"));
        argv.addAll(List.of(command));
        try {
            if (rabbitContainer != null) {
                var result = rabbitContainer.execInContainer(argv.toArray(String[]::new));
                return result.getExitCode() == 0 ? null : "rabbitmqctl " + action + ": " + result.getStderr();
            }
            Process process = new ProcessBuilder(argv).redirectErrorStream(true).start();
            String output =
                    new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            return process.waitFor() == 0 ? null : "rabbitmqctl " + action + " failed: " + output.strip();
        } catch (IOException e) {
            return "rabbitmqctl is not available here: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private static void require(String service, int port, String hint) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
        } catch (IOException e) {
            throw new IllegalStateException(
                    "No Docker engine and no " + service + " on 127.0.0.1:" + port + ": " + hint, e);
        }
    }
}
