package io.trawl.e2e;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A Trawl service started from its built jar in its own JVM, with its output in a log file. */
public final class ServiceProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String JAVA = ProcessHandle.current().info().command().orElse("java");
    private static final List<String> JVM_OPTIONS = List.of("-Xmx256m");

    private final String name;
    private final Process process;
    private final Path log;
    private final int port;

    private ServiceProcess(String name, Process process, Path log, int port) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /**
     * Starts {@code <root>/<module>/target/<module>.jar} with the environment; its HTTP port is
     * {@code portVariable}. The root is this checkout ({@link #checkout}) or another one built, e.g. the commit a
     * benchmark compares with.
     */
    static ServiceProcess start(Path root, String name, String module, String portVariable, Map<String, String> env) {
        Path jar = jar(root, module);
        Path logs = Path.of(System.getProperty("trawl.logs", "target/e2e-logs"));
        int port = freePort();
        try {
            Files.createDirectories(logs);
            Path log = logs.resolve(name + ".log");
            List<String> options = new java.util.ArrayList<>(JVM_OPTIONS);
            String profiles = System.getProperty("trawl.profile");
            if (profiles != null) { // a JFR recording of the whole run, written when the service stops
                Files.createDirectories(Path.of(profiles));
                options.add("-XX:StartFlightRecording=settings=profile,filename="
                        + Path.of(profiles).toAbsolutePath().resolve(name + ".jfr"));
            }
            List<String> command = AotLaunch.command(JAVA, jar, options, env);
            ProcessBuilder builder =
                    new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().putAll(env);
            builder.environment().put(portVariable, Integer.toString(port));
            return new ServiceProcess(name, builder.start(), log, port);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    /**
     * Makes the start-up caches of the given modules at once (see {@link AotLaunch}) with the environment their
     * services will have, so that a system's first start does not train them one after the other.
     */
    static void prepare(Path root, List<String> modules, Map<String, String> env) {
        AotLaunch.prepare(
                JAVA, modules.stream().map(module -> jar(root, module)).toList(), JVM_OPTIONS, env);
    }

    /** The checkout the tests run from, whose services they start unless told otherwise. */
    public static Path checkout() {
        return Path.of(System.getProperty("trawl.root", ".."));
    }

    private static Path jar(Path root, String module) {
        Path jar = root.resolve(module).resolve("target").resolve(module + ".jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: run 'mvn verify' from the project root");
        }
        return jar;
    }

    /** The process id, e.g. to read its peak memory from /proc. */
    public long pid() {
        return process.pid();
    }

    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** Waits until the actuator health endpoint answers 200. */
    ServiceProcess awaitHealthy() {
        await(name + " healthy (log: " + log + ")")
                .atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log);
                    }
                    try {
                        HttpRequest request = HttpRequest.newBuilder(baseUrl().resolve("/actuator/health"))
                                .build();
                        return HTTP.send(request, HttpResponse.BodyHandlers.discarding())
                                        .statusCode()
                                == 200;
                    } catch (IOException e) {
                        return false;
                    }
                });
        return this;
    }

    /**
     * Sends SIGTERM, as a container runtime does on stop, and waits up to {@code patience} for the exit;
     * answers how long the process took to exit.
     */
    Duration terminate(Duration patience) throws InterruptedException {
        long start = System.nanoTime();
        process.destroy();
        if (!process.waitFor(patience.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException(name + " did not exit within " + patience + " of SIGTERM; see " + log);
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** The process's log so far. */
    String log() throws IOException {
        return Files.readString(log);
    }

    /** Kills the process without letting it clean up, like {@code kill -9}. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
