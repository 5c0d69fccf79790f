package io.trawl.worker.execution;

import java.util.concurrent.ScheduledFuture;

/**
 * The {@code started} event of one attempt, sent at most once: when the attempt has run for
 * {@code trawl.worker.started-after}, or earlier when its first progress event is due ({@link #now}). An attempt
 * that ends before either reports only its end, whose event names the worker and the time it took. Closing it
 * before the attempt's last event keeps the order: a {@code started} being sent is confirmed first, and none is
 * sent after.
 */
final class StartedReport implements AutoCloseable {

    private final Runnable publish;
    private ScheduledFuture<?> timer;
    private boolean settled;

    StartedReport(Runnable publish) {
        this.publish = publish;
    }

    /** The timer that sends the event unless the report is settled before. */
    synchronized void timer(ScheduledFuture<?> timer) {
        this.timer = timer;
    }

    /** Sends the event now unless it was sent or the attempt ended. */
    synchronized void now() {
        if (!settled) {
            settled = true;
            stopTimer();
            publish.run();
        }
    }

    /** Whether the event was sent or will not be. */
    synchronized boolean settled() {
        return settled;
    }

    /** The attempt ends: no {@code started} after this; one being sent is confirmed before this returns. */
    @Override
    public synchronized void close() {
        settled = true;
        stopTimer();
    }

    private void stopTimer() {
        if (timer != null) {
            timer.cancel(false);
        }
    }
}
