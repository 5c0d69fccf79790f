package io.trawl.orchestrator.dispatch;

import io.trawl.infra.TrawlProperties;
import io.trawl.messages.JobState;
import io.trawl.messages.RedisKeys;
import io.trawl.messages.TaskState;
import io.trawl.orchestrator.planning.PlannedTask;
import io.trawl.orchestrator.redis.StateScripts;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.data.redis.core.RedisOperations;
import org.springframework.data.redis.core.SessionCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** The Redis side of lazy dispatch: plans, the dispatching set, leases, cursors and batch records. */
@Component
class DispatchStore {

    private static final List<String> PROGRESS =
            List.of("state", "cursor", "pending", "units", "dispatched", "succeeded", "failed", "noData", "cancelled");

    private final RedisScript<Long> lease = StateScripts.load("redis/dispatch-lease.lua", Long.class);
    private final RedisScript<String> reserve = StateScripts.load("redis/reserve-batch.lua", String.class);
    private final RedisScript<Long> commit = StateScripts.load("redis/commit-batch.lua", Long.class);

    private final StringRedisTemplate redis;
    private final RedisKeys keys;
    private final JsonMapper json;

    DispatchStore(StringRedisTemplate redis, TrawlProperties trawl, JsonMapper json) {
        this.redis = redis;
        this.keys = trawl.topology().redis();
        this.json = json;
    }

    /**
     * In one transaction: {@code recordJob} (the job's own writes, through the same template), the job's plan, the
     * dispatch lease for {@code replica} and the job's place in the dispatching set. Either all of it is written or
     * none: a job is never recorded without what any replica needs to dispatch it.
     */
    void enlist(String jobId, JobPlan plan, String replica, Duration lease, Runnable recordJob) {
        String planText = json.writeValueAsString(plan);
        List<Object> results = redis.execute(new SessionCallback<>() {
            @Override
            @SuppressWarnings({"unchecked", "rawtypes"})
            public List<Object> execute(RedisOperations operations) {
                operations.multi();
                try {
                    recordJob.run();
                    redis.opsForValue().set(keys.jobPlan(jobId), planText);
                    redis.opsForValue().set(keys.jobDispatchLease(jobId), replica, lease);
                    redis.opsForSet().add(keys.dispatchingJobs(), jobId);
                } catch (RuntimeException e) {
                    operations.discard();
                    throw e;
                }
                return operations.exec();
            }
        });
        if (results == null || results.isEmpty()) {
            throw new IllegalStateException(
                    "job " + jobId + " could not be recorded: its Redis transaction was discarded");
        }
    }

    Optional<JobPlan> plan(String jobId) {
        String text = redis.opsForValue().get(keys.jobPlan(jobId));
        return text == null ? Optional.empty() : Optional.of(json.readValue(text, JobPlan.class));
    }

    /** Jobs with batches left to dispatch. */
    Set<String> dispatching() {
        Set<String> jobs = redis.opsForSet().members(keys.dispatchingJobs());
        return jobs == null ? Set.of() : jobs;
    }

    /** The job is fully dispatched (or ended): no replica looks at it again. */
    void doneDispatching(String jobId) {
        redis.opsForSet().remove(keys.dispatchingJobs(), jobId);
        redis.delete(keys.jobDispatchLease(jobId));
    }

    /** Takes or renews this replica's lease on dispatching the job; false while another replica holds it. */
    boolean lease(String jobId, String replica, Duration time) {
        Long held =
                redis.execute(lease, List.of(keys.jobDispatchLease(jobId)), replica, Long.toString(time.toMillis()));
        return held != null && held == 1;
    }

    DispatchState state(String jobId) {
        List<Object> values = redis.opsForHash().multiGet(keys.job(jobId), new ArrayList<>(PROGRESS));
        if (values.getFirst() == null) {
            return new DispatchState(null, 0, -1, 0, 0);
        }
        long done = number(values, 5) + number(values, 6) + number(values, 7) + number(values, 8);
        return new DispatchState(
                JobState.valueOf((String) values.getFirst()),
                number(values, 1),
                values.get(2) == null ? -1 : number(values, 2),
                number(values, 3),
                number(values, 4) - done);
    }

    /** Records a batch before it is published; answers the script's verdict (see reserve-batch.lua). */
    String reserve(String jobId, Batch batch, Instant at) {
        List<String> args = new ArrayList<>();
        args.add(Long.toString(batch.from()));
        args.add(Long.toString(batch.to()));
        args.add(Long.toString(at.toEpochMilli()));
        args.add(Integer.toString(batch.perSource().size()));
        batch.perSource().forEach((source, counts) -> {
            args.add(source);
            args.add(Long.toString(counts.dispatched()));
            args.add(Long.toString(counts.alreadyCollected()));
        });
        batch.tasks().forEach(t -> args.add(t.task().taskId()));
        return redis.execute(
                reserve, List.of(keys.job(jobId), keys.jobTasks(jobId), keys.jobControl(jobId)), args.toArray());
    }

    /** Moves the cursor past a published batch. */
    boolean commit(String jobId, long batchEnd) {
        Long moved = redis.execute(commit, List.of(keys.job(jobId)), Long.toString(batchEnd));
        return moved != null && moved == 1;
    }

    /** Those of {@code tasks} still QUEUED: what a batch published again must hold. */
    List<PlannedTask> stillQueued(String jobId, List<PlannedTask> tasks) {
        if (tasks.isEmpty()) {
            return tasks;
        }
        List<Object> states = redis.opsForHash()
                .multiGet(
                        keys.jobTasks(jobId),
                        tasks.stream().map(t -> (Object) t.task().taskId()).toList());
        List<PlannedTask> queued = new ArrayList<>();
        for (int i = 0; i < tasks.size(); i++) {
            if (TaskState.QUEUED.name().equals(states.get(i))) {
                queued.add(tasks.get(i));
            }
        }
        return queued;
    }

    private static long number(List<Object> values, int index) {
        Object value = values.get(index);
        return value == null ? 0 : Long.parseLong((String) value);
    }
}
