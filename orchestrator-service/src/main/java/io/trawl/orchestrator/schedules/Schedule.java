package io.trawl.orchestrator.schedules;

import io.trawl.orchestrator.collection.CollectionRequest;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;

/**
 * A schedule as stored: what {@link ScheduleRequest} asked for, checked and completed with its defaults.
 *
 * @param id {@code s-<base36 millis>-<random>}
 * @param name what it is for, or null
 * @param collection the collection each run starts (mode set)
 * @param cron the cron expression, or null
 * @param every the fixed interval as given, or null
 * @param zone the zone of the cron
 * @param missedRuns {@code run-once} or {@code skip}
 * @param overlap whether runs may overlap
 * @param createdAt when it was created: the anchor of a fixed interval
 */
public record Schedule(
        String id,
        String name,
        CollectionRequest collection,
        String cron,
        String every,
        String zone,
        String missedRuns,
        boolean overlap,
        Instant createdAt) {

    static final String RUN_ONCE = "run-once";
    static final String SKIP = "skip";

    Cadence cadence() {
        return Cadence.of(cron, every, zone, createdAt);
    }

    /** The collection the run due at {@code runAt} starts: a missing range is the month it runs in. */
    CollectionRequest requestFor(Instant runAt) {
        String month = YearMonth.from(runAt.atZone(ZoneOffset.UTC)).toString();
        CollectionRequest c = collection;
        return new CollectionRequest(
                c.sources(),
                c.symbols(),
                c.market(),
                c.sector(),
                c.timeframe(),
                c.from() == null ? month : c.from(),
                c.to() == null ? month : c.to(),
                c.priority(),
                c.mode(),
                c.parallel(),
                c.concurrency(),
                c.timeout(),
                c.pauseAfterFailures());
    }

    /**
     * The id of the job the run due at {@code runAt} starts: the same whichever replica starts it, so a run started
     * again after its replica died is recognised.
     */
    String jobIdFor(Instant runAt) {
        return "j-" + Long.toString(runAt.toEpochMilli(), 36) + "-"
                + id.substring(2).replace("-", "");
    }
}
