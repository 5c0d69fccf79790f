package io.trawl.orchestrator.coverage;

import io.trawl.infra.TrawlProperties;
import io.trawl.infra.storage.ObjectStore;
import io.trawl.messages.Partition;
import io.trawl.orchestrator.OrchestratorProperties;
import io.trawl.orchestrator.planning.StoredPartitions;
import io.trawl.sources.ObjectKeys;
import io.trawl.sources.SourceDefinition;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import org.springframework.stereotype.Component;

/**
 * What has been collected (and what the source was found to have no data for, until that is due a recheck),
 * read from the object store (one listing per source and symbol), not from Redis:
 * it holds after Redis is flushed. Workers store only verified, validated archives, so an object present is
 * a partition collected.
 */
@Component
public class CoverageReader {

    private final ObjectStore store;
    private final TrawlProperties trawl;
    private final Duration recheckAfter;
    private final Clock clock;

    public CoverageReader(ObjectStore store, TrawlProperties trawl, OrchestratorProperties properties, Clock clock) {
        this.store = store;
        this.trawl = trawl;
        this.recheckAfter = properties.noDataRecheckAfter();
        this.clock = clock;
    }

    /**
     * The months, single days and windows stored for a source's symbol at an interval. For a windowed source a
     * month counts as stored when its windows cover it whole.
     */
    public StoredPartitions collected(String source, String interval, String symbol) {
        SourceDefinition definition = trawl.source(source);
        String prefix = ObjectKeys.prefix(source, definition.dataset(), interval, symbol);
        SortedSet<YearMonth> months = new TreeSet<>();
        SortedSet<LocalDate> days = new TreeSet<>();
        SortedSet<YearMonth> noData = new TreeSet<>();
        List<Partition.Window> windows = new ArrayList<>();
        List<Partition.Window> emptyWindows = new ArrayList<>();
        Instant recheckBefore = clock.instant().minus(recheckAfter);
        for (ObjectStore.Listed object : store.listed(prefix)) {
            String key = object.key();
            switch (ObjectKeys.partitionOf(prefix, key, definition.extension()).orElse(null)) {
                case Partition.Month month -> months.add(month.month());
                case Partition.Day day -> days.add(day.day());
                case Partition.Window window -> windows.add(window);
                case null, default -> {}
            }
            if (object.lastModified().isAfter(recheckBefore)) {
                switch (ObjectKeys.partitionOf(prefix, key, ObjectKeys.NO_DATA_EXTENSION)
                        .orElse(null)) {
                    case Partition.Month month -> noData.add(month.month());
                    case Partition.Window window -> emptyWindows.add(window);
                    case null, default -> {}
                }
            }
        }
        if (definition.windowed()) {
            StoredPartitions stored = new StoredPartitions(months, days, noData, windows);
            StoredPartitions absent = new StoredPartitions(months, days, noData, emptyWindows);
            wholeMonths(windows, stored).forEach(months::add);
            wholeMonths(emptyWindows, absent).forEach(noData::add);
            windows.addAll(emptyWindows);
        }
        noData.removeAll(months);
        return new StoredPartitions(months, days, noData, windows);
    }

    /** The months {@code windows} cover whole. */
    private static List<YearMonth> wholeMonths(List<Partition.Window> windows, StoredPartitions stored) {
        List<YearMonth> whole = new ArrayList<>();
        windows.stream().map(Partition::month).distinct().forEach(month -> {
            Partition.Month m = new Partition.Month(month);
            if (stored.uncovered(m.start(), m.end()).isEmpty()) {
                whole.add(month);
            }
        });
        return whole;
    }
}
