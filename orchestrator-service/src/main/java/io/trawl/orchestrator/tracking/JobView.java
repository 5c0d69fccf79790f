package io.trawl.orchestrator.tracking;

import io.trawl.messages.JobState;
import io.trawl.messages.Priority;
import java.time.Instant;
import java.util.List;

/**
 * A job as operators see it. Counters are kept as events arrive, so reading a job is O(sources).
 *
 * @param id job id
 * @param state job state
 * @param priority job priority
 * @param concurrency most of its tasks running at once, 0 = no limit
 * @param timeframe candle interval
 * @param from first month
 * @param to last month
 * @param symbols number of symbols
 * @param createdAt when it was submitted
 * @param startedAt when its first task started, or null
 * @param finishedAt when its last task ended, or null
 * @param total tasks planned (an incremental job's total shrinks as its batches leave out what is already
 *     collected)
 * @param dispatched tasks published so far: a job is planned and published a batch of symbols at a time
 * @param succeeded tasks stored
 * @param noData tasks whose partition the source has no data for (e.g. before the symbol was listed)
 * @param failed tasks failed for good
 * @param cancelled tasks cancelled
 * @param alreadyCollected partitions an incremental job left out because they are already stored
 * @param progressPercent share of tasks that ended, 0 to 100
 * @param bytes bytes stored
 * @param rows data rows stored
 * @param sources per-source summary
 * @param summary closing line, e.g. {@code Total: 230 files from 2/3 sources}
 * @param failures the latest failures, {@code <task>: <error class>: <message>}
 * @param error why the job could not run at all, or null
 * @param pauseReason why the job is paused, e.g. {@code too many failures: ...}, or null
 * @param mode {@code FULL} or {@code INCREMENTAL}
 * @param traceId OpenTelemetry trace of the request that started the job (its tasks' spans belong to it), or
 *     null
 */
public record JobView(
        String id,
        JobState state,
        Priority priority,
        int concurrency,
        String timeframe,
        String from,
        String to,
        int symbols,
        Instant createdAt,
        Instant startedAt,
        Instant finishedAt,
        long total,
        long dispatched,
        long succeeded,
        long noData,
        long failed,
        long cancelled,
        long alreadyCollected,
        double progressPercent,
        long bytes,
        long rows,
        List<SourceSummary> sources,
        String summary,
        List<String> failures,
        String error,
        String pauseReason,
        String mode,
        String traceId) {}
