package io.trawl.orchestrator.tracking;

/** Where a job is: {@code COMPLETED} when every task succeeded, {@code FAILED} when any failed for good. */
public enum JobState {
    QUEUED,
    RUNNING,
    COMPLETED,
    FAILED
}
