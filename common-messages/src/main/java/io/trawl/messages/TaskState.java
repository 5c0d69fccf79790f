package io.trawl.messages;

/**
 * Where a task is in its life; {@code SUCCEEDED}, {@code NO_DATA} (the source has nothing for the partition),
 * {@code FAILED} and {@code CANCELLED} are final. A task waiting in a delay queue for its next attempt is
 * {@code RETRYING}.
 */
public enum TaskState {
    QUEUED,
    RUNNING,
    RETRYING,
    SUCCEEDED,
    NO_DATA,
    FAILED,
    CANCELLED;

    public boolean terminal() {
        return this == SUCCEEDED || this == NO_DATA || this == FAILED || this == CANCELLED;
    }
}
