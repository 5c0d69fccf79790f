package io.trawl.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.Yaml;

/** Files of the repository the deployment is described in. */
final class Repository {

    private Repository() {}

    static Path root() {
        return Path.of(System.getProperty("trawl.root", "..")).toAbsolutePath().normalize();
    }

    static Path file(String relative) {
        Path file = root().resolve(relative);
        if (!Files.exists(file)) {
            throw new IllegalStateException(relative + " does not exist");
        }
        return file;
    }

    static String read(String relative) {
        try {
            return Files.readString(file(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A YAML file's single document as maps and lists. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> yaml(String relative) {
        return (Map<String, Object>) new Yaml().load(read(relative));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object node, String key) {
        Object value = ((Map<String, Object>) node).get(key);
        return value == null ? Map.of() : (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object node, String key) {
        Object value = ((Map<String, Object>) node).get(key);
        return value == null ? List.of() : (List<Object>) value;
    }

    /** The configured source ids (keys of {@code trawl.sources} in trawl-common.yml). */
    static List<String> sources() {
        Map<String, Object> common = yaml("common-infra/src/main/resources/trawl-common.yml");
        return map(map(common, "trawl"), "sources").keySet().stream().sorted().toList();
    }
}
