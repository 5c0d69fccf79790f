package io.trawl.orchestrator.tracking;

import static io.trawl.orchestrator.planning.InputBounds.excerpt;

import io.trawl.infra.TrawlProperties;
import io.trawl.messages.JobState;
import io.trawl.messages.RedisKeys;
import io.trawl.messages.TaskState;
import io.trawl.orchestrator.redis.StateScripts;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * The operator's hold on jobs and tasks in Redis: pause, resume and cancel a job (its switch, read by workers
 * before each task), cancel tasks, revive a failed task for a replay.
 */
@Component
public class JobSwitches {

    private static final int CHUNK = 1000;

    /** How long the cancel switch of a job or task outlives the cancel: longer than any task stays queued. */
    private static final Duration CANCELLED_SWITCH_TTL = Duration.ofDays(7);

    private final RedisScript<String> jobControl = StateScripts.load("redis/job-control.lua", String.class);
    private final RedisScript<Long> cancelTasks = StateScripts.load("redis/cancel-tasks.lua", Long.class);
    private final RedisScript<String> reviveTask = StateScripts.load("redis/revive-task.lua", String.class);

    private final StringRedisTemplate redis;
    private final RedisKeys redisKeys;

    public JobSwitches(StringRedisTemplate redis, TrawlProperties trawl) {
        this.redis = redis;
        this.redisKeys = trawl.topology().redis();
    }

    /** Pauses, resumes or cancels a job; answers its new state. */
    public JobState control(String jobId, JobCommand command, Instant at) {
        JobKeys keys = new JobKeys(redisKeys, jobId);
        String reply = redis.execute(
                jobControl,
                List.of(keys.job(), redisKeys.jobControl(jobId)),
                command.name().toLowerCase(java.util.Locale.ROOT),
                Long.toString(at.toEpochMilli()),
                Long.toString(CANCELLED_SWITCH_TTL.toSeconds()));
        if ("unknown".equals(reply)) {
            throw new NoSuchElementException("no collection with id " + excerpt(jobId));
        }
        if (reply.startsWith("conflict:")) {
            throw new JobConflictException(jobId, command, JobState.valueOf(reply.substring("conflict:".length())));
        }
        return JobState.valueOf(reply.substring("ok:".length()));
    }
    /** Marks the given tasks of a job CANCELLED unless they ended; answers how many were cancelled. */
    public long cancelTasks(String jobId, List<String> taskIds, Instant at) {
        JobKeys keys = new JobKeys(redisKeys, jobId);
        List<String> args = new ArrayList<>(taskIds.size() + 1);
        args.add(Long.toString(at.toEpochMilli()));
        args.addAll(taskIds);
        Long cancelled = redis.execute(cancelTasks, List.of(keys.tasks(), keys.job()), args.toArray());
        return cancelled == null ? 0 : cancelled;
    }
    /** Marks every task of the job that has not ended CANCELLED, a chunk per script call. */
    public long cancelAllTasks(String jobId, Instant at) {
        JobKeys keys = new JobKeys(redisKeys, jobId);
        List<String> live = new ArrayList<>();
        ScanOptions all = ScanOptions.scanOptions().count(CHUNK).build();
        try (Cursor<Map.Entry<Object, Object>> cursor = redis.opsForHash().scan(keys.tasks(), all)) {
            cursor.forEachRemaining(e -> {
                if (!TaskState.valueOf((String) e.getValue()).terminal()) {
                    live.add((String) e.getKey());
                }
            });
        }
        long cancelled = 0;
        for (int from = 0; from < live.size(); from += CHUNK) {
            cancelled += cancelTasks(jobId, live.subList(from, Math.min(live.size(), from + CHUNK)), at);
        }
        return cancelled;
    }
    /** Sets a task's own cancel switch, which workers check before they start it. */
    public void markTaskCancelled(String jobId, String taskId) {
        redis.opsForValue().set(redisKeys.taskControl(jobId, taskId), TaskState.CANCELLED.name(), CANCELLED_SWITCH_TTL);
    }
    /** Puts a FAILED task back to QUEUED for a replay; answers whether it did. */
    public boolean revive(String jobId, String source, String taskId) {
        JobKeys keys = new JobKeys(redisKeys, jobId);
        String reply = redis.execute(
                reviveTask, List.of(keys.tasks(), keys.task(taskId), keys.job(), keys.source(source)), taskId);
        return "revived".equals(reply);
    }
}
