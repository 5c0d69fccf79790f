package io.trawl.orchestrator.collection;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.trawl.orchestrator.coverage.CoverageReader;
import io.trawl.orchestrator.dispatch.TaskDispatcher;
import io.trawl.orchestrator.planning.CollectionSpec;
import io.trawl.orchestrator.planning.PlannedTask;
import io.trawl.orchestrator.planning.Planner;
import io.trawl.orchestrator.planning.PlanningException;
import io.trawl.orchestrator.tracking.JobRecorder;
import io.trawl.orchestrator.tracking.JobStore;
import io.trawl.orchestrator.tracking.JobView;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Starts collections: resolve, plan, record, dispatch. */
@Component
public class CollectionService {

    private static final Logger log = LoggerFactory.getLogger(CollectionService.class);

    private final RequestResolver resolver;
    private final Planner planner;
    private final CoverageReader coverage;
    private final JobStore jobs;
    private final JobRecorder records;
    private final TaskDispatcher dispatcher;
    private final Clock clock;
    private final Tracer tracer;

    public CollectionService(
            RequestResolver resolver,
            Planner planner,
            CoverageReader coverage,
            JobStore jobs,
            JobRecorder records,
            TaskDispatcher dispatcher,
            Clock clock,
            Tracer tracer) {
        this.resolver = resolver;
        this.coverage = coverage;
        this.planner = planner;
        this.jobs = jobs;
        this.records = records;
        this.dispatcher = dispatcher;
        this.clock = clock;
        this.tracer = tracer;
    }

    /** Starts a collection and answers the new job; its tasks are queued when this returns. */
    public JobView start(CollectionRequest request) {
        return start(request, newJobId(clock.instant()));
    }

    /** Checks a collection request as {@link #start} would, without starting it (a schedule's, when created). */
    public void check(CollectionRequest request) {
        resolver.resolve(request);
    }

    /**
     * Starts a collection as the job {@code jobId} (a schedule's run names its job, so the same run is recognised
     * whichever replica starts it).
     */
    public JobView start(CollectionRequest request, String jobId) {
        CollectionSpec spec = resolver.resolve(request);
        Instant now = clock.instant();
        List<PlannedTask> tasks = spec.incremental()
                ? planner.plan(jobId, spec, coverage::collected, clock.instant())
                : planner.plan(jobId, spec, Planner.Collected.NONE, clock.instant());
        if (tasks.isEmpty()) {
            throw PlanningException.allCollected(spec.taskCount());
        }
        Span span = tracer.currentSpan();
        records.create(
                jobId, spec, tasks, now, span == null ? null : span.context().traceId());
        try {
            dispatcher.dispatch(jobId, spec.priority(), tasks);
        } catch (RuntimeException e) {
            records.markUndispatchable(jobId, "tasks could not be queued: " + e.getMessage(), clock.instant());
            throw new DispatchFailedException(jobId, e);
        }
        log.info(
                "Job(id={}) queued {} tasks: sources={} symbols={} months={}..{} priority={} mode={}",
                jobId,
                tasks.size(),
                spec.sources(),
                spec.symbols().size(),
                spec.months().from(),
                spec.months().to(),
                spec.priority(),
                spec.mode());
        return jobs.find(jobId).orElseThrow();
    }

    /** Time-ordered, collision-safe id: {@code j-<base36 millis>-<random>}. */
    private static String newJobId(Instant now) {
        String random = Long.toString(ThreadLocalRandom.current().nextLong(36L * 36 * 36 * 36 * 36 * 36), 36);
        return ("j-" + Long.toString(now.toEpochMilli(), 36) + "-" + random).toLowerCase(Locale.ROOT);
    }
}
