package io.trawl.worker.source;

import io.trawl.infra.TrawlProperties;
import io.trawl.messages.RedisKeys;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * What connectors of sources polled again and again (feeds, files) remember per source and symbol, in Redis: the
 * validators a conditional GET sends back exactly as received ({@code etag}, {@code last-modified}), the sha256 of
 * the last stored content, and the ids of items already stored. A fetch <em>holds</em> what it would remember
 * with its spool file; it is recorded only when the object is stored ({@link #release}), so nothing is remembered
 * that was not stored. Holds of fetches that never got stored are forgotten after an hour.
 */
@Component
public class SourceMemory {

    private static final Duration HELD_FOR = Duration.ofHours(1);

    private final StringRedisTemplate redis;
    private final RedisKeys keys;
    private final Clock clock;
    private final Map<Path, Held> held = new ConcurrentHashMap<>();

    public SourceMemory(StringRedisTemplate redis, TrawlProperties trawl, Clock clock) {
        this.redis = redis;
        this.keys = trawl.topology().redis();
        this.clock = clock;
    }

    /** What to record for a source's symbol: fields (nulls skipped) and item ids. */
    public record Memory(String source, String symbol, Map<String, String> fields, List<String> ids) {}

    private record Held(Memory memory, Instant at) {}

    /** The fields remembered for the symbol (empty when none). */
    public Map<String, String> fields(String source, String symbol) {
        return redis.<String, String>opsForHash().entries(keys.memory(source, symbol));
    }

    /** The conditional-GET headers for what is remembered ({@code If-None-Match}, {@code If-Modified-Since}). */
    public List<String> conditionalHeaders(Map<String, String> fields) {
        List<String> headers = new ArrayList<>();
        if (fields.get("etag") != null) {
            headers.addAll(List.of("If-None-Match", fields.get("etag")));
        }
        if (fields.get("last-modified") != null) {
            headers.addAll(List.of("If-Modified-Since", fields.get("last-modified")));
        }
        return headers;
    }

    /** Those of {@code ids} not stored before, in order. */
    public List<String> unseen(String source, String symbol, List<String> ids) {
        if (ids.isEmpty()) {
            return ids;
        }
        Map<Object, Boolean> seen = redis.opsForSet().isMember(keys.seen(source, symbol), ids.toArray());
        return ids.stream().filter(id -> !Boolean.TRUE.equals(seen.get(id))).toList();
    }

    /** Holds {@code memory} until the object spooled at {@code spool} is stored. */
    public void hold(Path spool, Memory memory) {
        Instant now = clock.instant();
        held.values().removeIf(h -> h.at().isBefore(now.minus(HELD_FOR)));
        held.put(spool, new Held(memory, now));
    }

    /** The object spooled at {@code spool} is stored: records what its fetch held. */
    public void release(Path spool) {
        Held done = held.remove(spool);
        if (done != null) {
            remember(done.memory());
        }
    }

    /** Records {@code memory} now (nothing was to be stored, e.g. every item was seen already). */
    public void remember(Memory memory) {
        if (!memory.ids().isEmpty()) {
            redis.opsForSet()
                    .add(
                            keys.seen(memory.source(), memory.symbol()),
                            memory.ids().toArray(String[]::new));
        }
        Map<String, String> fields = memory.fields().entrySet().stream()
                .filter(e -> e.getValue() != null)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        if (!fields.isEmpty()) {
            redis.opsForHash().putAll(keys.memory(memory.source(), memory.symbol()), fields);
        }
    }
}
