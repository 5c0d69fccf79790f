package io.trawl.infra.limits;

import io.trawl.infra.TrawlProperties;
import io.trawl.messages.RedisKeys;

/**
 * The Redis keys of a source's limiter, in one place for the workers that charge them and the orchestrator
 * that shows and pauses them. Keys of one source share the hash tag {@code {<source>}}, so the limiter's
 * scripts work on Redis Cluster.
 */
public final class LimiterKeys {

    private final RedisKeys keys;

    public LimiterKeys(TrawlProperties trawl) {
        this.keys = trawl.topology().redis();
    }

    /** Requests sent and not yet past their arrival bound (or answer): zset member → deadline (µs). */
    public String inFlight(String source) {
        return keys.rate(source, "in-flight");
    }

    /** Slots reserved and not yet confirmed (nothing sent): zset member → slot + hold (µs). */
    public String reserved(String source) {
        return keys.rate(source, "reserved");
    }

    /** Requests past their arrival bound or answered: zset member → point (µs). */
    public String log(String source) {
        return keys.rate(source, "log");
    }

    /** Slots granted lately, to space requests (the burst window): zset member → slot (µs). */
    public String slots(String source) {
        return keys.rate(source, "slots");
    }

    /** Pauses, bans, learned ceiling and counters: hash. */
    public String state(String source) {
        return keys.rate(source, "state");
    }

    /** Charges per clock-aligned bucket of the fixed windows: hash. */
    public String fixed(String source) {
        return keys.rate(source, "fixed");
    }
}
