package io.trawl.simulator;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * Knobs of the source simulator.
 *
 * @param port port to listen on, 0 for any free one
 * @param latency added to every archive and checksum response
 * @param errorRate share of requests answered {@code errorStatus} (0.0 to 1.0), drawn from a seeded generator
 * @param errorStatus the status of injected errors: 503 (a push-back) by default, e.g. 500 for a plain
 *     transient failure
 * @param rateLimits per source id, requests allowed in any sliding second; over it the answer is 429
 * @param symbols faults of particular symbols
 * @param seed seed of the error draw
 * @param rules bans, Retry-After, minute weights, latency jitter and listing dates
 */
public record SimulatorConfig(
        int port,
        Duration latency,
        double errorRate,
        int errorStatus,
        Map<String, Integer> rateLimits,
        SymbolFaults symbols,
        long seed,
        ServerRules rules) {

    /**
     * Faults of particular symbols.
     *
     * @param corrupt checksum sidecar does not match the archive
     * @param missing answered 404
     * @param invalid archive (and its checksum) holds a row whose high is below its close
     * @param hanging never answered (the request is held open)
     * @param failFirst the first N requests for the symbol are answered 500
     */
    public record SymbolFaults(
            Set<String> corrupt,
            Set<String> missing,
            Set<String> invalid,
            Set<String> hanging,
            Map<String, Integer> failFirst) {

        public static final SymbolFaults NONE = new SymbolFaults(Set.of(), Set.of(), Set.of(), Set.of(), Map.of());

        public SymbolFaults {
            corrupt = Set.copyOf(corrupt);
            missing = Set.copyOf(missing);
            invalid = Set.copyOf(invalid);
            hanging = Set.copyOf(hanging);
            failFirst = Map.copyOf(failFirst);
        }
    }

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
        if (errorStatus < 400 || errorStatus > 599) {
            throw new IllegalArgumentException("error-status must be 400..599 but was " + errorStatus);
        }
        rateLimits = Map.copyOf(rateLimits == null ? Map.of() : rateLimits);
        rateLimits.forEach((source, limit) -> {
            if (limit < 1) {
                throw new IllegalArgumentException("rate limit of " + source + " must be >= 1 but was " + limit);
            }
        });
        symbols = symbols == null ? SymbolFaults.NONE : symbols;
        rules = rules == null ? ServerRules.DEFAULT : rules;
    }

    /** Defaults: any port, no latency, no errors, no limits. */
    public static SimulatorConfig defaults() {
        return new SimulatorConfig(0, Duration.ZERO, 0, 503, Map.of(), SymbolFaults.NONE, 42, ServerRules.DEFAULT);
    }

    public SimulatorConfig withPort(int newPort) {
        return new SimulatorConfig(newPort, latency, errorRate, errorStatus, rateLimits, symbols, seed, rules);
    }

    public SimulatorConfig withLatency(Duration newLatency) {
        return new SimulatorConfig(port, newLatency, errorRate, errorStatus, rateLimits, symbols, seed, rules);
    }

    public SimulatorConfig withErrorRate(double newErrorRate) {
        return new SimulatorConfig(port, latency, newErrorRate, errorStatus, rateLimits, symbols, seed, rules);
    }

    public SimulatorConfig withErrorStatus(int status) {
        return new SimulatorConfig(port, latency, errorRate, status, rateLimits, symbols, seed, rules);
    }

    public SimulatorConfig withRateLimits(Map<String, Integer> newLimits) {
        return new SimulatorConfig(port, latency, errorRate, errorStatus, newLimits, symbols, seed, rules);
    }

    public SimulatorConfig withSeed(long newSeed) {
        return new SimulatorConfig(port, latency, errorRate, errorStatus, rateLimits, symbols, newSeed, rules);
    }

    public SimulatorConfig withRules(ServerRules newRules) {
        return new SimulatorConfig(port, latency, errorRate, errorStatus, rateLimits, symbols, seed, newRules);
    }

    public SimulatorConfig withSymbolFaults(SymbolFaults faults) {
        return new SimulatorConfig(port, latency, errorRate, errorStatus, rateLimits, faults, seed, rules);
    }

    public SimulatorConfig withCorruptSymbols(Set<String> corrupt) {
        return withSymbolFaults(new SymbolFaults(
                corrupt, symbols.missing(), symbols.invalid(), symbols.hanging(), symbols.failFirst()));
    }

    public SimulatorConfig withMissingSymbols(Set<String> missing) {
        return withSymbolFaults(new SymbolFaults(
                symbols.corrupt(), missing, symbols.invalid(), symbols.hanging(), symbols.failFirst()));
    }

    public SimulatorConfig withInvalidSymbols(Set<String> invalid) {
        return withSymbolFaults(new SymbolFaults(
                symbols.corrupt(), symbols.missing(), invalid, symbols.hanging(), symbols.failFirst()));
    }

    public SimulatorConfig withHangingSymbols(Set<String> hanging) {
        return withSymbolFaults(new SymbolFaults(
                symbols.corrupt(), symbols.missing(), symbols.invalid(), hanging, symbols.failFirst()));
    }

    public SimulatorConfig withFailFirst(Map<String, Integer> failFirst) {
        return withSymbolFaults(new SymbolFaults(
                symbols.corrupt(), symbols.missing(), symbols.invalid(), symbols.hanging(), failFirst));
    }
}
