package io.trawl.orchestrator.autoscaling;

import io.trawl.infra.TrawlProperties;
import io.trawl.infra.limits.SourceLimitsStore;
import io.trawl.infra.workers.WorkerDirectory;
import io.trawl.infra.workers.WorkerStatus;
import io.trawl.orchestrator.queues.QueueDepths;
import io.trawl.orchestrator.queues.QueuesView;
import io.trawl.orchestrator.tracking.ServiceTimes;
import io.trawl.sources.SourceDefinition;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Recommends the worker count from each source's backlog (queue depth plus running tasks; for a source without a
 * rate limit, whose tasks travel in bundles, at least its jobs' open tasks), its live limits and its measured
 * service time: the most workers any source can keep busy.
 */
@Component
public class WorkerRecommender {

    private final QueueDepths queues;
    private final WorkerDirectory workers;
    private final SourceLimitsStore limits;
    private final ServiceTimes serviceTimes;
    private final TrawlProperties trawl;
    private final AutoscalingProperties properties;

    public WorkerRecommender(
            QueueDepths queues,
            WorkerDirectory workers,
            SourceLimitsStore limits,
            ServiceTimes serviceTimes,
            TrawlProperties trawl,
            AutoscalingProperties properties) {
        this.queues = queues;
        this.workers = workers;
        this.limits = limits;
        this.serviceTimes = serviceTimes;
        this.trawl = trawl;
        this.properties = properties;
    }

    public Recommendation now() {
        List<WorkerStatus> live = workers.list();
        List<Recommendation.SourceNeed> needs =
                queues.backlogs(live).stream().map(queue -> need(queue, live)).toList();
        int most = needs.stream()
                .mapToInt(Recommendation.SourceNeed::workers)
                .max()
                .orElse(0);
        int recommended = Math.clamp(most, properties.minWorkers(), properties.maxWorkers());
        return new Recommendation(recommended, live.size(), needs);
    }

    private Recommendation.SourceNeed need(QueuesView.SourceQueue queue, List<WorkerStatus> live) {
        SourceDefinition source = trawl.source(queue.source());
        long backlog = queue.ready() + queue.unacked();
        if (!source.limits().rateLimited()) {
            // its tasks may travel in bundles, which the broker counts as one message each: count the open tasks
            long open = queue.pendingByPriority().values().stream()
                    .mapToLong(Long::longValue)
                    .sum();
            backlog = Math.max(backlog, open);
        }
        return WorkerSizing.need(
                queue.source(),
                backlog,
                limits.current(queue.source()),
                source.requestsPerTask(source.defaultInterval()),
                serviceTimes.of(queue.source()).orElse(properties.defaultServiceTime()),
                slotsPerWorker(queue, live),
                properties.headroom());
    }

    /** Consumers on the source's queue per live worker that serves it; the configured value without workers. */
    private int slotsPerWorker(QueuesView.SourceQueue queue, List<WorkerStatus> live) {
        long serving = live.stream()
                .filter(w -> w.sources().contains(queue.source()) && !w.paused())
                .count();
        if (serving == 0 || queue.consumers() == 0) {
            return properties.workerConcurrency();
        }
        return (int) Math.max(1, queue.consumers() / serving);
    }
}
