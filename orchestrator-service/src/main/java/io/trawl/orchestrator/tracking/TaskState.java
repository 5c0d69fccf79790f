package io.trawl.orchestrator.tracking;

/** Where a task is in its life; {@code SUCCEEDED} and {@code FAILED} are final. */
public enum TaskState {
    QUEUED,
    RUNNING,
    SUCCEEDED,
    FAILED;

    public boolean terminal() {
        return this == SUCCEEDED || this == FAILED;
    }
}
