package io.trawl.orchestrator.schedules;

import io.trawl.orchestrator.collection.CollectionRequest;
import java.time.Instant;
import java.util.List;

/**
 * A schedule as {@code GET /schedules} shows it.
 *
 * @param state {@code ACTIVE} or {@code PAUSED}
 * @param nextRunAt when the next run is due (while active)
 * @param lastRunAt when the last run handled was due, or null
 * @param lastJobId the job the latest started run started, or null
 * @param runs runs that started a job
 * @param skipped runs that started none (skipped, missed, nothing to collect, failed to start)
 * @param recentRuns the latest runs, newest first (at most 20)
 */
public record ScheduleView(
        String id,
        String name,
        String state,
        String cron,
        String every,
        String zone,
        String missedRuns,
        boolean overlap,
        CollectionRequest collection,
        Instant createdAt,
        Instant nextRunAt,
        Instant lastRunAt,
        String lastJobId,
        long runs,
        long skipped,
        List<ScheduleRun> recentRuns) {}
