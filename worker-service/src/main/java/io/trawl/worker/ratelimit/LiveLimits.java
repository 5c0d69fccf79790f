package io.trawl.worker.ratelimit;

import io.trawl.infra.limits.SourceLimitsStore;
import io.trawl.sources.SourceLimits;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * The limits in force per source, as this worker sees them: read from Redis at most every half second, so a
 * change made through the API applies within a second without a Redis read on every request.
 */
@Component
public class LiveLimits {

    static final Duration REFRESH = Duration.ofMillis(500);

    private record Entry(SourceLimits limits, long readAt) {}

    private final SourceLimitsStore store;
    private final Map<String, Entry> cache = new ConcurrentHashMap<>();

    public LiveLimits(SourceLimitsStore store) {
        this.store = store;
    }

    /** The source's limits, at most {@link #REFRESH} old. */
    public SourceLimits current(String source) {
        long now = System.nanoTime();
        Entry entry = cache.get(source);
        if (entry == null || now - entry.readAt() > REFRESH.toNanos()) {
            entry = new Entry(store.current(source), now);
            cache.put(source, entry);
        }
        return entry.limits();
    }
}
