package io.trawl.infra.tasklogs;

import io.trawl.infra.TolerantReading;
import io.trawl.infra.TrawlProperties;
import io.trawl.messages.RedisKeys;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

/**
 * The log lines of each task, from whichever worker ran it (every attempt), kept in Redis: the newest
 * {@value #MAX_LINES} per task, for {@link #KEEP} after the last line.
 */
public class TaskLogs {

    /** Lines kept per task; older ones are dropped. */
    public static final int MAX_LINES = 200;

    /** How long a task's lines are kept after its last one. */
    public static final Duration KEEP = Duration.ofDays(7);

    private final StringRedisTemplate redis;
    private final JsonMapper json;
    private final RedisKeys keys;
    private final ObjectReader lineReader;

    public TaskLogs(StringRedisTemplate redis, TrawlProperties trawl, JsonMapper json) {
        this.redis = redis;
        this.json = json;
        this.lineReader = TolerantReading.of(json, TaskLogLine.class);
        this.keys = trawl.topology().redis();
    }

    /** Appends lines to their tasks' logs, in one pipelined round trip. */
    public void append(Map<String, List<TaskLogLine>> linesByTask) {
        if (linesByTask.isEmpty()) {
            return;
        }
        redis.executePipelined((RedisCallback<Object>) connection -> {
            linesByTask.forEach((taskId, lines) -> {
                byte[] key = key(taskId).getBytes(StandardCharsets.UTF_8);
                connection
                        .listCommands()
                        .rPush(key, lines.stream().map(json::writeValueAsBytes).toArray(byte[][]::new));
                connection.listCommands().lTrim(key, -MAX_LINES, -1);
                connection.keyCommands().expire(key, KEEP.toSeconds());
            });
            return null;
        });
    }

    /** The task's lines, oldest first; empty if it has none (yet, or any more). */
    public List<TaskLogLine> read(String taskId) {
        List<String> lines = redis.opsForList().range(key(taskId), 0, -1);
        return lines == null
                ? List.of()
                : lines.stream()
                        .map(line -> lineReader.<TaskLogLine>readValue(line))
                        .toList();
    }

    private String key(String taskId) {
        return keys.taskLog(taskId);
    }
}
