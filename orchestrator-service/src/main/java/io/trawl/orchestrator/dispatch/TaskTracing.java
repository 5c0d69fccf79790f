package io.trawl.orchestrator.dispatch;

import io.trawl.orchestrator.OrchestratorProperties;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Which of a job's tasks are traced ({@code trawl.orchestrator.dispatch.tracing}). A small job is traced whole; of a
 * larger one a share of tasks, chosen by task id (a retry is traced when its first attempt was). An untraced task
 * carries the job's trace id in a W3C {@code traceparent} whose sampled flag is off: its worker records no span
 * (the tracer samples by the parent), its log lines still name the trace, and its events pass the flag on.
 */
public final class TaskTracing {

    private static final Pattern TRACE_ID = Pattern.compile("[0-9a-f]{32}");
    private static final long BUCKETS = 1_000_000;

    private final boolean whole;
    private final long tracedBuckets;
    private final String traceId;

    private TaskTracing(boolean whole, long tracedBuckets, String traceId) {
        this.whole = whole;
        this.tracedBuckets = tracedBuckets;
        this.traceId = traceId;
    }

    /**
     * The tracing of a job of {@code tasks} tasks whose request was traced as {@code traceId} (null when it was not,
     * or for a job planned before the trace was kept: a trace id is then derived from the job id).
     */
    public static TaskTracing of(OrchestratorProperties.Tracing settings, String jobId, long tasks, String traceId) {
        return new TaskTracing(
                tasks <= settings.wholeJobUpTo(),
                Math.round(settings.taskShare() * BUCKETS),
                traceId != null && TRACE_ID.matcher(traceId).matches() ? traceId : hex(jobId, 32));
    }

    /** Whether {@code taskId}'s spans are recorded. */
    public boolean traced(String taskId) {
        return whole || Long.remainderUnsigned(Long.parseUnsignedLong(hex(taskId, 15), 16), BUCKETS) < tracedBuckets;
    }

    /** The unsampled {@code traceparent} an untraced task carries: the job's trace, a span id of the task's own. */
    public String unsampledParent(String taskId) {
        return "00-" + traceId + "-" + hex("span:" + taskId, 16) + "-00";
    }

    /** The first {@code digits} hex digits of the SHA-256 of {@code text}: stable across replicas and restarts. */
    private static String hex(String text, int digits) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, (digits + 1) / 2).substring(0, digits);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
