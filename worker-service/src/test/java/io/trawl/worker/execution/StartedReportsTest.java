package io.trawl.worker.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.trawl.worker.TestWorkers;
import io.trawl.worker.WorkerProperties;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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
        awaitALaterReport();
        assertThat(sent).containsExactly("later");
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
            awaitALaterReport(); // by then the first report's delay is over too
        }
        assertThat(sent).containsExactly("started", "later");
    }

    /**
     * Starts a report after the ones before and waits until its timer sent it: the single timer thread runs the
     * timers in order of their time, so every earlier report's delay is over by then.
     */
    private void awaitALaterReport() throws InterruptedException {
        CountDownLatch later = new CountDownLatch(1);
        try (StartedReport report = reports.start(() -> {
            sent.add("later");
            later.countDown();
        })) {
            assertThat(later.await(5, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void endingWhileTheStartIsBeingSentWaitsForItSoTheEndIsReportedAfterIt() throws Exception {
        reports = after(Duration.ofMillis(10));
        CountDownLatch sending = new CountDownLatch(1);
        CountDownLatch confirm = new CountDownLatch(1);
        StartedReport report = reports.start(() -> {
            sending.countDown();
            try {
                assertThat(confirm.await(5, TimeUnit.SECONDS)).isTrue(); // waiting for the broker's confirm
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            sent.add("confirmed");
        });
        assertThat(sending.await(5, TimeUnit.SECONDS)).isTrue();
        Thread closer = Thread.ofPlatform().start(() -> {
            report.close();
            sent.add("closed");
        });
        // the attempt's end waits for the event being sent (or, wrongly, has already passed it)
        await().atMost(Duration.ofSeconds(5))
                .until(() -> closer.getState() == Thread.State.BLOCKED || closer.getState() == Thread.State.TERMINATED);
        confirm.countDown();
        closer.join(5_000);
        assertThat(sent)
                .as("close returned only after the started event was confirmed")
                .containsExactly("confirmed", "closed");
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
