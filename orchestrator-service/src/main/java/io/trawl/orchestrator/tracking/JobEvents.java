package io.trawl.orchestrator.tracking;

import io.trawl.infra.TrawlProperties;
import io.trawl.messages.ErrorClass;
import io.trawl.messages.RedisKeys;
import io.trawl.messages.TaskEvent;
import io.trawl.messages.TaskEventData;
import io.trawl.messages.TaskState;
import io.trawl.orchestrator.redis.StateScripts;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * Applies the workers' events to jobs and tasks: one Lua script per event, so the transition, the counters, the
 * failure list and the job's end change together and a duplicate never double counts.
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
        String reply = redis.execute(
                applyEvent,
                List.of(
                        keys.tasks(),
                        keys.task(data.taskId()),
                        keys.job(),
                        keys.source(event.sourceid()),
                        keys.failures(),
                        redisKeys.jobControl(event.jobid()),
                        keys.results()),
                args.toArray());
        return EventOutcome.parse(reply);
    }
}
