package io.trawl.worker.control;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * The tasks running on this worker, each stoppable from outside: by its deadline (timeout) or by a cancel
 * order. Stopping interrupts the task's thread, which ends a blocked HTTP exchange, a body read, a limiter wait
 * or an S3 upload at once.
 */
@Component
public class RunningTasks implements AutoCloseable {

    /** Why a running task was stopped. */
    public enum StopReason {
        TIMEOUT,
        CANCELLED
    }

    /** How long a cancel order is remembered for tasks that start just after it arrived. */
    private static final long REMEMBER_NANOS = Duration.ofMinutes(1).toNanos();

    private final ConcurrentHashMap<String, RunningTask> running = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Long> recentlyCancelled = new ConcurrentHashMap<>();
    private final ScheduledExecutorService deadlines = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "task-deadlines");
        thread.setDaemon(true);
        return thread;
    });

    /** Registers the calling thread as running {@code taskId} until the handle is closed or the deadline passes. */
    public RunningTask start(String jobId, String taskId, Duration timeout) {
        RunningTask task = new RunningTask(jobId, taskId, Thread.currentThread());
        running.put(taskId, task);
        if (wasCancelled(jobId) || wasCancelled(taskId)) {
            task.stop(StopReason.CANCELLED);
        }
        task.deadline =
                deadlines.schedule(() -> task.stop(StopReason.TIMEOUT), timeout.toMillis(), TimeUnit.MILLISECONDS);
        return task;
    }

    /** Stops every task of the job running here; answers how many. */
    public int cancelJob(String jobId) {
        remember(jobId);
        int stopped = 0;
        for (RunningTask task : running.values()) {
            if (task.jobId.equals(jobId) && task.stop(StopReason.CANCELLED)) {
                stopped++;
            }
        }
        return stopped;
    }

    /** Stops the task if it runs here; answers whether it did. */
    public boolean cancelTask(String taskId) {
        remember(taskId);
        RunningTask task = running.get(taskId);
        return task != null && task.stop(StopReason.CANCELLED);
    }

    /**
     * Remembers a cancel order for a minute: a task that passed its switch check just before the order was
     * written, and registers just after the order arrived, is stopped as it starts.
     */
    private void remember(String id) {
        long now = System.nanoTime();
        recentlyCancelled.values().removeIf(until -> until - now < 0);
        recentlyCancelled.put(id, now + REMEMBER_NANOS);
    }

    private boolean wasCancelled(String id) {
        Long until = recentlyCancelled.get(id);
        return until != null && until - System.nanoTime() > 0;
    }

    /** Ids of the tasks running now. */
    public Collection<String> taskIds() {
        return List.copyOf(running.keySet());
    }

    @Override
    public void close() {
        deadlines.shutdownNow();
    }

    /** One running task; closing it ends its stoppable section and clears any interrupt it caused. */
    public final class RunningTask implements AutoCloseable {

        private final String jobId;
        private final String taskId;
        private final Thread thread;
        private ScheduledFuture<?> deadline;
        private StopReason reason;
        private boolean closed;

        private RunningTask(String jobId, String taskId, Thread thread) {
            this.jobId = jobId;
            this.taskId = taskId;
            this.thread = thread;
        }

        private synchronized boolean stop(StopReason why) {
            if (closed || reason != null) {
                return false;
            }
            reason = why;
            thread.interrupt();
            return true;
        }

        /** Why the task was stopped, or {@code null} if it was not. */
        public synchronized StopReason stopReason() {
            return reason;
        }

        @Override
        public synchronized void close() {
            closed = true;
            deadline.cancel(false);
            running.remove(taskId, this);
            if (reason != null) {
                Thread.interrupted();
            }
        }
    }
}
