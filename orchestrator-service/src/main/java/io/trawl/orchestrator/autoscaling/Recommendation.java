package io.trawl.orchestrator.autoscaling;

import java.util.List;

/**
 * {@code GET /autoscaling/recommendation}: how many workers are useful now.
 *
 * @param workers the recommended worker count: the most any source can use, within {@code
 *     trawl.autoscaling.min-workers}..{@code max-workers}; KEDA's metrics-api trigger reads this field
 * @param liveWorkers workers running now (heartbeats)
 * @param sources what each source needs
 */
public record Recommendation(int workers, int liveWorkers, List<SourceNeed> sources) {

    /**
     * One source's need.
     *
     * @param source source id
     * @param backlog its tasks waiting in the queue plus those running
     * @param usefulInFlight tasks worth running at once: the backlog, capped by the source's concurrency limit
     *     and by what its rate limit can feed
     * @param limitedBy what set {@code usefulInFlight}: {@code backlog}, {@code concurrency} or {@code rate}
     * @param serviceTimeMillis a task's time on a worker without limiter waits (measured, or the default)
     * @param slotsPerWorker tasks of this source one worker runs at once
     * @param workers workers this source can keep busy
     */
    public record SourceNeed(
            String source,
            long backlog,
            long usefulInFlight,
            String limitedBy,
            long serviceTimeMillis,
            int slotsPerWorker,
            int workers) {}
}
