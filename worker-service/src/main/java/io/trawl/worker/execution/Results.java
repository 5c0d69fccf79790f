package io.trawl.worker.execution;

import io.trawl.messages.MessageTypes;
import io.trawl.messages.TaskEventData;
import io.trawl.worker.events.EventPublisher;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the result events ({@code completed}, {@code no-data}) of one delivery's tasks go. A task that came alone
 * publishes its own at once. The tasks of a bundle gather theirs into one message ({@link
 * io.trawl.messages.EventBatch}), sent when the bundle ends, before it is acknowledged, or between two of its tasks
 * once the first result has waited {@link #LINGER}: a bundle of slower tasks still shows its progress about every
 * second. A {@code failed} event never waits here: it goes out with the retry or dead letter it reports.
 */
final class Results {

    /** How long a gathered result waits for the rest of its bundle at most: the console refreshes every 2 s. */
    static final Duration LINGER = Duration.ofSeconds(1);

    private final EventPublisher events;
    private final String jobId;
    private final String source;
    private final boolean gathered;
    private final List<TaskEventData> pending = new ArrayList<>();
    private long firstAt;

    private Results(EventPublisher events, String jobId, String source, boolean gathered) {
        this.events = events;
        this.jobId = jobId;
        this.source = source;
        this.gathered = gathered;
    }

    /** The results of a task that came alone: each published at once. */
    static Results alone(EventPublisher events, String jobId, String source) {
        return new Results(events, jobId, source, false);
    }

    /** The results of a bundle's tasks (one job, one source): gathered, sent by {@link #send()}. */
    static Results gathered(EventPublisher events, String jobId, String source) {
        return new Results(events, jobId, source, true);
    }

    /** Reports a task's result: published now, or gathered with the bundle's. */
    void report(TaskEventData data) {
        if (!gathered) {
            events.publish(jobId, source, data);
            return;
        }
        if (pending.isEmpty()) {
            firstAt = System.nanoTime();
        }
        pending.add(data);
        if (pending.size() == MessageTypes.MAX_BATCH) {
            send();
        }
    }

    /** Sends the gathered results if the first of them has waited {@link #LINGER}. */
    void sendIfDue() {
        if (!pending.isEmpty() && System.nanoTime() - firstAt >= LINGER.toNanos()) {
            send();
        }
    }

    /** Sends every gathered result in one confirmed message; returns once the broker has it. */
    void send() {
        if (pending.isEmpty()) {
            return;
        }
        events.publishAll(jobId, source, List.copyOf(pending));
        pending.clear();
    }
}
