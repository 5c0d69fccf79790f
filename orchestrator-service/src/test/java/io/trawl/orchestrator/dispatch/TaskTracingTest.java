package io.trawl.orchestrator.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.trawl.orchestrator.OrchestratorProperties;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TaskTracingTest {

    private static final OrchestratorProperties.Tracing DEFAULTS = new OrchestratorProperties.Tracing(1000, 0.01);
    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

    @Test
    void aSmallJobIsTracedWhole() {
        TaskTracing tracing = TaskTracing.of(DEFAULTS, "job-1", 1000, TRACE);

        assertThat(IntStream.range(0, 1000).mapToObj(i -> "task-" + i)).allMatch(tracing::traced);
    }

    @Test
    void ofALargeJobAboutTheConfiguredShareIsTracedAndTheSameTasksWhicheverReplicaAsks() {
        TaskTracing tracing = TaskTracing.of(DEFAULTS, "job-1", 1_000_000, TRACE);
        TaskTracing again = TaskTracing.of(DEFAULTS, "job-1", 1_000_000, null);

        long traced = IntStream.range(0, 100_000)
                .mapToObj(i -> "task-" + i)
                .filter(tracing::traced)
                .peek(id -> assertThat(again.traced(id)).isTrue())
                .count();

        assertThat(traced).isBetween(900L, 1100L);
        assertThat(TaskTracing.of(new OrchestratorProperties.Tracing(0, 0), "job-1", 5, TRACE)
                        .traced("task-1"))
                .as("a share of 0 traces nothing, not even a small job past whole-job-up-to")
                .isFalse();
    }

    @Test
    void anUntracedTaskCarriesTheJobsTraceUnsampled() {
        TaskTracing tracing = TaskTracing.of(DEFAULTS, "job-1", 1_000_000, TRACE);
        String parent = tracing.unsampledParent("task-7");

        assertThat(parent).matches("00-" + TRACE + "-[0-9a-f]{16}-00");
        assertThat(tracing.unsampledParent("task-7")).isEqualTo(parent);
        assertThat(TaskTracing.of(DEFAULTS, "job-1", 1_000_000, "not a trace id")
                        .unsampledParent("task-7"))
                .as("without the request's trace, one derived from the job id")
                .matches("00-[0-9a-f]{32}-[0-9a-f]{16}-00")
                .isEqualTo(TaskTracing.of(DEFAULTS, "job-1", 1_000_000, null).unsampledParent("task-7"));
    }
}
