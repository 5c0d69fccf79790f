package io.trawl.orchestrator.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import io.trawl.messages.TaskEventData;
import org.junit.jupiter.api.Test;

class TaskStateMachineTest {

    private static final TaskEventData STARTED = new TaskEventData.Started("t", "w", 1);
    private static final TaskEventData PROGRESS = new TaskEventData.Progress("t", 10, 100);
    private static final TaskEventData COMPLETED = new TaskEventData.Completed("t", "w", "k", "sha", 1, 1, 1);
    private static final TaskEventData FAILED = new TaskEventData.Failed("t", "w", "NotFound", "404", false, 1);
    private static final TaskEventData RETRYING = new TaskEventData.Failed("t", "w", "Timeout", "slow", true, 1);

    @Test
    void happyPathMovesQueuedToRunningToSucceeded() {
        assertThat(TaskStateMachine.permits(TaskState.QUEUED, STARTED)).isTrue();
        assertThat(TaskStateMachine.target(STARTED)).isEqualTo(TaskState.RUNNING);
        assertThat(TaskStateMachine.permits(TaskState.RUNNING, PROGRESS)).isTrue();
        assertThat(TaskStateMachine.permits(TaskState.RUNNING, COMPLETED)).isTrue();
        assertThat(TaskStateMachine.target(COMPLETED)).isEqualTo(TaskState.SUCCEEDED);
    }

    @Test
    void completedBeforeStartedStillCounts() {
        assertThat(TaskStateMachine.permits(TaskState.QUEUED, COMPLETED)).isTrue();
    }

    @Test
    void finalStatesIgnoreDuplicatesAndLateEvents() {
        for (TaskState terminal : new TaskState[] {TaskState.SUCCEEDED, TaskState.FAILED}) {
            for (TaskEventData event : new TaskEventData[] {STARTED, PROGRESS, COMPLETED, FAILED, RETRYING}) {
                assertThat(TaskStateMachine.permits(terminal, event))
                        .as(terminal + " + " + event)
                        .isFalse();
            }
        }
    }

    @Test
    void onlyNonRetryableFailureIsFinal() {
        assertThat(TaskStateMachine.target(FAILED)).isEqualTo(TaskState.FAILED);
        assertThat(TaskStateMachine.target(RETRYING)).isEqualTo(TaskState.RUNNING);
        assertThat(TaskStateMachine.permits(TaskState.QUEUED, PROGRESS)).isFalse();
    }
}
