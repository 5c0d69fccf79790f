package io.trawl.orchestrator.tracking;

import java.util.Locale;

/**
 * How one source of a job fared.
 *
 * @param source source id
 * @param total tasks planned
 * @param succeeded tasks stored
 * @param failed tasks failed for good
 * @param bytes bytes stored
 * @param durationMillis from the first task start to the last task end
 * @param summary one line for people, e.g. {@code binance completed in 2.3s (200 files)}
 */
public record SourceSummary(
        String source, long total, long succeeded, long failed, long bytes, long durationMillis, String summary) {

    static SourceSummary of(String source, long total, long succeeded, long failed, long bytes, long durationMillis) {
        String seconds = String.format(Locale.ROOT, "%.1fs", durationMillis / 1000.0);
        String summary;
        if (succeeded + failed < total) {
            summary = source + " running for " + seconds + " (" + succeeded + "/" + total + " files)";
        } else if (failed == 0) {
            summary = source + " completed in " + seconds + " (" + succeeded + " files)";
        } else {
            summary = source + " failed " + failed + " of " + total + " files in " + seconds + " (" + succeeded
                    + " files)";
        }
        return new SourceSummary(source, total, succeeded, failed, bytes, durationMillis, summary);
    }
}
