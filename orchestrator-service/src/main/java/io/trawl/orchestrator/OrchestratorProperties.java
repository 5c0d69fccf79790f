package io.trawl.orchestrator;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the orchestrator ({@code trawl.orchestrator}).
 *
 * @param catalog location of the symbol catalog CSV ({@code symbol,market,sector})
 * @param maxTasksPerJob largest job a request may create
 * @param maxMonths widest date range a request may ask for
 * @param eventConsumers concurrent consumers of worker events
 * @param eventBatch most events one consumer takes and applies at once (one Redis round trip)
 * @param recentJobs how many jobs {@code GET /collections} lists
 * @param pauseAfterFailures failed tasks after which a job pauses itself unless its request says otherwise;
 *     0 = never
 * @param toleratedFailureRatio share of a job's tasks that may fail with the job still ending COMPLETED
 * @param parkedSweep how often parked tasks of resumed (or ended) jobs are released (or dropped)
 * @param eventInterval how often a job's progress stream ({@code GET /collections/{id}/events}) checks for
 *     changes
 * @param maxEventStreams progress streams open at once on one orchestrator
 * @param noDataRecheckAfter a partition the source had no data for is asked again by incremental runs once
 *     its marker is this old (a symbol listed later, a source that filled a hole)
 * @param dispatch how jobs are planned and published lazily, a batch of symbols at a time
 */
@Validated
@ConfigurationProperties("trawl.orchestrator")
public record OrchestratorProperties(
        @DefaultValue("classpath:catalog/symbols.csv") @NotBlank
        String catalog,

        @DefaultValue("10000000") @Min(1) int maxTasksPerJob,
        @DefaultValue("600") @Min(1) int maxMonths,
        @DefaultValue("4") @Min(1) @Max(64) int eventConsumers,
        @DefaultValue("50") @Min(1) @Max(1000) int eventBatch,
        @DefaultValue("50") @Min(1) @Max(1000) int recentJobs,
        @DefaultValue("100") @Min(0) int pauseAfterFailures,

        @DefaultValue("0.01") @DecimalMin("0.0") @DecimalMax("1.0")
        double toleratedFailureRatio,

        @DefaultValue("5s") @NotNull Duration parkedSweep,
        @DefaultValue("250ms") @NotNull Duration eventInterval,
        @DefaultValue("200") @Min(1) int maxEventStreams,
        @DefaultValue("30d") @NotNull Duration noDataRecheckAfter,
        @DefaultValue @NotNull @Valid Dispatch dispatch) {

    /**
     * Lazy dispatch ({@code trawl.orchestrator.dispatch}).
     *
     * @param batchSymbols symbols (per source) planned and published in one batch
     * @param window a job's tasks queued or running at most before its next batch is published: what the broker
     *     and Redis hold of a job of any size
     * @param tick how often every replica looks for jobs with batches left
     * @param lease how long a replica's hold on dispatching a job lasts unrenewed: another replica continues a job
     *     this long after its dispatcher died
     * @param requestBudget how long {@code POST /collections} dispatches batches (of up to 500 tasks) before it
     *     answers (the first is always published before the answer)
     * @param tickBudget how long one tick dispatches one job's batches
     * @param tracing which of a job's tasks are traced
     * @param bundle most tasks of one source carried in one message ({@link io.trawl.messages.TaskBundle}); 1: one
     *     message per task. Only untraced tasks of sources without a rate limit are bundled
     * @param bundleSpread fewest messages a batch of tasks goes out in (one per task when it has fewer), so a small
     *     job still keeps that many consumers busy: a batch of 500 tasks goes in bundles of 16, one of 60 in bundles
     *     of 2
     */
    public record Dispatch(
            @DefaultValue("100") @Min(1) @Max(100_000) int batchSymbols,
            @DefaultValue("10000") @Min(1) int window,
            @DefaultValue("250ms") @NotNull Duration tick,
            @DefaultValue("5s") @NotNull Duration lease,
            @DefaultValue("200ms") @NotNull Duration requestBudget,
            @DefaultValue("1s") @NotNull Duration tickBudget,
            @DefaultValue @NotNull @Valid Tracing tracing,
            @DefaultValue("16") @Min(1) @Max(64) int bundle,
            @DefaultValue("32") @Min(1) int bundleSpread) {}

    /**
     * How much of a job is traced ({@code trawl.orchestrator.dispatch.tracing}); the request that creates it always
     * is (as {@code management.tracing.sampling.probability} samples it).
     *
     * @param wholeJobUpTo a job of at most this many tasks is traced whole: every task's consumer, fetch, store and
     *     event spans join the request's trace
     * @param taskShare of a larger job, the share of tasks traced (chosen by task id, so a retry is traced when its
     *     first attempt was); the others carry the job's trace id unsampled: their log lines still name it, and no
     *     span of theirs is recorded
     */
    public record Tracing(
            @DefaultValue("1000") @Min(0) long wholeJobUpTo,

            @DefaultValue("0.01") @DecimalMin("0.0") @DecimalMax("1.0")
            double taskShare) {}
}
