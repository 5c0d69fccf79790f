package io.trawl.orchestrator.tracking;

import io.trawl.infra.TrawlProperties;
import io.trawl.messages.JobState;
import io.trawl.messages.RedisKeys;
import io.trawl.orchestrator.planning.CollectionSpec;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * Writes a new job to Redis before any of its tasks is published: the job hash with O(1) counters and its totals,
 * and one summary hash per source, inside the transaction that makes the job dispatchable ({@code
 * BatchDispatcher#start}). Its tasks are recorded QUEUED batch by batch as they are dispatched (see
 * {@code BatchDispatcher}), so no event can arrive for an unknown task.
 */
@Component
public class JobRecorder {

    private final StringRedisTemplate redis;
    private final RedisKeys redisKeys;

    public JobRecorder(StringRedisTemplate redis, TrawlProperties trawl) {
        this.redis = redis;
        this.redisKeys = trawl.topology().redis();
    }

    /**
     * Records a job of {@code totals} tasks per source (what a full plan makes; an incremental job's total shrinks
     * as its batches leave out what is already collected). {@code traceId} is the trace of the request that
     * started it (null without one).
     */
    public void create(String jobId, CollectionSpec spec, Map<String, Long> totals, Instant createdAt, String traceId) {
        JobKeys keys = new JobKeys(redisKeys, jobId);
        long total = totals.values().stream().mapToLong(Long::longValue).sum();
        Map<String, String> job = new LinkedHashMap<>();
        job.put("id", jobId);
        job.put("state", JobState.QUEUED.name());
        job.put("priority", spec.priority().name());
        job.put("concurrency", Integer.toString(spec.concurrency()));
        job.put("timeframe", spec.interval());
        job.put("from", spec.months().from().toString());
        job.put("to", spec.months().to().toString());
        job.put("sources", String.join(",", spec.sources()));
        job.put("symbols", Integer.toString(spec.symbols().size()));
        job.put("total", Long.toString(total));
        job.put("toleratedFailures", Long.toString(spec.toleratedFailures(total)));
        job.put("toleratedRatio", Double.toString(spec.toleratedFailureRatio()));
        job.put("pauseAfterFailures", Integer.toString(spec.pauseAfterFailures()));
        job.put("mode", spec.mode());
        job.put("createdAtMs", Long.toString(createdAt.toEpochMilli()));
        job.put("units", Long.toString(spec.units()));
        job.put("cursor", "0");
        job.put("dispatched", "0");
        if (traceId != null) {
            job.put("traceId", traceId);
        }
        totals.forEach((source, count) -> redis.opsForHash()
                .putAll(
                        keys.source(source),
                        Map.of(
                                "total",
                                count.toString(),
                                "timeoutMs",
                                Long.toString(spec.timeoutOf(source).toMillis()))));
        redis.opsForHash().putAll(keys.job(), job);
        redis.opsForZSet().add(redisKeys.jobIndex(), jobId, createdAt.toEpochMilli());
    }

    /** Marks a job FAILED that could not be dispatched. */
    public void markUndispatchable(String jobId, String reason, Instant at) {
        JobKeys keys = new JobKeys(redisKeys, jobId);
        redis.opsForHash()
                .putAll(
                        keys.job(),
                        Map.of(
                                "state",
                                JobState.FAILED.name(),
                                "error",
                                reason,
                                "finishedAtMs",
                                Long.toString(at.toEpochMilli())));
    }
}
