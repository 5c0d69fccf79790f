package io.trawl.messages;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Every exchange, queue and routing-key name of Trawl, derived from one namespace so that test runs,
 * environments and tenants can share a broker without colliding.
 *
 * <pre>
 * orchestrator ─► {ns}.tasks (direct, key = source) ─► {ns}.tasks.{source} (classic, x-max-priority)
 * workers ─► {ns}.events (topic, key = task.{kind}.{source}) ─► {ns}.orchestrator.events
 * set-aside tasks ─► {ns}.tasks.wait (direct) ─► {ns}.tasks.wait (TTL 1 s) ─► back to {ns}.tasks
 * retried tasks ─► {ns}.tasks.retry (headers, trawl-retry-delay) ─► {ns}.tasks.retry.{delay}ms (TTL) ─► back to {ns}.tasks
 * failed and poison tasks ─► {ns}.dead-letters (fanout) ─► {ns}.dead-letters
 * tasks of a paused job ─► {ns}.parked.{jobId} until it resumes
 * orchestrator ─► {ns}.control (fanout) ─► one exclusive queue per worker (cancel)
 * </pre>
 *
 * @param namespace prefix of every name, e.g. {@code trawl}
 */
public record Topology(String namespace) {

    /** Highest message priority; task queues are declared with {@code x-max-priority} set to it. */
    public static final int MAX_PRIORITY = 9;

    /**
     * The back-off steps, one delay queue each: a retry waits in the queue of the longest step not above its
     * jittered back-off (at least the first step).
     */
    public static final List<Long> RETRY_DELAYS_MILLIS =
            List.of(250L, 500L, 1_000L, 2_000L, 4_000L, 8_000L, 16_000L, 32_000L, 64_000L);

    private static final Pattern NAMESPACE = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");

    public Topology {
        Objects.requireNonNull(namespace, "namespace");
        if (!NAMESPACE.matcher(namespace).matches()) {
            throw new IllegalArgumentException("namespace must match " + NAMESPACE + " but was '" + namespace + "'");
        }
    }

    /** Direct exchange receiving every task; the routing key is the source id. */
    public String tasksExchange() {
        return namespace + ".tasks";
    }

    /** The priority queue holding one source's tasks. */
    public String taskQueue(String sourceId) {
        return namespace + ".tasks." + sourceId;
    }

    /**
     * Direct exchange (routing key = source id) for tasks set aside for a moment: its queue holds them for a
     * second, then dead-letters them back to {@link #tasksExchange()} with the same routing key.
     */
    public String taskWaitExchange() {
        return namespace + ".tasks.wait";
    }

    /** The queue behind {@link #taskWaitExchange()}. */
    public String taskWaitQueue() {
        return namespace + ".tasks.wait";
    }

    /**
     * Headers exchange of delayed retries: a task published with header {@link #RETRY_DELAY_HEADER} set to a
     * delay goes to that delay's queue, which dead-letters it back to {@link #tasksExchange()} under its
     * original routing key (the source id) when the queue's TTL ends.
     */
    public String retryExchange() {
        return namespace + ".tasks.retry";
    }

    /**
     * Header that selects a retry delay queue. Not {@code x-}-prefixed: RabbitMQ's headers exchange ignores
     * such headers when matching, which would send the retry to every delay queue.
     */
    public static final String RETRY_DELAY_HEADER = "trawl-retry-delay";

    /** The queue holding retries for {@code delayMillis}. */
    public String retryQueue(long delayMillis) {
        return namespace + ".tasks.retry." + delayMillis + "ms";
    }

    /** Direct exchange the workers park tasks through (each job's parked queue is bound by its own name). */
    public String parkedExchange() {
        return namespace + ".parked";
    }

    /** Durable queue holding the tasks of a paused job until it is resumed or cancelled. */
    public String parkedQueue(String jobId) {
        return namespace + ".parked." + jobId;
    }

    /** Fanout exchange of control messages (cancel) every worker listens to. */
    public String controlExchange() {
        return namespace + ".control";
    }

    /** Topic exchange receiving every task event. */
    public String eventsExchange() {
        return namespace + ".events";
    }

    /** Routing key of an event: {@code task.<kind>.<source>}, so consumers can bind by kind or by source. */
    public static String eventRoutingKey(EventKind kind, String sourceId) {
        return "task." + kind.wireName() + "." + sourceId;
    }

    /** Routing key of a batch of events ({@link EventBatch}): {@code task.batch.<source>}. */
    public static String eventBatchRoutingKey(String sourceId) {
        return "task.batch." + sourceId;
    }

    /** Binding pattern that matches every task event. */
    public static String allTaskEvents() {
        return "task.#";
    }

    /** The orchestrator's queue of task events. */
    public String orchestratorEventsQueue() {
        return namespace + ".orchestrator.events";
    }

    /** Fanout exchange that task queues dead-letter into. */
    public String deadLetterExchange() {
        return namespace + ".dead-letters";
    }

    /** The queue keeping dead-lettered tasks with the reason in their headers. */
    public String deadLetterQueue() {
        return namespace + ".dead-letters";
    }

    /** The namespace's Redis key names, every one starting with {@code <namespace>:}. */
    public RedisKeys redis() {
        return new RedisKeys(namespace + ":");
    }
}
