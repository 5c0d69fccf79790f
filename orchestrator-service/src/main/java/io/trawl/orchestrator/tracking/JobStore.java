package io.trawl.orchestrator.tracking;

import io.trawl.infra.TrawlProperties;
import io.trawl.messages.JobState;
import io.trawl.messages.Priority;
import io.trawl.messages.RedisKeys;
import io.trawl.messages.TaskState;
import io.trawl.sources.SourceDefinition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * Reads jobs and task states from Redis: a job in O(sources), the recent jobs, one task's details, the results a
 * job stored. Written by {@link JobRecorder} (plans), {@link JobEvents} (workers' events) and {@link JobSwitches}
 * (operators' commands).
 */
@Component
public class JobStore {

    private final StringRedisTemplate redis;
    private final RedisKeys redisKeys;
    private final TrawlProperties trawl;

    public JobStore(StringRedisTemplate redis, TrawlProperties trawl) {
        this.redis = redis;
        this.redisKeys = trawl.topology().redis();
        this.trawl = trawl;
    }

    /** The job's state, if there is such a job. */
    public Optional<JobState> state(String jobId) {
        Object state = redis.opsForHash().get(new JobKeys(redisKeys, jobId).job(), "state");
        return Optional.ofNullable(state).map(s -> JobState.valueOf(s.toString()));
    }
    /** One task's state and details, if the job has such a task. */
    public Optional<Map<Object, Object>> task(String jobId, String taskId) {
        JobKeys keys = new JobKeys(redisKeys, jobId);
        Object result = redis.opsForHash().get(keys.results(), taskId);
        Object state =
                result != null ? TaskState.SUCCEEDED.name() : redis.opsForHash().get(keys.tasks(), taskId);
        if (state == null) {
            return Optional.empty();
        }
        Map<Object, Object> detail = new LinkedHashMap<>(redis.opsForHash().entries(keys.task(taskId)));
        detail.put("state", state);
        if (result != null) {
            String[] keyAndSha = result.toString().split(" ", 2);
            detail.put("objectKey", keyAndSha[0]);
            detail.put("sha256", keyAndSha[1]);
        }
        return Optional.of(detail);
    }
    /** The job, if there is one. */
    public Optional<JobView> find(String jobId) {
        JobKeys keys = new JobKeys(redisKeys, jobId);
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
                    number(s, "rows"),
                    unit(source),
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
    /** What the summary of {@code source} counts, by its kind (files when it is no longer configured). */
    private SourceSummary.Unit unit(String source) {
        SourceDefinition definition = trawl.sources().get(source);
        return definition == null
                ? SourceSummary.Unit.FILES
                : new SourceSummary.Unit(definition.unit(), definition.countsRows());
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
    /**
     * The ids of the tasks that failed in the {@code jobs} newest jobs. Cheap: a job's task states hold only its
     * tasks that did not succeed.
     */
    public List<String> recentFailedTasks(int jobs) {
        var ids = redis.opsForZSet().reverseRange(redisKeys.jobIndex(), 0, jobs - 1);
        List<String> failed = new ArrayList<>();
        ScanOptions all = ScanOptions.scanOptions().count(1000).build();
        for (String jobId : ids == null ? java.util.Set.<String>of() : ids) {
            try (Cursor<Map.Entry<Object, Object>> cursor =
                    redis.opsForHash().scan(new JobKeys(redisKeys, jobId).tasks(), all)) {
                cursor.forEachRemaining(e -> {
                    if (TaskState.FAILED.name().equals(e.getValue())) {
                        failed.add((String) e.getKey());
                    }
                });
            }
        }
        return failed;
    }

    /** The most recent jobs, newest first. */
    public List<JobView> recent(int count) {
        var ids = redis.opsForZSet().reverseRange(redisKeys.jobIndex(), 0, count - 1);
        return ids == null
                ? List.of()
                : ids.stream().map(this::find).flatMap(Optional::stream).toList();
    }
    /**
     * What the workers reported storing for each succeeded task of the job: its results hash, and for a job
     * recorded before results were kept apart, its SUCCEEDED task states with their details.
     */
    public List<StoredResult> storedResults(String jobId) {
        JobKeys keys = new JobKeys(redisKeys, jobId);
        List<StoredResult> results = new ArrayList<>();
        ScanOptions all = ScanOptions.scanOptions().count(1000).build();
        try (Cursor<Map.Entry<Object, Object>> cursor = redis.opsForHash().scan(keys.results(), all)) {
            cursor.forEachRemaining(e -> {
                String[] keyAndSha = e.getValue().toString().split(" ", 2);
                results.add(new StoredResult((String) e.getKey(), keyAndSha[0], keyAndSha[1]));
            });
        }
        java.util.Set<String> kept =
                results.stream().map(StoredResult::taskId).collect(java.util.stream.Collectors.toSet());
        List<String> older = new ArrayList<>();
        try (Cursor<Map.Entry<Object, Object>> cursor = redis.opsForHash().scan(keys.tasks(), all)) {
            cursor.forEachRemaining(e -> {
                if (TaskState.SUCCEEDED.name().equals(e.getValue()) && !kept.contains((String) e.getKey())) {
                    older.add((String) e.getKey());
                }
            });
        }
        for (String taskId : older) {
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
