package io.trawl.orchestrator.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import io.trawl.messages.TaskEventData;
import io.trawl.messages.TaskState;
import org.junit.jupiter.api.Test;

class TaskStateMachineTest {

    private static final TaskEventData STARTED = new TaskEventData.Started("t", "w", 1);
    private static final TaskEventData PROGRESS = new TaskEventData.Progress("t", 10, 100);
    private static final TaskEventData COMPLETED = new TaskEventData.Completed("t", "w", "k", "sha", 1, 1, 1);
    private static final TaskEventData FAILED = new TaskEventData.Failed("t", "w", "NotFound", "404", false, 1);
    private static final TaskEventData RETRYING = new TaskEventData.Failed("t", "w", "Timeout", "slow", true, 1);
    private static final TaskEventData STOPPED =
            new TaskEventData.Failed("t", "w", "Cancelled", "cancelled by an operator", false, 1);

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
        for (TaskState terminal : new TaskState[] {TaskState.SUCCEEDED, TaskState.FAILED, TaskState.CANCELLED}) {
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
        assertThat(TaskStateMachine.target(RETRYING)).isEqualTo(TaskState.RETRYING);
        assertThat(TaskStateMachine.permits(TaskState.QUEUED, PROGRESS)).isFalse();
    }

    @Test
    void aRetryingTaskStartsAgainAndCanEndEitherWay() {
        for (TaskEventData event : new TaskEventData[] {STARTED, COMPLETED, FAILED, RETRYING}) {
            assertThat(TaskStateMachine.permits(TaskState.RETRYING, event))
                    .as(event.toString())
                    .isTrue();
        }
    }

    @Test
    void aCancelledTaskTakesOnlyTheWorkersStopReport() {
        assertThat(TaskStateMachine.target(STOPPED)).isEqualTo(TaskState.CANCELLED);
        assertThat(TaskStateMachine.permits(TaskState.CANCELLED, STOPPED)).isTrue();
        assertThat(TaskStateMachine.permits(TaskState.RUNNING, STOPPED)).isTrue();
        assertThat(TaskStateMachine.permits(TaskState.SUCCEEDED, STOPPED)).isFalse();
    }
}
