package io.trawl.orchestrator.planning;

import io.trawl.messages.Partition;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What the object store holds for one source's symbol at one interval.
 *
 * @param months whole months stored
 * @param days single days stored, of months that were still growing when they were collected
 * @param noData months the source was recently found to have no data for (checked-absent, not yet due a
 *     recheck)
 * @param windows time windows stored or recently found empty (sources collected in windows), by start
 */
public record StoredPartitions(
        SortedSet<YearMonth> months,
        SortedSet<LocalDate> days,
        SortedSet<YearMonth> noData,
        List<Partition.Window> windows) {

    public static final StoredPartitions NONE = new StoredPartitions(new TreeSet<>(), new TreeSet<>());

    public StoredPartitions {
        months = new TreeSet<>(months);
        days = new TreeSet<>(days);
        noData = new TreeSet<>(noData);
        windows = windows.stream()
                .sorted(Comparator.comparing(Partition.Window::from))
                .toList();
    }

    /** Stored months and days, nothing known absent. */
    public StoredPartitions(SortedSet<YearMonth> months, SortedSet<LocalDate> days) {
        this(months, days, new TreeSet<>(), List.of());
    }

    /** The parts of {@code [from, until)} no stored window covers, in order. */
    public List<Partition.Window> uncovered(Instant from, Instant until) {
        List<Partition.Window> gaps = new ArrayList<>();
        Instant cursor = from;
        for (Partition.Window window : windows) {
            if (!window.until().isAfter(cursor)) {
                continue;
            }
            if (!window.from().isBefore(until)) {
                break;
            }
            if (window.from().isAfter(cursor)) {
                gaps.add(new Partition.Window(cursor, window.from()));
            }
            cursor = window.until();
            if (!cursor.isBefore(until)) {
                return gaps;
            }
        }
        if (cursor.isBefore(until)) {
            gaps.add(new Partition.Window(cursor, until));
        }
        return gaps;
    }
}
