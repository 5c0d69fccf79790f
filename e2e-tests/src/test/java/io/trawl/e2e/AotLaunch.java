package io.trawl.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Starts a service's jar the fast way: extracted ({@code -Djarmode=tools extract}, so that every class comes from
 * the class path) and with a JDK AOT cache (JEP 483/514) trained once per built jar by a run that exits when its
 * Spring context is refreshed, before any listener or web server starts. A start then takes about 3.5 s instead of
 * 8.5 s on its own, which is most of the e2e suite's set-up time. The cache lives beside the jar, keyed by the
 * jar's size and modification time; if extracting or training fails, services start from the plain jar and the
 * reason is printed.
 */
final class AotLaunch {

    private static final Map<Path, Prepared> PREPARED = new ConcurrentHashMap<>();

    private AotLaunch() {}

    /** What is run: the extracted jar and its cache, or the plain jar when no cache could be made. */
    private record Prepared(Path jar, Path cache) {}

    /** The command that starts {@code jar} with {@code jvmOptions}, training its cache first if needed. */
    static List<String> command(String java, Path jar, List<String> jvmOptions, Map<String, String> env) {
        Prepared prepared = PREPARED.computeIfAbsent(jar, key -> prepare(java, key, jvmOptions, env));
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(jvmOptions);
        if (prepared.cache() != null) {
            command.add("-XX:AOTCache=" + prepared.cache());
        }
        command.addAll(List.of("-jar", prepared.jar().toString()));
        return command;
    }

    /** Prepares several jars at once (one training JVM each, in parallel): what a system starts anyway. */
    static void prepare(String java, List<Path> jars, List<String> jvmOptions, Map<String, String> env) {
        jars.parallelStream().forEach(jar -> command(java, jar, jvmOptions, env));
    }

    private static Prepared prepare(String java, Path jar, List<String> jvmOptions, Map<String, String> env) {
        String name = jar.getFileName().toString();
        try {
            Path directory = jar.resolveSibling("aot")
                    .resolve(Files.size(jar) + "-"
                            + Files.getLastModifiedTime(jar).toMillis());
            Path extracted = directory.resolve(name);
            Path cache = directory.resolve(name.replaceFirst("\\.jar$", ".aot"));
            if (Files.isRegularFile(cache)) {
                return new Prepared(extracted, cache);
            }
            long started = System.nanoTime();
            run(
                    List.of(
                            java,
                            "-Djarmode=tools",
                            "-jar",
                            jar.toString(),
                            "extract",
                            "--force",
                            "--destination",
                            directory.toString()),
                    Map.of(),
                    directory.resolveSibling(name + ".extract.log"));
            List<String> training = new ArrayList<>(List.of(java));
            training.addAll(jvmOptions);
            training.addAll(List.of(
                    "-XX:AOTCacheOutput=" + cache, "-Dspring.context.exit=onRefresh", "-jar", extracted.toString()));
            run(training, env, directory.resolveSibling(name + ".training.log"));
            if (!Files.isRegularFile(cache)) {
                throw new IOException("the training run wrote no " + cache);
            }
            System.out.printf(
                    "AOT cache for %s trained in %.1f s: %s%n", name, (System.nanoTime() - started) / 1e9, cache);
            return new Prepared(extracted, cache);
        } catch (IOException | RuntimeException e) {
            System.out.printf("AOT cache for %s not made (%s): services start from the plain jar%n", name, e);
            return new Prepared(jar, null);
        }
    }

    private static void run(List<String> command, Map<String, String> env, Path log) throws IOException {
        Files.createDirectories(log.getParent());
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        Process process = builder.start();
        try {
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(command.getFirst() + " did not finish in 120 s; see " + log);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IOException("interrupted", e);
        }
        if (process.exitValue() != 0) {
            throw new IOException("exit " + process.exitValue() + "; see " + log);
        }
    }
}
