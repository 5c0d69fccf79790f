package io.trawl.messages;

/**
 * CloudEvents {@code type} values, one per message and schema version. Within a version only additive
 * changes are allowed; a breaking change gets a new type ({@code .v2}) read side by side with the old one.
 */
public final class MessageTypes {

    /** Read only: tasks queued by a version before partitions were generic (see {@link CollectTaskV1}). */
    public static final String COLLECT_TASK_V1 = "io.trawl.task.collect.v1";

    public static final String COLLECT_TASK_V2 = "io.trawl.task.collect.v2";
    public static final String TASK_STARTED_V1 = "io.trawl.task.started.v1";
    public static final String TASK_PROGRESS_V1 = "io.trawl.task.progress.v1";
    public static final String TASK_COMPLETED_V1 = "io.trawl.task.completed.v1";
    public static final String TASK_FAILED_V1 = "io.trawl.task.failed.v1";
    public static final String TASK_NO_DATA_V1 = "io.trawl.task.no-data.v1";
    public static final String CONTROL_V1 = "io.trawl.control.v1";

    /**
     * AMQP {@code type} of a batch of task events ({@link EventBatch}); each event in it keeps its own type. A task
     * bundle ({@link TaskBundle}) needs none of its own: every task in it is a {@link #COLLECT_TASK_V2}.
     */
    public static final String TASK_EVENT_BATCH_V1 = "io.trawl.task.event-batch.v1";

    /**
     * Content type of a message holding several envelopes: the CloudEvents JSON batch format, a JSON array of
     * events each in structured mode.
     */
    public static final String BATCH = "application/cloudevents-batch+json";

    /** Most envelopes in one batch. */
    public static final int MAX_BATCH = 64;

    /** CloudEvents version of every envelope. */
    public static final String SPEC_VERSION = "1.0";

    /** Content type of every message body. */
    public static final String JSON = "application/json";

    private MessageTypes() {}
}
