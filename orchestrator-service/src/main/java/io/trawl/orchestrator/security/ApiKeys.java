package io.trawl.orchestrator.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Resolves a presented API key to its role. Keys are held as SHA-256 digests and every digest is compared in
 * constant time, so neither the keys' contents nor their lengths leak through response times.
 */
final class ApiKeys {

    private record Entry(byte[] digest, Role role) {}

    private final List<Entry> entries = new ArrayList<>();

    ApiKeys(SecurityProperties properties) {
        properties.operatorKeys().forEach(key -> entries.add(new Entry(digest(key.strip()), Role.OPERATOR)));
        properties.viewerKeys().forEach(key -> entries.add(new Entry(digest(key.strip()), Role.VIEWER)));
    }

    /** The role of {@code presented}, or empty if it is not a configured key. */
    Optional<Role> roleOf(String presented) {
        byte[] digest = digest(presented.strip());
        Role match = null;
        for (Entry entry : entries) {
            if (MessageDigest.isEqual(entry.digest(), digest)) {
                match = entry.role();
            }
        }
        return Optional.ofNullable(match);
    }

    private static byte[] digest(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
