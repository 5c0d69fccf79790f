package io.trawl.orchestrator.autoscaling;

import io.trawl.sources.SourceLimits;
import java.time.Duration;

/**
 * How many workers one source can keep busy. Pure arithmetic, so it is tested without a cluster.
 *
 * <p>A worker runs {@code slotsPerWorker} tasks of a source at once. The tasks worth running at once are the
 * backlog, capped by the source's concurrency limit and by its rate limit: at {@code cps × safetyFactor}
 * requests per second and {@code requestsPerTask} requests per task, the source completes {@code cps ×
 * safetyFactor / requestsPerTask} tasks per second, and by Little's law that keeps {@code rate × serviceTime}
 * tasks in flight. More slots than that only wait for permits.
 */
final class WorkerSizing {

    private WorkerSizing() {}

    static Recommendation.SourceNeed need(
            String source,
            long backlog,
            SourceLimits limits,
            int requestsPerTask,
            Duration serviceTime,
            int slotsPerWorker,
            double headroom) {
        long useful = backlog;
        String limitedBy = "backlog";
        if (limits.concurrency() > 0 && limits.concurrency() < useful) {
            useful = limits.concurrency();
            limitedBy = "concurrency";
        }
        if (limits.rateLimited()) {
            double tasksPerSecond = limits.requestsPerSecond() / requestsPerTask;
            long fed = Math.max(1, (long) Math.ceil(tasksPerSecond * serviceTime.toMillis() / 1000.0 * headroom));
            if (fed < useful) {
                useful = fed;
                limitedBy = "rate";
            }
        }
        int workers = (int) Math.min(Integer.MAX_VALUE, (useful + slotsPerWorker - 1) / slotsPerWorker);
        return new Recommendation.SourceNeed(
                source, backlog, useful, limitedBy, serviceTime.toMillis(), slotsPerWorker, workers);
    }
}
