package io.trawl.infra.limits;

import io.trawl.infra.TrawlProperties;
import io.trawl.sources.Counting;
import io.trawl.sources.RateWindow;
import io.trawl.sources.SourceLimits;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
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
                override.containsKey("safetyFactor")
                        ? Double.parseDouble(override.get("safetyFactor").toString())
                        : configured.safetyFactor(),
                integer(override, "concurrency", configured.concurrency()),
                override.containsKey("windows")
                        ? windows(override.get("windows").toString())
                        : configured.windows(),
                integer(override, "weight", configured.weight()),
                override.containsKey("counting")
                        ? Counting.valueOf(override.get("counting").toString())
                        : configured.counting(),
                override.containsKey("oneWayDelayMicros")
                        ? Duration.ofNanos(
                                Long.parseLong(override.get("oneWayDelayMicros").toString()) * 1000)
                        : configured.oneWayDelay());
    }

    /** Replaces the source's limits for the whole cluster. */
    public void set(String source, SourceLimits limits) {
        trawl.source(source);
        Map<String, String> fields = new HashMap<>();
        fields.put("cps", Integer.toString(limits.cps()));
        fields.put("burst", Integer.toString(limits.burst()));
        fields.put("safetyFactor", Double.toString(limits.safetyFactor()));
        fields.put("concurrency", Integer.toString(limits.concurrency()));
        fields.put("windows", windows(limits.windows()));
        fields.put("weight", Integer.toString(limits.weight()));
        fields.put("counting", limits.counting().name());
        fields.put("oneWayDelayMicros", Long.toString(limits.oneWayDelay().toNanos() / 1000));
        redis.opsForHash().putAll(key(source), fields);
    }

    /** Drops the override: the configured limits apply again. */
    public void reset(String source) {
        redis.delete(key(source));
    }

    private String key(String source) {
        return trawl.topology().redis().sourceLimits(source);
    }

    private static String windows(List<RateWindow> windows) {
        return windows.stream()
                .map(w -> w.limit() + "/" + w.period().toMillis() + "/" + (w.fixed() ? "fixed" : "sliding"))
                .collect(Collectors.joining(","));
    }

    private static List<RateWindow> windows(String encoded) {
        if (encoded.isEmpty()) {
            return List.of();
        }
        return Arrays.stream(encoded.split(","))
                .map(w -> w.split("/"))
                .map(p -> new RateWindow(
                        Long.parseLong(p[0]), Duration.ofMillis(Long.parseLong(p[1])), "fixed".equals(p[2])))
                .toList();
    }

    private static int integer(Map<Object, Object> hash, String field, int fallback) {
        Object value = hash.get(field);
        return value == null ? fallback : Integer.parseInt(value.toString());
    }
}
