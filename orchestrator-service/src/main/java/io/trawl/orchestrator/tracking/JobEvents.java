package io.trawl.orchestrator.tracking;

import io.trawl.infra.TrawlProperties;
import io.trawl.messages.ErrorClass;
import io.trawl.messages.RedisKeys;
import io.trawl.messages.TaskEvent;
import io.trawl.messages.TaskEventData;
import io.trawl.messages.TaskState;
import io.trawl.orchestrator.redis.StateScripts;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.ReturnType;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * Applies the workers' events to jobs and tasks: one Lua script per event, so the transition, the counters, the
 * failure list and the job's end change together and a duplicate never double counts. A batch of events is one
 * round trip: their scripts pipelined, each still atomic on its own.
 */
@Component
public class JobEvents {

    private final RedisScript<String> applyEvent = StateScripts.load("redis/apply-event.lua", String.class);

    private final StringRedisTemplate redis;
    private final RedisKeys redisKeys;

    public JobEvents(StringRedisTemplate redis, TrawlProperties trawl) {
        this.redis = redis;
        this.redisKeys = trawl.topology().redis();
    }

    /** Applies a worker event idempotently. */
    public EventOutcome apply(TaskEvent event) {
        Call call = call(event);
        return EventOutcome.parse(
                redis.execute(applyEvent, call.keys(), call.args().toArray()));
    }

    /**
     * Applies the events in one pipeline, each by its own script as {@link #apply} does; answers their outcomes in
     * order. A Redis that lost its scripts (restarted, flushed) gets the script again and the batch once more.
     */
    public List<EventOutcome> applyAll(List<TaskEvent> events) {
        if (events.isEmpty()) {
            return List.of();
        }
        List<Call> calls = events.stream().map(this::call).toList();
        List<Object> replies;
        try {
            replies = pipeline(calls);
        } catch (DataAccessException e) {
            if (!String.valueOf(e.getMessage()).contains("NOSCRIPT")) {
                throw e;
            }
            byte[] script = applyEvent.getScriptAsString().getBytes(StandardCharsets.UTF_8);
            redis.execute((RedisCallback<String>)
                    connection -> connection.scriptingCommands().scriptLoad(script));
            replies = pipeline(calls);
        }
        return replies.stream().map(reply -> EventOutcome.parse((String) reply)).toList();
    }

    private List<Object> pipeline(List<Call> calls) {
        byte[] sha = applyEvent.getSha1().getBytes(StandardCharsets.UTF_8);
        return redis.executePipelined((RedisCallback<Object>) connection -> {
            for (Call call : calls) {
                byte[][] keysAndArgs = new byte[call.keys().size() + call.args().size()][];
                int i = 0;
                for (String key : call.keys()) {
                    keysAndArgs[i++] = key.getBytes(StandardCharsets.UTF_8);
                }
                for (String arg : call.args()) {
                    keysAndArgs[i++] = arg.getBytes(StandardCharsets.UTF_8);
                }
                connection
                        .scriptingCommands()
                        .evalSha(sha, ReturnType.VALUE, call.keys().size(), keysAndArgs);
            }
            return null;
        });
    }

    /** The keys and arguments of one event's script. */
    private record Call(List<String> keys, List<String> args) {}

    private Call call(TaskEvent event) {
        TaskEventData data = event.data();
        JobKeys keys = new JobKeys(redisKeys, event.jobid());
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
                        ErrorClass.TIMEOUT.equals(f.errorClass()) ? "1" : "0"));
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
        return new Call(
                List.of(
                        keys.tasks(),
                        keys.task(data.taskId()),
                        keys.job(),
                        keys.source(event.sourceid()),
                        keys.failures(),
                        redisKeys.jobControl(event.jobid()),
                        keys.results()),
                args);
    }
}
