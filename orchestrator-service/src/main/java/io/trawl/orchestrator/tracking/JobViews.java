package io.trawl.orchestrator.tracking;

import static io.trawl.orchestrator.tracking.JobStore.number;
import static io.trawl.orchestrator.tracking.JobStore.text;

import io.trawl.messages.JobState;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Builds a {@link JobView} from the job hash and its source summaries. */
final class JobViews {

    private JobViews() {}

    static JobView of(Map<Object, Object> job, List<SourceSummary> sources, List<String> failures) {
        long total = number(job, "total");
        long succeeded = number(job, "succeeded");
        long failed = number(job, "failed");
        long cancelled = number(job, "cancelled");
        long noData = number(job, "noData");
        double progress =
                total == 0 ? 100.0 : Math.floor((succeeded + noData + failed + cancelled) * 1000.0 / total) / 10.0;
        long sourcesWithData = sources.stream().filter(s -> s.succeeded() > 0).count();
        List<String> units =
                sources.stream().map(SourceSummary::unit).distinct().toList();
        long stored = units.size() == 1
                ? sources.stream().mapToLong(SourceSummary::count).sum()
                : succeeded;
        String unit = units.size() == 1 ? units.getFirst() : "results";
        String summary = "Total: " + stored + " " + unit + " from " + sourcesWithData + "/" + sources.size()
                + " sources"
                + (noData > 0 ? ", " + noData + " partitions with no data at the source" : "");
        return new JobView(
                text(job, "id"),
                JobState.valueOf(text(job, "state")),
                JobStore.priority(job),
                (int) number(job, "concurrency"),
                text(job, "timeframe"),
                text(job, "from"),
                text(job, "to"),
                (int) number(job, "symbols"),
                instant(job, "createdAtMs"),
                instant(job, "startedAtMs"),
                instant(job, "finishedAtMs"),
                total,
                job.containsKey("dispatched") ? number(job, "dispatched") : total,
                succeeded,
                noData,
                failed,
                cancelled,
                number(job, "alreadyCollected"),
                progress,
                number(job, "bytes"),
                number(job, "rows"),
                sources,
                summary,
                failures,
                text(job, "error"),
                text(job, "pauseReason"),
                text(job, "mode") == null ? "FULL" : text(job, "mode"),
                text(job, "traceId"));
    }

    private static Instant instant(Map<Object, Object> hash, String field) {
        long millis = number(hash, field);
        return millis == 0 ? null : Instant.ofEpochMilli(millis);
    }
}
