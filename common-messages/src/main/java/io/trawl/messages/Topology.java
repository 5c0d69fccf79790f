package io.trawl.messages;

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
 * rejected tasks ─► {ns}.dead-letters (fanout) ─► {ns}.dead-letters
 * </pre>
 *
 * @param namespace prefix of every name, e.g. {@code trawl}
 */
public record Topology(String namespace) {

    /** Highest message priority; task queues are declared with {@code x-max-priority} set to it. */
    public static final int MAX_PRIORITY = 9;

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

    /** Topic exchange receiving every task event. */
    public String eventsExchange() {
        return namespace + ".events";
    }

    /** Routing key of an event: {@code task.<kind>.<source>}, so consumers can bind by kind or by source. */
    public static String eventRoutingKey(EventKind kind, String sourceId) {
        return "task." + kind.wireName() + "." + sourceId;
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

    /** Prefix of every Redis key, ending with a colon. */
    public String redisPrefix() {
        return namespace + ":";
    }
}
