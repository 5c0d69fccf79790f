package io.trawl.orchestrator.schedules;

import io.trawl.orchestrator.collection.CollectionRequest;

/**
 * {@code POST /schedules} body: a collection run again and again.
 *
 * @param name what the schedule is for, shown in lists; optional
 * @param collection the collection each run starts, as {@code POST /collections} takes it; its {@code mode} is
 *     {@code INCREMENTAL} unless set, and a missing {@code from}/{@code to} is the month the run starts in (UTC), so
 *     {@code from: 2020-01} without {@code to} collects up to each run's month
 * @param cron when runs are due: a cron expression of 6 fields (with seconds) or 5; exclusive with {@code every}
 * @param every when runs are due: a fixed interval such as {@code 5m}, counted from the schedule's creation
 * @param zone the time zone the cron is read in; default {@code UTC}
 * @param missedRuns what a run due while no orchestrator ran becomes: {@code run-once} (default: one run for all
 *     the missed ones) or {@code skip}
 * @param overlap whether a run starts while the previous run's job has not ended; default {@code false}: it is
 *     skipped and recorded as such
 */
public record ScheduleRequest(
        String name,
        CollectionRequest collection,
        String cron,
        String every,
        String zone,
        String missedRuns,
        Boolean overlap) {}
