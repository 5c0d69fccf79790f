package io.trawl.orchestrator.planning;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What the object store holds for one source's symbol at one interval.
 *
 * @param months whole months stored
 * @param days single days stored, of months that were still growing when they were collected
 * @param noData months the source was recently found to have no data for (checked-absent, not yet due a
 *     recheck)
 */
public record StoredPartitions(SortedSet<YearMonth> months, SortedSet<LocalDate> days, SortedSet<YearMonth> noData) {

    public static final StoredPartitions NONE = new StoredPartitions(new TreeSet<>(), new TreeSet<>());

    public StoredPartitions {
        months = new TreeSet<>(months);
        days = new TreeSet<>(days);
        noData = new TreeSet<>(noData);
    }

    /** Stored months and days, nothing known absent. */
    public StoredPartitions(SortedSet<YearMonth> months, SortedSet<LocalDate> days) {
        this(months, days, new TreeSet<>());
    }
}
