package io.trawl.orchestrator.control;

/** A task that cannot be cancelled because it already ended. */
public class TaskConflictException extends RuntimeException {

    public TaskConflictException(String taskId, String state) {
        super("cannot cancel task '" + taskId + "': it is " + state);
    }
}
