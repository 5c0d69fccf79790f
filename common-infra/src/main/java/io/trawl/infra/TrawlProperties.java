package io.trawl.infra;

import io.trawl.messages.CollectTask;
import io.trawl.messages.Topology;
import io.trawl.sources.SourceDefinition;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeMap;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings both services read under {@code trawl}.
 *
 * @param namespace prefix of every queue, exchange and Redis key; give each environment (and each test run)
 *     its own
 * @param sources the configured sources by id (see {@code trawl-common.yml})
 */
@Validated
@ConfigurationProperties("trawl")
public record TrawlProperties(
        @DefaultValue("trawl") @Pattern(regexp = "[a-z0-9][a-z0-9._-]{0,62}")
        String namespace,

        @NotEmpty Map<String, SourceDefinition> sources) {

    public TrawlProperties {
        sources = new TreeMap<>(sources == null ? Map.of() : sources);
        sources.keySet().forEach(id -> {
            if (!CollectTask.SOURCE_ID.matcher(id).matches()) {
                throw new IllegalArgumentException(
                        "trawl.sources key '" + id + "' must match " + CollectTask.SOURCE_ID);
            }
        });
        sources = Map.copyOf(sources);
    }

    /** Names of queues, exchanges and key prefixes for this namespace. */
    public Topology topology() {
        return new Topology(namespace);
    }

    /** The definition of a configured source. */
    public SourceDefinition source(String id) {
        SourceDefinition definition = sources.get(id);
        if (definition == null) {
            throw new NoSuchElementException(
                    "unknown source '" + id + "'; configured: " + new TreeMap<>(sources).keySet());
        }
        return definition;
    }
}
