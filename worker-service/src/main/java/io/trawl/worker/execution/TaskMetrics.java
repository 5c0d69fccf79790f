package io.trawl.worker.execution;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;

/**
 * What this worker's tasks came to, as meters (on {@code /actuator/prometheus}) and as the totals its heartbeat
 * reports: {@code trawl.tasks{source,outcome}} with outcome completed, retried, failed or cancelled (failed
 * ones are dead-lettered), {@code trawl.task.duration{source}} of stored tasks and {@code trawl.task.bytes{source}}.
 */
@Component
public class TaskMetrics {

    private final MeterRegistry meters;
    private final AtomicLong completed = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();

    public TaskMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    void completed(String source, long bytes, Duration took) {
        completed.incrementAndGet();
        outcome(source, "completed").increment();
        Timer.builder("trawl.task.duration")
                .description("time from a task's start to its stored result")
                .tag("source", source)
                .register(meters)
                .record(took);
        Counter.builder("trawl.task.bytes")
                .baseUnit("bytes")
                .tag("source", source)
                .register(meters)
                .increment(bytes);
    }

    void retried(String source, String errorClass) {
        Counter.builder("trawl.task.retries")
                .description("attempts that failed transiently and were sent to a delay queue")
                .tag("source", source)
                .tag("error", errorClass)
                .register(meters)
                .increment();
        outcome(source, "retried").increment();
    }

    /** A PUT retried in place: the archive was fetched, the object store did not take it. */
    void storeRetried(String source) {
        Counter.builder("trawl.task.store.retries")
                .description("PUTs of a fetched archive retried while the object store was unreachable")
                .tag("source", source)
                .register(meters)
                .increment();
    }

    void failed(String source, String errorClass) {
        failed.incrementAndGet();
        outcome(source, "failed").increment();
        Counter.builder("trawl.dead.letters")
                .description("tasks dead-lettered after a permanent failure or their last attempt")
                .tag("source", source)
                .tag("error", errorClass)
                .register(meters)
                .increment();
    }

    void cancelled(String source) {
        outcome(source, "cancelled").increment();
    }

    void noData(String source) {
        outcome(source, "no-data").increment();
    }

    /** Tasks stored since start. */
    public long completedCount() {
        return completed.get();
    }

    /** Tasks failed for good since start. */
    public long failedCount() {
        return failed.get();
    }

    private Counter outcome(String source, String outcome) {
        return Counter.builder("trawl.tasks")
                .description("task attempts by how they ended")
                .tag("source", source)
                .tag("outcome", outcome)
                .register(meters);
    }
}
