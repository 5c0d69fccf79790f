package io.trawl.messages;

/**
 * Where a job is. It ends {@code COMPLETED} when every task ended and no more failed than the job tolerates,
 * {@code FAILED} when more did (or it could not be dispatched), {@code CANCELLED} when an operator cancelled
 * it. {@code PAUSED} (by an operator, or automatically after too many failures) parks its queued tasks.
 */
public enum JobState {
    QUEUED,
    RUNNING,
    PAUSED,
    COMPLETED,
    FAILED,
    CANCELLED;

    public boolean terminal() {
        return this == COMPLETED || this == FAILED || this == CANCELLED;
    }
}
