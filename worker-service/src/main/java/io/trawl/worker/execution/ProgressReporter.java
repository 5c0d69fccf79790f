package io.trawl.worker.execution;

import io.trawl.messages.CollectTask;
import io.trawl.messages.TaskEventData;
import io.trawl.worker.events.EventPublisher;
import io.trawl.worker.source.ProgressListener;
import java.time.Duration;

/**
 * Turns download progress into {@code progress} events, at most one per interval per task (after the task's
 * {@code started}), and adds up the time the task waited for limits.
 */
final class ProgressReporter implements ProgressListener {

    private final EventPublisher events;
    private final String jobId;
    private final CollectTask task;
    private final long intervalNanos;
    private final StartedReport started;
    private long lastReport = System.nanoTime();
    private long waitedNanos;

    ProgressReporter(EventPublisher events, String jobId, CollectTask task, Duration interval, StartedReport started) {
        this.events = events;
        this.jobId = jobId;
        this.task = task;
        this.intervalNanos = interval.toNanos();
        this.started = started;
    }

    @Override
    public void waited(long nanos) {
        waitedNanos += nanos;
    }

    /** Time the task waited for limits so far. */
    long waitedMillis() {
        return waitedNanos / 1_000_000;
    }

    @Override
    public void onProgress(long bytes, long totalBytes) {
        long now = System.nanoTime();
        if (now - lastReport >= intervalNanos) {
            lastReport = now;
            started.now(); // a task reports its start before its progress
            events.publish(jobId, task.source(), new TaskEventData.Progress(task.taskId(), bytes, totalBytes));
        }
    }
}
