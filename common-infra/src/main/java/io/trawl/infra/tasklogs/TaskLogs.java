package io.trawl.infra.tasklogs;

import io.trawl.infra.TolerantReading;
import io.trawl.infra.TrawlProperties;
import io.trawl.messages.RedisKeys;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

/**
 * The log lines of each task, from whichever worker ran it (every attempt), kept in Redis: the newest
 * {@link TaskLogSettings#maxLines()} per task, for {@link TaskLogSettings#keep()} after the last line, or
 * {@link TaskLogSettings#keepSucceeded()} once the task succeeded.
 */
public class TaskLogs {

    private final StringRedisTemplate redis;
    private final JsonMapper json;
    private final RedisKeys keys;
    private final TaskLogSettings settings;
    private final ObjectReader lineReader;

    public TaskLogs(StringRedisTemplate redis, TrawlProperties trawl, TaskLogSettings settings, JsonMapper json) {
        this.redis = redis;
        this.json = json;
        this.settings = settings;
        this.lineReader = TolerantReading.of(json, TaskLogLine.class);
        this.keys = trawl.topology().redis();
    }

    /** The lines kept per task. */
    public int maxLines() {
        return settings.maxLines();
    }

    /**
     * Appends lines to their tasks' logs, then shortens the keeping of the tasks that succeeded (after their
     * last lines), in one pipelined round trip. The lines of a task that succeeded in the same batch are kept
     * {@code keep-succeeded} at once (not written at all when that is {@code 0s}).
     */
    public void append(Map<String, List<TaskLogLine>> linesByTask, Set<String> succeeded) {
        if (linesByTask.isEmpty() && succeeded.isEmpty()) {
            return;
        }
        long keep = settings.keep().toSeconds();
        long keepSucceeded = settings.keepSucceeded().toSeconds();
        redis.executePipelined((RedisCallback<Object>) connection -> {
            linesByTask.forEach((taskId, lines) -> {
                boolean done = succeeded.contains(taskId);
                if (done && keepSucceeded == 0) {
                    return; // deleted below
                }
                byte[] key = key(taskId);
                connection
                        .listCommands()
                        .rPush(key, lines.stream().map(json::writeValueAsBytes).toArray(byte[][]::new));
                connection.listCommands().lTrim(key, -settings.maxLines(), -1);
                connection.keyCommands().expire(key, done ? keepSucceeded : keep);
            });
            succeeded.forEach(taskId -> {
                if (linesByTask.containsKey(taskId) && keepSucceeded > 0) {
                    return; // its keeping was set with its lines
                }
                if (keepSucceeded == 0) {
                    connection.keyCommands().del(key(taskId));
                } else {
                    connection.keyCommands().expire(key(taskId), keepSucceeded);
                }
            });
            return null;
        });
    }

    /** The task's lines, oldest first; empty if it has none (yet, or any more). */
    public List<TaskLogLine> read(String taskId) {
        List<String> lines = redis.opsForList().range(keys.taskLog(taskId), 0, -1);
        return lines == null
                ? List.of()
                : lines.stream()
                        .map(line -> lineReader.<TaskLogLine>readValue(line))
                        .toList();
    }

    private byte[] key(String taskId) {
        return keys.taskLog(taskId).getBytes(StandardCharsets.UTF_8);
    }
}
