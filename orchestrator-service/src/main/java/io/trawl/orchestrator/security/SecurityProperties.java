package io.trawl.orchestrator.security;

import jakarta.validation.constraints.NotEmpty;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * API keys of the management endpoints ({@code trawl.security}). Several keys per role let a key be rotated
 * without downtime: add the new one, move the clients, remove the old one. Keys come from a secret (env
 * {@code TRAWL_SECURITY_OPERATORKEYS}, {@code TRAWL_SECURITY_VIEWERKEYS}, comma-separated), never from a file
 * in the repository.
 *
 * @param operatorKeys keys that may read and change (submit, pause, resume, cancel, replay, limits)
 * @param viewerKeys keys that may only read
 */
@Validated
@ConfigurationProperties("trawl.security")
public record SecurityProperties(
        @NotEmpty(message = "set at least one operator API key (env TRAWL_SECURITY_OPERATORKEYS)")
        List<String> operatorKeys,

        @DefaultValue List<String> viewerKeys) {

    /** Shortest key accepted: 16 characters, so a key cannot be guessed by trying. */
    static final int MIN_LENGTH = 16;

    public SecurityProperties {
        operatorKeys = operatorKeys == null ? List.of() : List.copyOf(operatorKeys);
        viewerKeys = viewerKeys == null ? List.of() : List.copyOf(viewerKeys);
        List<String> problems = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        check("operator-keys", operatorKeys, seen, problems);
        check("viewer-keys", viewerKeys, seen, problems);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("trawl.security: " + String.join("; ", problems));
        }
    }

    private static void check(String name, List<String> keys, Set<String> seen, List<String> problems) {
        for (int i = 0; i < keys.size(); i++) {
            String key = keys.get(i);
            if (key == null || key.strip().length() < MIN_LENGTH) {
                problems.add(name + "[" + i + "] is shorter than " + MIN_LENGTH + " characters");
            } else if (!seen.add(key.strip())) {
                problems.add(name + "[" + i + "] is listed twice (a key has one role)");
            }
        }
    }
}
