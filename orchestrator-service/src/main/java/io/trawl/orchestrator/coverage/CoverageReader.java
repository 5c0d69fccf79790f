package io.trawl.orchestrator.coverage;

import io.trawl.infra.TrawlProperties;
import io.trawl.infra.storage.ObjectStore;
import io.trawl.orchestrator.OrchestratorProperties;
import io.trawl.orchestrator.planning.StoredPartitions;
import io.trawl.sources.ObjectKeys;
import io.trawl.sources.SourceDefinition;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
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

    /** The months and single days stored for a source's symbol at an interval. */
    public StoredPartitions collected(String source, String interval, String symbol) {
        SourceDefinition definition = trawl.source(source);
        String prefix = ObjectKeys.prefix(source, definition.dataset(), interval, symbol);
        SortedSet<YearMonth> months = new TreeSet<>();
        SortedSet<LocalDate> days = new TreeSet<>();
        SortedSet<YearMonth> noData = new TreeSet<>();
        Instant recheckBefore = clock.instant().minus(recheckAfter);
        for (ObjectStore.Listed object : store.listed(prefix)) {
            String key = object.key();
            ObjectKeys.partitionOf(prefix, key, definition.extension()).ifPresent(months::add);
            ObjectKeys.dayOf(prefix, key, definition.extension()).ifPresent(days::add);
            if (object.lastModified().isAfter(recheckBefore)) {
                ObjectKeys.partitionOf(prefix, key, ObjectKeys.NO_DATA_EXTENSION)
                        .ifPresent(noData::add);
            }
        }
        noData.removeAll(months);
        return new StoredPartitions(months, days, noData);
    }
}
