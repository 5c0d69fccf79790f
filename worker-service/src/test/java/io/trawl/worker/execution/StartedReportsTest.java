package io.trawl.worker.execution;

import static org.assertj.core.api.Assertions.assertThat;

import io.trawl.worker.TestWorkers;
import io.trawl.worker.WorkerProperties;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class StartedReportsTest {

    private final List<String> sent = new CopyOnWriteArrayList<>();
    private StartedReports reports;

    @AfterEach
    void stop() {
        reports.close();
        MDC.clear();
    }

    @Test
    void withNoDelayEveryAttemptReportsItsStartAtOnceFromItsOwnThread() {
        reports = after(Duration.ZERO);
        try (StartedReport report =
                reports.start(() -> sent.add(Thread.currentThread().getName()))) {
            assertThat(sent).containsExactly(Thread.currentThread().getName());
            report.now();
        }
        assertThat(sent).hasSize(1);
    }

    @Test
    void anAttemptThatEndsBeforeTheDelayNeverReportsItsStart() throws Exception {
        reports = after(Duration.ofMillis(50));
        reports.start(() -> sent.add("started")).close();
        Thread.sleep(300);
        assertThat(sent).isEmpty();
    }

    @Test
    void anAttemptStillRunningAfterTheDelayReportsItsStartOnceWithItsLogFields() throws Exception {
        reports = after(Duration.ofMillis(50));
        MDC.put("taskId", "t-1");
        CountDownLatch once = new CountDownLatch(1);
        try (StartedReport report = reports.start(() -> {
            sent.add(MDC.get("taskId"));
            once.countDown();
        })) {
            MDC.remove("taskId");
            assertThat(once.await(5, TimeUnit.SECONDS)).isTrue();
            report.now(); // a progress event due later does not send it again
        }
        assertThat(sent).containsExactly("t-1");
    }

    @Test
    void aProgressEventDueBeforeTheDelaySendsTheStartFirstAndOnlyOnce() throws Exception {
        reports = after(Duration.ofMillis(100));
        try (StartedReport report = reports.start(() -> sent.add("started"))) {
            report.now();
            Thread.sleep(300);
        }
        assertThat(sent).containsExactly("started");
    }

    @Test
    void endingWhileTheStartIsBeingSentWaitsForItSoTheEndIsReportedAfterIt() throws Exception {
        reports = after(Duration.ofMillis(10));
        CountDownLatch sending = new CountDownLatch(1);
        AtomicBoolean confirmed = new AtomicBoolean();
        StartedReport report = reports.start(() -> {
            sending.countDown();
            try {
                Thread.sleep(200); // waiting for the broker's confirm
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            confirmed.set(true);
        });
        assertThat(sending.await(5, TimeUnit.SECONDS)).isTrue();
        report.close();
        assertThat(confirmed)
                .as("close returned only after the started event was confirmed")
                .isTrue();
    }

    private static StartedReports after(Duration delay) {
        WorkerProperties defaults = TestWorkers.spoolingTo(Path.of("spool"), Duration.ofSeconds(1));
        return new StartedReports(new WorkerProperties(
                defaults.id(),
                defaults.concurrency(),
                defaults.prefetch(),
                defaults.maxThrottles(),
                defaults.retryBackoff(),
                defaults.connectTimeout(),
                defaults.requestTimeout(),
                defaults.progressInterval(),
                delay,
                defaults.shutdownTimeout(),
                defaults.workDir(),
                defaults.storeRetryFor(),
                defaults.userAgent()));
    }
}
