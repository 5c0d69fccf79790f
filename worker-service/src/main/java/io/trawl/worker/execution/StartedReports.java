package io.trawl.worker.execution;

import io.micrometer.context.ContextSnapshotFactory;
import io.trawl.worker.WorkerProperties;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;

/**
 * Sends each attempt's {@code started} event once the attempt has run for {@code trawl.worker.started-after}
 * ({@code 0}: at once, from the task's thread). A task that takes less (a small archive from a CDN: tens of
 * milliseconds) costs one event fewer, a publish and confirm here, a delivery, a Redis script and an ack at the
 * orchestrator; its {@code completed} or {@code failed} event says which worker ran it and for how long. A late
 * event is sent from a virtual thread with the task's trace context and log fields, as if from the task.
 */
@Component
class StartedReports implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StartedReports.class);
    private static final ContextSnapshotFactory CONTEXT =
            ContextSnapshotFactory.builder().build();

    private final Duration after;
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "started-reports");
        thread.setDaemon(true);
        return thread;
    });

    StartedReports(WorkerProperties worker) {
        this.after = worker.startedAfter();
    }

    /** The report of an attempt starting now; {@code publish} logs and sends its event. */
    StartedReport start(Runnable publish) {
        if (after.isZero()) {
            StartedReport report = new StartedReport(publish);
            report.now();
            return report;
        }
        Map<String, String> fields = MDC.getCopyOfContextMap();
        Runnable inContext = CONTEXT.captureAll().wrap(() -> {
            Map<String, String> before = MDC.getCopyOfContextMap();
            MDC.setContextMap(fields == null ? Map.of() : fields);
            try {
                publish.run();
            } finally {
                MDC.setContextMap(before == null ? Map.of() : before);
            }
        });
        StartedReport report = new StartedReport(inContext);
        report.timer(timers.schedule(
                () -> Thread.ofVirtual().name("started-report").start(() -> sendQuietly(report)),
                after.toMillis(),
                TimeUnit.MILLISECONDS));
        return report;
    }

    private static void sendQuietly(StartedReport report) {
        try {
            report.now();
        } catch (RuntimeException e) {
            // advisory: the attempt goes on, and its end is reported whatever became of this
            log.warn("started event not sent: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        timers.shutdownNow();
    }
}
