package io.trawl.orchestrator.collection;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.trawl.orchestrator.dispatch.Batch;
import io.trawl.orchestrator.dispatch.BatchDispatcher;
import io.trawl.orchestrator.dispatch.JobPlan;
import io.trawl.orchestrator.planning.CollectionSpec;
import io.trawl.orchestrator.planning.Planner;
import io.trawl.orchestrator.planning.PlanningException;
import io.trawl.orchestrator.tracking.JobRecorder;
import io.trawl.orchestrator.tracking.JobStore;
import io.trawl.orchestrator.tracking.JobView;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Starts collections: resolve, plan, record, dispatch. */
@Component
public class CollectionService {

    private static final Logger log = LoggerFactory.getLogger(CollectionService.class);

    private final RequestResolver resolver;
    private final Planner planner;
    private final JobStore jobs;
    private final JobRecorder records;
    private final BatchDispatcher dispatcher;
    private final Clock clock;
    private final Tracer tracer;

    public CollectionService(
            RequestResolver resolver,
            Planner planner,
            JobStore jobs,
            JobRecorder records,
            BatchDispatcher dispatcher,
            Clock clock,
            Tracer tracer) {
        this.resolver = resolver;
        this.planner = planner;
        this.jobs = jobs;
        this.records = records;
        this.dispatcher = dispatcher;
        this.clock = clock;
        this.tracer = tracer;
    }

    /**
     * Starts a collection and answers the new job: its first batch is queued when this returns, the rest is
     * dispatched in the background as the job's window drains.
     */
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
        Span span = tracer.currentSpan();
        String traceId = span == null ? null : span.context().traceId();
        JobPlan plan = new JobPlan(
                spec, now, traceId, span == null ? null : span.context().spanId());
        Batch first = dispatcher.firstBatch(jobId, plan);
        if (first.tasks().isEmpty() && first.to() == spec.units()) {
            throw PlanningException.allCollected(spec.taskCount());
        }
        Map<String, Long> totals = new LinkedHashMap<>();
        planner.tasksPerSymbol(spec, now)
                .forEach((source, perSymbol) -> totals.put(
                        source, Math.multiplyExact(perSymbol, spec.symbols().size())));
        CompletableFuture<Void> dispatching =
                dispatcher.start(jobId, plan, first, () -> records.create(jobId, spec, totals, now, traceId));
        boolean queued = true;
        try {
            dispatching.get(dispatcher.requestBudget().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) { // a slow broker: the answer does not wait, the dispatch goes on
            queued = false;
            dispatching.whenComplete((done, failure) -> {
                if (failure != null) {
                    undispatchable(jobId, failure);
                }
            });
        } catch (ExecutionException e) {
            undispatchable(jobId, e.getCause());
            throw new DispatchFailedException(jobId, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            queued = false;
        }
        log.info(
                "Job(id={}) started: {} tasks, first batch {}; sources={} symbols={} months={}..{} priority={}"
                        + " mode={}",
                jobId,
                totals.values().stream().mapToLong(Long::longValue).sum(),
                queued ? "queued" : "being queued",
                spec.sources(),
                spec.symbols().size(),
                spec.months().from(),
                spec.months().to(),
                spec.priority(),
                spec.mode());
        return jobs.find(jobId).orElseThrow();
    }

    private void undispatchable(String jobId, Throwable failure) {
        records.markUndispatchable(jobId, "tasks could not be queued: " + failure.getMessage(), clock.instant());
    }

    /** Time-ordered, collision-safe id: {@code j-<base36 millis>-<random>}. */
    private static String newJobId(Instant now) {
        String random = Long.toString(ThreadLocalRandom.current().nextLong(36L * 36 * 36 * 36 * 36 * 36), 36);
        return ("j-" + Long.toString(now.toEpochMilli(), 36) + "-" + random).toLowerCase(Locale.ROOT);
    }
}
