package io.trawl.orchestrator.tracking;

import io.trawl.infra.TrawlProperties;
import io.trawl.messages.Priority;
import io.trawl.messages.TaskEvent;
import io.trawl.messages.TaskEventData;
import io.trawl.orchestrator.planning.CollectionSpec;
import io.trawl.orchestrator.planning.PlannedTask;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * Jobs and task states in Redis: one hash per job with O(1) counters, one hash per source summary, one hash
 * of task states, one hash per task's details and a capped list of failures. Events are applied by one Lua
 * script, so transitions and counters change together and duplicates never double count.
 */
@Component
public class JobStore {

    private static final int CHUNK = 1000;

    private final StringRedisTemplate redis;
    private final String prefix;
    private final RedisScript<String> applyEvent =
            RedisScript.of(new ClassPathResource("redis/apply-event.lua"), String.class);

    public JobStore(StringRedisTemplate redis, TrawlProperties trawl) {
        this.redis = redis;
        this.prefix = trawl.topology().redisPrefix();
    }

    /** Records a planned job with every task QUEUED; call before publishing its tasks. */
    public void create(String jobId, CollectionSpec spec, List<PlannedTask> tasks, Instant createdAt) {
        JobKeys keys = new JobKeys(prefix, jobId);
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
        job.put("createdAtMs", Long.toString(createdAt.toEpochMilli()));
        Map<String, Long> perSource =
                tasks.stream().collect(Collectors.groupingBy(t -> t.task().source(), Collectors.counting()));
        for (int from = 0; from < tasks.size(); from += CHUNK) {
            Map<String, String> states = new HashMap<>();
            for (PlannedTask task : tasks.subList(from, Math.min(tasks.size(), from + CHUNK))) {
                states.put(task.task().taskId(), TaskState.QUEUED.name());
            }
            redis.opsForHash().putAll(keys.tasks(), states);
        }
        perSource.forEach((source, total) -> redis.opsForHash().put(keys.source(source), "total", total.toString()));
        redis.opsForHash().putAll(keys.job(), job);
        redis.opsForZSet().add(JobKeys.index(prefix), jobId, createdAt.toEpochMilli());
    }

    /** Marks a job FAILED that could not be dispatched. */
    public void markUndispatchable(String jobId, String reason, Instant at) {
        JobKeys keys = new JobKeys(prefix, jobId);
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

    /** Applies a worker event idempotently. */
    public EventOutcome apply(TaskEvent event) {
        TaskEventData data = event.data();
        JobKeys keys = new JobKeys(prefix, event.jobid());
        TaskState target = TaskStateMachine.target(data);
        String allowed =
                TaskStateMachine.allowedFrom(data).stream().map(Enum::name).collect(Collectors.joining(","));
        List<String> args = new ArrayList<>(List.of(
                data.taskId(),
                target.name(),
                allowed,
                target.terminal() ? "1" : "0",
                target == TaskState.SUCCEEDED ? "succeeded" : "failed"));
        long millis = event.time().toEpochMilli();
        switch (data) {
            case TaskEventData.Completed c -> {
                args.addAll(List.of(Long.toString(c.bytes()), Long.toString(c.rows()), Long.toString(millis), ""));
                args.addAll(List.of(
                        "worker",
                        c.workerId(),
                        "objectKey",
                        c.objectKey(),
                        "sha256",
                        c.sha256(),
                        "bytes",
                        Long.toString(c.bytes()),
                        "rows",
                        Long.toString(c.rows()),
                        "durationMillis",
                        Long.toString(c.durationMillis()),
                        "endedAtMs",
                        Long.toString(millis)));
            }
            case TaskEventData.Failed f -> {
                args.addAll(List.of(
                        "0", "0", Long.toString(millis), f.taskId() + ": " + f.errorClass() + ": " + f.message()));
                args.addAll(List.of(
                        "worker",
                        f.workerId(),
                        "errorClass",
                        f.errorClass(),
                        "error",
                        f.message(),
                        "attempts",
                        Integer.toString(f.attempt()),
                        "endedAtMs",
                        Long.toString(millis)));
            }
            case TaskEventData.Started s -> {
                args.addAll(List.of("0", "0", Long.toString(millis), ""));
                args.addAll(List.of(
                        "worker",
                        s.workerId(),
                        "attempts",
                        Integer.toString(s.attempt()),
                        "startedAtMs",
                        Long.toString(millis)));
            }
            case TaskEventData.Progress p -> {
                args.addAll(List.of("0", "0", Long.toString(millis), ""));
                args.addAll(List.of("bytesReceived", Long.toString(p.bytes())));
            }
        }
        String reply = redis.execute(
                applyEvent,
                List.of(
                        keys.tasks(),
                        keys.task(data.taskId()),
                        keys.job(),
                        keys.source(event.sourceid()),
                        keys.failures()),
                args.toArray());
        return EventOutcome.parse(reply);
    }

    /** The job, if there is one. */
    public Optional<JobView> find(String jobId) {
        JobKeys keys = new JobKeys(prefix, jobId);
        Map<Object, Object> job = redis.opsForHash().entries(keys.job());
        if (job.isEmpty()) {
            return Optional.empty();
        }
        List<String> sources = List.of(text(job, "sources").split(","));
        List<SourceSummary> summaries = new ArrayList<>();
        for (String source : sources) {
            Map<Object, Object> s = redis.opsForHash().entries(keys.source(source));
            long first = number(s, "firstStartMs");
            long last = number(s, "lastEndMs");
            summaries.add(SourceSummary.of(
                    source,
                    number(s, "total"),
                    number(s, "succeeded"),
                    number(s, "failed"),
                    number(s, "bytes"),
                    first > 0 && last >= first ? last - first : 0));
        }
        List<String> failures = redis.opsForList().range(keys.failures(), 0, 19);
        return Optional.of(JobViews.of(job, summaries, failures == null ? List.of() : failures));
    }

    /** The most recent jobs, newest first. */
    public List<JobView> recent(int count) {
        var ids = redis.opsForZSet().reverseRange(JobKeys.index(prefix), 0, count - 1);
        return ids == null
                ? List.of()
                : ids.stream().map(this::find).flatMap(Optional::stream).toList();
    }

    /** What the workers reported storing for each succeeded task of the job. */
    public List<StoredResult> storedResults(String jobId) {
        JobKeys keys = new JobKeys(prefix, jobId);
        List<String> succeeded = new ArrayList<>();
        ScanOptions all = ScanOptions.scanOptions().count(1000).build();
        try (Cursor<Map.Entry<Object, Object>> cursor = redis.opsForHash().scan(keys.tasks(), all)) {
            cursor.forEachRemaining(e -> {
                if (TaskState.SUCCEEDED.name().equals(e.getValue())) {
                    succeeded.add((String) e.getKey());
                }
            });
        }
        List<StoredResult> results = new ArrayList<>(succeeded.size());
        for (String taskId : succeeded) {
            List<Object> fields = redis.opsForHash().multiGet(keys.task(taskId), List.of("objectKey", "sha256"));
            results.add(new StoredResult(taskId, (String) fields.get(0), (String) fields.get(1)));
        }
        return results;
    }

    static String text(Map<Object, Object> hash, String field) {
        Object value = hash.get(field);
        return value == null ? null : value.toString();
    }

    static long number(Map<Object, Object> hash, String field) {
        Object value = hash.get(field);
        return value == null ? 0 : Long.parseLong(value.toString());
    }

    static Priority priority(Map<Object, Object> hash) {
        return Priority.valueOf(text(hash, "priority"));
    }
}
