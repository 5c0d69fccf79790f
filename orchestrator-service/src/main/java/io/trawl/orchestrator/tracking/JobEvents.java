package io.trawl.orchestrator.tracking;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.trawl.infra.TrawlProperties;
import io.trawl.messages.ErrorClass;
import io.trawl.messages.RedisKeys;
import io.trawl.messages.TaskEvent;
import io.trawl.messages.TaskEventData;
import io.trawl.messages.TaskState;
import io.trawl.orchestrator.redis.StateScripts;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.data.redis.RedisSystemException;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * Applies the workers' events to jobs and tasks: one Lua script per event, so the transition, the counters, the
 * failure list and the job's end change together and a duplicate never double counts. A batch of events is one
 * round trip: their scripts pipelined, each still atomic on its own, each answered on its own.
 */
@Component
public class JobEvents {

    private static final Duration REPLY_TIMEOUT = Duration.ofSeconds(10);

    private final RedisScript<String> applyEvent = StateScripts.load("redis/apply-event.lua", String.class);

    private final StringRedisTemplate redis;
    private final RedisKeys redisKeys;

    public JobEvents(StringRedisTemplate redis, TrawlProperties trawl) {
        this.redis = redis;
        this.redisKeys = trawl.topology().redis();
    }

    /**
     * Applies the events in one pipeline, each by its own script; answers their outcomes in order. An event whose
     * script Redis refuses (an error reply) is {@link EventOutcome.Kind#REFUSED}, and the others of the batch still
     * count. A Redis that does not hold the script (started afresh, restarted, flushed) is given it, and the events
     * it refused for that reason run again. Throws when Redis cannot be reached.
     */
    public List<EventOutcome> applyAll(List<TaskEvent> events) {
        if (events.isEmpty()) {
            return List.of();
        }
        List<Call> calls = events.stream().map(this::call).toList();
        List<Object> replies = new ArrayList<>(pipeline(calls));
        List<Integer> unscripted = new ArrayList<>();
        for (int i = 0; i < replies.size(); i++) {
            if (replies.get(i) instanceof RedisNoScriptException) {
                unscripted.add(i);
            }
        }
        if (!unscripted.isEmpty()) {
            // a NOSCRIPT reply ran nothing: those events run again once Redis holds the script
            byte[] script = applyEvent.getScriptAsString().getBytes(StandardCharsets.UTF_8);
            redis.execute((RedisCallback<String>)
                    connection -> connection.scriptingCommands().scriptLoad(script));
            List<Object> again = pipeline(unscripted.stream().map(calls::get).toList());
            for (int i = 0; i < unscripted.size(); i++) {
                replies.set(unscripted.get(i), again.get(i));
            }
        }
        return replies.stream().map(JobEvents::outcome).toList();
    }

    private static EventOutcome outcome(Object reply) {
        if (reply instanceof RedisNoScriptException lostAgain) {
            // flushed again between the load and the second try: the batch waits and comes back
            throw new RedisSystemException("Redis lost the event script again", lostAgain);
        }
        if (reply instanceof Throwable error) {
            return EventOutcome.refused(String.valueOf(error.getMessage()));
        }
        return EventOutcome.parse((String) reply);
    }

    /**
     * One reply per call, in order: the script's answer, or the error Redis answered for it (a script that failed,
     * or NOSCRIPT). Sent as one pipeline on the shared connection (Lettuce's asynchronous commands: Spring's
     * pipeline reports only its first error, not which command it was). Throws when Redis cannot be reached or
     * answers an error that is not about the event (loading, busy, out of memory, read-only): the batch then waits.
     */
    @SuppressWarnings("unchecked")
    private List<Object> pipeline(List<Call> calls) {
        String sha = applyEvent.getSha1();
        return redis.execute((RedisCallback<List<Object>>) connection -> {
            RedisClusterAsyncCommands<byte[], byte[]> commands =
                    (RedisClusterAsyncCommands<byte[], byte[]>) connection.getNativeConnection();
            List<RedisFuture<byte[]>> futures = new ArrayList<>(calls.size());
            for (Call call : calls) {
                futures.add(commands.evalsha(sha, ScriptOutputType.VALUE, bytes(call.keys()), bytes(call.args())));
            }
            List<Object> replies = new ArrayList<>(calls.size());
            for (RedisFuture<byte[]> future : futures) {
                replies.add(reply(future));
            }
            return replies;
        });
    }

    private static Object reply(RedisFuture<byte[]> future) {
        try {
            return new String(future.get(REPLY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS), StandardCharsets.UTF_8);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RedisCommandExecutionException error
                    && (error instanceof RedisNoScriptException
                            || String.valueOf(error.getMessage()).startsWith("ERR"))) {
                return error;
            }
            throw new RedisSystemException(
                    "Redis did not apply an event: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new QueryTimeoutException("Redis did not answer an event's script in " + REPLY_TIMEOUT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RedisSystemException("interrupted while applying events", e);
        }
    }

    private static byte[][] bytes(List<String> values) {
        byte[][] bytes = new byte[values.size()][];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = values.get(i).getBytes(StandardCharsets.UTF_8);
        }
        return bytes;
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
