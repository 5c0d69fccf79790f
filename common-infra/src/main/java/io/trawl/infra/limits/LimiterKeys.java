package io.trawl.infra.limits;

import io.trawl.infra.TrawlProperties;

/**
 * The Redis keys of a source's limiter, in one place for the workers that charge them and the orchestrator
 * that shows and pauses them. Keys of one source share the hash tag {@code {<source>}}, so the limiter's
 * scripts work on Redis Cluster.
 */
public final class LimiterKeys {

    private final String prefix;

    public LimiterKeys(TrawlProperties trawl) {
        this.prefix = trawl.topology().redisPrefix() + "rate:{";
    }

    /** Requests sent and not yet past their arrival bound (or answer): zset member → deadline (µs). */
    public String inFlight(String source) {
        return prefix + source + "}:in-flight";
    }

    /** Slots reserved and not yet confirmed (nothing sent): zset member → slot + hold (µs). */
    public String reserved(String source) {
        return prefix + source + "}:reserved";
    }

    /** Requests past their arrival bound or answered: zset member → point (µs). */
    public String log(String source) {
        return prefix + source + "}:log";
    }

    /** Slots granted lately, to space requests (the burst window): zset member → slot (µs). */
    public String slots(String source) {
        return prefix + source + "}:slots";
    }

    /** Pauses, bans, learned ceiling and counters: hash. */
    public String state(String source) {
        return prefix + source + "}:state";
    }

    /** Charges per clock-aligned bucket of the fixed windows: hash. */
    public String fixed(String source) {
        return prefix + source + "}:fixed";
    }
}
