package io.trawl.orchestrator.tracking;

import java.util.Locale;

/**
 * How one source of a job fared.
 *
 * @param source source id
 * @param total tasks planned
 * @param succeeded tasks stored
 * @param failed tasks failed for good
 * @param cancelled tasks cancelled
 * @param timedOut of the failed tasks, those whose last attempt timed out
 * @param bytes bytes stored
 * @param durationMillis from the first task start to the last task end
 * @param timeoutSeconds the per-attempt timeout of the source's tasks in this job
 * @param summary one line for people, e.g. {@code binance completed in 2.3s (200 files)} or
 *     {@code county timed out after 30s (0 files)}
 */
public record SourceSummary(
        String source,
        long total,
        long succeeded,
        long failed,
        long cancelled,
        long timedOut,
        long bytes,
        long durationMillis,
        double timeoutSeconds,
        String summary) {

    /** Task counts of one source. */
    record Counts(long total, long succeeded, long failed, long cancelled, long timedOut) {
        boolean done() {
            return succeeded + failed + cancelled >= total;
        }
    }

    static SourceSummary of(String source, Counts n, long bytes, long durationMillis, long timeoutMillis) {
        String took = seconds(durationMillis);
        String timeout = seconds(timeoutMillis);
        String files = " (" + n.succeeded() + " files)";
        String summary;
        if (!n.done()) {
            summary = source + " running for " + took + " (" + n.succeeded() + "/" + n.total() + " files)";
        } else if (n.failed() > 0 && n.timedOut() == n.failed()) {
            summary = source + " timed out after " + timeout + files;
        } else if (n.failed() > 0) {
            summary = source + " failed " + n.failed() + " of " + n.total() + " files in " + took + files
                    + (n.timedOut() > 0 ? ", " + n.timedOut() + " timed out after " + timeout : "");
        } else if (n.cancelled() > 0) {
            summary = source + " cancelled after " + took + " (" + n.succeeded() + " of " + n.total() + " files)";
        } else {
            summary = source + " completed in " + took + files;
        }
        return new SourceSummary(
                source,
                n.total(),
                n.succeeded(),
                n.failed(),
                n.cancelled(),
                n.timedOut(),
                bytes,
                durationMillis,
                timeoutMillis / 1000.0,
                summary);
    }

    private static String seconds(long millis) {
        return millis % 1000 == 0 ? millis / 1000 + "s" : String.format(Locale.ROOT, "%.1fs", millis / 1000.0);
    }
}
