package io.trawl.orchestrator.sources;

import io.trawl.infra.limits.SourceState;
import io.trawl.infra.limits.WindowUsage;
import io.trawl.sources.SourceLimits;
import java.util.List;

/**
 * A configured source, the limits in force and what the limiter knows of it now.
 *
 * @param id source id
 * @param type connector type
 * @param dataset dataset name
 * @param intervals intervals offered
 * @param limits limits in force (configured, or overridden through the API)
 * @param configured limits from the configuration
 * @param rates requests per second: configured, learned and effective
 * @param state active, paused, banned, cooling down; the learned share, 429s and bans received
 * @param usage how full each window of the limits in force is now, cluster-wide
 */
public record SourceView(
        String id,
        String type,
        String dataset,
        List<String> intervals,
        SourceLimits limits,
        SourceLimits configured,
        Rates rates,
        SourceState state,
        List<WindowUsage> usage) {

    /**
     * Requests per second, from the tightest window (with the request weight).
     *
     * @param configured what the limits in force allow
     * @param learned what the source turned out to accept (null while it never pushed back)
     * @param effective what Trawl sends at most: the smaller of the two, times the safety factor
     */
    public record Rates(double configured, Double learned, double effective) {

        static Rates of(SourceLimits limits, double learnedShare) {
            double configured = limits.requestsPerSecond() / limits.safetyFactor();
            return new Rates(
                    round(configured),
                    learnedShare < 1 ? round(configured * learnedShare) : null,
                    round(configured * limits.safetyFactor() * learnedShare));
        }

        private static double round(double rate) {
            return Math.round(rate * 100) / 100.0;
        }
    }
}
