package io.trawl.simulator;

/**
 * What the simulator saw of one source's clients.
 *
 * @param source source id
 * @param limit requests allowed per sliding second, 0 for none
 * @param requests archive and checksum requests received
 * @param violations requests that arrived with the sliding second already full
 * @param maxInAnySlidingSecond most requests seen within any one-second window
 * @param maxInFlight most requests being served at once
 * @param tooMany answers 429 (over a limit, or during a Retry-After period)
 * @param ignoredRetryAfter requests that arrived during a Retry-After period the client had been given
 * @param bans times the client was banned
 * @param bannedAnswers answers 418
 * @param maxWeightInMinute most weight used in one clock-aligned minute
 */
public record SourceStats(
        String source,
        int limit,
        long requests,
        long violations,
        int maxInAnySlidingSecond,
        int maxInFlight,
        long tooMany,
        long ignoredRetryAfter,
        long bans,
        long bannedAnswers,
        long maxWeightInMinute) {

    String toJson() {
        return ("{\"source\":\"%s\",\"limit\":%d,\"requests\":%d,\"violations\":%d,"
                        + "\"maxInAnySlidingSecond\":%d,\"maxInFlight\":%d,\"tooMany\":%d,\"ignoredRetryAfter\":%d,"
                        + "\"bans\":%d,\"bannedAnswers\":%d,\"maxWeightInMinute\":%d}")
                .formatted(
                        source,
                        limit,
                        requests,
                        violations,
                        maxInAnySlidingSecond,
                        maxInFlight,
                        tooMany,
                        ignoredRetryAfter,
                        bans,
                        bannedAnswers,
                        maxWeightInMinute);
    }
}
