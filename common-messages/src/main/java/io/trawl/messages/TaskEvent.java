package io.trawl.messages;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Instant;

/**
 * CloudEvents 1.0 envelope of a task event (structured JSON mode). The {@code type} attribute is
 * written and read from {@link #data()}'s variant, so the two can never disagree.
 *
 * @param specversion always {@code 1.0}
 * @param id unique event id (consumers de-duplicate on it)
 * @param source the publishing worker, e.g. {@code /trawl/worker/w-1}
 * @param subject the task id
 * @param time when it happened, on the worker's clock
 * @param jobid the job the task belongs to (CloudEvents extension attribute)
 * @param sourceid the Trawl source the task fetches from (extension attribute)
 * @param datacontenttype always {@code application/json}
 * @param data the event payload
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TaskEvent(
        String specversion,
        String id,
        String source,
        String subject,
        Instant time,
        String jobid,
        String sourceid,
        String datacontenttype,

        @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.EXTERNAL_PROPERTY, property = "type")
        @JsonSubTypes({
            @JsonSubTypes.Type(value = TaskEventData.Started.class, name = MessageTypes.TASK_STARTED_V1),
            @JsonSubTypes.Type(value = TaskEventData.Progress.class, name = MessageTypes.TASK_PROGRESS_V1),
            @JsonSubTypes.Type(value = TaskEventData.Completed.class, name = MessageTypes.TASK_COMPLETED_V1),
            @JsonSubTypes.Type(value = TaskEventData.Failed.class, name = MessageTypes.TASK_FAILED_V1),
            @JsonSubTypes.Type(value = TaskEventData.NoData.class, name = MessageTypes.TASK_NO_DATA_V1)
        })
        TaskEventData data) {

    public TaskEvent {
        Require.text("specversion", specversion);
        Require.text("id", id);
        Require.text("source", source);
        Require.present("time", time);
        Require.text("jobid", jobid);
        Require.text("sourceid", sourceid);
        Require.present("data", data);
        if (subject == null) {
            subject = data.taskId();
        }
        if (!subject.equals(data.taskId())) {
            throw new IllegalArgumentException(
                    "subject '" + subject + "' must equal data.taskId '" + data.taskId() + "'");
        }
        if (datacontenttype == null) {
            datacontenttype = MessageTypes.JSON;
        }
    }

    /** A version 1 event about {@code data}'s task. */
    public static TaskEvent of(
            String id, String publisher, Instant time, String jobId, String sourceId, TaskEventData data) {
        return new TaskEvent(
                MessageTypes.SPEC_VERSION, id, publisher, data.taskId(), time, jobId, sourceId, null, data);
    }

    /** The CloudEvents type, derived from the payload variant. */
    @JsonIgnore
    public String type() {
        return switch (data) {
            case TaskEventData.Started s -> MessageTypes.TASK_STARTED_V1;
            case TaskEventData.Progress p -> MessageTypes.TASK_PROGRESS_V1;
            case TaskEventData.Completed c -> MessageTypes.TASK_COMPLETED_V1;
            case TaskEventData.Failed f -> MessageTypes.TASK_FAILED_V1;
            case TaskEventData.NoData n -> MessageTypes.TASK_NO_DATA_V1;
        };
    }
}
