package io.trawl.messages;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The payload of a {@link TaskEvent}; its CloudEvents {@code type} selects the variant.
 * Consumers handle the variants with an exhaustive {@code switch}.
 */
public sealed interface TaskEventData {

    /** The task this event is about. */
    String taskId();

    /** The kind of event, which with the schema version gives the CloudEvents type. */
    EventKind kind();

    /**
     * A worker took the task.
     *
     * @param taskId task id
     * @param workerId the worker running it
     * @param attempt which attempt this is (1 = first)
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Started(String taskId, String workerId, int attempt) implements TaskEventData {
        public Started {
            Require.text("taskId", taskId);
            Require.text("workerId", workerId);
            Require.positive("attempt", attempt);
        }

        @Override
        public EventKind kind() {
            return EventKind.STARTED;
        }
    }

    /**
     * The task moved forward: bytes received so far.
     *
     * @param taskId task id
     * @param bytes bytes received so far
     * @param totalBytes expected total, or -1 when the source did not say
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Progress(String taskId, long bytes, long totalBytes) implements TaskEventData {
        public Progress {
            Require.text("taskId", taskId);
            Require.notNegative("bytes", bytes);
        }

        @Override
        public EventKind kind() {
            return EventKind.PROGRESS;
        }
    }

    /**
     * The result is stored.
     *
     * @param taskId task id
     * @param workerId the worker that ran it
     * @param objectKey where the result is stored
     * @param sha256 hex sha256 of the stored object
     * @param bytes size of the stored object
     * @param rows data rows in the object
     * @param durationMillis time from start of the attempt to the stored result
     * @param waitMillis of that, time spent waiting for limiter permits and concurrency leases (additive in v1;
     *     0 when absent): {@code durationMillis - waitMillis} is the task's own service time
     * @param etag the entity tag the object store answered the PUT with (additive in v1; absent from older
     *     workers): a listing that shows the key with this tag and size shows this very object
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Completed(
            String taskId,
            String workerId,
            String objectKey,
            String sha256,
            long bytes,
            long rows,
            long durationMillis,
            @JsonInclude(JsonInclude.Include.NON_DEFAULT) Long waitMillis,
            @JsonInclude(JsonInclude.Include.NON_NULL) String etag)
            implements TaskEventData {

        /** A completion that did not wait for limits. */
        public Completed(
                String taskId,
                String workerId,
                String objectKey,
                String sha256,
                long bytes,
                long rows,
                long durationMillis) {
            this(taskId, workerId, objectKey, sha256, bytes, rows, durationMillis, 0L, null);
        }

        public Completed {
            waitMillis = waitMillis == null ? 0L : waitMillis;
            Require.notNegative("waitMillis", waitMillis);
            Require.text("taskId", taskId);
            Require.text("workerId", workerId);
            Require.text("objectKey", objectKey);
            Require.text("sha256", sha256);
            Require.notNegative("bytes", bytes);
            Require.notNegative("rows", rows);
            Require.notNegative("durationMillis", durationMillis);
            if (etag != null && (etag.isBlank() || etag.length() > 100)) {
                throw new IllegalArgumentException("etag must be 1..100 characters when present");
            }
        }

        @Override
        public EventKind kind() {
            return EventKind.COMPLETED;
        }
    }

    /**
     * The attempt failed.
     *
     * @param taskId task id
     * @param workerId the worker that ran it
     * @param errorClass stable name of the failure, e.g. {@code ChecksumMismatch}
     * @param message what went wrong, for people
     * @param retryable whether another attempt was scheduled; {@code false} ends the task as failed
     * @param attempt the attempt that failed
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Failed(String taskId, String workerId, String errorClass, String message, boolean retryable, int attempt)
            implements TaskEventData {
        public Failed {
            Require.text("taskId", taskId);
            Require.text("workerId", workerId);
            Require.text("errorClass", errorClass);
            Require.present("message", message);
            Require.positive("attempt", attempt);
        }

        @Override
        public EventKind kind() {
            return EventKind.FAILED;
        }
    }

    /**
     * The source has no data for the task's partition (it answered 404, e.g. for a month before the symbol was
     * listed): the task ended without a result and without failing. Added in v1 as a new type.
     *
     * @param taskId task id
     * @param workerId the worker that ran it
     * @param symbol the task's symbol, so a symbol with no data anywhere can be named
     * @param partition the token of the partition asked for ({@link Partition#token()}), e.g. {@code 2024-03}
     * @param reason what the source answered
     * @param durationMillis time from start of the attempt to the answer
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record NoData(String taskId, String workerId, String symbol, String partition, String reason, long durationMillis)
            implements TaskEventData {
        public NoData {
            Require.text("taskId", taskId);
            Require.text("workerId", workerId);
            Require.text("symbol", symbol);
            Require.text("partition", partition);
            Require.present("reason", reason);
            Require.notNegative("durationMillis", durationMillis);
        }

        @Override
        public EventKind kind() {
            return EventKind.NO_DATA;
        }
    }
}
