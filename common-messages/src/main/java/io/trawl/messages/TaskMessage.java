package io.trawl.messages;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;

/**
 * CloudEvents 1.0 envelope of a task (structured JSON mode). Trace context travels in the AMQP
 * {@code traceparent} header, not here.
 *
 * @param specversion always {@code 1.0}
 * @param id unique message id
 * @param source who published it, e.g. {@code /trawl/orchestrator}
 * @param type {@link MessageTypes#COLLECT_TASK_V2}
 * @param time when it was published
 * @param jobid correlation id: the job the task belongs to (CloudEvents extension attribute)
 * @param data the task
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TaskMessage(
        String specversion, String id, String source, String type, Instant time, String jobid, CollectTask data) {

    public TaskMessage {
        Require.text("specversion", specversion);
        Require.text("id", id);
        Require.text("source", source);
        Require.text("type", type);
        Require.present("time", time);
        Require.text("jobid", jobid);
        Require.present("data", data);
    }

    /** A version 2 task envelope. */
    public static TaskMessage of(String id, String publisher, Instant time, String jobId, CollectTask task) {
        return new TaskMessage(
                MessageTypes.SPEC_VERSION, id, publisher, MessageTypes.COLLECT_TASK_V2, time, jobId, task);
    }

    /** The same envelope carrying {@code next} (a retry, a replay), written as version 2. */
    public TaskMessage with(CollectTask next) {
        return new TaskMessage(specversion, id, source, MessageTypes.COLLECT_TASK_V2, time, jobid, next);
    }
}
