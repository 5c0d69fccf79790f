package io.trawl.simulator;

/**
 * What the simulator saw of one source's clients.
 *
 * @param source source id
 * @param limit requests allowed per sliding second, 0 for none
 * @param requests archive and checksum requests received
 * @param violations requests that arrived with the sliding second already full (answered 429)
 * @param maxInAnySlidingSecond most requests seen within any one-second window
 * @param maxInFlight most requests being served at once
 */
public record SourceStats(
        String source, int limit, long requests, long violations, int maxInAnySlidingSecond, int maxInFlight) {

    String toJson() {
        return ("{\"source\":\"%s\",\"limit\":%d,\"requests\":%d,\"violations\":%d,"
                        + "\"maxInAnySlidingSecond\":%d,\"maxInFlight\":%d}")
                .formatted(source, limit, requests, violations, maxInAnySlidingSecond, maxInFlight);
    }
}
