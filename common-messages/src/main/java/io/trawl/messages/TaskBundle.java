package io.trawl.messages;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;

/**
 * Several tasks of one job and one source in one message (content type {@link MessageTypes#BATCH}: a JSON array
 * of {@link TaskMessage} envelopes, each a whole {@code collect.v2} task with its own id, attempt and trace). The
 * bundle is transport only: a worker runs its tasks one after another and each keeps its identity, its events,
 * its retries and its dead letter; nothing outside the message knows it was bundled. It saves a message, a
 * delivery and an acknowledgement per task, which is most of what a small task costs.
 *
 * @param tasks 1 to {@link MessageTypes#MAX_BATCH} version 2 tasks of the same job and source, distinct task ids
 */
public record TaskBundle(List<TaskMessage> tasks) {

    private static final BatchRules.Shape<TaskMessage> SHAPE = new BatchRules.Shape<>(
            "a", "task", "bundle", TaskMessage::jobid, task -> task.data().source(), task -> task.data()
                    .taskId());

    public TaskBundle {
        tasks = BatchRules.checked(SHAPE, tasks);
        for (TaskMessage task : tasks) {
            if (!MessageTypes.COLLECT_TASK_V2.equals(task.type())) {
                throw new IllegalArgumentException("a task bundle holds " + MessageTypes.COLLECT_TASK_V2
                        + " tasks only, not '" + BatchRules.excerpt(task.type()) + "'");
            }
        }
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static TaskBundle of(List<TaskMessage> tasks) {
        return new TaskBundle(tasks);
    }

    @JsonValue
    @Override
    public List<TaskMessage> tasks() {
        return tasks;
    }

    /** The job every task belongs to. */
    public String jobId() {
        return tasks.getFirst().jobid();
    }

    /** The source every task fetches from. */
    public String source() {
        return tasks.getFirst().data().source();
    }
}
