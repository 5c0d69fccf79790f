package io.trawl.orchestrator.tracking;

import java.util.List;
import java.util.Locale;

/**
 * How one source of a job fared.
 *
 * @param source source id
 * @param total tasks planned
 * @param succeeded tasks stored
 * @param noData tasks whose partition the source has no data for (404): neither stored nor failed
 * @param failed tasks failed for good
 * @param cancelled tasks cancelled
 * @param timedOut of the failed tasks, those whose last attempt timed out
 * @param bytes bytes stored
 * @param rows rows stored (candles, feed items; archives' rows too)
 * @param unit what the summary counts for the source: {@code files} or {@code pages} (objects stored),
 *     {@code candles}, {@code events} or {@code items} (rows stored)
 * @param count how many of its unit the source stored
 * @param durationMillis from the first task start to the last task end
 * @param timeoutSeconds the per-attempt timeout of the source's tasks in this job
 * @param summary one line for people, e.g. {@code binance completed in 2.3s (200 files)},
 *     {@code knco completed in 2.3s (200 events)} or {@code county timed out after 30s (0 events)}
 * @param symbolsWithoutData symbols the source had no data for in the whole range: probably unknown to it
 */
public record SourceSummary(
        String source,
        long total,
        long succeeded,
        long noData,
        long failed,
        long cancelled,
        long timedOut,
        long bytes,
        long rows,
        String unit,
        long count,
        long durationMillis,
        double timeoutSeconds,
        String summary,
        List<String> symbolsWithoutData) {

    /** Task counts of one source. */
    record Counts(long total, long succeeded, long noData, long failed, long cancelled, long timedOut) {
        boolean done() {
            return succeeded + noData + failed + cancelled >= total;
        }
    }

    /** What a source's summary counts: the unit's name and whether it counts rows (else objects stored). */
    record Unit(String name, boolean rows) {
        static final Unit FILES = new Unit("files", false);
    }

    static SourceSummary of(String source, Counts n, long bytes, long durationMillis, long timeoutMillis) {
        return of(source, n, bytes, 0, Unit.FILES, durationMillis, timeoutMillis, List.of());
    }

    static SourceSummary of(
            String source,
            Counts n,
            long bytes,
            long rows,
            Unit unit,
            long durationMillis,
            long timeoutMillis,
            List<String> symbolsWithoutData) {
        String took = seconds(durationMillis);
        String timeout = seconds(timeoutMillis);
        String files = " (" + (unit.rows() ? rows : n.succeeded()) + " " + unit.name()
                + (n.noData() > 0 ? ", " + n.noData() + " with no data at the source" : "") + ")";
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
        if (!symbolsWithoutData.isEmpty()) {
            summary += "; no data at all for "
                    + String.join(", ", symbolsWithoutData.subList(0, Math.min(10, symbolsWithoutData.size())))
                    + (symbolsWithoutData.size() > 10 ? " and " + (symbolsWithoutData.size() - 10) + " more" : "")
                    + " (unknown to the source?)";
        }
        return new SourceSummary(
                source,
                n.total(),
                n.succeeded(),
                n.noData(),
                n.failed(),
                n.cancelled(),
                n.timedOut(),
                bytes,
                rows,
                unit.name(),
                unit.rows() ? rows : n.succeeded(),
                durationMillis,
                timeoutMillis / 1000.0,
                summary,
                List.copyOf(symbolsWithoutData));
    }

    private static String seconds(long millis) {
        return millis % 1000 == 0 ? millis / 1000 + "s" : String.format(Locale.ROOT, "%.1fs", millis / 1000.0);
    }
}
