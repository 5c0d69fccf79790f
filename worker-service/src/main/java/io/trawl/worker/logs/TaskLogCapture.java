package io.trawl.worker.logs;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.AppenderBase;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.trawl.infra.tasklogs.TaskLogLine;
import io.trawl.infra.tasklogs.TaskLogs;
import io.trawl.worker.WorkerProperties;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;
import org.slf4j.MarkerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Copies every log line written while a task runs (the MDC holds its {@code taskId}) to that task's log in
 * Redis, so {@code GET /tasks/{id}/logs} shows it whichever worker ran it. Logging never waits for Redis: lines
 * go through a bounded queue to one writer thread that ships them in pipelined batches (gathered for up to 100 ms); when the queue is
 * full a line is dropped and counted ({@code trawl.task.logs.dropped}). Stops after the task consumers, so the
 * lines of tasks finishing during shutdown are shipped. The line that reports a task's success carries
 * {@link #TASK_SUCCEEDED}: after it, that task's lines are kept only {@code trawl.task-logs.keep-succeeded}.
 */
@Component
public class TaskLogCapture implements SmartLifecycle {

    /** Marks the line that reports a task's success (its last). */
    public static final Marker TASK_SUCCEEDED = MarkerFactory.getMarker("TASK_SUCCEEDED");

    private static final int CAPACITY = 10_000;
    private static final int BATCH = 500;

    /** How long the writer waits after a line for more before shipping (a task's lines are seconds old at most). */
    static final Duration LINGER = Duration.ofMillis(100);

    private final TaskLogs logs;
    private final String workerId;
    private final BlockingQueue<Pending> queue = new ArrayBlockingQueue<>(CAPACITY);
    private final Counter dropped;
    private final Appender appender = new Appender();
    private volatile Thread writer;

    /** A line of a task, or (no line) the mark that the task succeeded. */
    private record Pending(String taskId, TaskLogLine line) {}

    public TaskLogCapture(TaskLogs logs, WorkerProperties worker, MeterRegistry meters) {
        this.logs = logs;
        this.workerId = worker.id();
        this.dropped = Counter.builder("trawl.task.logs.dropped")
                .description("Task log lines not shipped to Redis because the queue was full")
                .register(meters);
    }

    /** Receives every logging event of the process; keeps those written for a task. */
    private final class Appender extends AppenderBase<ILoggingEvent> {

        @Override
        protected void append(ILoggingEvent event) {
            capture(event);
        }
    }

    private void capture(ILoggingEvent event) {
        String taskId = event.getMDCPropertyMap().get("taskId");
        if (taskId == null) {
            return;
        }
        TaskLogLine line = new TaskLogLine(
                Instant.ofEpochMilli(event.getTimeStamp()),
                event.getLevel().toString(),
                workerId,
                simpleName(event.getLoggerName()),
                message(event),
                event.getMDCPropertyMap().get("traceId"));
        if (!queue.offer(new Pending(taskId, line))) {
            dropped.increment();
        }
        if (event.getMarkerList() != null && event.getMarkerList().contains(TASK_SUCCEEDED)) {
            queue.offer(new Pending(taskId, null)); // if full, its lines are kept the longer time
        }
    }

    @Override
    public void start() {
        appender.setName("trawl-task-logs");
        appender.setContext(context());
        appender.start();
        writer = Thread.ofPlatform().daemon().name("task-log-writer").start(this::ship);
        context().getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).addAppender(appender);
    }

    @Override
    public void stop() {
        context().getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).detachAppender(appender);
        appender.stop();
        Thread running = writer;
        if (running != null) {
            running.interrupt();
            try {
                running.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return appender.isStarted();
    }

    /** Starts before and stops after the task consumers (default phase). */
    @Override
    public int getPhase() {
        return DEFAULT_PHASE - 1000;
    }

    /**
     * Ships the queued lines: once a line arrives, waits {@link #LINGER} for the lines that follow it (a quick
     * task writes its two lines milliseconds apart, and tasks end in streams) unless a batch is already queued, so
     * that one pipelined round trip carries the lines of many tasks instead of one line each.
     */
    private void ship() {
        List<Pending> batch = new ArrayList<>(BATCH);
        boolean stopping = false;
        while (!stopping || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first != null) {
                    batch.add(first);
                    if (!stopping && queue.size() < BATCH) {
                        Thread.sleep(LINGER);
                    }
                }
            } catch (InterruptedException e) {
                stopping = true; // ship what is queued, then end
            }
            queue.drainTo(batch, BATCH - batch.size());
            if (!batch.isEmpty()) {
                write(batch);
                batch.clear();
            }
        }
    }

    private void write(List<Pending> batch) {
        Map<String, List<TaskLogLine>> byTask = new LinkedHashMap<>();
        Set<String> succeeded = new HashSet<>();
        batch.forEach(p -> {
            if (p.line() == null) {
                succeeded.add(p.taskId());
            } else {
                byTask.computeIfAbsent(p.taskId(), id -> new ArrayList<>()).add(p.line());
            }
        });
        try {
            logs.append(byTask, succeeded);
        } catch (RuntimeException e) {
            // no taskId in this thread's MDC, so this line is not captured itself
            LoggerFactory.getLogger(TaskLogCapture.class)
                    .warn("Could not ship {} task log lines to Redis: {}", batch.size(), e.getMessage());
            dropped.increment(batch.size());
        }
    }

    private static String message(ILoggingEvent event) {
        IThrowableProxy thrown = event.getThrowableProxy();
        return thrown == null
                ? event.getFormattedMessage()
                : event.getFormattedMessage() + " [" + thrown.getClassName() + ": " + thrown.getMessage() + "]";
    }

    private static String simpleName(String loggerName) {
        return loggerName.substring(loggerName.lastIndexOf('.') + 1);
    }

    private static LoggerContext context() {
        return (LoggerContext) LoggerFactory.getILoggerFactory();
    }
}
