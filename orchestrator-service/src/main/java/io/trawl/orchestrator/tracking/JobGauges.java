package io.trawl.orchestrator.tracking;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.trawl.messages.JobState;
import io.trawl.orchestrator.OrchestratorProperties;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Gauges of the recent jobs ({@code trawl.orchestrator.recent-jobs}), refreshed every 5 s from their records:
 * {@code trawl.jobs{state}} counts jobs by state, and {@code trawl.job.tasks{state}} counts the tasks of the
 * unfinished (queued, running or paused) jobs as open, succeeded, failed or cancelled.
 */
@Component
public class JobGauges {

    private final JobStore jobs;
    private final int recentJobs;
    private final MultiGauge jobsByState;
    private final MultiGauge tasksByState;

    public JobGauges(JobStore jobs, OrchestratorProperties properties, MeterRegistry meters) {
        this.jobs = jobs;
        this.recentJobs = properties.recentJobs();
        this.jobsByState = MultiGauge.builder("trawl.jobs")
                .description("recent jobs by state")
                .register(meters);
        this.tasksByState = MultiGauge.builder("trawl.job.tasks")
                .description("tasks of unfinished jobs by state")
                .register(meters);
    }

    @Scheduled(fixedDelay = 5_000, initialDelay = 1_000)
    void refresh() {
        Map<JobState, Long> byState = new EnumMap<>(JobState.class);
        for (JobState state : JobState.values()) {
            byState.put(state, 0L);
        }
        long open = 0;
        long succeeded = 0;
        long failed = 0;
        long cancelled = 0;
        for (JobView job : jobs.recent(recentJobs)) {
            byState.merge(job.state(), 1L, Long::sum);
            if (!job.state().terminal()) {
                open += job.total() - job.succeeded() - job.failed() - job.cancelled();
                succeeded += job.succeeded();
                failed += job.failed();
                cancelled += job.cancelled();
            }
        }
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        byState.forEach((state, count) -> rows.add(MultiGauge.Row.of(Tags.of("state", state.name()), count)));
        jobsByState.register(rows, true);
        tasksByState.register(
                List.of(
                        MultiGauge.Row.of(Tags.of("state", "open"), open),
                        MultiGauge.Row.of(Tags.of("state", "succeeded"), succeeded),
                        MultiGauge.Row.of(Tags.of("state", "failed"), failed),
                        MultiGauge.Row.of(Tags.of("state", "cancelled"), cancelled)),
                true);
    }
}
