package io.trawl.orchestrator.tracking;

import static io.trawl.orchestrator.planning.InputBounds.excerpt;

import io.trawl.infra.TrawlProperties;
import io.trawl.infra.control.JobControl;
import io.trawl.messages.Priority;
import io.trawl.messages.TaskEvent;
import io.trawl.messages.TaskEventData;
import io.trawl.orchestrator.planning.CollectionSpec;
import io.trawl.orchestrator.planning.PlannedTask;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
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
    /** How long the cancel switch of a job or task outlives the cancel: longer than any task stays queued. */
    private static final Duration CANCELLED_SWITCH_TTL = Duration.ofDays(7);

    private static final String TIMEOUT = "Timeout";

    private final RedisScript<String> applyEvent =
            RedisScript.of(new ClassPathResource("redis/apply-event.lua"), String.class);
    private final RedisScript<String> jobControl =
            RedisScript.of(new ClassPathResource("redis/job-control.lua"), String.class);
    private final RedisScript<Long> cancelTasks =
            RedisScript.of(new ClassPathResource("redis/cancel-tasks.lua"), Long.class);
    private final RedisScript<String> reviveTask =
            RedisScript.of(new ClassPathResource("redis/revive-task.lua"), String.class);

    public JobStore(StringRedisTemplate redis, TrawlProperties trawl) {
        this.redis = redis;
        this.prefix = trawl.topology().redisPrefix();
    }

    /**
     * Records a planned job with every task QUEUED; call before publishing its tasks. {@code traceId} is the
     * trace of the request that started it (null without one).
     */
    public void create(String jobId, CollectionSpec spec, List<PlannedTask> tasks, Instant createdAt, String traceId) {
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
        String counter =
                switch (target) {
                    case SUCCEEDED -> "succeeded";
                    case NO_DATA -> "noData";
                    case FAILED -> "failed";
                    case CANCELLED -> "cancelled";
                    default -> "";
                };
        String millis = Long.toString(event.time().toEpochMilli());
        List<String> args = new ArrayList<>(List.of(data.taskId(), target.name(), allowed, counter));
        switch (data) {
            case TaskEventData.Completed c -> {
                args.addAll(List.of(Long.toString(c.bytes()), Long.toString(c.rows()), millis, "", "0"));
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
                        millis));
            }
            case TaskEventData.Failed f -> {
                args.addAll(List.of(
                        "0",
                        "0",
                        millis,
                        f.taskId() + ": " + f.errorClass() + ": " + f.message(),
                        TIMEOUT.equals(f.errorClass()) ? "1" : "0"));
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
                        millis));
            }
            case TaskEventData.NoData n -> {
                args.addAll(List.of("0", "0", millis, n.symbol(), "0"));
                args.addAll(List.of(
                        "worker",
                        n.workerId(),
                        "noData",
                        n.reason(),
                        "durationMillis",
                        Long.toString(n.durationMillis()),
                        "endedAtMs",
                        millis));
            }
            case TaskEventData.Started s -> {
                args.addAll(List.of("0", "0", millis, "", "0"));
                args.addAll(List.of(
                        "worker", s.workerId(), "attempts", Integer.toString(s.attempt()), "startedAtMs", millis));
            }
            case TaskEventData.Progress p -> {
                args.addAll(List.of("0", "0", millis, "", "0"));
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
                        keys.failures(),
                        JobControl.jobKey(prefix, event.jobid())),
                args.toArray());
        return EventOutcome.parse(reply);
    }

    /** Pauses, resumes or cancels a job; answers its new state. */
    public JobState control(String jobId, JobCommand command, Instant at) {
        JobKeys keys = new JobKeys(prefix, jobId);
        String reply = redis.execute(
                jobControl,
                List.of(keys.job(), JobControl.jobKey(prefix, jobId)),
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
        JobKeys keys = new JobKeys(prefix, jobId);
        List<String> args = new ArrayList<>(taskIds.size() + 1);
        args.add(Long.toString(at.toEpochMilli()));
        args.addAll(taskIds);
        Long cancelled = redis.execute(cancelTasks, List.of(keys.tasks(), keys.job()), args.toArray());
        return cancelled == null ? 0 : cancelled;
    }

    /** Marks every task of the job that has not ended CANCELLED, a chunk per script call. */
    public long cancelAllTasks(String jobId, Instant at) {
        JobKeys keys = new JobKeys(prefix, jobId);
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
        redis.opsForValue().set(JobControl.taskKey(prefix, jobId, taskId), "CANCELLED", CANCELLED_SWITCH_TTL);
    }

    /** Puts a FAILED task back to QUEUED for a replay; answers whether it did. */
    public boolean revive(String jobId, String source, String taskId) {
        JobKeys keys = new JobKeys(prefix, jobId);
        String reply = redis.execute(
                reviveTask, List.of(keys.tasks(), keys.task(taskId), keys.job(), keys.source(source)), taskId);
        return "revived".equals(reply);
    }

    /** The job's state, if there is such a job. */
    public Optional<JobState> state(String jobId) {
        Object state = redis.opsForHash().get(new JobKeys(prefix, jobId).job(), "state");
        return Optional.ofNullable(state).map(s -> JobState.valueOf(s.toString()));
    }

    /** One task's state and details, if the job has such a task. */
    public Optional<Map<Object, Object>> task(String jobId, String taskId) {
        JobKeys keys = new JobKeys(prefix, jobId);
        Object state = redis.opsForHash().get(keys.tasks(), taskId);
        if (state == null) {
            return Optional.empty();
        }
        Map<Object, Object> detail = new LinkedHashMap<>(redis.opsForHash().entries(keys.task(taskId)));
        detail.put("state", state);
        return Optional.of(detail);
    }

    /** The job, if there is one. */
    public Optional<JobView> find(String jobId) {
        JobKeys keys = new JobKeys(prefix, jobId);
        Map<Object, Object> job = redis.opsForHash().entries(keys.job());
        if (job.isEmpty()) {
            return Optional.empty();
        }
        List<String> sources = List.of(text(job, "sources").split(","));
        long symbols = number(job, "symbols");
        List<SourceSummary> summaries = new ArrayList<>();
        for (String source : sources) {
            Map<Object, Object> s = redis.opsForHash().entries(keys.source(source));
            long first = number(s, "firstStartMs");
            long last = number(s, "lastEndMs");
            long total = number(s, "total");
            summaries.add(SourceSummary.of(
                    source,
                    new SourceSummary.Counts(
                            total,
                            number(s, "succeeded"),
                            number(s, "noData"),
                            number(s, "failed"),
                            number(s, "cancelled"),
                            number(s, "timedOut")),
                    number(s, "bytes"),
                    first > 0 && last >= first ? last - first : 0,
                    number(s, "timeoutMs"),
                    number(s, "noData") == 0
                            ? List.of()
                            : symbolsWithoutData(
                                    redis.opsForHash().entries(keys.source(source) + ":no-data"),
                                    symbols == 0 ? 0 : total / symbols)));
        }
        List<String> failures = redis.opsForList().range(keys.failures(), 0, 19);
        return Optional.of(JobViews.of(job, summaries, failures == null ? List.of() : failures));
    }

    /**
     * Symbols for which the source had no data for any of their {@code perSymbol} partitions: probably not a
     * symbol the source knows.
     */
    private static List<String> symbolsWithoutData(Map<Object, Object> noDataBySymbol, long perSymbol) {
        List<String> symbols = new ArrayList<>();
        noDataBySymbol.forEach((symbol, count) -> {
            if (perSymbol > 0 && Long.parseLong(count.toString()) >= perSymbol) {
                symbols.add(symbol.toString());
            }
        });
        symbols.sort(null);
        return symbols;
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
