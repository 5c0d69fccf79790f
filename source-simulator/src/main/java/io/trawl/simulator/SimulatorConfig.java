package io.trawl.simulator;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * Knobs of the source simulator.
 *
 * @param port port to listen on, 0 for any free one
 * @param latency added to every archive and checksum response
 * @param errorRate share of requests answered 503 (0.0 to 1.0), drawn from a seeded generator
 * @param rateLimits per source id, requests allowed in any sliding second; over it the answer is 429
 * @param corruptSymbols symbols whose checksum sidecar does not match the archive
 * @param missingSymbols symbols answered 404
 * @param seed seed of the error draw
 */
public record SimulatorConfig(
        int port,
        Duration latency,
        double errorRate,
        Map<String, Integer> rateLimits,
        Set<String> corruptSymbols,
        Set<String> missingSymbols,
        long seed) {

    public SimulatorConfig {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535 but was " + port);
        }
        latency = latency == null ? Duration.ZERO : latency;
        if (latency.isNegative()) {
            throw new IllegalArgumentException("latency must not be negative but was " + latency);
        }
        if (errorRate < 0 || errorRate > 1) {
            throw new IllegalArgumentException("error-rate must be between 0 and 1 but was " + errorRate);
        }
        rateLimits = Map.copyOf(rateLimits == null ? Map.of() : rateLimits);
        rateLimits.forEach((source, limit) -> {
            if (limit < 1) {
                throw new IllegalArgumentException("rate limit of " + source + " must be >= 1 but was " + limit);
            }
        });
        corruptSymbols = Set.copyOf(corruptSymbols == null ? Set.of() : corruptSymbols);
        missingSymbols = Set.copyOf(missingSymbols == null ? Set.of() : missingSymbols);
    }

    /** Defaults: any port, no latency, no errors, no limits. */
    public static SimulatorConfig defaults() {
        return new SimulatorConfig(0, Duration.ZERO, 0, Map.of(), Set.of(), Set.of(), 42);
    }

    public SimulatorConfig withPort(int newPort) {
        return new SimulatorConfig(newPort, latency, errorRate, rateLimits, corruptSymbols, missingSymbols, seed);
    }

    public SimulatorConfig withLatency(Duration newLatency) {
        return new SimulatorConfig(port, newLatency, errorRate, rateLimits, corruptSymbols, missingSymbols, seed);
    }

    public SimulatorConfig withErrorRate(double newErrorRate) {
        return new SimulatorConfig(port, latency, newErrorRate, rateLimits, corruptSymbols, missingSymbols, seed);
    }

    public SimulatorConfig withRateLimits(Map<String, Integer> newLimits) {
        return new SimulatorConfig(port, latency, errorRate, newLimits, corruptSymbols, missingSymbols, seed);
    }

    public SimulatorConfig withCorruptSymbols(Set<String> symbols) {
        return new SimulatorConfig(port, latency, errorRate, rateLimits, symbols, missingSymbols, seed);
    }

    public SimulatorConfig withMissingSymbols(Set<String> symbols) {
        return new SimulatorConfig(port, latency, errorRate, rateLimits, corruptSymbols, symbols, seed);
    }
}
