package io.trawl.cli;

import java.io.PrintWriter;
import java.util.Locale;
import tools.jackson.databind.JsonNode;

/**
 * Renders a job's progress: one bar per source with done/total, rate and ETA. On a terminal the lines are
 * redrawn in place; otherwise a snapshot is printed every few seconds.
 */
final class ProgressView {

    private static final int BAR = 24;

    private final PrintWriter out;
    private final boolean ansi;
    private final long startNanos = System.nanoTime();
    private int linesDrawn;
    private long lastPlainPrint;

    ProgressView(PrintWriter out, boolean ansi) {
        this.out = out;
        this.ansi = ansi;
    }

    void show(JsonNode job) {
        if (!ansi && System.nanoTime() - lastPlainPrint < 2_000_000_000L && !ended(job)) {
            return;
        }
        lastPlainPrint = System.nanoTime();
        double seconds = Math.max(0.001, (System.nanoTime() - startNanos) / 1e9);
        StringBuilder frame = new StringBuilder();
        if (ansi && linesDrawn > 0) {
            frame.append("\u001b[").append(linesDrawn).append('F');
        }
        int lines = 0;
        for (JsonNode source : job.path("sources")) {
            long total = source.path("total").asLong();
            long done =
                    source.path("succeeded").asLong() + source.path("failed").asLong();
            frame.append(line(
                    source.path("source").asString(),
                    done,
                    total,
                    source.path("failed").asLong(),
                    seconds));
            lines++;
        }
        long total = job.path("total").asLong();
        long done = job.path("succeeded").asLong() + job.path("failed").asLong();
        frame.append(line("all", done, total, job.path("failed").asLong(), seconds));
        lines++;
        long dispatched = job.path("dispatched").asLong(total);
        frame.append(String.format(
                Locale.ROOT,
                "  state %-9s  %.1f%%  %s%s%s%n",
                job.path("state").asString(),
                job.path("progressPercent").asDouble(),
                bytes(job.path("bytes").asLong()),
                dispatched < total && !ended(job) ? "  dispatched " + dispatched + "/" + total : "",
                ansi ? "\u001b[K" : ""));
        lines++;
        out.print(frame);
        out.flush();
        linesDrawn = lines;
    }

    private String line(String name, long done, long total, long failed, double seconds) {
        int filled = total == 0 ? BAR : (int) (BAR * done / total);
        boolean measured = seconds >= 1 && done > 0;
        double rate = measured ? done / seconds : 0;
        String eta =
                done >= total ? "done" : measured ? "ETA " + (long) Math.ceil((total - done) / rate) + "s" : "ETA --";
        String speed = measured ? String.format(Locale.ROOT, "%7.1f/s", rate) : "     --/s";
        return String.format(
                Locale.ROOT,
                "  %-10s [%s%s] %6d/%-6d %s  %-10s%s%s%n",
                name,
                "#".repeat(filled),
                ".".repeat(BAR - filled),
                done,
                total,
                speed,
                eta,
                failed > 0 ? "  " + failed + " failed" : "",
                ansi ? "\u001b[K" : "");
    }

    /** Whether the job ended: COMPLETED, FAILED or CANCELLED (a PAUSED job may still resume). */
    static boolean ended(JsonNode job) {
        String state = job.path("state").asString();
        return "COMPLETED".equals(state) || "FAILED".equals(state) || "CANCELLED".equals(state);
    }

    static String bytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        int unit = (int) (Math.log(bytes) / Math.log(1024));
        return String.format(Locale.ROOT, "%.1f %sB", bytes / Math.pow(1024, unit), "KMGTPE".charAt(unit - 1));
    }
}
