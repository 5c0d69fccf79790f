package io.trawl.worker.execution;

import io.trawl.infra.TrawlProperties;
import io.trawl.infra.amqp.Republish;
import io.trawl.infra.storage.StorageException;
import io.trawl.messages.CollectTask;
import io.trawl.messages.ErrorClass;
import io.trawl.messages.Partition;
import io.trawl.messages.TaskEventData;
import io.trawl.messages.TaskMessage;
import io.trawl.sources.SourceDefinition;
import io.trawl.worker.WorkerProperties;
import io.trawl.worker.control.RunningTasks;
import io.trawl.worker.control.RunningTasks.RunningTask;
import io.trawl.worker.control.RunningTasks.StopReason;
import io.trawl.worker.events.EventPublisher;
import io.trawl.worker.logs.TaskLogCapture;
import io.trawl.worker.ratelimit.ConcurrencyLeases;
import io.trawl.worker.ratelimit.Lease;
import io.trawl.worker.source.Connectors;
import io.trawl.worker.source.FetchContext;
import io.trawl.worker.source.Fetched;
import io.trawl.worker.source.SourceFailure;
import io.trawl.worker.source.Validated;
import io.trawl.worker.storage.ResultWriter;
import java.time.Duration;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.Message;
import org.springframework.stereotype.Component;

/**
 * Runs one attempt at a task to its end and routes what follows: fetch, validate and store under the task's
 * timeout and {@code completed} ({@code started} before it once the attempt has run for
 * {@code trawl.worker.started-after}: see {@link StartedReports}); or, on failure, by error class: a push-back (429/503, a
 * ban) is retried here after the cluster-wide pause, and a pause longer than a request waits in the gate is
 * waited out here, outside the timeout, without counting as an attempt; a transient failure with tries left goes to a delay queue
 * (exponential back-off, full jitter) as the next attempt; a 404 ends the task as "no data at the source"
 * (a marker in the object store, a {@code no-data} event); a permanent or exhausted one is dead-lettered with
 * its reason; a cancelled one just ends. Each failure is reported in a {@code failed} event. Returns normally
 * once everything is published and confirmed (the caller then acks); throws when it could not be.
 */
@Component
public class TaskRunner {

    private static final Logger log = LoggerFactory.getLogger(TaskRunner.class);

    /** Error class of an attempt stopped by a cancel order. */
    static final String CANCELLED = ErrorClass.CANCELLED;

    private final TrawlProperties trawl;
    private final WorkerProperties worker;
    private final Connectors connectors;
    private final ResultWriter writer;
    private final EventPublisher events;
    private final ConcurrencyLeases leases;
    private final RunningTasks running;
    private final TaskRouter router;
    private final TaskMetrics metrics;
    private final TaskSteps steps;
    private final StartedReports startedReports;

    public TaskRunner(
            TrawlProperties trawl,
            WorkerProperties worker,
            Connectors connectors,
            ResultWriter writer,
            EventPublisher events,
            ConcurrencyLeases leases,
            RunningTasks running,
            TaskRouter router,
            TaskMetrics metrics,
            TaskSteps steps,
            StartedReports startedReports) {
        this.trawl = trawl;
        this.worker = worker;
        this.connectors = connectors;
        this.writer = writer;
        this.events = events;
        this.leases = leases;
        this.running = running;
        this.router = router;
        this.metrics = metrics;
        this.steps = steps;
        this.startedReports = startedReports;
    }

    /**
     * Runs the task; {@code priority} (its AMQP priority) orders it among tasks waiting for capacity, and its result
     * event goes to {@code results}.
     */
    void run(TaskMessage message, Supplier<Message> delivery, int priority, Results results) {
        CollectTask task = message.data();
        long started = System.nanoTime();
        try (StartedReport report = startedReports.start(() -> {
            log.info(
                    "Task(id={}, source={}, attempt={}) started on {} (priority {})",
                    task.taskId(),
                    task.source(),
                    task.attempt(),
                    worker.id(),
                    priority);
            events.publish(
                    message.jobid(),
                    task.source(),
                    new TaskEventData.Started(task.taskId(), worker.id(), task.attempt()));
        })) {
            run(message, delivery, priority, report, started, results);
        }
    }

    private void run(
            TaskMessage message,
            Supplier<Message> delivery,
            int priority,
            StartedReport report,
            long started,
            Results results) {
        CollectTask task = message.data();
        String jobId = message.jobid();
        SourceDefinition source;
        try {
            source = trawl.source(task.source());
        } catch (NoSuchElementException e) {
            report.close();
            giveUp(message, delivery, ErrorClass.UNKNOWN_SOURCE, e.getMessage());
            return;
        }
        if (!source.dataset().equals(task.dataset()) || !source.intervals().contains(task.interval())) {
            // the object key and the URL follow the source's definition, never what a message asks for
            report.close();
            giveUp(
                    message,
                    delivery,
                    ErrorClass.INVALID_TASK,
                    "source " + task.source() + " offers dataset " + source.dataset() + " at " + source.intervals()
                            + ", not " + Republish.excerpt(task.dataset() + " at " + task.interval()));
            return;
        }
        Duration timeout = task.timeoutMillis() > 0 ? Duration.ofMillis(task.timeoutMillis()) : source.timeout();
        Map<String, String> learned = new ConcurrentHashMap<>();
        int throttles = 0;
        boolean waitedForSource = false;
        CollectTask resumed = task;
        while (true) {
            RuntimeException error;
            StopReason stopped;
            Stored stored = null;
            try (RunningTask attempt = running.start(jobId, task.taskId(), timeout)) {
                try {
                    stored = collect(jobId, resumed, source, priority, learned, report);
                    error = null;
                } catch (RuntimeException e) {
                    error = e;
                }
                stopped = attempt.stopReason();
            }
            if (error instanceof Unstored unstored && stopped == null) {
                try {
                    stored = storeAgain(jobId, task, source, unstored);
                    error = null;
                    stopped = stored == null ? StopReason.CANCELLED : null;
                } catch (StorageException e) {
                    error = e;
                }
            } else if (error instanceof Unstored unstored) {
                delete(unstored.archive);
            }
            if (stored != null) {
                report.close();
                completed(task, stored, started, results);
                return;
            }
            if (stopped == StopReason.CANCELLED) {
                report.close();
                log.info("Task(id={}, source={}) stopped: cancelled", task.taskId(), task.source());
                metrics.cancelled(task.source());
                events.publish(
                        jobId,
                        task.source(),
                        new TaskEventData.Failed(
                                task.taskId(),
                                worker.id(),
                                CANCELLED,
                                "cancelled by an operator",
                                false,
                                task.attempt()));
                return;
            }
            SourceFailure failure = stopped == StopReason.TIMEOUT
                    ? SourceFailure.timeout(timeout, task.partition() instanceof Partition.Snapshot)
                    : error instanceof SourceFailure f ? f : null;
            if (failure == null && !(error instanceof StorageException)) {
                throw error;
            }
            if (failure != null && failure.pausedFor() != null) {
                if (!waitedForSource) {
                    log.info(
                            "Task(id={}, source={}, attempt={}) waits: {}",
                            task.taskId(),
                            task.source(),
                            task.attempt(),
                            failure.getMessage());
                    waitedForSource = true;
                }
                sleepUpTo(failure.pausedFor());
                resumed = resumed.resuming(learned);
                continue;
            }
            if (failure != null && failure.throttled() && ++throttles <= worker.maxThrottles()) {
                log.info(
                        "Task(id={}, source={}, attempt={}) throttled by the source ({}); retrying after the"
                                + " cluster-wide pause",
                        task.taskId(),
                        task.source(),
                        task.attempt(),
                        failure.errorClass());
                resumed = resumed.resuming(learned);
                continue;
            }
            report.close();
            if (failure != null && failure.noData()) {
                noData(jobId, task, failure, started, results);
                return;
            }
            String errorClass = failure == null ? ErrorClass.STORAGE_UNAVAILABLE : failure.errorClass();
            boolean retryable = failure == null || failure.retryable();
            CollectTask next = task.nextAttempt(learned);
            if (retryable && connectors.of(source).requestAttempt(next) <= source.maxAttempts()) {
                retry(message, delivery, next, errorClass, error == null ? failure : error);
            } else {
                giveUp(message, delivery, errorClass, (failure == null ? error : failure).getMessage());
            }
            return;
        }
    }

    /**
     * Waits while the source is paused, at most a second at a time and outside the attempt's timeout: the next
     * attempt starts by checking for a cancel order, so a cancelled task stops within a second.
     */
    private static void sleepUpTo(Duration pause) {
        try {
            Thread.sleep(Math.clamp(pause.toMillis(), 10, 1000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while its source was paused", e);
        }
    }

    private record Stored(ResultWriter.Written written, Validated archive, long waitMillis) {}

    private Stored collect(
            String jobId,
            CollectTask task,
            SourceDefinition source,
            int priority,
            Map<String, String> learned,
            StartedReport report) {
        ProgressReporter progress = new ProgressReporter(events, jobId, task, worker.progressInterval(), report);
        Fetched fetched;
        long asked = System.nanoTime();
        try (Lease lease = leases.acquire(task.source(), source.type(), jobId, task.jobConcurrency(), priority)) {
            progress.waited(System.nanoTime() - asked);
            fetched = steps.observe(TaskSteps.FETCH, task, () -> connectors
                    .of(source)
                    .fetch(task, source, new FetchContext(progress, learned::put)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a concurrency permit", e);
        }
        // the source's concurrency permit is back: validating costs this worker's CPU, not the source's capacity
        boolean kept = false;
        Validated archive;
        try {
            archive = connectors.validatorOf(fetched).validate(fetched, task, source);
        } catch (RuntimeException e) {
            delete(fetched);
            throw e;
        }
        try {
            ResultWriter.Written written =
                    steps.observe(TaskSteps.STORE, task, () -> writer.write(task, jobId, source, archive));
            connectors.of(source).stored(task, source, fetched);
            return new Stored(written, archive, progress.waitedMillis());
        } catch (StorageException e) {
            kept = true;
            throw new Unstored(archive, progress.waitedMillis(), e);
        } finally {
            if (!kept) {
                delete(archive);
            }
        }
    }

    /** An archive fetched and verified whose PUT failed: it stays spooled so the PUT, not the fetch, is retried. */
    private static final class Unstored extends RuntimeException {
        private final transient Validated archive;
        private final long waitMillis;

        Unstored(Validated archive, long waitMillis, StorageException cause) {
            super(cause.getMessage(), cause);
            this.archive = archive;
            this.waitMillis = waitMillis;
        }
    }

    /**
     * Retries the PUT of an archive fetched but not stored (the object store unreachable) with back-off (0.5 s,
     * doubling up to 8 s) for up to {@code trawl.worker.store-retry-for}: the source is not asked again. Answers
     * null when the task was cancelled meanwhile; throws the last storage failure when the time is up.
     */
    private Stored storeAgain(String jobId, CollectTask task, SourceDefinition source, Unstored unstored) {
        Validated archive = unstored.archive;
        StorageException last = (StorageException) unstored.getCause();
        try (RunningTask storing = running.start(jobId, task.taskId(), worker.storeRetryFor())) {
            long pause = 500;
            while (storing.stopReason() == null) {
                log.warn(
                        "Task(id={}, source={}) fetched {} bytes but cannot store them ({}); PUT again in {} ms",
                        task.taskId(),
                        task.source(),
                        archive.fetched().bytes(),
                        last.getMessage(),
                        pause);
                metrics.storeRetried(task.source());
                try {
                    Thread.sleep(pause);
                } catch (InterruptedException e) {
                    break;
                }
                pause = Math.min(pause * 2, 8_000);
                try {
                    ResultWriter.Written written =
                            steps.observe(TaskSteps.STORE, task, () -> writer.write(task, jobId, source, archive));
                    connectors.of(source).stored(task, source, archive.fetched());
                    return new Stored(written, archive, unstored.waitMillis);
                } catch (StorageException e) {
                    last = e;
                }
            }
            if (storing.stopReason() == StopReason.CANCELLED) {
                return null;
            }
            throw last;
        } finally {
            delete(archive);
        }
    }

    private void completed(CollectTask task, Stored stored, long started, Results results) {
        Validated archive = stored.archive();
        long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
        metrics.completed(task.source(), archive.fetched().bytes(), Duration.ofMillis(millis));
        results.report(new TaskEventData.Completed(
                task.taskId(),
                worker.id(),
                stored.written().key(),
                archive.fetched().sha256(),
                archive.fetched().bytes(),
                archive.rows(),
                millis,
                stored.waitMillis(),
                stored.written().etag()));
        log.info(
                TaskLogCapture.TASK_SUCCEEDED,
                "Task(id={}, source={}) stored {} ({} bytes, {} rows) in {} ms",
                task.taskId(),
                task.source(),
                stored.written().key(),
                archive.fetched().bytes(),
                archive.rows(),
                millis);
    }

    /** The source has nothing for the partition: record it as checked-absent, end the task without failing it. */
    private void noData(String jobId, CollectTask task, SourceFailure answer, long started, Results results) {
        writer.markNoData(task, jobId, answer.getMessage());
        metrics.noData(task.source());
        log.info(
                "Task(id={}, source={}) has no data at the source: {}",
                task.taskId(),
                task.source(),
                answer.getMessage());
        results.report(new TaskEventData.NoData(
                task.taskId(),
                worker.id(),
                task.symbol(),
                task.partition().token(),
                answer.getMessage(),
                Duration.ofNanos(System.nanoTime() - started).toMillis()));
    }

    private void retry(
            TaskMessage message, Supplier<Message> delivery, CollectTask next, String errorClass, Exception cause) {
        CollectTask task = message.data();
        long delay = router.retry(
                delivery.get(),
                message.with(next),
                backoff(connectors.of(trawl.source(task.source())).requestAttempt(task)));
        metrics.retried(task.source(), errorClass);
        log.info(
                "Task(id={}, source={}, attempt={}) failed ({}); attempt {} in {} ms: {}",
                task.taskId(),
                task.source(),
                task.attempt(),
                errorClass,
                next.attempt(),
                delay,
                cause.getMessage());
        events.publish(
                message.jobid(),
                task.source(),
                new TaskEventData.Failed(
                        task.taskId(),
                        worker.id(),
                        errorClass,
                        String.valueOf(cause.getMessage()),
                        true,
                        task.attempt()));
    }

    private void giveUp(TaskMessage message, Supplier<Message> delivery, String errorClass, String reason) {
        CollectTask task = message.data();
        metrics.failed(task.source(), errorClass);
        log.warn(
                "Task(id={}, source={}, attempt={}) failed for good: {} {}",
                task.taskId(),
                task.source(),
                task.attempt(),
                errorClass,
                reason);
        router.deadLetter(delivery.get(), message, errorClass, String.valueOf(reason));
        events.publish(
                message.jobid(),
                task.source(),
                new TaskEventData.Failed(
                        task.taskId(), worker.id(), errorClass, String.valueOf(reason), false, task.attempt()));
    }

    /** Full jitter: uniform in [0, base × 2^(tries - 1)]. */
    private long backoff(int tries) {
        long ceiling = worker.retryBackoff().toMillis() << Math.min(tries - 1, 10);
        return ThreadLocalRandom.current().nextLong(ceiling + 1);
    }

    private static void delete(Validated archive) {
        delete(archive.fetched());
    }

    private static void delete(Fetched archive) {
        archive.deleteFiles();
    }
}
