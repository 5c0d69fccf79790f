package io.trawl.orchestrator.schedules;

import java.time.Instant;

/**
 * One due run of a schedule and what became of it.
 *
 * @param dueAt when it was due
 * @param jobId the job it started, or null when it started none
 * @param outcome {@code started}, {@code skipped: …} (previous run still running, missed while no orchestrator
 *     ran), {@code nothing to collect: …} or {@code failed to start: …}
 * @param firedBy the orchestrator replica that handled it
 * @param at when it was handled
 */
public record ScheduleRun(Instant dueAt, String jobId, String outcome, String firedBy, Instant at) {}
