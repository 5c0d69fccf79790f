package io.trawl.messages;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;

/**
 * A {@code collect.v1} envelope, read only to run tasks queued before an upgrade: {@link #upgrade()} gives the
 * version 2 envelope.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TaskMessageV1(
        String specversion, String id, String source, String type, Instant time, String jobid, CollectTaskV1 data) {

    /** The same task as a version 2 envelope. */
    public TaskMessage upgrade() {
        Require.present("data", data);
        return new TaskMessage(specversion, id, source, MessageTypes.COLLECT_TASK_V2, time, jobid, data.upgrade());
    }
}
