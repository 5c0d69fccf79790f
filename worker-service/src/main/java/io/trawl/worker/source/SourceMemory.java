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
import org.springframework.data.redis.core.script.DefaultRedisScript;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * What connectors of sources polled again and again (feeds, files) remember per source and symbol, in Redis: the
 * validators a conditional GET sends back exactly as received ({@code etag}, {@code last-modified}), the sha256 of
 * the last stored content, and the ids of items already stored (the newest {@link #MOST_SEEN}, by when stored). A fetch <em>holds</em> what it would remember
 * with its spool file; it is recorded only when the object is stored ({@link #release}), so nothing is remembered
 * that was not stored. Holds of fetches that never got stored are forgotten after an hour.
 */
@Component
public class SourceMemory {

    private static final Duration HELD_FOR = Duration.ofHours(1);

    /**
     * Item ids kept per source and symbol, the newest by when they were stored: far more than any feed lists at
     * once (20 to a few hundred), so an item is never stored twice, and a feed polled for years stays bounded.
     */
    static final int MOST_SEEN = 10_000;

    /** A seen-set of the first release (a Redis set) becomes the sorted set kept now, in place. */
    private static final String UPGRADE = """
            if redis.call('TYPE', KEYS[1]).ok == 'set' then
              local ids = redis.call('SMEMBERS', KEYS[1])
              redis.call('DEL', KEYS[1])
              for i = 1, #ids, 1000 do
                local args = {}
                for j = i, math.min(i + 999, #ids) do
                  table.insert(args, 0)
                  table.insert(args, ids[j])
                end
                redis.call('ZADD', KEYS[1], unpack(args))
              end
            end
            """;

    private static final RedisScript<List> UNSEEN = new DefaultRedisScript<>(UPGRADE + """
            local unseen = {}
            local scores = redis.call('ZMSCORE', KEYS[1], unpack(ARGV))
            for i, score in ipairs(scores) do
              if not score then table.insert(unseen, ARGV[i]) end
            end
            return unseen""", List.class);

    private static final RedisScript<Long> SEEN = new DefaultRedisScript<>(UPGRADE + """
            local now = table.remove(ARGV, 1)
            local most = tonumber(table.remove(ARGV, 1))
            for i = 1, #ARGV, 1000 do
              local args = {'NX'}
              for j = i, math.min(i + 999, #ARGV) do
                table.insert(args, now)
                table.insert(args, ARGV[j])
              end
              redis.call('ZADD', KEYS[1], unpack(args))
            end
            redis.call('ZREMRANGEBYRANK', KEYS[1], 0, -(most + 1))
            return redis.call('ZCARD', KEYS[1])""", Long.class);

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
        @SuppressWarnings("unchecked")
        List<String> unseen = redis.execute(UNSEEN, List.of(keys.seen(source, symbol)), ids.toArray());
        java.util.Set<String> fresh = java.util.Set.copyOf(unseen);
        return ids.stream().filter(fresh::contains).toList();
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
            List<String> args = new ArrayList<>(memory.ids().size() + 2);
            args.add(Long.toString(clock.millis()));
            args.add(Integer.toString(MOST_SEEN));
            args.addAll(memory.ids());
            redis.execute(SEEN, List.of(keys.seen(memory.source(), memory.symbol())), args.toArray());
        }
        Map<String, String> fields = memory.fields().entrySet().stream()
                .filter(e -> e.getValue() != null)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        if (!fields.isEmpty()) {
            redis.opsForHash().putAll(keys.memory(memory.source(), memory.symbol()), fields);
        }
    }
}
