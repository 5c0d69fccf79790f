package io.trawl.orchestrator.tracking;

import io.trawl.infra.TrawlProperties;
import io.trawl.messages.JobState;
import io.trawl.messages.RedisKeys;
import io.trawl.messages.TaskState;
import io.trawl.orchestrator.planning.CollectionSpec;
import io.trawl.orchestrator.planning.PlannedTask;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * Writes a planned job to Redis before its tasks are published: the job hash with O(1) counters, one summary hash
 * per source and the hash of task states, all QUEUED, so no event can arrive for an unknown task.
 */
@Component
public class JobRecorder {

    private static final int CHUNK = 1000;

    private final StringRedisTemplate redis;
    private final RedisKeys redisKeys;

    public JobRecorder(StringRedisTemplate redis, TrawlProperties trawl) {
        this.redis = redis;
        this.redisKeys = trawl.topology().redis();
    }

    /**
     * Records a planned job with every task QUEUED; call before publishing its tasks. {@code traceId} is the
     * trace of the request that started it (null without one).
     */
    public void create(String jobId, CollectionSpec spec, List<PlannedTask> tasks, Instant createdAt, String traceId) {
        JobKeys keys = new JobKeys(redisKeys, jobId);
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
        job.put("total", Integer.toString(tasks.size()));
        job.put("toleratedFailures", Long.toString(spec.toleratedFailures(tasks.size())));
        job.put("pauseAfterFailures", Integer.toString(spec.pauseAfterFailures()));
        job.put("mode", spec.mode());
        job.put("createdAtMs", Long.toString(createdAt.toEpochMilli()));
        if (traceId != null) {
            job.put("traceId", traceId);
        }
        Map<String, Long> perSource =
                tasks.stream().collect(Collectors.groupingBy(t -> t.task().source(), Collectors.counting()));
        for (int from = 0; from < tasks.size(); from += CHUNK) {
            Map<String, String> states = new HashMap<>();
            for (PlannedTask task : tasks.subList(from, Math.min(tasks.size(), from + CHUNK))) {
                states.put(task.task().taskId(), TaskState.QUEUED.name());
            }
            redis.opsForHash().putAll(keys.tasks(), states);
        }
        perSource.forEach((source, total) -> redis.opsForHash()
                .putAll(
                        keys.source(source),
                        Map.of(
                                "total",
                                total.toString(),
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
