package io.trawl.messages;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * An order from the orchestrator to every worker, sent on the control exchange with AMQP type
 * {@link MessageTypes#CONTROL_V1}.
 *
 * @param action what to do
 * @param jobId the job it is about
 * @param taskId the task it is about, for {@link Action#CANCEL_TASK}; {@code null} otherwise
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ControlMessage(Action action, String jobId, String taskId) {

    /** What a worker does on receipt. */
    public enum Action {
        /** Stop every running task of the job. */
        CANCEL_JOB,
        /** Stop the task if it is running here. */
        CANCEL_TASK
    }

    public ControlMessage {
        Require.present("action", action);
        Require.text("jobId", jobId);
        if (action == Action.CANCEL_TASK) {
            Require.text("taskId", taskId);
        }
    }

    public static ControlMessage cancelJob(String jobId) {
        return new ControlMessage(Action.CANCEL_JOB, jobId, null);
    }

    public static ControlMessage cancelTask(String jobId, String taskId) {
        return new ControlMessage(Action.CANCEL_TASK, jobId, taskId);
    }
}
