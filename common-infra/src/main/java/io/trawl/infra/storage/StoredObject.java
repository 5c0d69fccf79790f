package io.trawl.infra.storage;

import java.util.Map;

/**
 * An object's key, size and user metadata (lower-case names without the {@code x-amz-meta-} prefix).
 *
 * @param key object key
 * @param size bytes
 * @param metadata user metadata, e.g. {@code sha256}, {@code rows}, {@code source}, {@code job-id}
 */
public record StoredObject(String key, long size, Map<String, String> metadata) {

    public StoredObject {
        metadata = Map.copyOf(metadata);
    }
}
