package io.trawl.simulator;

import java.time.Duration;
import java.time.YearMonth;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * How the simulated sources judge their clients beyond the per-second limit, as real exchanges do.
 *
 * @param banAfter a client that sends more than this many requests during a {@code Retry-After} period it was
 *     given is banned (every request then gets 418 with {@code Retry-After}); 0 never bans
 * @param retryAfter the {@code Retry-After} of a 429 for the per-second limit
 * @param banFor how long a ban lasts
 * @param minuteWeights per source id: weight allowed per clock-aligned minute (0 or absent: none); every
 *     answer of such a source carries {@code X-MBX-USED-WEIGHT-1M}
 * @param weights per source id: what one request costs in the minute budget; default 1
 * @param jitter every answer's latency is {@code latency} plus a uniform draw in [0, jitter]
 * @param listings per symbol: the first month it was listed; earlier months and days answer 404
 * @param publishingPolicy source ids whose answers state their per-second limit as the IETF draft does:
 *     {@code RateLimit-Policy: "second";q=<limit>;w=1}
 */
public record ServerRules(
        int banAfter,
        Duration retryAfter,
        Duration banFor,
        Map<String, Integer> minuteWeights,
        Map<String, Integer> weights,
        Duration jitter,
        Map<String, YearMonth> listings,
        Set<String> publishingPolicy) {

    /** Bans after 5 requests during Retry-After: 1 s, for 2 minutes; no weights, no jitter, every symbol always listed. */
    public static final ServerRules DEFAULT = new ServerRules(
            5, Duration.ofSeconds(1), Duration.ofMinutes(2), Map.of(), Map.of(), Duration.ZERO, Map.of(), Set.of());

    public ServerRules {
        if (banAfter < 0) {
            throw new IllegalArgumentException("ban-after must be >= 0 but was " + banAfter);
        }
        retryAfter = retryAfter == null ? Duration.ofSeconds(1) : retryAfter;
        banFor = banFor == null ? Duration.ofMinutes(2) : banFor;
        if (retryAfter.isNegative() || banFor.isNegative()) {
            throw new IllegalArgumentException("retry-after and ban-for must not be negative");
        }
        minuteWeights = Map.copyOf(minuteWeights == null ? Map.of() : minuteWeights);
        weights = Map.copyOf(weights == null ? Map.of() : weights);
        jitter = jitter == null ? Duration.ZERO : jitter;
        listings = Map.copyOf(listings == null ? Map.of() : listings);
        publishingPolicy = Set.copyOf(publishingPolicy == null ? Set.of() : publishingPolicy);
    }

    public ServerRules withBans(int after, Duration retry, Duration duration) {
        return new ServerRules(after, retry, duration, minuteWeights, weights, jitter, listings, publishingPolicy);
    }

    public ServerRules withMinuteWeight(String source, int perMinute, int weight) {
        return new ServerRules(
                banAfter,
                retryAfter,
                banFor,
                Map.of(source, perMinute),
                Map.of(source, weight),
                jitter,
                listings,
                publishingPolicy);
    }

    /** {@code source}'s answers also state its per-second limit ({@code RateLimit-Policy}). */
    public ServerRules withPublishedPolicy(String source) {
        Set<String> publishing = new HashSet<>(publishingPolicy);
        publishing.add(source);
        return new ServerRules(banAfter, retryAfter, banFor, minuteWeights, weights, jitter, listings, publishing);
    }

    public ServerRules withJitter(Duration newJitter) {
        return new ServerRules(
                banAfter, retryAfter, banFor, minuteWeights, weights, newJitter, listings, publishingPolicy);
    }

    public ServerRules withListings(Map<String, YearMonth> newListings) {
        return new ServerRules(
                banAfter, retryAfter, banFor, minuteWeights, weights, jitter, newListings, publishingPolicy);
    }
}
