package io.trawl.orchestrator.tracking;

import io.trawl.messages.ErrorClass;
import io.trawl.messages.TaskEventData;
import io.trawl.messages.TaskState;
import java.util.EnumSet;
import java.util.Set;

/**
 * Which event moves a task where. Events arrive at least once and in any order, so a transition applies
 * only from the states listed here; anything else (a duplicate {@code completed}, a {@code started} after
 * {@code completed}) is ignored. Final states accept nothing, except that a cancelled task takes the worker's
 * report that it stopped (which records when).
 */
public final class TaskStateMachine {

    /** Error class a worker reports when it stopped a task on a cancel order. */
    public static final String CANCELLED = ErrorClass.CANCELLED;

    private static final Set<TaskState> LIVE = EnumSet.of(TaskState.QUEUED, TaskState.RUNNING, TaskState.RETRYING);

    private TaskStateMachine() {}

    /** The state the event moves its task to. */
    public static TaskState target(TaskEventData data) {
        return switch (data) {
            case TaskEventData.Started s -> TaskState.RUNNING;
            case TaskEventData.Progress p -> TaskState.RUNNING;
            case TaskEventData.Completed c -> TaskState.SUCCEEDED;
            case TaskEventData.NoData n -> TaskState.NO_DATA;
            case TaskEventData.Failed f when CANCELLED.equals(f.errorClass()) -> TaskState.CANCELLED;
            case TaskEventData.Failed f -> f.retryable() ? TaskState.RETRYING : TaskState.FAILED;
        };
    }

    /** The states from which the event applies. */
    public static Set<TaskState> allowedFrom(TaskEventData data) {
        return switch (data) {
            case TaskEventData.Started s -> LIVE;
            case TaskEventData.Progress p -> EnumSet.of(TaskState.RUNNING);
            case TaskEventData.Completed c -> LIVE;
            case TaskEventData.NoData n -> LIVE;
            case TaskEventData.Failed f
            when CANCELLED.equals(f.errorClass()) ->
                EnumSet.of(TaskState.QUEUED, TaskState.RUNNING, TaskState.RETRYING, TaskState.CANCELLED);
            case TaskEventData.Failed f -> LIVE;
        };
    }

    /** Whether the event applies to a task in {@code current}. */
    public static boolean permits(TaskState current, TaskEventData data) {
        return allowedFrom(data).contains(current);
    }
}
