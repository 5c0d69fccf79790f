package io.trawl.orchestrator.coverage;

import io.trawl.infra.TrawlProperties;
import io.trawl.infra.storage.ObjectStore;
import io.trawl.orchestrator.planning.StoredPartitions;
import io.trawl.sources.ObjectKeys;
import io.trawl.sources.SourceDefinition;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.SortedSet;
import java.util.TreeSet;
import org.springframework.stereotype.Component;

/**
 * What has been collected, read from the object store (one listing per source and symbol), not from Redis:
 * it holds after Redis is flushed. Workers store only verified, validated archives, so an object present is
 * a partition collected.
 */
@Component
public class CoverageReader {

    private final ObjectStore store;
    private final TrawlProperties trawl;

    public CoverageReader(ObjectStore store, TrawlProperties trawl) {
        this.store = store;
        this.trawl = trawl;
    }

    /** The months and single days stored for a source's symbol at an interval. */
    public StoredPartitions collected(String source, String interval, String symbol) {
        SourceDefinition definition = trawl.source(source);
        String prefix = ObjectKeys.prefix(source, definition.dataset(), interval, symbol);
        SortedSet<YearMonth> months = new TreeSet<>();
        SortedSet<LocalDate> days = new TreeSet<>();
        for (String key : store.list(prefix)) {
            ObjectKeys.partitionOf(prefix, key, definition.extension()).ifPresent(months::add);
            ObjectKeys.dayOf(prefix, key, definition.extension()).ifPresent(days::add);
        }
        return new StoredPartitions(months, days);
    }
}
