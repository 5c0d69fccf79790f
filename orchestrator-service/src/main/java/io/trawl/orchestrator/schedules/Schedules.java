package io.trawl.orchestrator.schedules;

import io.trawl.orchestrator.collection.CollectionRequest;
import io.trawl.orchestrator.collection.CollectionService;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Creates, lists, pauses, resumes and deletes schedules; {@link ScheduleRunner} starts their runs. */
@Component
public class Schedules {

    /** The most schedules a namespace holds: each is read by every replica's tick. */
    static final int MAX_SCHEDULES = 1000;

    private static final Logger log = LoggerFactory.getLogger(Schedules.class);
    private static final int MAX_NAME = 80;

    private final ScheduleStore store;
    private final CollectionService collections;
    private final Clock clock;

    Schedules(ScheduleStore store, CollectionService collections, Clock clock) {
        this.store = store;
        this.collections = collections;
        this.clock = clock;
    }

    /** Checks the request (the collection as {@code POST /collections} would) and stores the schedule. */
    public ScheduleView create(ScheduleRequest request) {
        if (request == null || request.collection() == null) {
            throw new InvalidScheduleException("collection must be set: the collection each run starts");
        }
        if (request.name() != null
                && (request.name().length() > MAX_NAME || request.name().chars().anyMatch(Character::isISOControl))) {
            throw new InvalidScheduleException("name must be at most " + MAX_NAME + " printable characters");
        }
        String missed = request.missedRuns() == null
                ? Schedule.RUN_ONCE
                : request.missedRuns().strip().toLowerCase(Locale.ROOT);
        if (!missed.equals(Schedule.RUN_ONCE) && !missed.equals(Schedule.SKIP)) {
            throw new InvalidScheduleException("missedRuns must be run-once or skip but was '"
                    + ScheduleStore.excerpt(request.missedRuns()) + "'");
        }
        if (store.count() >= MAX_SCHEDULES) {
            throw new InvalidScheduleException(
                    "there are already " + MAX_SCHEDULES + " schedules: delete some before adding more");
        }
        Instant now = clock.instant();
        CollectionRequest c = request.collection();
        CollectionRequest collection = new CollectionRequest(
                c.sources(),
                c.symbols(),
                c.market(),
                c.sector(),
                c.timeframe(),
                c.from(),
                c.to(),
                c.priority(),
                c.mode() == null ? CollectionRequest.Mode.INCREMENTAL : c.mode(),
                c.parallel(),
                c.concurrency(),
                c.timeout(),
                c.pauseAfterFailures());
        Schedule schedule = new Schedule(
                newId(now),
                request.name(),
                collection,
                blankToNull(request.cron()),
                blankToNull(request.every()),
                request.zone() == null || request.zone().isBlank()
                        ? "UTC"
                        : request.zone().strip(),
                missed,
                Boolean.TRUE.equals(request.overlap()),
                now);
        Cadence cadence = schedule.cadence();
        collections.check(schedule.requestFor(now));
        Instant first = cadence.next(now);
        store.create(schedule, first);
        log.info(
                "Schedule(id={}) created: {} {}, first run {}",
                schedule.id(),
                schedule.cron() != null ? "cron '" + schedule.cron() + "' in " + schedule.zone() : "every",
                schedule.every() != null ? schedule.every() : "",
                first);
        return view(schedule.id());
    }

    public List<ScheduleView> list() {
        return store.ids().stream()
                .map(store::find)
                .flatMap(java.util.Optional::stream)
                .map(s -> view(s, 0))
                .toList();
    }

    public ScheduleView view(String id) {
        return view(store.get(id), 20);
    }

    public ScheduleView pause(String id) {
        store.get(id);
        store.setState(id, ScheduleStore.PAUSED, null);
        log.info("Schedule(id={}) paused", id);
        return view(id);
    }

    /** Resumes from now: runs due while it was paused are not made up for. */
    public ScheduleView resume(String id) {
        Schedule schedule = store.get(id).schedule();
        store.setState(id, ScheduleStore.ACTIVE, schedule.cadence().next(clock.instant()));
        log.info("Schedule(id={}) resumed", id);
        return view(id);
    }

    public void delete(String id) {
        if (!store.delete(id)) {
            throw new java.util.NoSuchElementException("no schedule " + ScheduleStore.excerpt(id));
        }
        log.info("Schedule(id={}) deleted", id);
    }

    private ScheduleView view(ScheduleStore.Stored s, int recent) {
        Schedule d = s.schedule();
        return new ScheduleView(
                d.id(),
                d.name(),
                s.state(),
                d.cron(),
                d.every(),
                d.zone(),
                d.missedRuns(),
                d.overlap(),
                d.collection(),
                d.createdAt(),
                s.active() ? s.next() : null,
                s.lastRun(),
                s.lastJob(),
                s.runs(),
                s.skipped(),
                recent == 0 ? List.of() : store.runs(d.id(), recent));
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

    private static String newId(Instant now) {
        String random = Long.toString(ThreadLocalRandom.current().nextLong(36L * 36 * 36 * 36), 36);
        return ("s-" + Long.toString(now.toEpochMilli(), 36) + "-" + random).toLowerCase(Locale.ROOT);
    }
}
