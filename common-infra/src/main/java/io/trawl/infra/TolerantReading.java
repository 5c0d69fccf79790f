package io.trawl.infra;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads what other Trawl processes wrote (bus messages, task log lines) as a tolerant reader: fields a newer
 * producer added are skipped, whatever the service's mapper does with request bodies.
 */
public final class TolerantReading {

    private TolerantReading() {}

    public static ObjectReader of(JsonMapper json, Class<?> type) {
        return json.readerFor(type).without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }
}
