package io.trawl.infra.workers;

import io.trawl.infra.TrawlProperties;
import io.trawl.messages.RedisKeys;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The workers of the cluster, in Redis: each writes its status every {@link #HEARTBEAT} into a hash that
 * expires after {@link #STALE_AFTER} (three heartbeats), and its id into an index set. A worker that stops
 * heartbeating (killed, partitioned) drops out of {@link #list()} within three heartbeats; Redis's own expiry
 * decides, so clocks of different machines do not matter. An operator's pause is a flag the worker reads
 * with every heartbeat.
 */
public class WorkerDirectory {

    /** How often a worker reports. */
    public static final Duration HEARTBEAT = Duration.ofSeconds(1);

    /** A worker not heard from for this long is gone. */
    public static final Duration STALE_AFTER = HEARTBEAT.multipliedBy(3);

    private final StringRedisTemplate redis;
    private final RedisKeys keys;

    public WorkerDirectory(StringRedisTemplate redis, TrawlProperties trawl) {
        this.redis = redis;
        this.keys = trawl.topology().redis();
    }

    /** Records a heartbeat. */
    public void heartbeat(WorkerStatus status) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("id", status.id());
        fields.put("host", status.host());
        fields.put("startedAtMs", Long.toString(status.startedAt().toEpochMilli()));
        fields.put("sources", String.join(",", status.sources()));
        fields.put("inFlight", String.join(",", status.inFlight()));
        fields.put("completed", Long.toString(status.completed()));
        fields.put("failed", Long.toString(status.failed()));
        fields.put("paused", Boolean.toString(status.paused()));
        fields.put("heartbeatAtMs", Long.toString(status.heartbeatAt().toEpochMilli()));
        String key = workerKey(status.id());
        redis.opsForHash().putAll(key, fields);
        redis.expire(key, STALE_AFTER);
        redis.opsForSet().add(indexKey(), status.id());
    }

    /** The live workers, by id; forgets those whose status expired. */
    public List<WorkerStatus> list() {
        Set<String> ids = redis.opsForSet().members(indexKey());
        List<WorkerStatus> workers = new ArrayList<>();
        if (ids != null) {
            for (String id : ids.stream().sorted().toList()) {
                find(id).ifPresentOrElse(workers::add, () -> redis.opsForSet().remove(indexKey(), id));
            }
        }
        return workers;
    }

    /** One live worker. */
    public Optional<WorkerStatus> find(String id) {
        Map<Object, Object> hash = redis.opsForHash().entries(workerKey(id));
        if (hash.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new WorkerStatus(
                text(hash, "id"),
                text(hash, "host"),
                Instant.ofEpochMilli(Long.parseLong(text(hash, "startedAtMs"))),
                split(text(hash, "sources")),
                split(text(hash, "inFlight")),
                Long.parseLong(text(hash, "completed")),
                Long.parseLong(text(hash, "failed")),
                Boolean.parseBoolean(text(hash, "paused")),
                Instant.ofEpochMilli(Long.parseLong(text(hash, "heartbeatAtMs")))));
    }

    /** Sets or clears an operator's pause of a worker; the worker applies it with its next heartbeat. */
    public void setPaused(String id, boolean paused) {
        if (paused) {
            redis.opsForValue().set(pausedKey(id), "1");
        } else {
            redis.delete(pausedKey(id));
        }
    }

    /** Whether an operator paused the worker. */
    public boolean pausedByOperator(String id) {
        return redis.hasKey(pausedKey(id));
    }

    private String indexKey() {
        return keys.workers();
    }

    private String workerKey(String id) {
        return keys.worker(id);
    }

    private String pausedKey(String id) {
        return workerKey(id) + ":paused";
    }

    private static String text(Map<Object, Object> hash, String field) {
        Object value = hash.get(field);
        return value == null ? "" : value.toString();
    }

    private static List<String> split(String joined) {
        return joined.isEmpty() ? List.of() : Arrays.asList(joined.split(","));
    }
}
