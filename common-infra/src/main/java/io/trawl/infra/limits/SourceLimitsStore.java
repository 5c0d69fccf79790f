package io.trawl.infra.limits;

import io.trawl.infra.TrawlProperties;
import io.trawl.sources.SourceLimits;
import java.util.Map;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Live limits per source: the configured ones, overridden by what operators set through the API. Overrides
 * live in Redis ({@code <ns>:limits:{<source>}}), so one change reaches every worker without a restart.
 */
public class SourceLimitsStore {

    private final StringRedisTemplate redis;
    private final TrawlProperties trawl;

    public SourceLimitsStore(StringRedisTemplate redis, TrawlProperties trawl) {
        this.redis = redis;
        this.trawl = trawl;
    }

    /** The limits in force for a configured source. */
    public SourceLimits current(String source) {
        SourceLimits configured = trawl.source(source).limits();
        Map<Object, Object> override = redis.opsForHash().entries(key(source));
        if (override.isEmpty()) {
            return configured;
        }
        return new SourceLimits(
                integer(override, "cps", configured.cps()),
                integer(override, "burst", configured.burst()),
                decimal(override, "safetyFactor", configured.safetyFactor()),
                integer(override, "concurrency", configured.concurrency()));
    }

    /** Replaces the source's limits for the whole cluster. */
    public void set(String source, SourceLimits limits) {
        trawl.source(source);
        redis.opsForHash()
                .putAll(
                        key(source),
                        Map.of(
                                "cps", Integer.toString(limits.cps()),
                                "burst", Integer.toString(limits.burst()),
                                "safetyFactor", Double.toString(limits.safetyFactor()),
                                "concurrency", Integer.toString(limits.concurrency())));
    }

    /** Drops the override: the configured limits apply again. */
    public void reset(String source) {
        redis.delete(key(source));
    }

    private String key(String source) {
        return trawl.topology().redisPrefix() + "limits:{" + source + "}";
    }

    private static int integer(Map<Object, Object> hash, String field, int fallback) {
        Object value = hash.get(field);
        return value == null ? fallback : Integer.parseInt(value.toString());
    }

    private static double decimal(Map<Object, Object> hash, String field, double fallback) {
        Object value = hash.get(field);
        return value == null ? fallback : Double.parseDouble(value.toString());
    }
}
