package io.trawl.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The environment variables a service reads: every configuration property it binds (from the Spring
 * configuration metadata of the service, of common-infra and of the Spring Boot modules it uses), every key
 * of its YAML files, and the placeholders those files use, each in the form Spring's relaxed binding maps an
 * environment variable to (upper case, {@code .} to {@code _}, {@code -} dropped). Map-valued properties
 * ({@code trawl.sources}) accept any key below them.
 */
final class ServiceSettings {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)");
    private static final Set<String> JVM = Set.of("JAVA_TOOL_OPTIONS", "JAVA_OPTS");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Set<String> names = new HashSet<>();
    private final Set<String> mapPrefixes = new HashSet<>();

    private ServiceSettings() {}

    /** What {@code module} (orchestrator-service or worker-service) reads. */
    static ServiceSettings of(String module) {
        ServiceSettings settings = new ServiceSettings();
        Path root = Repository.root();
        settings.metadata(root.resolve(module).resolve("target/classes/META-INF/spring-configuration-metadata.json"));
        settings.metadata(root.resolve("common-infra/target/classes/META-INF/spring-configuration-metadata.json"));
        try {
            for (URL url : Collections.list(ServiceSettings.class
                    .getClassLoader()
                    .getResources("META-INF/spring-configuration-metadata.json"))) {
                try (InputStream in = url.openStream()) {
                    settings.metadata(JSON.readTree(in));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        settings.yaml(root.resolve(module).resolve("src/main/resources/application.yml"));
        settings.yaml(root.resolve("common-infra/src/main/resources/trawl-common.yml"));
        return settings;
    }

    /** Whether the service reads the environment variable {@code name}. */
    boolean reads(String name) {
        return JVM.contains(name)
                || names.contains(name)
                || mapPrefixes.stream().anyMatch(prefix -> name.startsWith(prefix + "_"));
    }

    /** The names among {@code env} the service does not read. */
    List<String> unread(Iterable<String> env) {
        List<String> unread = new ArrayList<>();
        env.forEach(name -> {
            if (!reads(name)) {
                unread.add(name);
            }
        });
        return unread;
    }

    static String envName(String property) {
        return property.toUpperCase(Locale.ROOT).replace('.', '_').replace("-", "");
    }

    private void metadata(Path file) {
        if (!Files.exists(file)) {
            throw new IllegalStateException(file + " is missing: build the services first (mvn package)");
        }
        try (InputStream in = Files.newInputStream(file)) {
            metadata(JSON.readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void metadata(JsonNode metadata) {
        for (JsonNode property : metadata.path("properties")) {
            String env = envName(property.path("name").asString());
            names.add(env);
            if (property.path("type").asString("").startsWith("java.util.Map")) {
                mapPrefixes.add(env);
            }
        }
    }

    private void yaml(Path file) {
        try {
            String text = Files.readString(file);
            Matcher placeholders = PLACEHOLDER.matcher(text);
            while (placeholders.find()) {
                names.add(placeholders.group(1));
            }
            for (Object document : new Yaml().loadAll(text)) {
                flatten("", document);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void flatten(String prefix, Object node) {
        if (node instanceof Map<?, ?> map) {
            map.forEach((key, value) -> flatten(prefix.isEmpty() ? key.toString() : prefix + "." + key, value));
        } else if (!prefix.isEmpty()) {
            names.add(envName(prefix));
        }
    }
}
