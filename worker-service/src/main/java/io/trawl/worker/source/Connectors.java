package io.trawl.worker.source;

import io.trawl.infra.TrawlProperties;
import io.trawl.sources.SourceDefinition;
import io.trawl.sources.SourceType;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.springframework.stereotype.Component;

/**
 * Every connector and validator of this worker, by source kind and content type. Fails start-up naming any
 * configured source whose kind has no connector, so a worker never takes tasks it cannot run.
 */
@Component
public class Connectors {

    private final Map<SourceType, Connector> byKind = new EnumMap<>(SourceType.class);
    private final Map<String, Validator> byContentType = new HashMap<>();

    public Connectors(List<Connector> connectors, List<Validator> validators, TrawlProperties trawl) {
        for (Connector connector : connectors) {
            if (byKind.putIfAbsent(connector.kind(), connector) != null) {
                throw new IllegalStateException("two connectors fetch sources of kind " + connector.kind());
            }
        }
        validators.forEach(validator -> byContentType.put(validator.contentType(), validator));
        trawl.sources().forEach((id, source) -> {
            if (!byKind.containsKey(source.type())) {
                throw new IllegalStateException("source '" + id + "' is of kind " + source.type()
                        + ", which no connector of this worker fetches; it fetches "
                        + new TreeSet<>(byKind.keySet()));
            }
        });
    }

    /** The connector of {@code source}'s kind. */
    public Connector of(SourceDefinition source) {
        return byKind.get(source.type());
    }

    /** Validates {@code fetched} with the validator of its content type; throws when there is none. */
    public Validator validatorOf(Fetched fetched) {
        Validator validator = byContentType.get(fetched.contentType());
        if (validator == null) {
            throw new IllegalStateException("no validator reads " + fetched.contentType());
        }
        return validator;
    }
}
