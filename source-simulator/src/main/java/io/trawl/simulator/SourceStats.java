package io.trawl.simulator;

/**
 * What the simulator saw of one source's clients.
 *
 * @param source source id
 * @param limit requests allowed per sliding second, 0 for none
 * @param requests archive and checksum requests received
 * @param violations requests that arrived with the sliding second already full (answered 429)
 * @param maxInAnySlidingSecond most requests seen within any one-second window
 */
public record SourceStats(String source, int limit, long requests, long violations, int maxInAnySlidingSecond) {

    String toJson() {
        return "{\"source\":\"%s\",\"limit\":%d,\"requests\":%d,\"violations\":%d,\"maxInAnySlidingSecond\":%d}"
                .formatted(source, limit, requests, violations, maxInAnySlidingSecond);
    }
}
