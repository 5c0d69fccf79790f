package io.trawl.orchestrator.dispatch;

import io.micrometer.context.ContextSnapshotFactory;
import io.micrometer.tracing.CurrentTraceContext;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import io.trawl.orchestrator.OrchestratorProperties;
import io.trawl.orchestrator.Replica;
import io.trawl.orchestrator.coverage.CoverageReader;
import io.trawl.orchestrator.planning.CollectionSpec;
import io.trawl.orchestrator.planning.PlannedTask;
import io.trawl.orchestrator.planning.Planner;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Dispatches jobs lazily, a batch of symbols at a time: a job's tasks are planned and published only while fewer
 * than {@code dispatch-window} of them are queued or running, so the orchestrator's heap and the broker's queues
 * hold a window, not the job. Every replica ticks; the replica holding a job's lease (renewed each tick, taken over
 * when it lapses) dispatches it. A batch is recorded (its tasks QUEUED, its end pending) before it is published and
 * committed after, so a replica that dies mid-batch leaves the next one the batch to publish again: at least once,
 * never lost. Pause stops the dispatch; cancel ends it, counting what was never dispatched as cancelled.
 */
@Component
public class BatchDispatcher {

    private static final Logger log = LoggerFactory.getLogger(BatchDispatcher.class);

    /** Tasks the first batch plans at most (at least one symbol): what {@code POST /collections} waits for. */
    private static final long FIRST_BATCH_TASKS = 500;

    private static final ContextSnapshotFactory CONTEXT =
            ContextSnapshotFactory.builder().build();

    /** Tasks published between two renewals of the lease: a big batch never outlasts it. */
    private static final int TASKS_PER_RENEWAL = 500;

    /** Another replica took the job's lease over (this one stalled past it): it goes on, this one stops. */
    private static final class LeaseLost extends RuntimeException {
        LeaseLost(String jobId) {
            super("lost the dispatch lease of job " + jobId, null, false, false);
        }
    }

    private final Planner planner;
    private final CoverageReader coverage;
    private final TaskDispatcher publisher;
    private final DispatchStore store;
    private final OrchestratorProperties.Dispatch settings;
    private final Clock clock;
    private final String replica;
    private final Map<String, Planned> plans = new ConcurrentHashMap<>();
    /** Jobs a thread of this replica is dispatching: one at a time per job (the lease is per replica). */
    private final Set<String> busy = ConcurrentHashMap.newKeySet();
    /** Threads that publish new jobs' first batches, so a request never waits longer than its budget. */
    private final ExecutorService starters = Executors.newVirtualThreadPerTaskExecutor();

    /** A job's plan with what a full plan makes per symbol of each source (to count what a batch left out). */
    private record Planned(JobPlan plan, Map<String, Long> perSymbol) {}

    private final Tracer tracer;

    BatchDispatcher(
            Planner planner,
            CoverageReader coverage,
            TaskDispatcher publisher,
            DispatchStore store,
            OrchestratorProperties properties,
            Clock clock,
            Tracer tracer) {
        this.tracer = tracer;
        this.planner = planner;
        this.coverage = coverage;
        this.publisher = publisher;
        this.store = store;
        this.settings = properties.dispatch();
        this.clock = clock;
        this.replica = Replica.name();
    }

    /** The first batch of a new job, planned before the job is recorded (an incremental job may have nothing to do). */
    public Batch firstBatch(String jobId, JobPlan plan) {
        return batch(jobId, new Planned(plan, planner.tasksPerSymbol(plan.spec(), plan.at())), 0, FIRST_BATCH_TASKS);
    }

    /**
     * Records a new job ({@code recordJob}, the job's own writes) together with its plan, this replica's lease and
     * its place among the jobs being dispatched, in one Redis transaction: a replica that dies at any point after
     * leaves a job that the next lease holder dispatches, never one recorded but never dispatched. Then dispatches
     * its first batch and, within the request's time budget and the window, the next ones, on a thread of its own
     * (with the caller's trace context): what is left goes on at the next ticks. The future fails when the first
     * batch could not be published: the job could not start.
     */
    public CompletableFuture<Void> start(String jobId, JobPlan plan, Batch first, Runnable recordJob) {
        busy.add(jobId); // before the job is dispatchable: no tick of this replica takes it up meanwhile
        try {
            store.enlist(jobId, plan, replica, settings.lease(), recordJob);
        } catch (RuntimeException e) {
            busy.remove(jobId);
            throw e;
        }
        Runnable dispatch = CONTEXT.captureAll().wrap(() -> dispatchFirst(jobId, plan, first));
        return CompletableFuture.runAsync(dispatch, starters);
    }

    /** How long a request waits for its job's first batch before it answers (the rest goes on regardless). */
    public Duration requestBudget() {
        return settings.requestBudget();
    }

    private void dispatchFirst(String jobId, JobPlan plan, Batch first) {
        Instant deadline = clock.instant().plus(settings.requestBudget());
        try {
            Planned planned = planned(jobId, plan);
            if ("reserved".equals(store.reserve(jobId, first, clock.instant()))) {
                publish(jobId, planned, first);
            }
            pump(jobId, deadline, FIRST_BATCH_TASKS);
        } catch (LeaseLost e) {
            log.info("Job(id={}) {}: another replica dispatches it", jobId, e.getMessage());
        } finally {
            busy.remove(jobId);
        }
    }

    @Scheduled(fixedDelayString = "${trawl.orchestrator.dispatch.tick:250ms}", initialDelay = 500)
    void tick() {
        for (String jobId : store.dispatching()) {
            if (!busy.add(jobId)) {
                continue; // the request that created it is still dispatching its first batches
            }
            try {
                if (store.lease(jobId, replica, settings.lease())) {
                    pump(jobId, clock.instant().plus(settings.tickBudget()), settings.window());
                } else {
                    plans.remove(jobId);
                }
            } catch (LeaseLost e) {
                plans.remove(jobId);
                log.warn("Job(id={}) {} while publishing: another replica dispatches it", jobId, e.getMessage());
            } catch (RuntimeException e) {
                log.warn("Job(id={}) dispatch interrupted, retried next tick: {}", jobId, e.toString());
            } finally {
                busy.remove(jobId);
            }
        }
    }

    /**
     * Dispatches batches of at most {@code batchTasks} tasks while the window has room, until {@code deadline}
     * (checked between batches: the request thread takes small ones).
     */
    private void pump(String jobId, Instant deadline, long batchTasks) {
        while (true) {
            DispatchState state = store.state(jobId);
            if (state.state() == null || state.state().terminal()) {
                stop(jobId);
                return;
            }
            if (state.state() == io.trawl.messages.JobState.PAUSED) {
                return;
            }
            Planned planned = plans.get(jobId);
            if (planned == null) {
                planned = store.plan(jobId).map(plan -> planned(jobId, plan)).orElse(null);
            }
            if (planned == null) {
                log.error("Job(id={}) has batches to dispatch but no plan; it is not dispatched", jobId);
                stop(jobId);
                return;
            }
            renewLease(jobId);
            if (state.pending() >= 0) {
                republish(jobId, planned, state);
                continue;
            }
            if (state.finished()) {
                log.info("Job(id={}) fully dispatched", jobId);
                stop(jobId);
                return;
            }
            if (state.inFlight() >= settings.window() || !clock.instant().isBefore(deadline)) {
                return;
            }
            Batch batch =
                    batch(jobId, planned, state.cursor(), Math.min(batchTasks, settings.window() - state.inFlight()));
            String verdict = store.reserve(jobId, batch, clock.instant());
            if (!"reserved".equals(verdict)) {
                log.debug("Job(id={}) batch at {} not dispatched: {}", jobId, batch.from(), verdict);
                if (verdict.startsWith("finished:")) {
                    stop(jobId);
                }
                return;
            }
            publish(jobId, planned, batch);
        }
    }

    private void publish(String jobId, Planned planned, Batch batch) {
        publishHoldingTheLease(jobId, planned.plan(), batch.tasks());
        store.commit(jobId, batch.to());
        log.info(
                "Job(id={}) dispatched units {}..{} of {}: {} tasks",
                jobId,
                batch.from(),
                batch.to(),
                planned.plan().spec().units(),
                batch.tasks().size());
    }

    /** A batch recorded by a dispatcher that died before committing it: its tasks still queued, published again. */
    private void republish(String jobId, Planned planned, DispatchState state) {
        CollectionSpec spec = planned.plan().spec();
        List<PlannedTask> all =
                planner.plan(jobId, spec, Planner.Collected.NONE, planned.plan().at(), state.cursor(), state.pending());
        List<PlannedTask> queued = store.stillQueued(jobId, all);
        publishHoldingTheLease(jobId, planned.plan(), queued);
        store.commit(jobId, state.pending());
        log.warn(
                "Job(id={}) batch {}..{} published again by {}: its dispatcher stopped before committing it ({} tasks)",
                jobId,
                state.cursor(),
                state.pending(),
                replica,
                queued.size());
    }

    /**
     * The batch from unit {@code from}: {@code batch-symbols} units, fewer when that would plan more than
     * {@code room} tasks (at least one unit).
     */
    private Batch batch(String jobId, Planned planned, long from, long room) {
        CollectionSpec spec = planned.plan().spec();
        long perUnit = Math.max(1, planned.perSymbol().get(spec.sourceOf(from)));
        long units = Math.clamp(room / perUnit, 1, settings.batchSymbols());
        long to = Math.min(spec.units(), from + units);
        Planner.Collected collected = spec.incremental() ? coverage::collected : Planner.Collected.NONE;
        List<PlannedTask> tasks =
                planner.plan(jobId, spec, collected, planned.plan().at(), from, to);
        Map<String, long[]> counts = new LinkedHashMap<>();
        for (long unit = from; unit < to; unit++) {
            counts.computeIfAbsent(spec.sourceOf(unit), s -> new long[2])[1] +=
                    planned.perSymbol().get(spec.sourceOf(unit));
        }
        for (PlannedTask task : tasks) {
            counts.get(task.task().source())[0]++;
        }
        Map<String, Batch.SourceCounts> perSource = new LinkedHashMap<>();
        counts.forEach((source, c) -> perSource.put(source, new Batch.SourceCounts(c[0], c[1] - c[0])));
        return new Batch(from, to, tasks, perSource);
    }

    /**
     * Publishes {@code tasks} a few hundred at a time, renewing the lease before each part: a batch that takes
     * longer to publish than the lease (10,000 tasks on a loaded broker) keeps it, and a replica that stalled past
     * it (GC, a paused VM) stops before publishing more, leaving the batch pending to the lease's new holder.
     */
    private void publishHoldingTheLease(String jobId, JobPlan plan, List<PlannedTask> tasks) {
        TaskTracing tracing =
                TaskTracing.of(settings.tracing(), jobId, plan.spec().taskCount(), plan.traceId());
        try (CurrentTraceContext.Scope scope = jobTrace(plan)) {
            for (int from = 0; from < tasks.size(); from += TASKS_PER_RENEWAL) {
                renewLease(jobId);
                publisher.dispatch(
                        jobId,
                        plan.spec().priority(),
                        tasks.subList(from, Math.min(tasks.size(), from + TASKS_PER_RENEWAL)),
                        tracing);
            }
        }
    }

    /**
     * The request's trace as the current context while a job's tasks are published, whichever thread or replica
     * publishes them: a traced task's producer span is a child of the request that created the job.
     */
    private CurrentTraceContext.Scope jobTrace(JobPlan plan) {
        if (plan.traceId() == null || plan.spanId() == null) {
            return () -> {};
        }
        TraceContext parent = tracer.traceContextBuilder()
                .traceId(plan.traceId())
                .spanId(plan.spanId())
                .sampled(true)
                .build();
        return tracer.currentTraceContext().newScope(parent);
    }

    private void renewLease(String jobId) {
        if (!store.lease(jobId, replica, settings.lease())) {
            throw new LeaseLost(jobId);
        }
    }

    private Planned planned(String jobId, JobPlan plan) {
        return plans.computeIfAbsent(jobId, id -> new Planned(plan, planner.tasksPerSymbol(plan.spec(), plan.at())));
    }

    private void stop(String jobId) {
        store.doneDispatching(jobId);
        plans.remove(jobId);
    }
}
