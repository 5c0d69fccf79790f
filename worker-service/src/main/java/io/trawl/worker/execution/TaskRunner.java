package io.trawl.worker.execution;

import io.trawl.infra.TrawlProperties;
import io.trawl.infra.storage.StorageException;
import io.trawl.messages.CollectTask;
import io.trawl.messages.TaskEventData;
import io.trawl.messages.TaskMessage;
import io.trawl.sources.SourceDefinition;
import io.trawl.worker.WorkerProperties;
import io.trawl.worker.events.EventPublisher;
import io.trawl.worker.ratelimit.ConcurrencyLeases;
import io.trawl.worker.ratelimit.Lease;
import io.trawl.worker.source.FetchedArchive;
import io.trawl.worker.source.HttpArchiveConnector;
import io.trawl.worker.source.SourceFailure;
import io.trawl.worker.storage.ResultWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.NoSuchElementException;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Runs one task to its end: {@code started}, fetch and verify, store, {@code completed}; or {@code failed}
 * with the error class once the failure is permanent or the attempts are used up. Returns normally when the
 * outcome is published (the caller then acks); throws when the outcome could not be published.
 */
@Component
public class TaskRunner {

    private static final Logger log = LoggerFactory.getLogger(TaskRunner.class);

    private final TrawlProperties trawl;
    private final WorkerProperties worker;
    private final HttpArchiveConnector connector;
    private final ResultWriter writer;
    private final EventPublisher events;
    private final ConcurrencyLeases leases;

    public TaskRunner(
            TrawlProperties trawl,
            WorkerProperties worker,
            HttpArchiveConnector connector,
            ResultWriter writer,
            EventPublisher events,
            ConcurrencyLeases leases) {
        this.trawl = trawl;
        this.worker = worker;
        this.connector = connector;
        this.writer = writer;
        this.events = events;
        this.leases = leases;
    }

    /** Runs the task; {@code priority} (its AMQP priority) orders it among tasks waiting for capacity. */
    public void run(TaskMessage message, int priority) {
        CollectTask task = message.data();
        String jobId = message.jobid();
        events.publish(jobId, task.source(), new TaskEventData.Started(task.taskId(), worker.id(), task.attempt()));
        long started = System.nanoTime();
        SourceDefinition source;
        try {
            source = trawl.source(task.source());
        } catch (NoSuchElementException e) {
            fail(jobId, task, "UnknownSource", e.getMessage(), task.attempt());
            return;
        }
        int attempt = task.attempt();
        int throttles = 0;
        while (true) {
            try {
                collect(jobId, task, source, started, priority);
                return;
            } catch (SourceFailure | StorageException e) {
                SourceFailure failure = e instanceof SourceFailure f ? f : null;
                if (failure != null && failure.throttled() && ++throttles <= worker.maxThrottles()) {
                    log.info(
                            "Task(id={}, source={}, attempt={}) throttled by the source ({}); retrying after the"
                                    + " cluster-wide pause",
                            task.taskId(),
                            task.source(),
                            attempt,
                            failure.errorClass());
                    continue;
                }
                boolean retryable = failure == null || failure.retryable();
                String errorClass = failure == null ? "StorageUnavailable" : failure.errorClass();
                if (!retryable || attempt >= worker.attempts()) {
                    log.warn(
                            "Task(id={}, source={}, attempt={}) failed: {} {}",
                            task.taskId(),
                            task.source(),
                            attempt,
                            errorClass,
                            e.getMessage());
                    fail(jobId, task, errorClass, e.getMessage(), attempt);
                    return;
                }
                Duration pause = backoff(attempt);
                log.info(
                        "Task(id={}, source={}, attempt={}) will retry in {} ms: {}",
                        task.taskId(),
                        task.source(),
                        attempt,
                        pause.toMillis(),
                        e.getMessage());
                sleep(pause);
                attempt++;
            }
        }
    }

    private void collect(String jobId, CollectTask task, SourceDefinition source, long started, int priority) {
        ProgressReporter progress = new ProgressReporter(events, jobId, task, worker.progressInterval());
        FetchedArchive archive;
        try (Lease lease = leases.acquire(task.source(), source.type(), jobId, task.jobConcurrency(), priority)) {
            archive = connector.fetch(task, source, progress);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a concurrency permit", e);
        }
        try {
            String key = writer.write(task, jobId, source, archive);
            long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
            events.publish(
                    jobId,
                    task.source(),
                    new TaskEventData.Completed(
                            task.taskId(),
                            worker.id(),
                            key,
                            archive.sha256(),
                            archive.bytes(),
                            archive.rows(),
                            millis));
            log.info(
                    "Task(id={}, source={}) stored {} ({} bytes, {} rows) in {} ms",
                    task.taskId(),
                    task.source(),
                    key,
                    archive.bytes(),
                    archive.rows(),
                    millis);
        } finally {
            delete(archive);
        }
    }

    private void fail(String jobId, CollectTask task, String errorClass, String message, int attempt) {
        events.publish(
                jobId,
                task.source(),
                new TaskEventData.Failed(task.taskId(), worker.id(), errorClass, message, false, attempt));
    }

    private Duration backoff(int attempt) {
        long ceiling = worker.retryBackoff().toMillis() << Math.min(attempt - 1, 10);
        return Duration.ofMillis(ThreadLocalRandom.current().nextLong(ceiling + 1));
    }

    private static void sleep(Duration pause) {
        try {
            Thread.sleep(pause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while backing off", e);
        }
    }

    private static void delete(FetchedArchive archive) {
        try {
            Files.deleteIfExists(archive.file());
        } catch (IOException e) {
            log.warn("Could not delete spool file {}", archive.file(), e);
        }
    }
}
