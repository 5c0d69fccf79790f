package io.trawl.orchestrator.planning;

import io.trawl.messages.Priority;
import io.trawl.sources.MonthRange;
import java.util.List;

/**
 * A validated collection request, ready to plan.
 *
 * @param sources source ids, each configured
 * @param symbols the symbols to collect, explicit or resolved from the catalog
 * @param interval candle interval, offered by every source
 * @param months the partitions
 * @param priority job priority
 * @param concurrency most of its tasks running at once across the cluster; 0 = no limit
 */
public record CollectionSpec(
        List<String> sources,
        List<String> symbols,
        String interval,
        MonthRange months,
        Priority priority,
        int concurrency) {

    public CollectionSpec {
        sources = List.copyOf(sources);
        symbols = List.copyOf(symbols);
    }

    /** Number of tasks the spec plans. */
    public long taskCount() {
        return (long) sources.size() * symbols.size() * months.size();
    }
}
