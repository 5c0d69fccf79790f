package io.trawl.orchestrator.tracking;

import io.trawl.messages.TaskEventData;
import java.util.EnumSet;
import java.util.Set;

/**
 * Which event moves a task where. Events arrive at least once and in any order, so a transition applies
 * only from the states listed here; anything else (a duplicate {@code completed}, a {@code started} after
 * {@code completed}) is ignored. Final states accept nothing.
 */
public final class TaskStateMachine {

    private TaskStateMachine() {}

    /** The state the event moves its task to. */
    public static TaskState target(TaskEventData data) {
        return switch (data) {
            case TaskEventData.Started s -> TaskState.RUNNING;
            case TaskEventData.Progress p -> TaskState.RUNNING;
            case TaskEventData.Completed c -> TaskState.SUCCEEDED;
            case TaskEventData.Failed f -> f.retryable() ? TaskState.RUNNING : TaskState.FAILED;
        };
    }

    /** The states from which the event applies. */
    public static Set<TaskState> allowedFrom(TaskEventData data) {
        return switch (data) {
            case TaskEventData.Started s -> EnumSet.of(TaskState.QUEUED, TaskState.RUNNING);
            case TaskEventData.Progress p -> EnumSet.of(TaskState.RUNNING);
            case TaskEventData.Completed c -> EnumSet.of(TaskState.QUEUED, TaskState.RUNNING);
            case TaskEventData.Failed f -> EnumSet.of(TaskState.QUEUED, TaskState.RUNNING);
        };
    }

    /** Whether the event applies to a task in {@code current}. */
    public static boolean permits(TaskState current, TaskEventData data) {
        return allowedFrom(data).contains(current);
    }
}
