package io.trawl.orchestrator.schedules;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.trawl.messages.JobState;
import io.trawl.orchestrator.Replica;
import io.trawl.orchestrator.collection.CollectionService;
import io.trawl.orchestrator.planning.PlanningException;
import io.trawl.orchestrator.tracking.JobStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Starts the runs of schedules as they come due, on every orchestrator replica: each tick looks at every schedule,
 * and a due run is started by the one replica whose claim wins ({@link ScheduleStore#claim}). A run whose previous
 * run's job has not ended is skipped (unless the schedule allows overlap); runs missed while no orchestrator ran are
 * collapsed into one run, or skipped, as the schedule says. A replica that dies between its claim and the job's
 * start leaves a claim another replica takes over after {@link #CLAIM_TAKEN_OVER_AFTER}, starting the same job id,
 * or counting it when the job was recorded: a job is recorded with everything any replica needs to dispatch it, in
 * one transaction ({@code BatchDispatcher#start}), so a recorded job runs whichever replica recorded it.
 */
@Component
class ScheduleRunner {

    static final Duration CLAIM_TAKEN_OVER_AFTER = Duration.ofSeconds(60);

    /** The observation (a span, a timer) of starting a schedule's run: the root of its job's trace. */
    static final String SCHEDULE_RUN = "trawl.schedule.run";

    private static final Logger log = LoggerFactory.getLogger(ScheduleRunner.class);
    private static final int MOST_MISSED_COUNTED = 10_000;

    private final ScheduleStore store;
    private final CollectionService collections;
    private final JobStore jobs;
    private final Clock clock;
    private final String replica;
    private final ObservationRegistry observations;

    ScheduleRunner(
            ScheduleStore store,
            CollectionService collections,
            JobStore jobs,
            Clock clock,
            ObservationRegistry observations) {
        this.observations = observations;
        this.store = store;
        this.collections = collections;
        this.jobs = jobs;
        this.clock = clock;
        this.replica = Replica.name();
    }

    @Scheduled(fixedDelayString = "${trawl.orchestrator.schedule-tick:500ms}", initialDelay = 1_000)
    void tick() {
        for (String id : store.ids()) {
            try {
                store.find(id).ifPresent(this::consider);
            } catch (RuntimeException e) {
                log.error("Schedule(id={}) could not be run: {}", id, e.toString(), e);
            }
        }
    }

    private void consider(ScheduleStore.Stored s) {
        Instant now = clock.instant();
        String id = s.schedule().id();
        if (s.claimed() != null) {
            if (now.toEpochMilli() - s.claimedAt() > CLAIM_TAKEN_OVER_AFTER.toMillis()
                    && store.reclaim(id, s.claimed(), s.claimedAt(), now, replica)) {
                log.warn(
                        "Schedule(id={}) run due {} taken over: its replica did not finish it",
                        id,
                        Instant.ofEpochMilli(s.claimed()));
                start(s, Instant.ofEpochMilli(s.claimed()), 0);
            }
            return;
        }
        if (!s.active() || s.next() == null || s.next().isAfter(now)) {
            return;
        }
        Cadence cadence = s.schedule().cadence();
        Instant due = s.next();
        int missed = missed(cadence, due, now);
        Instant next = missed > 0 ? cadence.next(now) : cadence.next(due);
        if (next == null) {
            next = Instant.parse("9999-12-31T23:59:59Z"); // a cron that never runs again
        }
        if (missed > 0 && Schedule.SKIP.equals(s.schedule().missedRuns())) {
            if (store.pass(
                    id,
                    due,
                    next,
                    run(
                            due,
                            null,
                            "skipped: " + (missed + 1)
                                    + " runs missed while no orchestrator ran (missedRuns: skip)"))) {
                log.warn("Schedule(id={}) skipped {} missed runs", id, missed + 1);
            }
            return;
        }
        if (store.claim(id, due, next, now, replica)) {
            start(s, due, missed);
        }
    }

    /** Runs due after {@code due} and before now: those missed besides {@code due} itself. */
    private static int missed(Cadence cadence, Instant due, Instant now) {
        int missed = 0;
        for (Instant t = cadence.next(due);
                t != null && !t.isAfter(now) && missed < MOST_MISSED_COUNTED;
                t = cadence.next(t)) {
            missed++;
        }
        return missed;
    }

    private void start(ScheduleStore.Stored s, Instant due, int missed) {
        Schedule schedule = s.schedule();
        String jobId = schedule.jobIdFor(due);
        ScheduleRun run;
        Optional<JobState> previous = s.lastJob() == null ? Optional.empty() : jobs.state(s.lastJob());
        if (jobs.state(jobId).isPresent()) {
            run = run(due, jobId, "started");
        } else if (!schedule.overlap()
                && previous.isPresent()
                && !previous.get().terminal()) {
            run = run(due, null, "skipped: the previous run's job " + s.lastJob() + " is " + previous.get());
        } else {
            try {
                // the run is a trace of its own, which the job keeps as a request's (ticks are not traced)
                Observation.createNotStarted(SCHEDULE_RUN, observations)
                        .highCardinalityKeyValue("schedule", schedule.id())
                        .highCardinalityKeyValue("job.id", jobId)
                        .observe(() -> collections.start(schedule.requestFor(due), jobId));
                run = run(
                        due,
                        jobId,
                        missed > 0
                                ? "started (once for " + (missed + 1) + " runs missed while no orchestrator ran)"
                                : "started");
            } catch (PlanningException e) {
                run = run(
                        due,
                        null,
                        e.kind() == PlanningException.Kind.NOTHING_TO_COLLECT
                                ? "nothing to collect: " + e.getMessage()
                                : "failed to start: " + e.getMessage());
            } catch (RuntimeException e) {
                log.error("Schedule(id={}) run due {} failed to start", schedule.id(), due, e);
                run = run(due, null, "failed to start: " + e.getMessage());
            }
        }
        store.finish(schedule.id(), due, run);
        log.info(
                "Schedule(id={}) run due {}: {}{}",
                schedule.id(),
                due,
                run.outcome(),
                run.jobId() == null ? "" : " as Job(id=" + run.jobId() + ")");
    }

    private ScheduleRun run(Instant due, String jobId, String outcome) {
        return new ScheduleRun(due, jobId, outcome, replica, clock.instant());
    }
}
